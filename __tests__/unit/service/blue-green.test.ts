/**
 * ECS native blue/green, on and off, derived from the configuration: with it, each service has
 * a second target group identical but for its name, its route's rule forwards to both (the live
 * one weighted 1) and leaves the weights to ECS, a test rule (when the environment has a test
 * header) comes before it, the ECS service names the pair, the rules and a role that may touch
 * only these, with a bake time; without it, nothing of that exists and deployments roll.
 * Switching it on replaces the rules (their action is ignored afterwards) and nothing else.
 */
import * as path from 'path';
import { AppConfig, EnvironmentConfig, ResolvedService } from '../../../environments';
import { names } from '../../../model/names';
import { serviceTargetGroup } from '../../../model/target-group';
import { Json, Resource, Synthesized } from '../../../verify/tfjson';
import { loadConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const FIXTURES = path.join(__dirname, '../../fixtures/alarms');
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** One service's pieces in the synthesized JSON. */
function pieces(out: Synthesized, config: AppConfig, env: EnvironmentConfig, svc: ResolvedService) {
  const id = serviceTargetGroup(svc.port, config.shared.network.vpcCidr);
  const group = (role: 'primary' | 'alternate') => out.resources('aws_lb_target_group', env.name).find((g) => g.body.name === names.targetGroup(config.shared.project, env.name, svc.name, id, role));
  const service = out.resources('aws_ecs_service', env.name).find((s) => s.body.name === names.ecsService(svc.name))!;
  const rules = out.resources('aws_lb_listener_rule', env.name).filter((r) => r.path.startsWith(`svc-${svc.name}/`));
  const header = (r: Resource) => (r.body.condition as Json[]).some((c) => c.http_header);
  return { primary: group('primary'), alternate: group('alternate'), service, route: rules.filter((r) => !header(r)), test: rules.filter(header) };
}
const forwardsTo = (out: Synthesized, stack: string, rule: Resource) =>
  (rule.body.action as Json[]).map((a) => (a.target_group_arn ? [[out.resolve(stack, a.target_group_arn)!.resource.name, undefined]] : (a.forward.target_group as Json[]).map((g) => [out.resolve(stack, g.arn)!.resource.name, g.weight])));

describe.each([
  ['blue-green.json', 'blue-green.json'],
  ['rolling.json', 'rolling.json'],
])('deployments of %s', (_, file) => {
  let config: AppConfig;
  let out: Synthesized;
  beforeAll(() => {
    config = loadConfigFile(path.join(FIXTURES, file));
    out = synth(config);
  });

  it('blue/green services have a pair of target groups that differ only in name; rolling ones have one', () => {
    for (const env of config.environments) {
      for (const svc of env.services) {
        const { primary, alternate } = pieces(out, config, env, svc);
        expect(primary).toBeDefined();
        if (!env.blueGreen) {
          expect([env.name, svc.name, alternate]).toEqual([env.name, svc.name, undefined]);
          continue;
        }
        const strip = (b: Json) => JSON.stringify({ ...b, name: undefined, '//': undefined });
        expect(strip(alternate!.body)).toEqual(strip(primary!.body));
        expect(alternate!.body.name).not.toEqual(primary!.body.name);
      }
    }
  });

  it('route rules forward to the pair (live weighted 1) and leave the weights to ECS; rolling rules forward to the one group, managed by Terraform', () => {
    for (const env of config.environments) {
      for (const svc of env.services) {
        const { primary, alternate, route } = pieces(out, config, env, svc);
        expect(route).toHaveLength(svc.routes.length);
        for (const rule of route) {
          if (env.blueGreen) {
            expect(forwardsTo(out, env.name, rule)).toEqual([[[primary!.name, 1], [alternate!.name, 0]]]);
            // Replaced when the environment's strategy changes: an ignored action could not be updated in place.
            expect(rule.body.lifecycle).toEqual({ ignore_changes: ['action'], replace_triggered_by: ['terraform_data.deployment-strategy'] });
          } else {
            expect(forwardsTo(out, env.name, rule)).toEqual([[[primary!.name, undefined]]]);
            expect(rule.body.lifecycle).toBeUndefined();
          }
        }
      }
    }
  });

  it('a test rule exists per route exactly when the environment has a test header, numbered below its route, matching the route, the header and the source ranges', () => {
    for (const env of config.environments) {
      for (const svc of env.services) {
        const { primary, alternate, route, test } = pieces(out, config, env, svc);
        const header = env.blueGreen?.testHeader;
        expect([env.name, svc.name, test.length]).toEqual([env.name, svc.name, header ? svc.routes.length : 0]);
        if (!header) continue;
        const [rule, testRule] = [route[0], test[0]];
        expect(testRule.body.priority).toBeLessThan(rule.body.priority);
        expect(testRule.body.priority).toBe(svc.routes[0].testPriority);
        expect(testRule.body.listener_arn).toBe(rule.body.listener_arn);
        expect(testRule.body.condition).toEqual([
          rule.body.condition[0],
          { http_header: { http_header_name: header.name, values: [header.value] } },
          ...(env.allowedSourceCidrs?.length ? [{ source_ip: { values: env.allowedSourceCidrs } }] : []),
        ]);
        expect(forwardsTo(out, env.name, testRule)).toEqual([[[primary!.name, 1], [alternate!.name, 0]]]);
      }
    }
  });

  it('the ECS service deploys blue/green with the bake time, the pair, its rules and its own role; rolling otherwise', () => {
    for (const env of config.environments) {
      for (const svc of env.services) {
        const { primary, alternate, service, route, test } = pieces(out, config, env, svc);
        const lb = service.body.load_balancer[0];
        expect(out.resolve(env.name, lb.target_group_arn)!.resource.name).toBe(primary!.name);
        if (!env.blueGreen) {
          expect(service.body.deployment_configuration).toEqual({ strategy: 'ROLLING' });
          expect(lb.advanced_configuration).toBeUndefined();
          continue;
        }
        expect(service.body.deployment_configuration).toEqual({ strategy: 'BLUE_GREEN', bake_time_in_minutes: String(env.blueGreen.bakeTimeMinutes) });
        const ac = lb.advanced_configuration;
        const ref = (v: string) => out.resolve(env.name, v)?.resource.name;
        expect({ alternate: ref(ac.alternate_target_group_arn), production: ref(ac.production_listener_rule), test: ac.test_listener_rule ? ref(ac.test_listener_rule) : undefined }).toEqual({
          alternate: alternate!.name,
          production: route[0].name,
          test: test[0]?.name,
        });
        const role = out.resolve(env.name, ac.role_arn)!.resource;
        expect(role.body.name).toBe(names.blueGreenRole(config.shared.project, env.name, svc.name));
        expect(JSON.parse(role.body.assume_role_policy).Statement).toEqual([{ Sid: 'EcsInfrastructure', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
        // The role may write to this service's groups and rules only; its reads have no resource-level permissions.
        const policy = out.resources('aws_iam_role_policy', env.name).find((p) => out.resolve(env.name, p.body.role)?.resource.name === role.name)!;
        const statements: Array<{ Action?: string | string[]; Resource?: string | string[] }> = JSON.parse(policy.body.policy).Statement;
        for (const s of statements) {
          const writes = list(s.Action).filter((a) => !/:Describe/.test(a));
          if (writes.length === 0) continue;
          const targets = list(s.Resource).map((r) => ref(r));
          expect(targets.every((t) => t !== undefined && [primary!.name, alternate!.name, route[0].name, test[0]?.name].includes(t))).toBe(true);
        }
        expect(statements.flatMap((s) => list(s.Action)).sort()).toEqual(
          ['DeregisterTargets', 'DescribeListeners', 'DescribeRules', 'DescribeTargetGroups', 'DescribeTargetHealth', 'ModifyRule', 'RegisterTargets'].map((a) => `elasticloadbalancing:${a}`),
        );
      }
    }
  });

  it('the environment’s strategy marker says which strategy it runs', () => {
    for (const env of config.environments) {
      expect(out.stack(env.name).resource.terraform_data['deployment-strategy'].input).toEqual({ strategy: env.blueGreen ? 'BLUE_GREEN' : 'ROLLING' });
    }
  });
});

it('switching blue/green on keeps every resource address and the primary group; it adds the pair’s second half, the role and the test rules, and flips the marker that replaces the rules', () => {
  const on = loadConfigFile(path.join(FIXTURES, 'blue-green.json'));
  const off = loadConfigFile(path.join(FIXTURES, 'blue-green.json'), (raw) => (raw.environments as Json[]).forEach((e) => delete e.blueGreen));
  const [a, b] = [synth(off), synth(on)];
  for (const env of on.environments) {
    const addresses = (s: Synthesized) => new Set(Object.entries(s.stack(env.name).resource as Json).flatMap(([type, rs]) => Object.keys(rs).map((n) => `${type}.${n}`)));
    const [before, after] = [addresses(a), addresses(b)];
    const removed = [...before].filter((x) => !after.has(x));
    const added = [...after].filter((x) => !before.has(x)).map((x) => x.split('.')[0]);
    expect([env.name, removed]).toEqual([env.name, []]);
    const header = env.blueGreen?.testHeader ? env.services.length : 0;
    expect(added.sort()).toEqual(
      [...Array(env.services.length).fill(['aws_iam_role', 'aws_iam_role_policy', 'aws_lb_target_group']).flat(), ...Array(header).fill('aws_lb_listener_rule')].sort(),
    );
    const groups = (s: Synthesized) => s.resources('aws_lb_target_group', env.name).map((g) => `${g.name}=${g.body.name}`);
    for (const g of groups(a)) expect(groups(b)).toContain(g);
    // The routes keep their numbers: the test rules take free ones below them.
    const priorities = (s: Synthesized) => s.resources('aws_lb_listener_rule', env.name).map((r) => `${r.name}=${r.body.priority}`);
    for (const p of priorities(a)) expect(priorities(b)).toContain(p);
  }
});
