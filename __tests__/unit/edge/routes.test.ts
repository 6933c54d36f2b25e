import { names } from '../../../model/names';
import { serviceTargetGroup } from '../../../model/target-group';
import { derivedPriority } from '../../../model/listener';
import { EXAMPLE_ENVIRONMENTS, example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';
import { Json, Synthesized } from '../../../verify/tfjson';
import { checkOidcRules } from '../../../verify/routes';

// The route allow-list on any configuration (equal to the configured routes, no catch-all,
// 404 default, unique priorities) is the invariant suite's: __tests__/invariants/routes.test.ts.
const config = example();
const out = synthBeforeAll(config);
/** A service's target group name (its digest covers the port and the VPC, see model/target-group.ts). */
const tgName = (env: string, svc: string, port: number) => names.targetGroup('acme', env, svc, serviceTargetGroup(port, config.shared.network.vpcCidr));

/** Every listener rule in every stack as "listener-stack pattern,pattern -> target group name". */
function forwarded(s: Synthesized): string[] {
  return s.resources('aws_lb_listener_rule').map((r) => {
    const listener = s.mustResolve(r.stack, r.body.listener_arn);
    const patterns = r.body.condition.flatMap((c: { path_pattern?: { values: string[] } }) => c.path_pattern?.values ?? []);
    const forward = r.body.action.filter((a: { type: string }) => a.type === 'forward');
    expect(forward).toHaveLength(1);
    const tg = s.mustResolve(r.stack, forward[0].target_group_arn);
    return `${listener.stack}:${listener.body.port} ${patterns.join(',')} -> ${tg.body.name}`;
  });
}

describe('route allow-list', () => {
  it('forwards exactly the spec\'s routes with the environment prefix, and nothing else', () => {
    expect(forwarded(out).sort()).toEqual(
      [
        `shared:443 /test/auth,/test/auth/* -> ${tgName('test', 'auth', 3000)}`,
        `shared:443 /test/reminder,/test/reminder/* -> ${tgName('test', 'reminder', 3001)}`,
        `shared:443 /stage/auth,/stage/auth/* -> ${tgName('stage', 'auth', 3000)}`,
        `shared:443 /stage/reminder,/stage/reminder/* -> ${tgName('stage', 'reminder', 3001)}`,
        `shared:443 /auth,/auth/* -> ${tgName('prod', 'auth', 3000)}`,
        `shared:443 /reminder,/reminder/* -> ${tgName('prod', 'reminder', 3001)}`,
      ].sort(),
    );
  });

  it('gives each rule its path-derived priority when nothing clashes and there is no record', () => {
    const rules = out.resources('aws_lb_listener_rule');
    for (const r of rules) {
      const path = r.body.condition[0].path_pattern.values[0];
      expect(r.body.priority).toBe(derivedPriority(path));
    }
  });

  it('keeps existing priorities and rule IDs when a service is added', () => {
    const grown = synth(
      example((c) => c.environments.forEach((e) => e.services.unshift({ name: 'billing', port: 3002, routes: ['/billing'], cpu: 256, memory: 512 }))),
    );
    const before = new Map(out.resources('aws_lb_listener_rule').map((r) => [`${r.stack}/${r.name}`, r.body.priority]));
    const after = new Map(grown.resources('aws_lb_listener_rule').map((r) => [`${r.stack}/${r.name}`, r.body.priority]));
    expect(after.size).toBe(before.size + 3);
    for (const [id, priority] of before) expect(after.get(id)).toBe(priority);
  });
});

describe.each(EXAMPLE_ENVIRONMENTS)('routes of %s', (env) => {
  it('are open to any source and need no login by default', () => {
    const rules = out.resources('aws_lb_listener_rule', env);
    expect(rules.length).toBe(2);
    for (const r of rules) {
      expect(r.body.condition.some((c: object) => 'source_ip' in c)).toBe(false);
      expect(r.body.action.map((a: { type: string }) => a.type)).toEqual(['forward']);
    }
    expect(out.stack(env).variable?.oidc_client_secret).toBeUndefined();
  });
});

describe('source-IP restriction (option)', () => {
  const cidrs = ['203.0.113.0/24', '198.51.100.10/32'];
  const restricted = synthBeforeAll(() => example((c) => (c.environments[1].allowedSourceCidrs = cidrs)));

  it('limits every stage rule to the allowed networks', () => {
    const rules = restricted.resources('aws_lb_listener_rule', 'stage');
    expect(rules).toHaveLength(2);
    for (const r of rules) expect(r.body.condition).toContainEqual({ source_ip: { values: cidrs } });
  });

  it('leaves the other environments open', () => {
    for (const env of ['test', 'prod']) {
      for (const r of restricted.resources('aws_lb_listener_rule', env)) expect(r.body.condition.some((c: object) => 'source_ip' in c)).toBe(false);
    }
  });
});

describe('OIDC at the ALB (option)', () => {
  const oidc = {
    issuer: 'https://login.example.com',
    authorizationEndpoint: 'https://login.example.com/authorize',
    tokenEndpoint: 'https://login.example.com/token',
    userInfoEndpoint: 'https://login.example.com/userinfo',
    clientId: 'qa-portal',
  };
  const withOidc = synthBeforeAll(() => example((c) => (c.environments[1].oidc = oidc)));

  it('authenticates before forwarding on every stage rule, with the secret from a sensitive variable', () => {
    for (const r of withOidc.resources('aws_lb_listener_rule', 'stage')) {
      expect(r.body.action.map((a: { type: string; order: number }) => `${a.order}:${a.type}`)).toEqual(['1:authenticate-oidc', '2:forward']);
      expect(r.body.action[0].authenticate_oidc).toMatchObject({ issuer: oidc.issuer, client_id: 'qa-portal', client_secret: '${var.oidc_client_secret}' });
    }
    expect(withOidc.stack('stage').variable.oidc_client_secret).toMatchObject({ sensitive: true });
  });

  it('leaves prod without a login step', () => {
    for (const r of withOidc.resources('aws_lb_listener_rule', 'prod')) expect(r.body.action.map((a: { type: string }) => a.type)).toEqual(['forward']);
  });

  it('sends unauthenticated requests to the login, and verify refuses every weakened login step', () => {
    const config = example((c) => (c.environments[1].oidc = oidc));
    expect(checkOidcRules(withOidc, config)).toEqual([]);
    for (const r of withOidc.resources('aws_lb_listener_rule', 'stage')) expect(r.body.action[0].authenticate_oidc.on_unauthenticated_request).toBe('authenticate');
    const weakened = (edit: (action: Json[]) => void) => {
      const stacks = structuredClone(withOidc.stacks) as Record<string, Json>;
      const rules = stacks.stage.resource.aws_lb_listener_rule;
      edit(rules[Object.keys(rules)[0]].action);
      return checkOidcRules(new Synthesized(stacks), config).map((p) => p.rule);
    };
    expect(weakened((a) => (a[0].authenticate_oidc.on_unauthenticated_request = 'allow'))).toEqual(['authenticate_oidc.on_unauthenticated_request is "allow"; stage\'s login needs "authenticate"']);
    expect(weakened((a) => (a[0].authenticate_oidc.on_unauthenticated_request = 'deny'))).toEqual(['authenticate_oidc.on_unauthenticated_request is "deny"; stage\'s login needs "authenticate"']);
    expect(weakened((a) => (a[0].authenticate_oidc.issuer = 'https://evil.example.com'))).toEqual(['authenticate_oidc.issuer is "https://evil.example.com"; stage\'s login needs "https://login.example.com"']);
    expect(weakened((a) => (a[0].authenticate_oidc.client_secret = 'literal'))).toEqual(['authenticate_oidc.client_secret is "literal"; stage\'s login needs "${var.oidc_client_secret}"']);
    expect(weakened((a) => a.splice(0, 1))).toEqual(['must log in with OIDC and then forward (has forward)']);
    expect(checkOidcRules(withOidc, example())).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'has a login step (authenticate-oidc, forward) although stage configures no oidc' })]));
  });
});
