import { Construct } from 'constructs';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Partition } from '../../model/partition';
import { policyDocument, serviceTrust } from '../../model/policy';
import { SecureBucket } from '../storage/secure-bucket';
import { jsonDocument } from '../json-document';

export interface ConfigRecorderProps {
  readonly name: string;
  /** The region's partition: principals and the managed policy are written in it. */
  readonly partition: Partition;
  readonly accountId: string;
  readonly bucketPrefix: string;
  readonly roleName: string;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
  /** Bucket receiving S3 server access logs of the Config bucket. */
  readonly accessLogBucket: string;
}

/** AWS Config recording every supported resource (global ones too), delivered to its own bucket. */
export class ConfigRecorder extends Construct {
  readonly recorder: ConfigConfigurationRecorder;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const aws = props.partition;
    const config = aws.principal('config');
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': props.accountId } };
    const bucket = new SecureBucket(this, 'bucket', {
      bucketPrefix: props.bucketPrefix,
      kmsKeyArn: props.kmsKeyArn,
      accessLogBucket: props.accessLogBucket,
      lifecycle: [{ id: 'expire-config', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: props.retentionDays }], noncurrentVersionExpiration: [{ noncurrentDays: 30 }] }],
      policy: (arn) => [
        { Sid: 'ConfigAclCheck', Effect: 'Allow', Principal: { Service: config }, Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: arn, Condition: fromThisAccount },
        {
          Sid: 'ConfigWrite',
          Effect: 'Allow',
          Principal: { Service: config },
          Action: 's3:PutObject',
          Resource: `${arn}/AWSLogs/${props.accountId}/Config/*`,
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
      ],
    });
    const role = new IamRole(this, 'role', { name: props.roleName, assumeRolePolicy: jsonDocument(this, serviceTrust(config, props.accountId)) });
    new IamRolePolicyAttachment(this, 'managed', { role: role.name, policyArn: aws.managedPolicy('service-role/AWS_ConfigRole') });
    new IamRolePolicy(this, 'deliver', {
      role: role.id,
      name: 'deliver-to-bucket',
      policy: jsonDocument(this, policyDocument([
        { Effect: 'Allow', Action: ['s3:PutObject'], Resource: `${bucket.bucket.arn}/AWSLogs/${props.accountId}/Config/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
        { Effect: 'Allow', Action: ['s3:GetBucketAcl'], Resource: bucket.bucket.arn },
        { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: props.kmsKeyArn },
      ])),
    });
    this.recorder = new ConfigConfigurationRecorder(this, 'recorder', {
      name: props.name,
      roleArn: role.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const channel = new ConfigDeliveryChannel(this, 'channel', {
      name: props.name,
      s3BucketName: bucket.bucket.id,
      s3KmsKeyArn: props.kmsKeyArn,
      dependsOn: [this.recorder, bucket.policy],
    });
    new ConfigConfigurationRecorderStatus(this, 'status', { name: this.recorder.name, isEnabled: true, dependsOn: [channel] });
  }
}
