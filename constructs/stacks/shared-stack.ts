import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { AppConfig } from '../../environments/validate';
import { AccountContext } from '../account';
import { remoteState } from '../backend';
import { VpcFlowLog } from '../flow-log';
import { CustomerKey } from '../kms-key';
import { names } from '../names';
import { Network } from '../network';
import { ruleScope, securityMatrix } from '../security-matrix';
import { MatrixGroup, TrafficRules } from '../traffic-rules';
import { awsProvider } from './aws-provider';

/** What every environment uses: the network, the shared ALB's security group, and the shared key. */
export class SharedStack extends TerraformStack {
  readonly network: Network;
  readonly account: AccountContext;
  readonly key: CustomerKey;
  /** The shared ALB's group; absent when every environment has a dedicated ALB. */
  readonly albGroup?: MatrixGroup;

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
      description: `${project} shared stack: flow logs and shared log groups`,
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

    if (config.environments.some((e) => !e.dedicatedAlb)) {
      this.albGroup = new MatrixGroup(this, 'alb-sg', {
        name: names.albSecurityGroup(project, 'shared'),
        description: 'Shared internet-facing ALB',
        vpcId: this.network.vpc.id,
      });
      const rules = securityMatrix({ ipv6: shared.network.ipv6 }).filter((r) => ruleScope(r, false) === 'shared');
      new TrafficRules(this, 'rules', { groups: { alb: this.albGroup.groupId }, rules });
    }
  }
}
