import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Partition } from '../../model/partition';
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
  /** The region's partition: the service principal is written in it. */
  readonly partition: Partition;
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
      // "IAM role for publishing flow logs to CloudWatch Logs": this account's flow logs only.
      assumeRolePolicy: jsonDocument(this, serviceTrust(props.partition.principal('vpc-flow-logs'), props.accountId, props.partition.regional('ec2', props.accountId, 'vpc-flow-log/*'))),
    });
    // The actions AWS documents for the flow-log role, narrowed to this log group where the
    // action has a resource; DescribeLogGroups has none (the service checks its group exists).
    new IamRolePolicy(this, 'policy', {
      role: role.id,
      name: 'write-flow-logs',
      policy: jsonDocument(this, policyDocument([
        {
          Sid: 'WriteFlowLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
        { Sid: 'FindLogGroup', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' },
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
