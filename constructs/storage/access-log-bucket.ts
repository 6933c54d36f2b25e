import { Construct } from 'constructs';
import { Partition } from '../../model/partition';
import { SecureBucket } from './secure-bucket';

export interface AccessLogBucketProps {
  /** Bucket name prefix (≤ 37). */
  readonly bucketPrefix: string;
  /** The region's partition: the log-delivery principal is written in it. */
  readonly partition: Partition;
  readonly accountId: string;
  /** Days to keep access logs. @default 365 */
  readonly retentionDays?: number;
}

/** Receives S3 server access logs of the stack's other buckets (SSE-S3: the only encryption S3 log delivery supports). */
export class AccessLogBucket extends SecureBucket {
  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id, {
      bucketPrefix: props.bucketPrefix,
      lifecycle: [{ id: 'expire-access-logs', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: props.retentionDays ?? 365 }], noncurrentVersionExpiration: [{ noncurrentDays: 30 }] }],
      policy: (arn) => [
        {
          Sid: 'S3ServerAccessLogs',
          Effect: 'Allow',
          Principal: { Service: props.partition.principal('logging.s3') },
          Action: 's3:PutObject',
          Resource: `${arn}/*`,
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        },
      ],
    });
  }
}
