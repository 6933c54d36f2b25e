import { Construct } from 'constructs';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { partitionFor } from '../../model/partition';
import { policyDocument } from '../../model/policy';
import { SecureBucket } from '../storage/secure-bucket';
import { suppress } from '../suppress';
import { jsonDocument } from '../json-document';

export interface AuditTrailProps {
  /** Trail name. */
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  /** Bucket prefix for the trail bucket (≤ 37). */
  readonly bucketPrefix: string;
  readonly logGroupName: string;
  readonly roleName: string;
  /** The shared CMK (its policy grants CloudTrail). */
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
  /** Bucket receiving S3 server access logs of the trail bucket. */
  readonly accessLogBucket: string;
}

/**
 * A multi-region trail of every management event (deployments and scaling included),
 * with log-file validation, encrypted with the shared key, to its own bucket and to
 * CloudWatch Logs for searching and alarms.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const aws = partitionFor(props.region);
    const trailArn = aws.regional('cloudtrail', props.accountId, `trail/${props.name}`);
    const cloudtrail = aws.principal('cloudtrail');
    const fromThisTrail = { StringEquals: { 'aws:SourceArn': trailArn } };
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketPrefix: props.bucketPrefix,
      kmsKeyArn: props.kmsKeyArn,
      accessLogBucket: props.accessLogBucket,
      lifecycle: [
        { id: 'expire-trail', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: props.retentionDays }], noncurrentVersionExpiration: [{ noncurrentDays: 30 }] },
      ],
      policy: (arn) => [
        { Sid: 'TrailAclCheck', Effect: 'Allow', Principal: { Service: cloudtrail }, Action: 's3:GetBucketAcl', Resource: arn, Condition: fromThisTrail },
        {
          Sid: 'TrailWrite',
          Effect: 'Allow',
          Principal: { Service: cloudtrail },
          Action: 's3:PutObject',
          Resource: `${arn}/AWSLogs/${props.accountId}/*`,
          Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
      ],
    });
    const logGroup = new CloudwatchLogGroup(this, 'logs', { name: props.logGroupName, retentionInDays: props.retentionDays, kmsKeyId: props.kmsKeyArn });
    // No aws:SourceAccount condition here: CloudTrail's AssumeRole for log delivery does not
    // match it and the trail is refused (InvalidCloudWatchLogsRoleArnException).
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: jsonDocument(this, policyDocument([{ Effect: 'Allow', Principal: { Service: cloudtrail }, Action: 'sts:AssumeRole' }])),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      role: role.id,
      name: 'deliver-to-logs',
      policy: jsonDocument(this, policyDocument([{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroup.arn}:log-stream:*` }])),
    });
    this.trail = new Cloudtrail(this, 'trail', {
      name: props.name,
      s3BucketName: this.bucket.bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: props.kmsKeyArn,
      cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      dependsOn: [this.bucket.policy, rolePolicy],
    });
    suppress(this.trail, 'CKV_AWS_252', 'Per-file delivery notifications add nothing here: the trail also streams to CloudWatch Logs, where alarms and queries run');
  }
}
