import { SECRET_NAME } from '../../../environments';
import { example } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

const off = synthBeforeAll(example());
const cfg = example((c) => {
  c.environments[2].database = { enabled: true, instances: 2 };
  c.environments[2].services[0].database = true;
  c.environments[1].database = { enabled: true };
});
const on = synthBeforeAll(cfg);

describe('DocumentDB (option, off by default)', () => {
  it('creates no cluster by default, but keeps the matrix DB group', () => {
    expect(off.resources('aws_docdb_cluster')).toEqual([]);
    for (const env of ['test', 'stage', 'prod']) expect(off.resources('aws_security_group', env).map((g) => g.body.name)).toContain(`acme-${env}-db`);
  });

  it('puts the cluster in the data subnets behind the environment\'s DB group', () => {
    const [cluster] = on.resources('aws_docdb_cluster', 'prod');
    expect(cluster.body.vpc_security_group_ids.map((g: string) => on.mustResolve('prod', g).body.name)).toEqual(['acme-prod-db']);
    const subnets = on.mustResolve('prod', cluster.body.db_subnet_group_name);
    expect(subnets.body.subnet_ids.map((s: string) => on.mustResolve('prod', s).path).sort()).toEqual(['network/data-0', 'network/data-1']);
  });

  it('encrypts with the environment key, enforces TLS, keeps backups, protects prod from deletion', () => {
    const [cluster] = on.resources('aws_docdb_cluster', 'prod');
    expect(cluster.body).toMatchObject({ storage_encrypted: true, port: 27017, backup_retention_period: 7, deletion_protection: true, skip_final_snapshot: false, enabled_cloudwatch_logs_exports: ['audit'] });
    expect(on.mustResolve('prod', cluster.body.kms_key_id).path).toBe('key/key');
    const params = on.mustResolve('prod', cluster.body.db_cluster_parameter_group_name);
    expect(params.body.parameter).toContainEqual({ name: 'tls', value: 'enabled' });
    expect(on.resources('aws_docdb_cluster_instance', 'prod')).toHaveLength(2);
    expect(on.resources('aws_docdb_cluster', 'stage')[0].body.deletion_protection).toBe(false);
  });

  it('lets Secrets Manager manage the master password, so no password is in state', () => {
    const [cluster] = on.resources('aws_docdb_cluster', 'prod');
    expect(cluster.body.manage_master_user_password).toBe(true);
    expect(cluster.body.master_password).toBeUndefined();
  });

  it('wires the endpoint and credentials into the services that declare the database, and only those', () => {
    const tds = on.resources('aws_ecs_task_definition', 'prod');
    const auth = JSON.parse(tds.find((t) => t.body.family === 'acme-prod-auth')!.body.container_definitions)[0];
    expect(auth.environment.map((e: { name: string }) => e.name).sort()).toEqual(['DB_HOST', 'DB_PORT', 'PORT']);
    for (const e of auth.environment) expect(e.name).not.toMatch(SECRET_NAME);
    const fromDb = auth.secrets.filter((s: { name: string }) => s.name.startsWith('DB_'));
    expect(fromDb.map((s: { name: string; valueFrom: string }) => `${s.name}=${s.valueFrom.replace(/^.*\}/, '')}`)).toEqual(['DB_USERNAME=:username::', 'DB_PASSWORD=:password::']);
    const reminder = JSON.parse(tds.find((t) => t.body.family === 'acme-prod-reminder')!.body.container_definitions)[0];
    expect(reminder.environment).toEqual([{ name: 'PORT', value: '3001' }]);
  });

  it('lets that service\'s execution role read the master secret by ARN', () => {
    const policy = on.resources('aws_iam_role_policy', 'prod').find((p) => on.mustResolve('prod', p.body.role).body.name === 'acme-prod-auth-exec')!;
    const secrets = JSON.parse(policy.body.policy).Statement.find((s: { Sid: string }) => s.Sid === 'Secrets');
    expect(secrets.Resource).toContainEqual(expect.stringMatching(/aws_docdb_cluster\.[\w-]+\.master_user_secret\[0\]\.secret_arn/));
  });

  it('refuses a service that wants a database its environment does not have', () => {
    expect(() => example((c) => (c.environments[0].services[0].database = true))).toThrow(
      'environment "test", field services[auth].database: the service asks for the database but this environment has "database.enabled" off',
    );
  });
});

describe('DocumentDB audit logs', () => {
  it('go to a log group the environment key lets CloudWatch Logs use', () => {
    const group = on.resources('aws_cloudwatch_log_group', 'prod').find((g) => g.body.name.startsWith('/aws/docdb/'))!;
    expect(group.body.name).toBe('/aws/docdb/acme-prod-docdb/audit');
    const key = on.mustResolve('prod', group.body.kms_key_id);
    const logs = JSON.parse(key.body.policy).Statement.find((s: { Sid: string }) => s.Sid === 'CloudWatchLogs');
    const patterns: string[] = logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'];
    const arn = `arn:aws:logs:eu-west-1:\${data.aws_caller_identity.x.account_id}:log-group:${group.body.name}`;
    const matches = (p: string) => new RegExp(`^${p.replace(/\$\{[^}]+\}/g, '\\$\\{[^}]+\\}').replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`).test(arn);
    expect(patterns.some(matches)).toBe(true);
  });
});
