import { ENVIRONMENTS, configWith, synth } from '../helpers/synth';

const out = synth();
const exec = synth(configWith((c) => (c.environments[0].execEnabled = true)));

describe('no SSH', () => {
  it('creates no key pair, instance, launch template or bastion anywhere', () => {
    for (const type of ['aws_key_pair', 'aws_instance', 'aws_launch_template', 'aws_launch_configuration', 'aws_autoscaling_group', 'aws_ec2_instance_connect_endpoint']) {
      expect(out.resources(type)).toEqual([]);
    }
  });

  const ingress = out.resources('aws_vpc_security_group_ingress_rule');
  const covers = (r: (typeof ingress)[0], port: number) => r.body.ip_protocol === '-1' || (r.body.from_port <= port && port <= r.body.to_port);

  it('opens port 22 to nothing at all', () => {
    expect(ingress.length).toBeGreaterThan(0);
    expect(ingress.filter((r) => covers(r, 22))).toEqual([]);
  });

  it('opens no remote-admin port (22, 3389) to any CIDR', () => {
    expect(ingress.filter((r) => (r.body.cidr_ipv4 || r.body.cidr_ipv6) && (covers(r, 22) || covers(r, 3389)))).toEqual([]);
  });

  it.each(ENVIRONMENTS)('keeps ECS Exec off in %s by default', (env) => {
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

  it('refuses exec in production', () => {
    expect(() => configWith((c) => (c.environments[2].execEnabled = true))).toThrow('ECS Exec must stay off in a production environment');
  });
});
