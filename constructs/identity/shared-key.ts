import { Construct } from 'constructs';
import { AccountContext } from './account';
import { CustomerKey, KeyServiceGrant, logsGrant } from './kms-key';
import { names } from '../../model/names';
import { Partition } from '../../model/partition';

export interface SharedKeyProps {
  readonly project: string;
  /** The region's partition (and region). */
  readonly partition: Partition;
  readonly account: AccountContext;
  /** Durable key administrators; empty: the account (see CustomerKeyProps). */
  readonly administrators: readonly string[];
  /** The administrators without references to resources of this stack. @default administrators */
  readonly administratorsAtPlan?: readonly string[];
  /** Roles that may read the key's settings (the CI plan role). @default [] */
  readonly readerArns?: readonly string[];
  /** The trail that may encrypt with the key, when CloudTrail is on. @default none */
  readonly trailName?: string;
}

/**
 * The shared stack's CMK: its log groups (flow logs, trail, WAF), the trail, the audit
 * buckets (through S3) and the image repositories (through ECR).
 */
export class SharedKey extends CustomerKey {
  constructor(scope: Construct, id: string, props: SharedKeyProps) {
    const { project, partition: aws, account } = props;
    const accountId = account.accountId;
    const trail: KeyServiceGrant[] = [];
    if (props.trailName) {
      const fromThisTrail = { 'aws:SourceArn': aws.regional('cloudtrail', accountId, `trail/${props.trailName}`) };
      trail.push(
        {
          sid: 'CloudTrailEncrypt',
          service: aws.principal('cloudtrail'),
          actions: ['kms:GenerateDataKey*'],
          condition: { StringEquals: fromThisTrail, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': aws.arn('cloudtrail', '*', accountId, 'trail/*') } },
        },
        // DescribeKey carries no encryption context; Decrypt is needed with an S3 Bucket Key.
        { sid: 'CloudTrailDescribeAndDecrypt', service: aws.principal('cloudtrail'), actions: ['kms:DescribeKey', 'kms:Decrypt'], condition: { StringEquals: fromThisTrail } },
      );
    }
    super(scope, id, {
      alias: names.kmsAlias(project, 'shared'),
      description: `${project} shared stack: flow, trail and firewall logs, audit buckets, image repositories`,
      partition: aws,
      account,
      administrators: props.administrators,
      administratorsAtPlan: props.administratorsAtPlan,
      readerArns: props.readerArns,
      services: [logsGrant(aws, accountId, [`/${project}/shared/*`, names.wafLogGroup(project)]), ...trail],
      viaServices: [
        { sid: 'ImagesViaEcr', viaService: aws.viaService('ecr'), actions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:RetireGrant'] },
        { sid: 'AuditBucketsViaS3', viaService: aws.viaService('s3'), actions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'] },
      ],
    });
  }
}
