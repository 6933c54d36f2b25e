import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument, serviceTrust } from '../../model/policy';
import { jsonDocument } from '../json-document';

export interface VpcFlowLogProps {
  readonly vpcId: string;
  /** Log group name, from `names.flowLogGroup`. */
  readonly logGroupName: string;
  /** IAM role name, from `names.flowLogRole`. */
  readonly roleName: string;
  readonly retentionDays: number;
  /** CMK that encrypts the log group. */
  readonly kmsKeyArn: string;
  readonly accountId: string;
}

/** Every accepted and rejected flow of the VPC, to a KMS-encrypted log group with retention. */
export class VpcFlowLog extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: props.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: jsonDocument(this, serviceTrust('vpc-flow-logs.amazonaws.com', props.accountId)),
    });
    new IamRolePolicy(this, 'policy', {
      role: role.id,
      name: 'write-flow-logs',
      policy: jsonDocument(this, policyDocument([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
      ])),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
