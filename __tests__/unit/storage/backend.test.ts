/**
 * Remote state on the pinned example: the exact backend settings, the SF_STATE_* overrides and
 * where the Terraform version lives. "Every stack has its own backend and state key", for any
 * configuration, is the invariant suite's (__tests__/invariants/state.test.ts).
 */
import { loadConfig } from '../../../environments';
import { EXAMPLE_ENVIRONMENTS, example, readConfigFile, EXAMPLE } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';

const out = synthBeforeAll(example());
const REMOTE = ['shared', ...EXAMPLE_ENVIRONMENTS];

describe.each(REMOTE)('state of stack %s', (stack) => {
  it('uses the S3 backend with DynamoDB and S3-native locking, under its own key', () => {
    const backend = out.stack(stack).terraform.backend;
    expect(Object.keys(backend)).toEqual(['s3']);
    expect(backend.s3).toEqual({
      bucket: 'acme-tfstate-eu-west-1',
      key: `acme/${stack}/terraform.tfstate`,
      region: 'eu-west-1',
      dynamodb_table: 'acme-tflock',
      use_lockfile: true,
    });
  });
});

describe('state layout', () => {
  it('keeps bootstrap on local state outside cdktf.out', () => {
    const backend = out.stack('bootstrap').terraform.backend;
    expect(Object.keys(backend)).toEqual(['local']);
    expect(backend.local.path).toBe('../../../terraform.bootstrap.tfstate');
  });

  it('takes bucket, table and region overrides from the environment variables main.ts reads', () => {
    const raw = readConfigFile(EXAMPLE);
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
