import { Construct } from 'constructs';
import { S3Bucket, S3BucketConfig } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Statement, denyInsecureTransport, policyDocument } from '../../model/policy';
import { suppress } from '../suppress';
import { jsonDocument } from '../json-document';

export interface SecureBucketProps {
  /** Exact bucket name (from `names`). One of `bucket` or `bucketPrefix`. */
  readonly bucket?: string;
  /** Prefix for a generated, globally unique name (≤ 37 characters). */
  readonly bucketPrefix?: string;
  /** CMK for SSE-KMS; without it SSE-S3 (AES256), which is all ELB access logs accept. @default SSE-S3 */
  readonly kmsKeyArn?: string;
  /** Lifecycle rules besides aborting incomplete uploads. @default [] */
  readonly lifecycle?: readonly S3BucketLifecycleConfigurationRule[];
  /** Statements added to the TLS-only bucket policy; they may use `arn` below. @default [] */
  readonly policy?: (bucketArn: string) => readonly Statement[];
  /** Refuse `terraform destroy`. @default false */
  readonly preventDestroy?: boolean;
  /** Let `terraform destroy` delete a bucket that still holds objects. @default false */
  readonly forceDestroy?: boolean;
  /** Server access logs go to this bucket (ID) under a prefix named after this bucket. @default none: only for the access-log bucket itself */
  readonly accessLogBucket?: string;
}

/**
 * An S3 bucket with every guard on: versioning, default encryption, all public access
 * blocked, ACLs disabled, TLS-only policy, lifecycle. Used for state, access logs and trails.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket policy; resources that need it in place (ALB logs, trails) depend on it. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const config: S3BucketConfig = {
      bucket: props.bucket,
      bucketPrefix: props.bucketPrefix,
      forceDestroy: props.forceDestroy,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    };
    this.bucket = new S3Bucket(this, 'bucket', config);
    const bucket = this.bucket.id;
    suppress(this.bucket, 'CKV_AWS_144', 'Cross-region replication needs a bucket in a second region; this project is single-region, and versioning plus lifecycle keep history locally');
    if (props.accessLogBucket) {
      new S3BucketLoggingA(this, 'access-logs', { bucket, targetBucket: props.accessLogBucket, targetPrefix: `${this.bucket.id}/` });
    }
    if (!props.kmsKeyArn) {
      suppress(this.bucket, 'CKV_AWS_145', 'The writing service accepts only SSE-S3 (AES256) targets: ELB access logs and S3 server access logs');
    }
    // Object-level events to EventBridge, for alerting on unexpected writes or deletes.
    new S3BucketNotification(this, 'events', { bucket, eventbridge: true });
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'sse', {
      bucket,
      rule: [
        props.kmsKeyArn
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    const pab = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: jsonDocument(this, policyDocument([denyInsecureTransport(this.bucket.arn), ...(props.policy?.(this.bucket.arn) ?? [])])),
      dependsOn: [pab],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        ...(props.lifecycle ?? []),
        { id: 'abort-incomplete-uploads', status: 'Enabled', filter: [{ prefix: '' }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
      ],
    });
  }
}
