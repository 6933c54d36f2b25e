import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecureBucket } from './secure-bucket';

export interface StateStorageProps {
  /** Bucket name, from `names.stateBucket`. */
  readonly bucketName: string;
  /** Lock table name, from `names.lockTable`. */
  readonly lockTableName: string;
  /** CMK for the bucket and the table. */
  readonly kmsKeyArn: string;
  /** Days to keep superseded state versions. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Bucket receiving the state bucket's S3 server access logs. */
  readonly accessLogBucket: string;
}

/**
 * The Terraform state bucket and lock table. Both are protected from `terraform destroy`
 * (prevent_destroy) because losing them orphans every other stack.
 */
export class StateStorage extends Construct {
  readonly bucket: S3Bucket;
  readonly lockTable: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateStorageProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, 'bucket', {
      bucket: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      preventDestroy: true,
      accessLogBucket: props.accessLogBucket,
      lifecycle: [
        {
          id: 'expire-old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90, newerNoncurrentVersions: 10 }],
        },
      ],
    }).bucket;

    this.lockTable = new DynamodbTable(this, 'lock-table', {
      name: props.lockTableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
  }
}
