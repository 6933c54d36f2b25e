/**
 * ECS Exec, the only way into a container: off by default, logged with KMS where an
 * environment turns it on, refused in production. That nothing opens SSH or RDP, for any
 * configuration, is the invariant suite's (__tests__/invariants/no-ssh.test.ts).
 */
import { EXAMPLE_ENVIRONMENTS, example } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

const out = synthBeforeAll(example());
const exec = synthBeforeAll(example((c) => (c.environments[0].execEnabled = true)));

describe('ECS Exec', () => {
  it.each(EXAMPLE_ENVIRONMENTS)('is off in %s by default', (env) => {
    for (const s of out.resources('aws_ecs_service', env)) expect(s.body.enable_execute_command).toBe(false);
  });

  it('logs exec sessions to a KMS-encrypted log group where exec is on', () => {
    const [cluster] = exec.resources('aws_ecs_cluster', 'test');
    const conf = cluster.body.configuration.execute_command_configuration;
    expect(conf.logging).toBe('OVERRIDE');
    expect(conf.log_configuration.cloud_watch_encryption_enabled).toBe(true);
    const group = exec.mustResolve('test', conf.log_configuration.cloud_watch_log_group_name);
    expect(group.body.name).toBe('/acme/test/ecs-exec');
    expect(exec.mustResolve('test', group.body.kms_key_id).type).toBe('aws_kms_key');
    for (const s of exec.resources('aws_ecs_service', 'test')) expect(s.body.enable_execute_command).toBe(true);
  });

  it('is refused in production', () => {
    expect(() => example((c) => (c.environments[2].execEnabled = true))).toThrow('ECS Exec must stay off in a production environment');
  });
});
