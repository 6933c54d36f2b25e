import { Construct } from 'constructs';
import { IResolvable, ITerraformDependable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { EnvironmentConfig, ResolvedService } from '../../environments/config';
import { DEPLOYMENT_ALARMS } from '../../model/alarms';
import { names } from '../../model/names';
import { TargetGroupRole, serviceTargetGroup as targetGroupIdentity } from '../../model/target-group';
import { partitionFor } from '../../model/partition';
import { RouteOidc, RouteRules } from '../edge/route-rules';
import { BlueGreenRole } from './blue-green-role';
import { ServiceAlarms } from './service-alarms';
import { serviceTargetGroup } from './service-target-group';
import { containerDefinition } from './container-definition';
import { imageTag } from './image-tag';
import { gatedCount } from './start-gate';
import { ServiceAutoscaling } from './service-autoscaling';
import { ServiceSecrets } from './service-secrets';
import { TaskRoles } from './task-roles';
import { jsonDocument } from '../json-document';

export interface FargateServiceProps {
  readonly project: string;
  readonly region: string;
  readonly accountId: string;
  readonly env: EnvironmentConfig;
  readonly service: ResolvedService;
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly vpcId: string;
  /** The VPC's IPv4 block: stands in for `vpc_id` in the target group's name (model/target-group.ts). */
  readonly vpcCidr: string;
  /** The cluster's capacity-provider association; the service is placed only after it exists. */
  readonly capacityProviders: ITerraformDependable;
  /** Terraform boolean: the environment's cluster runs tasks (see start-gate.ts). */
  readonly environmentRuns: IResolvable;
  /** Private (task) subnets. */
  readonly subnetIds: readonly string[];
  /** The environment's ECS security group. */
  readonly securityGroupId: string;
  /** The HTTPS listener the routes attach to. */
  readonly listenerArn: string;
  readonly albArnSuffix: string;
  readonly repositoryUrl: string;
  readonly repositoryArn: string;
  /** The environment's CMK: logs and secrets. */
  readonly kmsKeyArn: string;
  /** Extra task-role statements when ECS Exec is on. @default [] */
  readonly execStatements?: TaskRolesExtra;
  /** OIDC client settings when the environment authenticates at the ALB. @default none */
  readonly oidc?: RouteOidc;
  /** GuardDuty runtime monitoring is on: let the execution role pull its agent. @default false */
  readonly guardDutyAgent?: boolean;
  /** The environment's DocumentDB, for services with `database: true`. @default none */
  readonly database?: { readonly host: string; readonly port: number; readonly secretArn: string };
  /** The environment's alarm topic: the service's alarms notify it. */
  readonly alarmTopicArn: string;
  /** Address of the environment's deployment-strategy marker: blue/green rules are replaced when it changes (RouteRules). */
  readonly strategy: string;
}

type TaskRolesExtra = NonNullable<ConstructorParameters<typeof TaskRoles>[2]['taskStatements']>;

export { imageTagVariable } from './image-tag';

/**
 * One service of one environment: log group, secrets, roles, task definition, target
 * group (two with blue/green), listener rules for its routes, the ECS service, its alarms and
 * its autoscaling.
 */
export class FargateService extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly roles: TaskRoles;
  readonly secrets: ServiceSecrets;
  readonly taskDefinition: EcsTaskDefinition;
  readonly targetGroup: LbTargetGroup;
  /** The second target group of a blue/green service. */
  readonly alternateTargetGroup?: LbTargetGroup;
  readonly routes: RouteRules;
  readonly alarms: ServiceAlarms;
  readonly ecsService: EcsService;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { project, env, service: svc } = props;
    const db = svc.database ? props.database : undefined;
    if (svc.database && !db) throw new Error(`service "${svc.name}" in "${env.name}" needs the environment's database`);
    const exec = env.execEnabled && !env.production;

    const tag = imageTag(this, svc.name, env.name, env.production);

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: names.serviceLogGroup(project, env.name, svc.name),
      retentionInDays: env.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });

    this.secrets = new ServiceSecrets(this, 'secrets', {
      service: svc.name,
      environment: env.name,
      secrets: svc.secrets.map((key) => ({ key, name: names.secret(project, env.name, svc.name, key) })),
      kmsKeyArn: props.kmsKeyArn,
      rotation: svc.secretRotation,
      recoveryWindowDays: env.secretRecoveryWindowDays,
    });
    const gate = { secretsWithValue: [...this.secrets.hasValue.values()], environmentRuns: props.environmentRuns };

    this.roles = new TaskRoles(this, 'roles', {
      executionRoleName: names.executionRole(project, env.name, svc.name),
      taskRoleName: names.taskRole(project, env.name, svc.name),
      partition: partitionFor(props.region),
      accountId: props.accountId,
      repositoryArn: props.repositoryArn,
      logGroupArn: this.logGroup.arn,
      secretArns: [...[...this.secrets.byKey.values()].map((s) => s.arn), ...(db ? [db.secretArn] : [])],
      kmsKeyArn: props.kmsKeyArn,
      guardDutyAgent: props.guardDutyAgent,
      taskStatements: [
        ...svc.taskRoleStatements.map((s) => ({ Effect: s.effect, Action: s.actions, Resource: s.resources })),
        ...(props.execStatements ?? []),
      ],
    });

    this.taskDefinition = new EcsTaskDefinition(this, 'task', {
      family: names.taskFamily(project, env.name, svc.name),
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(svc.cpu),
      memory: String(svc.memory),
      executionRoleArn: this.roles.executionRole.arn,
      taskRoleArn: this.roles.taskRole.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: svc.cpuArchitecture },
      // The root filesystem is read-only (unless ECS Exec is on); /tmp is the one writable place.
      volume: [{ name: 'tmp' }],
      containerDefinitions: jsonDocument(this, [
        containerDefinition({
          service: svc,
          image: `${props.repositoryUrl}:${tag.stringValue}`,
          logGroup: this.logGroup.name,
          region: props.region,
          secrets: [
            ...[...this.secrets.byKey].map(([name, s]) => ({ name, valueFrom: s.arn })),
            // JSON keys of the DocumentDB-managed master secret (Fargate platform 1.4.0+).
            ...(db ? [{ name: 'DB_USERNAME', valueFrom: `${db.secretArn}:username::` }, { name: 'DB_PASSWORD', valueFrom: `${db.secretArn}:password::` }] : []),
          ],
          extraEnvironment: db ? { DB_HOST: db.host, DB_PORT: String(db.port) } : {},
          exec,
        }),
      ]),
    });
    // With exec on, readonlyRootFilesystem is false (container-definition.ts). checkov's CKV_AWS_336
    // would flag it, but it cannot read container_definitions as a JSON string and raises nothing,
    // so there is no finding to accept here: docs/architecture.md's "No SSH" section records the trade.

    const identity = targetGroupIdentity(svc.port, props.vpcCidr);
    const group = (id: string, role: TargetGroupRole) =>
      serviceTargetGroup(this, id, { identity, vpcId: props.vpcId, healthCheckPath: svc.healthCheckPath, name: names.targetGroup(project, env.name, svc.name, identity, role) });
    this.targetGroup = group('tg', 'primary');
    const bg = env.blueGreen;
    // Blue/green: a second group, identical but for its name; ECS moves the tasks between the two.
    this.alternateTargetGroup = bg ? group('tg-alternate', 'alternate') : undefined;

    this.routes = new RouteRules(this, 'routes', {
      listenerArn: props.listenerArn,
      targetGroupArn: this.targetGroup.arn,
      routes: svc.routes,
      sourceCidrs: env.allowedSourceCidrs,
      oidc: props.oidc,
      blueGreen: this.alternateTargetGroup ? { alternateTargetGroupArn: this.alternateTargetGroup.arn, testHeader: bg?.testHeader, strategy: props.strategy } : undefined,
    });
    const bgRole = this.alternateTargetGroup
      ? new BlueGreenRole(this, 'blue-green', {
          name: names.blueGreenRole(project, env.name, svc.name),
          partition: partitionFor(props.region),
          targetGroupArns: [this.targetGroup.arn, this.alternateTargetGroup.arn],
          listenerRuleArns: [...this.routes.rules, ...this.routes.testRules].map((r) => r.arn),
        })
      : undefined;

    this.alarms = new ServiceAlarms(this, 'alarms', {
      project,
      environment: env.name,
      production: env.production,
      overrides: svc.alarms,
      targets: {
        loadBalancer: props.albArnSuffix,
        targetGroups: [this.targetGroup.arnSuffix, ...(this.alternateTargetGroup ? [this.alternateTargetGroup.arnSuffix] : [])],
        cluster: props.clusterName,
        service: names.ecsService(svc.name),
      },
      topicArn: props.alarmTopicArn,
    });

    this.ecsService = new EcsService(this, 'service', {
      name: names.ecsService(svc.name),
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: gatedCount(svc.autoscaling ? svc.autoscaling.min : svc.desiredCount, gate),
      // Placement is always a capacity-provider strategy (never launch_type), so switching Spot
      // on or off changes one value in place. The provider refuses any change of the strategy on a
      // live service unless force_new_deployment is true (6.25, capacityProviderStrategyCustomizeDiff);
      // with it, every in-place update of the service also starts a new deployment.
      capacityProviderStrategy: [{ capacityProvider: svc.spot && !env.production ? 'FARGATE_SPOT' : 'FARGATE', weight: 1 }],
      forceNewDeployment: true,
      platformVersion: 'LATEST',
      networkConfiguration: { subnets: [...props.subnetIds], securityGroups: [props.securityGroupId], assignPublicIp: false },
      // Blue/green: the alternate group, the rule ECS moves traffic on, its role (BlueGreenRole).
      loadBalancer: [{ targetGroupArn: this.targetGroup.arn, containerName: svc.name, containerPort: svc.port, advancedConfiguration: bgRole?.advancedConfiguration }],
      healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
      // Both stay on with blue/green ("Amazon ECS deployment failure detection": both methods
      // support rolling and blue/green deployments); either fails and rolls back the deployment.
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: DEPLOYMENT_ALARMS.map((a) => this.alarms.alarms.get(a.key)!.alarmName), enable: true, rollback: true },
      // Always explicit: the argument is Optional+Computed, so leaving it out after blue/green
      // would keep BLUE_GREEN. ECS requires a bake time with BLUE_GREEN.
      deploymentConfiguration: bg ? { strategy: 'BLUE_GREEN', bakeTimeInMinutes: String(bg.bakeTimeMinutes) } : { strategy: 'ROLLING' },
      // Production never drops below full capacity during a deployment.
      deploymentMinimumHealthyPercent: env.production ? 100 : 50,
      deploymentMaximumPercent: 200,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      enableExecuteCommand: exec,
      // Autoscaling owns desired_count once it is on; Terraform must not reset it.
      lifecycle: svc.autoscaling ? { ignoreChanges: ['desired_count'] } : undefined,
      dependsOn: [...this.routes.rules, ...this.routes.testRules, props.capacityProviders],
    });

    if (svc.autoscaling) {
      new ServiceAutoscaling(this, 'scaling', {
        clusterName: props.clusterName,
        serviceName: this.ecsService.name,
        min: gatedCount(svc.autoscaling.min, gate),
        max: gatedCount(svc.autoscaling.max, gate),
        cpuPercent: svc.autoscaling.cpuPercent,
        requestsPerTarget: svc.autoscaling.requestsPerTarget,
        requestCountLabel: `${props.albArnSuffix}/${this.targetGroup.arnSuffix}`,
      });
    }
  }
}
