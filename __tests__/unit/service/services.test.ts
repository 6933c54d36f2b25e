import { SECRET_NAME } from '../../../environments';
import { EXAMPLE_ENVIRONMENTS, example } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';
import { Resource } from '../../../verify/tfjson';
import { names } from '../../../model/names';
import { serviceTargetGroup } from '../../../model/target-group';

const config = example();
const out = synthBeforeAll(config);
const containers = (td: Resource) => JSON.parse(td.body.container_definitions) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(EXAMPLE_ENVIRONMENTS)('services of %s', (env) => {
  const envCfg = config.environments.find((e) => e.name === env)!;
  let services: Resource[];
  let tasks: Resource[];
  beforeAll(() => {
    services = out.resources('aws_ecs_service', env);
    tasks = out.resources('aws_ecs_task_definition', env);
  });

  it('runs one ECS service per configured service', () => {
    expect(services.map((s) => s.body.name).sort()).toEqual(envCfg.services.map((s) => s.name).sort());
  });

  it('places every task in the private subnets, without a public IP, in the environment\'s ECS group', () => {
    for (const s of services) {
      const net = s.body.network_configuration;
      expect(net.assign_public_ip).toBe(false);
      expect(net.subnets.map((id: string) => out.mustResolve(env, id).path).sort()).toEqual(['network/private-0', 'network/private-1']);
      expect(net.security_groups.map((g: string) => out.mustResolve(env, g).body.name)).toEqual([`acme-${env}-ecs`]);
    }
  });

  it('runs on Fargate (a capacity-provider strategy, never launch_type), latest platform, with rollback on failed deployments', () => {
    for (const s of services) {
      expect(s.body).toMatchObject({ capacity_provider_strategy: [{ capacity_provider: 'FARGATE', weight: 1 }], platform_version: 'LATEST', deployment_circuit_breaker: { enable: true, rollback: true }, propagate_tags: 'SERVICE' });
      expect(s.body.launch_type).toBeUndefined();
      expect(s.body.health_check_grace_period_seconds).toBeGreaterThan(0);
    }
  });

  it(envCfg.production ? 'keeps ECS Exec off and deploys at 100%/200%' : 'keeps ECS Exec off by default', () => {
    for (const s of services) {
      expect(s.body.enable_execute_command).toBe(false);
      if (envCfg.production) expect(s.body).toMatchObject({ deployment_minimum_healthy_percent: 100, deployment_maximum_percent: 200 });
    }
  });

  it('hardens every container: read-only root, writable /tmp only, non-root, unprivileged, awslogs', () => {
    expect(tasks.length).toBe(envCfg.services.length);
    for (const td of tasks) {
      expect(td.body).toMatchObject({ requires_compatibilities: ['FARGATE'], network_mode: 'awsvpc', volume: [{ name: 'tmp' }] });
      expect(td.body.execution_role_arn).not.toBe(td.body.task_role_arn);
      for (const c of containers(td)) {
        expect(c).toMatchObject({ readonlyRootFilesystem: true, privileged: false, user: '1000:1000' });
        expect(c.mountPoints).toEqual([{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }]);
        expect(c.logConfiguration.logDriver).toBe('awslogs');
        expect(c.image).toMatch(/repository_url\}:\$\{var\.[a-z_]+_image_tag\}$/);
        expect(c.linuxParameters.capabilities.drop).toEqual(['ALL']);
      }
    }
  });

  it('injects secrets by Secrets Manager ARN and never as plaintext environment values', () => {
    for (const td of tasks) {
      for (const c of containers(td)) {
        expect(c.secrets.length).toBeGreaterThan(0);
        for (const s of c.secrets) expect(out.mustResolve(env, s.valueFrom).type).toBe('aws_secretsmanager_secret');
        for (const e of c.environment) expect(e.name).not.toMatch(SECRET_NAME);
      }
    }
  });

  it('creates each declared secret encrypted with the environment key and no value in state', () => {
    const secrets = out.resources('aws_secretsmanager_secret', env);
    const declared = envCfg.services.flatMap((s) => s.secrets.map((k) => `acme/${env}/${s.name}/${k}`));
    expect(secrets.map((s) => s.body.name).sort()).toEqual(declared.sort());
    for (const s of secrets) {
      expect(out.mustResolve(env, s.body.kms_key_id).type).toBe('aws_kms_key');
      expect(s.body.recovery_window_in_days).toBe(envCfg.production ? 30 : 0);
      expect(s.body.description).toMatch(/\w+/);
    }
    expect(out.resources('aws_secretsmanager_secret_version', env)).toEqual([]);
    expect(out.resources('aws_secretsmanager_secret_rotation', env)).toEqual([]);
  });

  it('checks health on the configured path over the container port with ip targets', () => {
    for (const tg of out.resources('aws_lb_target_group', env)) {
      const svc = envCfg.services.find((s) => tg.body.name === names.targetGroup('acme', env, s.name, serviceTargetGroup(s.port, config.shared.network.vpcCidr)))!;
      expect(tg.body).toMatchObject({ target_type: 'ip', protocol: 'HTTP', port: svc.port, health_check: { path: '/health', enabled: true } });
    }
  });

  it('keeps logs encrypted with the environment key and retained', () => {
    for (const g of out.resources('aws_cloudwatch_log_group', env)) {
      expect(g.body.retention_in_days).toBe(365);
      expect(out.mustResolve(env, g.body.kms_key_id).path).toBe('key/key');
    }
  });

  it('has a cluster with Container Insights and exec sessions logged with KMS', () => {
    const [cluster] = out.resources('aws_ecs_cluster', env);
    expect(cluster.body.setting).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    const exec = cluster.body.configuration.execute_command_configuration;
    expect(exec.logging).toBe('OVERRIDE');
    expect(exec.log_configuration.cloud_watch_encryption_enabled).toBe(true);
    expect(out.mustResolve(env, exec.kms_key_id).type).toBe('aws_kms_key');
  });
});

describe('autoscaling', () => {
  it('tracks CPU and requests per target where configured (prod), with min/max from config', () => {
    const targets = out.resources('aws_appautoscaling_target', 'prod');
    // min and max are the start gate's `... ? N : 0` (start-gate.test.ts): N once the service may run.
    const n = (v: string) => /\? (\d+) : 0\}$/.exec(v)![1];
    expect(targets.map((t) => `${n(t.body.min_capacity)}-${n(t.body.max_capacity)}`).sort()).toEqual(['2-4', '2-6']);
    const metrics = out.resources('aws_appautoscaling_policy', 'prod').map((p) => p.body.target_tracking_scaling_policy_configuration.predefined_metric_specification);
    expect(metrics.map((m) => m.predefined_metric_type).sort()).toEqual(['ALBRequestCountPerTarget', 'ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization', 'ECSServiceAverageCPUUtilization']);
    for (const m of metrics.filter((x) => x.predefined_metric_type === 'ALBRequestCountPerTarget')) expect(m.resource_label).toMatch(/arn_suffix\}\/\$\{aws_lb_target_group\.[\w-]+\.arn_suffix\}$/);
    for (const s of out.resources('aws_ecs_service', 'prod')) expect(s.body.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
  });

  it('is absent where not configured', () => {
    expect(out.resources('aws_appautoscaling_target', 'test')).toEqual([]);
    for (const s of out.resources('aws_ecs_service', 'test')) expect(s.body.lifecycle).toBeUndefined();
  });
});

describe('options', () => {
  const cfg = example((c) => {
    c.environments[0].execEnabled = true;
    c.environments[0].services[0].spot = true;
    c.environments[0].services[0].healthCheckCommand = 'curl -fs http://localhost:3000/health || exit 1';
    c.environments[0].services[0].secretRotation = { MONGODB_URI: { lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate-mongo', days: 14 } };
  });
  const opt = synthBeforeAll(cfg);
  const auth = () => opt.resources('aws_ecs_service', 'test').find((s) => s.body.name === 'auth')!;

  it('turns ECS Exec on in test when asked, with an init process and the session channel on the task role', () => {
    expect(auth().body.enable_execute_command).toBe(true);
    const td = opt.mustResolve('test', auth().body.task_definition);
    expect(containers(td)[0].linuxParameters).toEqual({ initProcessEnabled: true });
    const policies = opt.resources('aws_iam_role_policy', 'test').filter((p) => p.path.endsWith('task-policy'));
    expect(policies.length).toBe(2);
    expect(policies[0].body.policy).toContain('ssmmessages:CreateControlChannel');
  });

  it('runs on Fargate Spot when asked outside prod', () => {
    expect(auth().body.launch_type).toBeUndefined();
    expect(auth().body.capacity_provider_strategy).toEqual([{ capacity_provider: 'FARGATE_SPOT', weight: 1 }]);
  });

  it('adds a container health check when configured', () => {
    const td = opt.mustResolve('test', auth().body.task_definition);
    expect(containers(td)[0].healthCheck.command).toEqual(['CMD-SHELL', 'curl -fs http://localhost:3000/health || exit 1']);
    const plain = out.resources('aws_ecs_task_definition', 'test').map((t) => containers(t)[0]);
    for (const c of plain) expect(c.healthCheck).toBeUndefined();
  });

  it('rotates a secret when a rotation Lambda is configured', () => {
    const [rotation] = opt.resources('aws_secretsmanager_secret_rotation', 'test');
    expect(rotation.body).toMatchObject({ rotation_lambda_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate-mongo', rotation_rules: { automatically_after_days: 14 } });
    expect(opt.mustResolve('test', rotation.body.secret_id).body.name).toBe('acme/test/auth/MONGODB_URI');
  });
});
