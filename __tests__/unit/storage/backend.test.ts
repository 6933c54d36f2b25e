import { loadConfig } from '../../../environments';
import { ENVIRONMENTS, rawConfig, synth } from '../../helpers/synth';

const out = synth();
const REMOTE = ['shared', ...ENVIRONMENTS];

describe.each(REMOTE)('state of stack %s', (stack) => {
  const backend = out.stack(stack).terraform.backend;

  it('uses the S3 backend with DynamoDB and S3-native locking, under its own key', () => {
    expect(Object.keys(backend)).toEqual(['s3']);
    expect(backend.s3).toEqual({
      bucket: 'acme-tfstate-eu-west-1',
      key: `acme/${stack}/terraform.tfstate`,
      region: 'eu-west-1',
      dynamodb_table: 'acme-tflock',
      use_lockfile: true,
    });
  });

  it('does not force SSE-S3, so the bucket default (SSE-KMS) encrypts state', () => {
    expect(backend.s3.encrypt).toBeUndefined();
  });
});

describe('state layout', () => {
  it('gives every remote stack a distinct key', () => {
    const keys = REMOTE.map((s) => out.stack(s).terraform.backend.s3.key);
    expect(new Set(keys).size).toBe(REMOTE.length);
  });

  it('keeps bootstrap on local state outside cdktf.out', () => {
    const backend = out.stack('bootstrap').terraform.backend;
    expect(Object.keys(backend)).toEqual(['local']);
    expect(backend.local.path).toBe('../../../terraform.bootstrap.tfstate');
  });

  it('reads shared outputs through remote state with the same backend settings', () => {
    for (const env of ENVIRONMENTS) {
      const remote = out.data('terraform_remote_state', env);
      expect(remote.map((r) => r.body.config.key)).toEqual(['acme/shared/terraform.tfstate']);
    }
  });

  it('takes bucket, table and region overrides from the environment variables main.ts reads', () => {
    const raw = rawConfig();
    const cfg = loadConfig(raw.shared, raw.environments, { bucket: 'other-state-bucket', lockTable: 'other-locks', region: 'us-east-2' });
    const s3 = synth(cfg).stack('prod').terraform.backend.s3;
    expect(s3).toMatchObject({ bucket: 'other-state-bucket', dynamodb_table: 'other-locks', region: 'us-east-2' });
  });
});

describe('Terraform version', () => {
  it('is not in cdk.tf.json, where it would crash checkov\'s parser (see synth-cli.test.ts for versions.tf)', () => {
    for (const stack of ['bootstrap', ...REMOTE]) expect(out.stack(stack).terraform.required_version).toBeUndefined();
  });
});
