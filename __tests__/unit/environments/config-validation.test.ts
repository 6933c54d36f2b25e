import { ALB_LIMITS } from '../../../model/aws-limits';
import { NameError, names } from '../../../model/names';
import { EnvironmentInput, ServiceInput, loadConfig } from '../../../environments';
import { derivedPriority } from '../../../model/listener';
import { ConfigFile, EXAMPLE, example, readConfigFile, refusalMessage } from '../../helpers/config-file';

type Raw = ConfigFile;
const rawConfig = () => readConfigFile(EXAMPLE);

/** Applies `edit` to the shipped config and returns the validation message (fails if it validates). */
const messageFor = (edit: (c: Raw) => void): string => refusalMessage(EXAMPLE, edit);

function configWithEdit(edit: (c: Raw) => void) {
  const raw = rawConfig();
  edit(raw);
  return loadConfig(raw.shared, raw.environments);
}

const env = (c: Raw, name: string): EnvironmentInput => c.environments.find((e) => e.name === name)!;
const svc = (c: Raw, envName: string, name: string): ServiceInput => env(c, envName).services.find((s) => s.name === name)!;

describe('configuration', () => {
  it('accepts the pinned example', () => {
    const cfg = example();
    expect(cfg.environments.map((e) => e.name)).toEqual(['test', 'stage', 'prod']);
    expect(cfg.environments.flatMap((e) => e.services.flatMap((s) => s.routes.map((r) => r.path)))).toEqual([
      '/test/auth', '/test/reminder', '/stage/auth', '/stage/reminder', '/auth', '/reminder',
    ]);
  });
});

describe('bad configuration stops synth with environment, field and rule', () => {
  it('malformed VPC CIDR', () => {
    expect(messageFor((c) => (c.shared.network.vpcCidr = '10.0.0/16'))).toContain('shared settings, field network.vpcCidr: malformed CIDR: "10.0.0/16" is not an IPv4 CIDR block');
  });

  it('CIDR with an octet over 255', () => {
    expect(messageFor((c) => (c.shared.network.vpcCidr = '10.300.0.0/16'))).toContain('field network.vpcCidr: malformed CIDR: "10.300.0.0/16" has an octet outside 0–255');
  });

  it('CIDR with host bits set', () => {
    expect(messageFor((c) => (c.shared.network.vpcCidr = '10.0.0.1/16'))).toContain('has host bits set; the network address is 10.0.0.0/16');
  });

  it('VPC block too large for AWS', () => {
    expect(messageFor((c) => (c.shared.network.vpcCidr = '10.0.0.0/8'))).toContain('a VPC block must be /16 to /24');
  });

  it('overlapping subnets', () => {
    expect(
      messageFor((c) => (c.shared.network.subnets = { public: ['10.40.0.0/24', '10.40.1.0/24'], private: ['10.40.0.0/20', '10.40.16.0/20'], data: ['10.40.32.0/24', '10.40.33.0/24'] })),
    ).toMatch(/field network\.subnets\.\w+\[\d\]: overlaps network\.subnets\.\w+\[\d\]; subnet blocks must not overlap/);
  });

  it('subnet outside the VPC', () => {
    expect(
      messageFor((c) => (c.shared.network.subnets = { public: ['10.40.0.0/24', '10.41.1.0/24'], private: ['10.40.16.0/20', '10.40.32.0/20'], data: ['10.40.64.0/24', '10.40.65.0/24'] })),
    ).toContain('field network.subnets.public[1]: subnet "10.41.1.0/24" lies outside the VPC block 10.40.0.0/16');
  });

  it('subnet count not matching the AZ count', () => {
    expect(
      messageFor((c) => (c.shared.network.subnets = { public: ['10.40.0.0/24'], private: ['10.40.16.0/20', '10.40.32.0/20'], data: ['10.40.64.0/24', '10.40.65.0/24'] })),
    ).toContain('field network.subnets.public: needs exactly one block per availability zone: 2 (azCount), got 1');
  });

  it('port below 3000', () => {
    expect(messageFor((c) => (svc(c, 'prod', 'auth').port = 80))).toContain(
      'environment "prod", field services[auth].port: container port must be within 3000–4000 (the only ports the ALB may reach) (got 80)',
    );
  });

  it('port above 4000', () => {
    expect(messageFor((c) => (svc(c, 'test', 'reminder').port = 8080))).toContain('environment "test", field services[reminder].port: container port must be within 3000–4000');
  });

  it('duplicate service names', () => {
    expect(messageFor((c) => env(c, 'stage').services.push({ ...svc(c, 'stage', 'auth'), routes: ['/auth2'] }))).toContain(
      'environment "stage", field services[2].name: duplicate service name "auth" in this environment',
    );
  });

  it('duplicate route across services', () => {
    expect(messageFor((c) => (svc(c, 'prod', 'reminder').routes = ['/auth']))).toContain(
      'environment "prod", field services[reminder].routes: duplicate route "/auth" on the shared ALB: also served by service "auth" in environment "prod"',
    );
  });

  it('overlapping route across services', () => {
    expect(messageFor((c) => (svc(c, 'prod', 'reminder').routes = ['/auth/reminders']))).toContain(
      'route "/auth/reminders" overlaps "/auth" of service "auth" in environment "prod" on the shared ALB',
    );
  });

  it('duplicate route across environments', () => {
    expect(messageFor((c) => (env(c, 'stage').routePrefix = ''))).toContain('duplicate route "/auth" on the shared ALB: also served by service "auth" in environment "stage"');
  });

  it('overlapping route across environments', () => {
    expect(messageFor((c) => svc(c, 'prod', 'auth').routes.push('/test'))).toContain(
      'environment "test", field services[auth].routes: route "/test/auth" overlaps "/test" of service "auth" in environment "prod" on the shared ALB',
    );
  });

  it('catch-all route', () => {
    expect(messageFor((c) => (svc(c, 'prod', 'auth').routes = ['/']))).toContain('no catch-all "/" (got "/")');
    expect(messageFor((c) => (svc(c, 'prod', 'auth').routes = ['/']))).toContain('field services[auth].routes[0]: must look like "/name" or "/a/b"');
  });

  it('wildcard in a route', () => {
    expect(messageFor((c) => (svc(c, 'prod', 'auth').routes = ['/auth*']))).toContain('field services[auth].routes[0]: must look like "/name" or "/a/b"');
  });

  it('invalid Fargate cpu/memory pair', () => {
    expect(
      messageFor((c) => {
        svc(c, 'prod', 'auth').cpu = 256;
        svc(c, 'prod', 'auth').memory = 4096;
      }),
    ).toContain('environment "prod", field services[auth].memory: invalid Fargate cpu/memory pair 256/4096: memory for cpu 256 must be one of 512, 1024, 2048');
  });

  it('invalid Fargate cpu', () => {
    expect(messageFor((c) => (svc(c, 'test', 'auth').cpu = 300))).toContain('field services[auth].cpu: invalid Fargate cpu 300: cpu must be one of 256, 512, 1024');
  });

  it('target group name over 32 characters', () => {
    expect(
      messageFor((c) => {
        c.shared.project = 'acmecorpwebs';
        svc(c, 'stage', 'reminder').name = 'reminder-scheduler';
      }),
    ).toMatch(/environment "stage", field services\[reminder-scheduler\]\.name: targetGroup name "acmecorpwebs-stage-reminder-scheduler-[0-9a-z]{4}" is 42 characters; AWS allows at most 32/);
  });

  it('S3 bucket name over 63 characters', () => {
    expect(messageFor((c) => (c.shared.state.bucket = `acme-terraform-state-${'x'.repeat(50)}`))).toContain('shared settings, field state.bucket: s3Bucket name "acme-terraform-state-xxx');
    expect(messageFor((c) => (c.shared.state.bucket = `acme-terraform-state-${'x'.repeat(50)}`))).toContain('is 71 characters; AWS allows at most 63');
  });

  it('S3 bucket name with capitals', () => {
    expect(messageFor((c) => (c.shared.state.bucket = 'Acme-State'))).toContain('field state.bucket: s3Bucket name "Acme-State" is not allowed: use 3–63 lowercase letters');
  });

  it('unknown key (a typo) with a suggestion', () => {
    expect(
      messageFor((c) => {
        const s = svc(c, 'prod', 'auth') as unknown as Record<string, unknown>;
        s.prot = s.port;
      }),
    ).toContain('environment "prod", field services[auth].prot: unknown key "prot" (did you mean "port"?)');
  });

  it('unknown key in the shared settings', () => {
    expect(messageFor((c) => ((c.shared.network as Record<string, unknown>).natGateway = 'single'))).toContain(
      'shared settings, field network.natGateway: unknown key "natGateway" (did you mean "natGateways"?)',
    );
  });

  it('environment name reserved for another stack', () => {
    expect(messageFor((c) => (env(c, 'test').name = 'shared'))).toContain('environment "shared", field name: "shared" is reserved for a stack of its own');
  });

  it('environment name that would clash with the state key alias', () => {
    expect(messageFor((c) => (env(c, 'test').name = 'tfstate'))).toContain('environment "tfstate", field name: "tfstate" is reserved');
  });

  it('duplicate environment names', () => {
    expect(messageFor((c) => (env(c, 'stage').name = 'test'))).toContain('field name: duplicate environment name "test"');
  });

  it('ECS Exec in production', () => {
    expect(messageFor((c) => (env(c, 'prod').execEnabled = true))).toContain('environment "prod", field execEnabled: ECS Exec must stay off in a production environment');
  });

  it('Fargate Spot in production', () => {
    expect(messageFor((c) => (svc(c, 'prod', 'auth').spot = true))).toContain('environment "prod", field services[auth].spot: Fargate Spot is not allowed in a production environment');
  });

  it('a secret-looking plaintext environment variable', () => {
    expect(messageFor((c) => (svc(c, 'test', 'auth').environment = { DB_PASSWORD: 'hunter2' }))).toContain(
      'environment "test", field services[auth].environment.DB_PASSWORD: "DB_PASSWORD" looks like a secret; declare it in "secrets"',
    );
  });

  it('listener priority collision', () => {
    expect(
      messageFor((c) => {
        svc(c, 'prod', 'auth').routes = [{ path: '/auth', priority: 10 }];
        svc(c, 'prod', 'reminder').routes = [{ path: '/reminder', priority: 10 }];
      }),
    ).toContain('listener rule priority 10 of "/reminder" collides with "/auth" of service "auth" in environment "prod" on the shared ALB: choose another priority');
  });

  it('moves a derived priority that clashes, instead of failing', () => {
    const cfg = configWithEdit((c) => (svc(c, 'prod', 'auth').routes = [{ path: '/auth', priority: derivedPriority('/reminder') }]));
    const reminder = cfg.environments.find((e) => e.name === 'prod')!.services.find((x) => x.name === 'reminder')!;
    expect(reminder.routes[0].priority).toBe(derivedPriority('/reminder#1'));
  });

  it('more than 5 condition values on one rule', () => {
    expect(messageFor((c) => (env(c, 'stage').allowedSourceCidrs = ['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16']))).toContain(
      'the listener rule would have 6 condition values (2 path patterns + 4 source CIDRs); ALB allows at most 5',
    );
  });

  it('path pattern over 128 characters', () => {
    expect(messageFor((c) => (svc(c, 'prod', 'auth').routes = [`/${'a'.repeat(130)}`]))).toContain(`is 133 characters; ALB allows at most ${ALB_LIMITS.pathPatternLength}`);
  });

  it('more than 100 rules on one listener, suggesting dedicated ALBs', () => {
    const msg = messageFor((c) => (svc(c, 'prod', 'auth').routes = Array.from({ length: 100 }, (_, i) => ({ path: `/auth${i}`, priority: 1000 + i }))));
    expect(msg).toContain('environments "test", "stage", "prod", field services[*].routes: the shared ALB would need 105 listener rules; ALB allows at most 100 per listener');
    expect(msg).toContain('set "dedicatedAlb: true"');
  });

  it('more than 100 rules on a dedicated ALB, without suggesting what is already set', () => {
    const msg = messageFor((c) => {
      env(c, 'prod').dedicatedAlb = true;
      svc(c, 'prod', 'auth').routes = Array.from({ length: 100 }, (_, i) => `/auth${i}`);
    });
    expect(msg).toContain('environment "prod", field services[*].routes: the dedicated ALB of "prod" would need 101 listener rules');
    expect(msg).toContain('this environment already has its own ALB');
    expect(msg).not.toContain('set "dedicatedAlb: true"');
  });

  it('reports every problem at once', () => {
    const msg = messageFor((c) => {
      svc(c, 'prod', 'auth').port = 80;
      c.shared.network.vpcCidr = 'nope';
    });
    expect(msg).toMatch(/^Invalid configuration \(2 problems\); nothing was synthesized:/);
  });
});

describe('physical names', () => {
  it('refuses an ALB name over 32 characters', () => {
    expect(() => names.alb('a'.repeat(20), 'b'.repeat(12))).toThrow(new NameError('alb', `${'a'.repeat(20)}-${'b'.repeat(12)}`, 'is 33 characters; AWS allows at most 32'));
  });

  it('refuses an IAM role name over 64 characters', () => {
    expect(() => names.executionRole('p'.repeat(20), 'e'.repeat(20), 's'.repeat(20))).toThrow('iamRole name "pppp');
    expect(() => names.executionRole('p'.repeat(20), 'e'.repeat(20), 's'.repeat(20))).toThrow('is 67 characters; AWS allows at most 64');
  });

  it('refuses an ALB name starting with "internal-"', () => {
    expect(() => names.alb('internal', 'x')).toThrow('is not allowed');
  });

  it('accepts names at the limit', () => {
    expect(names.alb('a'.repeat(20), 'b'.repeat(11))).toHaveLength(32);
  });
});
