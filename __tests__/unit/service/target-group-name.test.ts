/**
 * Target groups are replaced with `create_before_destroy`, so a replacement must never keep
 * the old name. Rule: the name changes whenever a replacement-forcing attribute changes
 * (hashicorp/aws 6.25: port, protocol, protocol_version, target_type, ip_address_type, vpc_id)
 * and does not change otherwise, within the 32-character limit.
 */
import fc from 'fast-check';
import { AppConfig } from '../../../environments';
import { NAME_RULES, names } from '../../../model/names';
import { TARGET_GROUP_REPLACING_ATTRIBUTES, TargetGroupIdentity, serviceTargetGroup } from '../../../model/target-group';
import { example } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const slug = (max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9-]{0,${max - 2}}[a-z0-9]$`));
const octet = fc.integer({ min: 0, max: 255 });
const identity: fc.Arbitrary<TargetGroupIdentity> = fc.record({
  port: fc.integer({ min: 1, max: 65535 }),
  protocol: fc.constantFrom('HTTP' as const, 'HTTPS' as const),
  protocolVersion: fc.constantFrom('HTTP1' as const, 'HTTP2' as const, 'GRPC' as const),
  targetType: fc.constantFrom('ip' as const, 'instance' as const, 'alb' as const, 'lambda' as const),
  ipAddressType: fc.constantFrom('ipv4' as const, 'ipv6' as const),
  vpcCidr: fc.tuple(octet, octet, fc.integer({ min: 16, max: 24 })).map(([a, b, p]) => `10.${a}.${b}.0/${p}`),
});
const keys = Object.keys(TARGET_GROUP_REPLACING_ATTRIBUTES) as Array<keyof TargetGroupIdentity>;

/** The identity with one field changed to another value of the same arbitrary. */
const changedOne = fc.tuple(identity, identity, fc.constantFrom(...keys)).filter(([a, b, k]) => a[k] !== b[k]).map(([a, b, k]) => [a, { ...a, [k]: b[k] }, k] as const);

describe('target group name', () => {
  it('changes whenever one replacement-forcing attribute changes', () => {
    fc.assert(
      fc.property(slug(12), slug(12), slug(20), changedOne, (project, env, service, [before, after, key]) => {
        let a: string;
        try {
          a = names.targetGroup(project, env, service, before);
        } catch {
          return; // too long for AWS: refused at synth (see below)
        }
        expect([key, names.targetGroup(project, env, service, after)]).not.toEqual([key, a]);
      }),
      { seed: 10_9, numRuns: 100 },
    );
  });

  it('depends on nothing else: the same attributes always give the same name', () => {
    fc.assert(
      fc.property(identity, (id) => {
        expect(names.targetGroup('acme', 'test', 'auth', { ...id })).toBe(names.targetGroup('acme', 'test', 'auth', JSON.parse(JSON.stringify(id))));
      }),
      { seed: 10_9, numRuns: 50 },
    );
  });

  it('is a valid target group name of at most 32 characters, or the configuration is refused', () => {
    fc.assert(
      fc.property(slug(12), slug(12), slug(20), identity, (project, env, service, id) => {
        const base = `${project}-${env}-${service}`;
        if (base.length + 5 > NAME_RULES.targetGroup.max) {
          expect(() => names.targetGroup(project, env, service, id)).toThrow(/AWS allows at most 32/);
        } else {
          const name = names.targetGroup(project, env, service, id);
          expect(name).toMatch(NAME_RULES.targetGroup.pattern);
          expect(name.length).toBeLessThanOrEqual(32);
          expect(name.startsWith(`${base}-`)).toBe(true);
        }
      }),
      { seed: 10_9, numRuns: 100 },
    );
  });
});

/** Every synthesized target group: its name, and the identity read back from its own attributes. */
function targetGroups(config: AppConfig) {
  const out = synth(config);
  return config.environments.flatMap((env) =>
    out.resources('aws_ecs_service', env.name).map((s) => {
      const tg = out.mustResolve(env.name, s.body.load_balancer[0].target_group_arn);
      const b = tg.body;
      const id: TargetGroupIdentity = { port: b.port, protocol: b.protocol, protocolVersion: b.protocol_version, targetType: b.target_type, ipAddressType: b.ip_address_type, vpcCidr: config.shared.network.vpcCidr };
      return { env: env.name, service: s.body.name as string, tg, id };
    }),
  );
}

describe('synthesized target groups', () => {
  const config = example();
  let groups: ReturnType<typeof targetGroups>;
  beforeAll(() => {
    groups = targetGroups(config);
  });

  it('set every replacement-forcing attribute explicitly and carry exactly those in their name', () => {
    expect(groups.length).toBe(config.environments.reduce((n, e) => n + e.services.length, 0));
    for (const { env, service, tg, id } of groups) {
      for (const attr of Object.values(TARGET_GROUP_REPLACING_ATTRIBUTES)) expect(tg.body[attr]).toBeDefined();
      expect(tg.body.name).toBe(names.targetGroup('acme', env, service, id));
      expect(tg.body.lifecycle).toEqual({ create_before_destroy: true });
    }
  });

  it('are unique across every environment', () => {
    const all = groups.map((g) => g.tg.body.name);
    expect(new Set(all).size).toBe(all.length);
  });

  it('get a new name when the port or the VPC block changes, and keep it for any other change', () => {
    const nameOf = (c: AppConfig) => targetGroups(c).find((g) => g.env === 'test' && g.service === 'auth')!.tg.body.name;
    const before = nameOf(config);
    expect(nameOf(example((c) => (c.environments[0].services[0].port = 3005)))).not.toBe(before);
    expect(nameOf(example((c) => (c.shared.network.vpcCidr = '10.41.0.0/16')))).not.toBe(before);
    const same = example((c) => {
      const svc = c.environments[0].services[0];
      svc.healthCheckPath = '/ready';
      svc.desiredCount = 5;
      svc.cpu = 512;
      svc.memory = 1024;
      svc.routes = ['/auth', '/login'];
    });
    expect(nameOf(same)).toBe(before);
  });

  it('refuses two environments whose target group names would collide', () => {
    expect(() =>
      example((c) => {
        c.environments[0].name = 'te';
        c.environments[0].services[0].name = 'st-auth';
        c.environments[1].name = 'te-st';
        c.environments[1].services[0].name = 'auth';
      }),
    ).toThrow(/environment "te-st", field services\[auth\]\.name: target group name "acme-te-st-auth-[0-9a-z]{4}", IAM role name "acme-te-st-auth-exec", .* are also service "st-auth" in environment "te"'s/);
  });

  it('follows the model for the service\'s target group', () => {
    for (const { id } of groups) expect(id).toEqual(serviceTargetGroup(id.port, config.shared.network.vpcCidr));
  });
});
