import { example } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';
import { Resource } from '../../../verify/tfjson';

const out = synthBeforeAll(example());
const one = (type: string) => {
  const list = out.resources(type, 'bootstrap');
  expect(list).toHaveLength(1);
  return list[0];
};

const stateBucket = () => out.resources('aws_s3_bucket', 'bootstrap').find((b) => b.path === 'state/bucket/bucket')!;
/** The one resource of `type` that configures the state bucket. */
const forState = (type: string) => {
  const list = out.resources(type, 'bootstrap').filter((r) => out.mustResolve('bootstrap', r.body.bucket).name === stateBucket().name);
  expect(list).toHaveLength(1);
  return list[0];
};

describe('bootstrap: state bucket', () => {
  const bucket = stateBucket;
  const ref = (r: Resource) => out.mustResolve('bootstrap', r.body.bucket).name;

  it('is named from config and protected from destroy', () => {
    expect(bucket().body.bucket).toBe('acme-tfstate-eu-west-1');
    expect(bucket().body.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('is versioned', () => {
    const v = forState('aws_s3_bucket_versioning');
    expect(ref(v)).toBe(bucket().name);
    expect(v.body.versioning_configuration.status).toBe('Enabled');
  });

  it('is encrypted with the customer-managed state key', () => {
    const sse = forState('aws_s3_bucket_server_side_encryption_configuration');
    const rule = sse.body.rule[0];
    expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(out.mustResolve('bootstrap', rule.apply_server_side_encryption_by_default.kms_master_key_id).type).toBe('aws_kms_key');
  });

  it('blocks every kind of public access and disables ACLs', () => {
    expect(forState('aws_s3_bucket_public_access_block').body).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(forState('aws_s3_bucket_ownership_controls').body.rule.object_ownership).toBe('BucketOwnerEnforced');
  });

  it('refuses requests without TLS', () => {
    const policy = JSON.parse(forState('aws_s3_bucket_policy').body.policy);
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(policy.Statement.filter((s: { Effect: string }) => s.Effect === 'Allow')).toEqual([]);
  });

  it('writes server access logs to a separate bucket in the same stack', () => {
    const logging = forState('aws_s3_bucket_logging');
    const target = out.mustResolve('bootstrap', logging.body.target_bucket);
    expect(target.name).not.toBe(stateBucket().name);
    expect(target.body.bucket_prefix).toBe('acme-tfstate-logs-');
    expect(logging.body.target_prefix).toBe(`\${aws_s3_bucket.${stateBucket().name}.id}/`);
  });

  it('expires superseded state versions and incomplete uploads', () => {
    const rule = forState('aws_s3_bucket_lifecycle_configuration').body.rule.find((r: { id: string }) => r.id === 'expire-old-state-versions');
    expect(rule.status).toBe('Enabled');
    expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBeGreaterThan(0);
    const abort = forState('aws_s3_bucket_lifecycle_configuration').body.rule.find((r: { id: string }) => r.id === 'abort-incomplete-uploads');
    expect(abort.abort_incomplete_multipart_upload[0].days_after_initiation).toBeGreaterThan(0);
  });
});

describe('bootstrap: lock table', () => {
  const table = () => one('aws_dynamodb_table');

  it('is on-demand, keyed by LockID, recoverable, encrypted and protected', () => {
    expect(table().body).toMatchObject({
      name: 'acme-tflock',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(table().body.server_side_encryption.enabled).toBe(true);
    expect(out.mustResolve('bootstrap', table().body.server_side_encryption.kms_key_arn).type).toBe('aws_kms_key');
  });
});

describe('bootstrap: state key', () => {
  const key = () => one('aws_kms_key');
  const policy = () => JSON.parse(key().body.policy);

  it('rotates yearly', () => {
    expect(key().body.enable_key_rotation).toBe(true);
  });

  it('grants nothing to a wildcard principal, and to the account root only metadata reads, administration (no administrator configured) or use through S3 or DynamoDB', () => {
    for (const s of policy().Statement) {
      expect(s.Principal).not.toBe('*');
      const aws = [s.Principal?.AWS ?? []].flat();
      if (!aws.some((a: string) => a.endsWith(':root'))) continue;
      if (['AccountReadsKeyMetadata', 'KeyAdministrationByAccount'].includes(s.Sid)) expect(s.Condition).toBeUndefined();
      else expect(s.Condition.StringEquals['kms:ViaService']).toMatch(/^(s3|dynamodb)\./);
    }
  });

  it('follows the documented minimum for S3 state and a DynamoDB table: S3 only for the state bucket, DynamoDB grants only for AWS resources, DynamoDB reads metadata', () => {
    const sid = (id: string) => policy().Statement.find((s: { Sid: string }) => s.Sid === id);
    const bucket = stateBucket().body.bucket;
    expect(sid('StateViaS3').Condition.ArnLike['kms:EncryptionContext:aws:s3:arn']).toEqual([`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]);
    expect(sid('LockGrantViaDynamoDB')).toMatchObject({ Action: ['kms:CreateGrant'], Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } });
    expect(sid('LocksViaDynamoDB').Action).not.toContain('kms:CreateGrant');
    expect(sid('DynamoDbReadsKey')).toMatchObject({ Principal: { Service: 'dynamodb.amazonaws.com' }, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'] });
  });
});
