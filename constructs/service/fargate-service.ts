import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { EnvironmentConfig, ResolvedService } from '../../environments/config';
import { names } from '../../model/names';
import { RouteOidc, RouteRules } from '../edge/route-rules';
import { ServiceAutoscaling } from './service-autoscaling';
import { ServiceSecrets } from './service-secrets';
import { suppress } from '../suppress';
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
}

type TaskRolesExtra = NonNullable<ConstructorParameters<typeof TaskRoles>[2]['taskStatements']>;

/** The name of the Terraform variable holding a service's image tag. */
export const imageTagVariable = (service: string) => `${service.replace(/-/g, '_')}_image_tag`;

/**
 * One service of one environment: log group, secrets, roles, task definition, target
 * group, listener rules for its routes, the ECS service and its autoscaling.
 */
export class FargateService extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly roles: TaskRoles;
  readonly secrets: ServiceSecrets;
  readonly taskDefinition: EcsTaskDefinition;
  readonly targetGroup: LbTargetGroup;
  readonly routes: RouteRules;
  readonly ecsService: EcsService;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { project, env, service: svc } = props;
    const db = svc.database ? props.database : undefined;
    if (svc.database && !db) throw new Error(`service "${svc.name}" in "${env.name}" needs the environment's database`);

    const imageTag = new TerraformVariable(this, 'image-tag', {
      type: 'string',
      description: `Image tag of ${svc.name} to run in ${env.name} (tags are immutable; never "latest")`,
      nullable: false,
      validation: [
        {
          condition: `\${can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.${imageTagVariable(svc.name)})) && var.${imageTagVariable(svc.name)} != "latest"}`,
          errorMessage: `${imageTagVariable(svc.name)} must be a Docker tag other than "latest".`,
        },
      ],
    });
    imageTag.overrideLogicalId(imageTagVariable(svc.name));

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
      recoveryWindowDays: env.production ? 30 : 7,
    });

    this.roles = new TaskRoles(this, 'roles', {
      executionRoleName: names.executionRole(project, env.name, svc.name),
      taskRoleName: names.taskRole(project, env.name, svc.name),
      accountId: props.accountId,
      repositoryArn: props.repositoryArn,
      logGroupArn: this.logGroup.arn,
      secretArns: [...[...this.secrets.byKey.values()].map((s) => s.arn), ...(db ? [db.secretArn] : [])],
      kmsKeyArn: props.kmsKeyArn,
      guardDutyAgent: props.guardDutyAgent ? { region: props.region } : undefined,
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
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      // The root filesystem is read-only; /tmp is the one writable place.
      volume: [{ name: 'tmp' }],
      containerDefinitions: jsonDocument(this, [
        containerDefinition({
          service: svc,
          image: `${props.repositoryUrl}:${imageTag.stringValue}`,
          logGroup: this.logGroup.name,
          region: props.region,
          secrets: [
            ...[...this.secrets.byKey].map(([name, s]) => ({ name, valueFrom: s.arn })),
            // JSON keys of the DocumentDB-managed master secret (Fargate platform 1.4.0+).
            ...(db ? [{ name: 'DB_USERNAME', valueFrom: `${db.secretArn}:username::` }, { name: 'DB_PASSWORD', valueFrom: `${db.secretArn}:password::` }] : []),
          ],
          extraEnvironment: db ? { DB_HOST: db.host, DB_PORT: String(db.port) } : {},
          exec: env.execEnabled,
        }),
      ]),
    });

    this.targetGroup = new LbTargetGroup(this, 'tg', {
      name: names.targetGroup(project, env.name, svc.name, svc.port),
      port: svc.port,
      // TLS ends at the ALB; inside the VPC the hop to the task is HTTP (see README).
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: props.vpcId,
      deregistrationDelay: '30',
      healthCheck: { enabled: true, path: svc.healthCheckPath, protocol: 'HTTP', port: 'traffic-port', matcher: '200-399', healthyThreshold: 2, unhealthyThreshold: 3, interval: 15, timeout: 5 },
      lifecycle: { createBeforeDestroy: true },
    });
    suppress(this.targetGroup, 'CKV_AWS_378', 'TLS terminates at the ALB (TLS 1.3 policy); the hop to the task stays inside the VPC, task ingress limited to the ALB security group');

    this.routes = new RouteRules(this, 'routes', {
      listenerArn: props.listenerArn,
      targetGroupArn: this.targetGroup.arn,
      routes: svc.routes,
      sourceCidrs: env.allowedSourceCidrs,
      oidc: props.oidc,
    });

    const spot = svc.spot && !env.production;
    this.ecsService = new EcsService(this, 'service', {
      name: names.ecsService(svc.name),
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: svc.autoscaling ? svc.autoscaling.min : svc.desiredCount,
      launchType: spot ? undefined : 'FARGATE',
      capacityProviderStrategy: spot ? [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] : undefined,
      platformVersion: 'LATEST',
      networkConfiguration: { subnets: [...props.subnetIds], securityGroups: [props.securityGroupId], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: this.targetGroup.arn, containerName: svc.name, containerPort: svc.port }],
      healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // Production never drops below full capacity during a deployment.
      deploymentMinimumHealthyPercent: env.production ? 100 : 50,
      deploymentMaximumPercent: 200,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      enableExecuteCommand: env.execEnabled && !env.production,
      // Autoscaling owns desired_count once it is on; Terraform must not reset it.
      lifecycle: svc.autoscaling ? { ignoreChanges: ['desired_count'] } : undefined,
      dependsOn: this.routes.rules,
    });

    if (svc.autoscaling) {
      new ServiceAutoscaling(this, 'scaling', {
        clusterName: props.clusterName,
        serviceName: this.ecsService.name,
        min: svc.autoscaling.min,
        max: svc.autoscaling.max,
        cpuPercent: svc.autoscaling.cpuPercent,
        requestsPerTarget: svc.autoscaling.requestsPerTarget,
        requestCountLabel: `${props.albArnSuffix}/${this.targetGroup.arnSuffix}`,
      });
    }
  }
}

export interface ContainerDefinitionInput {
  readonly service: ResolvedService;
  readonly image: string;
  readonly logGroup: string;
  readonly region: string;
  readonly secrets: ReadonlyArray<{ readonly name: string; readonly valueFrom: string }>;
  /** ECS Exec needs an init process to reap the session's children. */
  readonly exec: boolean;
  /** Non-secret variables the app derives (the database endpoint). @default {} */
  readonly extraEnvironment?: Readonly<Record<string, string>>;
}

/** The one container of a service's task: read-only, non-root, unprivileged, secrets by reference. */
export function containerDefinition(c: ContainerDefinitionInput): Record<string, unknown> {
  const svc = c.service;
  return {
    name: svc.name,
    image: c.image,
    essential: true,
    user: svc.user,
    privileged: false,
    readonlyRootFilesystem: true,
    portMappings: [{ containerPort: svc.port, protocol: 'tcp' }],
    mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
    environment: Object.entries({ ...svc.environment, ...c.extraEnvironment }).map(([name, value]) => ({ name, value })),
    secrets: c.secrets,
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': c.logGroup, 'awslogs-region': c.region, 'awslogs-stream-prefix': svc.name },
    },
    // Without exec the container needs no Linux capability at all; the exec agent does.
    linuxParameters: c.exec ? { initProcessEnabled: true } : { capabilities: { drop: ['ALL'] } },
    ...(svc.healthCheckCommand
      ? { healthCheck: { command: ['CMD-SHELL', svc.healthCheckCommand], interval: 30, timeout: 5, retries: 3, startPeriod: 60 } }
      : {}),
  };
}
