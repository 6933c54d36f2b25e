/**
 * The key-policy model every KMS key of the project follows (constructs/identity/kms-key.ts,
 * image-signing.ts). Three kinds of access, each from its own statement:
 *
 * - Read: the account (`arn:<partition>:iam::<account>:root`) may read key metadata, so any
 *   principal of the account whose IAM policies allow it can run `terraform plan` (refresh of
 *   `aws_kms_key` and `aws_kms_alias`). Nothing else is delegated to IAM unconditionally.
 * - Administer: durable, configured principals only (`adminRoleArns`, `ci.deployRoleArn`, the
 *   Admins persona role), never the session that happens to run Terraform. When none is
 *   configured, the account administers the key instead (IAM decides who), and synth warns.
 * - Use: AWS services for named resources (encryption context, source ARN), and account
 *   principals only through a named service (`kms:ViaService`), per key.
 */
import { Partition } from './partition';
import { Statement } from './policy';

/**
 * What a refresh of `aws_kms_key` calls on the key (provider 6.25, internal/service/kms/key.go
 * `findKeyInfo`): DescribeKey, GetKeyPolicy, GetKeyRotationStatus (keys of origin AWS_KMS) and
 * ListResourceTags. `aws_kms_alias` reads with ListAliases, which takes no key resource (IAM only).
 */
export const KEY_METADATA_READ = ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'] as const;

/**
 * AWS's key-administrator statement of the default key policy (AWS KMS Developer Guide,
 * "Allows key administrators to administer the KMS key"): every management operation Terraform
 * performs on a key and its alias (create, describe, update the description, put the policy,
 * rotation, enable/disable, tag, alias, schedule and cancel deletion), and no cryptographic
 * operation (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, Sign, Verify, GenerateMac). Chosen
 * over `kms:*` for separation of duties: an administrator manages the key, services and
 * workloads use it. (`kms:Create*` includes CreateGrant and `kms:Put*` PutKeyPolicy, so an
 * administrator could still grant itself use; that is an explicit, CloudTrail-logged act.)
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

/** The actions that only an administrator may perform (the probes of the tests use these). */
export const KEY_ADMIN_PROBES = ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'] as const;

/**
 * Read and administration statements of one key. `administrators` are durable principals;
 * an empty list falls back to the account as administrator (its IAM policies decide).
 */
export function keyAccessStatements(aws: Partition, accountId: string, administrators: readonly string[]): Statement[] {
  const root = aws.accountRoot(accountId);
  return [
    administrators.length > 0
      ? { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: [...administrators] }, Action: [...KEY_ADMIN_ACTIONS], Resource: '*' }
      : // No durable administrator configured: the account, never a transient session, so the key always has one.
        { Sid: 'KeyAdministrationByAccount', Effect: 'Allow', Principal: { AWS: root }, Action: [...KEY_ADMIN_ACTIONS], Resource: '*' },
    { Sid: 'AccountReadsKeyMetadata', Effect: 'Allow', Principal: { AWS: root }, Action: [...KEY_METADATA_READ], Resource: '*' },
  ];
}

/** Distinct principals, in order: a role named twice (say, the deploy role also in adminRoleArns) appears once. */
export function distinctPrincipals(...lists: ReadonlyArray<readonly (string | undefined)[]>): string[] {
  return [...new Set(lists.flat().filter((p): p is string => typeof p === 'string' && p !== ''))];
}

/**
 * The alarms whose notifications a key may encrypt, as the conditions CloudWatch's requests carry:
 * this account (`aws:SourceAccount`) and alarm ARNs matching `alarmArnPattern` (`aws:SourceArn`).
 * The SNS topic policy allows publishing on the same conditions (model/notifications.ts).
 */
export function alarmSourceCondition(accountId: string, alarmArnPattern: string): NonNullable<Statement['Condition']> {
  return { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': alarmArnPattern } };
}

/** What CloudWatch needs on the key of an encrypted topic it publishes alarm notifications to. */
export const ALARM_TOPIC_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'] as const;

/**
 * Key-policy statement letting CloudWatch alarms of this account, and only those whose ARNs match
 * `alarmArnPattern`, publish to an SNS topic encrypted with the key. SNS encrypts with the
 * publisher's permissions, so without it CloudWatch's notifications are dropped without an error
 * anywhere (SNS Developer Guide, "Key management: enable compatibility between event sources from
 * AWS services and encrypted topics"). CloudWatch's requests carry aws:SourceAccount and
 * aws:SourceArn, so both narrow it (the confused-deputy guard of every service grant here).
 */
export function cloudWatchAlarmsKeyStatement(aws: Partition, accountId: string, alarmArnPattern: string): Statement {
  return {
    Sid: 'CloudWatchAlarmNotifications',
    Effect: 'Allow',
    Principal: { Service: aws.principal('cloudwatch') },
    Action: [...ALARM_TOPIC_KEY_ACTIONS],
    Resource: '*',
    Condition: alarmSourceCondition(accountId, alarmArnPattern),
  };
}
