/**
 * Invariant: data at rest in your configuration (environments/). Every log group is encrypted
 * with a customer-managed key and kept for the retention the configuration gives it; every
 * secret with a customer-managed key and its environment's recovery window; every bucket
 * encrypted, versioned, private, TLS-only and with a lifecycle; every database, lock table and
 * image repository encrypted with a customer-managed key.
 */
import { Testing } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { names } from '../../model/names';
import { encryptionAndRetention } from '../helpers/invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

Testing.setupJest();
const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);
const p = config.shared.project;

describe('encryption and retention', () => {
  it('hold for every log group, secret, bucket, database, lock table and repository', () => {
    expect(encryptionAndRetention(app.out, config)).toEqual([]);
  });
});

describe.each(config.environments.map((e) => [e.name, e] as const))('environment %s', (name, env) => {
  it.each(env.services.map((s) => [s.name, s] as const))('service %s logs to its own encrypted log group with the configured retention', (svc) => {
    expect(app.stack(name)).toHaveResourceWithProperties(CloudwatchLogGroup, { name: names.serviceLogGroup(p, name, svc), retention_in_days: env.logRetentionDays, kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) });
  });

  it.each(env.services.flatMap((s) => s.secrets.map((k) => [s.name, k] as const)))('secret %s/%s is encrypted with the environment key', (svc, key) => {
    expect(app.stack(name)).toHaveResourceWithProperties(SecretsmanagerSecret, { name: names.secret(p, name, svc, key), kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\./), recovery_window_in_days: env.secretRecoveryWindowDays });
  });
});
