/**
 * The RouteRules construct on its own (constructs/edge/route-rules.ts), synthesized in a bare
 * scope with pinned props: one listener rule per route and nothing else that forwards; the
 * action for rolling, blue/green and OIDC; the source allow-list and test-header conditions;
 * the lifecycle that lets ECS own blue/green weights; and the inputs it refuses. The stack-level
 * tests (routes, blue-green, source-allow-lists) check the same through a configuration.
 */
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { RouteRules, RouteRulesProps } from '../../../constructs/edge/route-rules';

type Rule = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROUTES: RouteRulesProps['routes'] = [
  { path: '/dev/orders', priority: 4100, explicitPriority: false, testPriority: 310 },
  { path: '/dev/orders/admin', priority: 77, explicitPriority: true, testPriority: 12 },
];
const BASE = { listenerArn: 'arn:listener', targetGroupArn: 'arn:tg-blue', routes: ROUTES };
const OIDC = {
  issuer: 'https://idp.example.org',
  authorizationEndpoint: 'https://idp.example.org/authorize',
  tokenEndpoint: 'https://idp.example.org/token',
  userInfoEndpoint: 'https://idp.example.org/userinfo',
  clientId: 'client-1',
  clientSecret: 'shh',
};
const BLUE_GREEN = { alternateTargetGroupArn: 'arn:tg-green', strategy: 'terraform_data.strategy' };

/** The listener rules a RouteRules with these props synthesizes, by Terraform name. */
function rules(props: RouteRulesProps): Record<string, Rule> {
  const out = JSON.parse(Testing.synthScope((scope: Construct) => void new RouteRules(scope, 'rules', props)));
  return out.resource?.aws_lb_listener_rule ?? {};
}
const byPriority = (r: Record<string, Rule>) => Object.values(r).sort((a, b) => a.priority - b.priority);
const paths = { path_pattern: { values: ['/dev/orders', '/dev/orders/*'] } };
const adminPaths = { path_pattern: { values: ['/dev/orders/admin', '/dev/orders/admin/*'] } };

describe('RouteRules (rolling deployments)', () => {
  it('writes one rule per route, at its priority on the listener, forwarding its path and sub-paths to the target group', () => {
    const r = rules(BASE);
    expect(Object.keys(r)).toHaveLength(2);
    expect(byPriority(r)).toEqual([
      { listener_arn: 'arn:listener', priority: 77, action: [{ type: 'forward', target_group_arn: 'arn:tg-blue' }], condition: [adminPaths] },
      { listener_arn: 'arn:listener', priority: 4100, action: [{ type: 'forward', target_group_arn: 'arn:tg-blue' }], condition: [paths] },
    ]);
  });

  it('matches only the allow-listed sources when there are any, and every source when the list is empty', () => {
    const [rule] = byPriority(rules({ ...BASE, routes: [ROUTES[0]], sourceCidrs: ['203.0.113.0/24', '2001:db8::/32'] }));
    expect(rule.condition).toEqual([paths, { source_ip: { values: ['203.0.113.0/24', '2001:db8::/32'] } }]);
    for (const sourceCidrs of [[], undefined]) {
      expect(byPriority(rules({ ...BASE, routes: [ROUTES[0]], sourceCidrs }))[0].condition).toEqual([paths]);
    }
  });

  it('authenticates with OIDC first, sending unauthenticated requests to the IdP, and forwards second', () => {
    for (const rule of byPriority(rules({ ...BASE, oidc: OIDC }))) {
      expect(rule.action).toEqual([
        {
          type: 'authenticate-oidc',
          order: 1,
          authenticate_oidc: {
            issuer: 'https://idp.example.org',
            authorization_endpoint: 'https://idp.example.org/authorize',
            token_endpoint: 'https://idp.example.org/token',
            user_info_endpoint: 'https://idp.example.org/userinfo',
            client_id: 'client-1',
            client_secret: 'shh',
            on_unauthenticated_request: 'authenticate',
          },
        },
        { type: 'forward', order: 2, target_group_arn: 'arn:tg-blue' },
      ]);
      expect(rule.lifecycle).toBeUndefined();
    }
  });
});

describe('RouteRules (ECS blue/green)', () => {
  it('forwards to both groups, all traffic to the first, and leaves the weights to ECS: the action is ignored after create and the rule is replaced when the strategy changes', () => {
    const r = rules({ ...BASE, blueGreen: BLUE_GREEN });
    expect(Object.keys(r)).toHaveLength(2);
    for (const rule of Object.values(r)) {
      expect(rule.action).toEqual([{ type: 'forward', forward: { target_group: [{ arn: 'arn:tg-blue', weight: 1 }, { arn: 'arn:tg-green', weight: 0 }] } }]);
      expect(rule.lifecycle).toEqual({ ignore_changes: ['action'], replace_triggered_by: ['terraform_data.strategy'] });
    }
  });

  it('adds a test rule per route at its test priority, matching the path and the test header, with the same sources and action', () => {
    const props = { ...BASE, sourceCidrs: ['198.51.100.0/24'], blueGreen: { ...BLUE_GREEN, testHeader: { name: 'X-Canary', value: 'yes' } } };
    const r = byPriority(rules(props));
    expect(r.map((x) => x.priority)).toEqual([12, 77, 310, 4100]);
    const header = { http_header: { http_header_name: 'X-Canary', values: ['yes'] } };
    const source = { source_ip: { values: ['198.51.100.0/24'] } };
    expect(r.map((x) => x.condition)).toEqual([[adminPaths, header, source], [adminPaths, source], [paths, header, source], [paths, source]]);
    for (const rule of r) {
      expect(rule.listener_arn).toBe('arn:listener');
      expect(rule.action).toEqual([{ type: 'forward', forward: { target_group: [{ arn: 'arn:tg-blue', weight: 1 }, { arn: 'arn:tg-green', weight: 0 }] } }]);
      expect(rule.lifecycle).toEqual({ ignore_changes: ['action'], replace_triggered_by: ['terraform_data.strategy'] });
    }
  });

  it('writes no test rule without a test header', () => {
    expect(byPriority(rules({ ...BASE, blueGreen: BLUE_GREEN })).map((x) => x.priority)).toEqual([77, 4100]);
  });

  it('refuses what validation refuses before it: OIDC with blue/green, and a test header on a route without a test priority', () => {
    expect(() => rules({ ...BASE, oidc: OIDC, blueGreen: BLUE_GREEN })).toThrow('ECS blue/green does not support rules that authenticate before forwarding (validation refuses it)');
    const routes = [{ path: '/dev/orders', priority: 4100, explicitPriority: false }];
    expect(() => rules({ ...BASE, routes, blueGreen: { ...BLUE_GREEN, testHeader: { name: 'X-Canary', value: 'yes' } } })).toThrow('route "/dev/orders" has no test-rule priority');
    expect(() => rules({ ...BASE, routes, blueGreen: BLUE_GREEN })).not.toThrow();
  });
});
