import { Construct } from 'constructs';
import { DataResource, TerraformStack, TerraformVariable } from 'cdktf';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { AppConfig, EnvironmentConfig } from '../../environments/config';
import { AccountContext } from '../identity/account';
import { remoteState } from '../storage/backend';
import { DocumentDb } from '../service/document-db';
import { EnvironmentCluster } from '../service/ecs-cluster';
import { EnvironmentKey } from '../identity/environment-key';
import { FargateService } from '../service/fargate-service';
import { AlarmTopic } from '../service/alarm-topic';
import { EnvironmentDashboard } from '../service/environment-dashboard';
import { SecretsStatus } from '../service/secrets-status';
import { distinctPrincipals } from '../../model/key-policy';
import { names } from '../../model/names';
import { environmentAlarmArns } from '../../model/notifications';
import { partitionFor } from '../../model/partition';
import { PERSONAS } from '../../model/personas';
import { Statement } from '../../model/policy';
import { PublicAlb } from '../edge/public-alb';
import { RouteOidc } from '../edge/route-rules';
import { DB_PORT, matrixOptions, ruleScope, securityMatrix } from '../../model/security-matrix';
import { suppress } from '../suppress';
import { MatrixGroup, TrafficRules } from '../network/traffic-rules';
import { awsProvider } from './aws-provider';
import { SharedStack } from './shared-stack';

/**
 * One environment (test, stage, prod): the unit a user plans and deploys. It owns its
 * security groups and every matrix rule that touches them (so no rule ever connects two
 * environments), its key, its cluster and its services.
 */
export class EnvironmentStack extends TerraformStack {
  readonly ecsGroup: MatrixGroup;
  readonly dbGroup: MatrixGroup;
  readonly albGroup: MatrixGroup;
  readonly key: EnvironmentKey;
  readonly cluster: EnvironmentCluster;
  /** The environment's own ALB when `dedicatedAlb` is set. */
  readonly alb?: PublicAlb;
  readonly services: ReadonlyMap<string, FargateService>;
  /** The environment's DocumentDB cluster when `database.enabled`. */
  readonly database?: DocumentDb;
  /** Where every alarm of the environment notifies. */
  readonly alarmTopic: AlarmTopic;
  readonly dashboard: EnvironmentDashboard;

  constructor(scope: Construct, id: string, config: AppConfig, env: EnvironmentConfig, shared: SharedStack) {
    super(scope, id);
    const { project, region } = config.shared;
    awsProvider(this, config.shared, id, env.name);
    remoteState(this, config.shared.state, project, id);
    const account = new AccountContext(this, 'account');
    const aws = partitionFor(region);
    const network = shared.network;
    const vpcId = network.vpc.id;

    this.ecsGroup = new MatrixGroup(this, 'ecs-sg', { name: names.ecsSecurityGroup(project, env.name), description: `ECS tasks of ${env.name}`, vpcId });
    this.dbGroup = new MatrixGroup(this, 'db-sg', { name: names.dbSecurityGroup(project, env.name), description: `Database of ${env.name}`, vpcId });
    if (env.dedicatedAlb) {
      this.albGroup = new MatrixGroup(this, 'alb-sg', { name: names.albSecurityGroup(project, env.name), description: `Dedicated ALB of ${env.name}`, vpcId });
    } else if (shared.albGroup) {
      this.albGroup = shared.albGroup;
    } else {
      throw new Error(`environment "${env.name}" uses the shared ALB but the shared stack has none`);
    }
    const rules = securityMatrix(matrixOptions(config, env)).filter((r) => ruleScope(r, env.dedicatedAlb) === 'environment');
    new TrafficRules(this, 'rules', {
      groups: { alb: this.albGroup.groupId, ecs: this.ecsGroup.groupId, db: this.dbGroup.groupId, vpce: shared.endpointGroup?.groupId },
      rules,
    });

    if (env.dedicatedAlb) {
      this.alb = new PublicAlb(this, 'alb', {
        name: names.alb(project, env.name),
        logBucketPrefix: names.albLogBucketPrefix(project, env.name),
        region,
        accountId: account.accountId,
        securityGroupId: this.albGroup.groupId,
        subnetIds: network.publicSubnets.map((s) => s.id),
        deletionProtection: config.shared.alb.deletionProtection,
        accessLogDays: config.shared.alb.accessLogDays,
        ipv6: config.shared.network.ipv6,
        accessLogBucket: shared.accessLogs.bucket.id,
      });
      if (shared.firewall) {
        new Wafv2WebAclAssociation(this, 'waf-alb', { resourceArn: this.alb.alb.arn, webAclArn: shared.firewall.acl.arn });
        suppress(this.alb.alb, 'CKV2_AWS_76', 'The web ACL lives in the shared stack, which checkov cannot follow across stacks; it has the AnonymousIpList and KnownBadInputs groups (web-firewall-rules.test.ts)');
      }
    }
    const alb = this.alb ?? shared.alb;
    if (!alb) throw new Error(`environment "${env.name}" has no ALB to attach its routes to`);

    const exec = env.execEnabled && !env.production;
    this.key = new EnvironmentKey(this, 'key', {
      project,
      environment: env.name,
      partition: aws,
      account,
      // Durable administrators only. The admins persona is named, not referenced: it lives in the shared stack, deployed first.
      administrators: distinctPrincipals(
        config.shared.adminRoleArns,
        [config.shared.ci.deployRoleArn],
        config.shared.personas.admins?.length ? [aws.role(account.accountId, names.personaRole(project, PERSONAS.admins.roleSuffix))] : [],
      ),
      readerArns: config.shared.ci.planRoleArn ? [config.shared.ci.planRoleArn] : [],
      exec,
      // Named, not referenced: persona roles live in the shared stack.
      execUserArns: env.access.deploy
        .filter((p) => (config.shared.personas[p]?.length ?? 0) > 0)
        .map((p) => aws.role(account.accountId, names.personaRole(project, PERSONAS[p].roleSuffix))),
    });
    this.cluster = new EnvironmentCluster(this, 'cluster', {
      name: names.cluster(project, env.name),
      execLogGroupName: names.execLogGroup(project, env.name),
      kmsKeyArn: this.key.arn,
      logRetentionDays: env.logRetentionDays,
    });

    if (env.database.enabled) {
      this.database = new DocumentDb(this, 'docdb', {
        identifier: names.database(project, env.name),
        subnetIds: network.dataSubnets.map((s) => s.id),
        securityGroupId: this.dbGroup.groupId,
        kmsKeyArn: this.key.arn,
        instanceClass: env.database.instanceClass,
        instances: env.database.instances,
        backupRetentionDays: env.database.backupRetentionDays,
        deletionProtection: env.production,
        // A final snapshot only in production, named per cluster lifetime; elsewhere none, so destroy → apply → destroy works.
        finalSnapshotPrefix: env.production ? names.databaseFinalSnapshotPrefix(project, env.name) : undefined,
        logRetentionDays: env.logRetentionDays,
      });
    } else {
      suppress(this.dbGroup.group, 'CKV2_AWS_5', 'The matrix keeps a database group per environment so an external MongoDB can join it; it is attached once database.enabled creates the DocumentDB cluster');
    }
    const database = this.database ? { host: this.database.cluster.endpoint, port: DB_PORT, secretArn: this.database.masterSecretArn } : undefined;

    this.alarmTopic = new AlarmTopic(this, 'alarm-topic', {
      name: names.alarmTopic(project, env.name),
      partition: aws,
      accountId: account.accountId,
      kmsKeyArn: this.key.arn,
      alarmArnPattern: environmentAlarmArns(aws, account.accountId, project, env.name),
      emails: env.notifications.emails,
      httpsEndpoints: env.notifications.httpsEndpoints,
    });
    // Changes with the deployment strategy, so a service's listener rules are replaced when blue/green is switched on (RouteRules).
    const marker = new DataResource(this, 'deployment-strategy', { input: { strategy: env.blueGreen ? 'BLUE_GREEN' : 'ROLLING' } });
    const strategy = `${marker.terraformResourceType}.${marker.friendlyUniqueId}`;

    const oidc = env.oidc ? oidcSettings(this, env.oidc) : undefined;
    const execStatements: Statement[] = exec
      ? [
          // The SSM session channel actions have no resource-level permissions.
          { Sid: 'EcsExecChannel', Effect: 'Allow', Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'], Resource: '*' },
          { Sid: 'EcsExecDecrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: this.key.arn },
          // AWS's ECS Exec example policy: the agent looks the group and its streams up before writing.
          { Sid: 'EcsExecLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: `${this.cluster.execLogGroup.arn}:*` },
          { Sid: 'EcsExecLogGroups', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: '*' },
        ]
      : [];

    this.services = new Map(
      env.services.map((svc) => {
        const repo = shared.repositories.get(svc.name);
        if (!repo) throw new Error(`no repository for service "${svc.name}"`);
        return [
          svc.name,
          new FargateService(this, `svc-${svc.name}`, {
            project,
            region,
            accountId: account.accountId,
            env,
            service: svc,
            clusterArn: this.cluster.cluster.arn,
            clusterName: this.cluster.cluster.name,
            vpcId,
            vpcCidr: config.shared.network.vpcCidr,
            capacityProviders: this.cluster.capacityProviders,
            environmentRuns: this.cluster.runsTasks,
            subnetIds: network.privateSubnets.map((s) => s.id),
            securityGroupId: this.ecsGroup.groupId,
            listenerArn: alb.https.arn,
            albArnSuffix: alb.alb.arnSuffix,
            repositoryUrl: repo.repository.repositoryUrl,
            repositoryArn: repo.repository.arn,
            kmsKeyArn: this.key.arn,
            execStatements,
            oidc,
            database,
            guardDutyAgent: config.shared.audit.guardDuty,
            alarmTopicArn: this.alarmTopic.arn,
            strategy,
          }),
        ];
      }),
    );
    this.dashboard = new EnvironmentDashboard(this, 'dashboard', {
      name: names.dashboard(project, env.name),
      region,
      loadBalancer: { dimension: alb.alb.arnSuffix, label: env.dedicatedAlb ? `ALB ${env.name}` : 'Shared ALB' },
      cluster: this.cluster.cluster.name,
      services: [...this.services.values()].map((s, i) => ({
        name: names.ecsService(env.services[i].name),
        targetGroups: [s.targetGroup.arnSuffix, ...(s.alternateTargetGroup ? [s.alternateTargetGroup.arnSuffix] : [])],
      })),
      natGateways: network.natGateways.map((n) => n.id),
    });
    new SecretsStatus(this, 'secrets-status', {
      services: new Map([...this.services].map(([name, svc]) => [name, svc.secrets])),
      secretName: (service, key) => names.secret(project, env.name, service, key),
      environment: env.name,
    });
  }
}

function oidcSettings(scope: Construct, oidc: NonNullable<EnvironmentConfig['oidc']>): RouteOidc {
  const secret = new TerraformVariable(scope, 'oidc_client_secret', {
    type: 'string',
    sensitive: true,
    nullable: false,
    description: 'Client secret of the OIDC application that authenticates this environment at the ALB',
  });
  return { ...oidc, clientSecret: secret.stringValue };
}
