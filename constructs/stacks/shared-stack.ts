import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { AppConfig } from '../../environments/validate';
import { AccountContext } from '../account';
import { remoteState } from '../backend';
import { VpcFlowLog } from '../flow-log';
import { CustomerKey } from '../kms-key';
import { names } from '../names';
import { Network } from '../network';
import { PublicAlb } from '../public-alb';
import { ruleScope, securityMatrix } from '../security-matrix';
import { ServiceRepository } from '../service-repository';
import { MatrixGroup, TrafficRules } from '../traffic-rules';
import { awsProvider } from './aws-provider';

/** What every environment uses: network, shared ALB, image repositories and the shared key. */
export class SharedStack extends TerraformStack {
  readonly network: Network;
  readonly account: AccountContext;
  readonly key: CustomerKey;
  /** The shared ALB and its group; absent when every environment has a dedicated ALB. */
  readonly alb?: PublicAlb;
  readonly albGroup?: MatrixGroup;
  /** Image repository per service name (shared by the environments). */
  readonly repositories: ReadonlyMap<string, ServiceRepository>;

  constructor(scope: Construct, id: string, config: AppConfig) {
    super(scope, id);
    const { shared } = config;
    const project = shared.project;
    awsProvider(this, shared, id);
    remoteState(this, shared.state, project, id);

    this.account = new AccountContext(this, 'account');
    const flowLogGroup = names.flowLogGroup(project);
    this.key = new CustomerKey(this, 'key', {
      alias: names.kmsAlias(project, 'shared'),
      description: `${project} shared stack: flow logs and image repositories`,
      accountId: this.account.accountId,
      adminArns: [this.account.deployerArn, ...shared.adminRoleArns],
      services: [
        {
          sid: 'CloudWatchLogs',
          service: `logs.${shared.region}.amazonaws.com`,
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          condition: {
            ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${shared.region}:${this.account.accountId}:log-group:${flowLogGroup}` },
          },
        },
      ],
      viaServices: [
        { sid: 'ImagesViaEcr', viaService: `ecr.${shared.region}.amazonaws.com`, actions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:RetireGrant'] },
      ],
    });

    this.network = new Network(this, 'network', {
      project,
      vpcCidr: shared.network.vpcCidr,
      subnets: shared.subnets,
      natGateways: shared.network.natGateways,
      ipv6: shared.network.ipv6,
    });
    new VpcFlowLog(this, 'flow-log', {
      vpcId: this.network.vpc.id,
      logGroupName: flowLogGroup,
      roleName: names.flowLogRole(project),
      retentionDays: shared.network.flowLogRetentionDays,
      kmsKeyArn: this.key.arn,
      accountId: this.account.accountId,
    });

    const serviceNames = [...new Set(config.environments.flatMap((e) => e.services.map((s) => s.name)))].sort();
    this.repositories = new Map(
      serviceNames.map((svc) => [svc, new ServiceRepository(this, `ecr-${svc}`, { name: names.repository(project, svc), kmsKeyArn: this.key.arn })]),
    );

    if (config.environments.some((e) => !e.dedicatedAlb)) {
      this.albGroup = new MatrixGroup(this, 'alb-sg', {
        name: names.albSecurityGroup(project, 'shared'),
        description: 'Shared internet-facing ALB',
        vpcId: this.network.vpc.id,
      });
      const rules = securityMatrix({ ipv6: shared.network.ipv6 }).filter((r) => ruleScope(r, false) === 'shared');
      new TrafficRules(this, 'rules', { groups: { alb: this.albGroup.groupId }, rules });
      this.alb = new PublicAlb(this, 'alb', {
        name: names.alb(project, 'shared'),
        logBucketPrefix: names.albLogBucketPrefix(project, 'shared'),
        region: shared.region,
        accountId: this.account.accountId,
        securityGroupId: this.albGroup.groupId,
        subnetIds: this.network.publicSubnets.map((s) => s.id),
        deletionProtection: shared.alb.deletionProtection,
        accessLogDays: shared.alb.accessLogDays,
        ipv6: shared.network.ipv6,
      });
    }
  }
}
