/** The listener rules of the synthesized app against the route allow-list of the config. */
import { AppConfig } from '../environments/config';
import { names } from '../model/names';
import { serviceTargetGroup } from '../model/target-group';
import { TLS_POLICY, routePatterns } from '../model/listener';
import { TEST_RULE_SUFFIX, testRuleKey } from '../model/priority-record';
import { Synthesized } from './tfjson';

export interface Problem {
  /** The resource (stack:type.name) or config item concerned. */
  readonly where: string;
  /** The rule of the model that it breaks. */
  readonly rule: string;
}

type Condition = { path_pattern?: { values: string[] }; http_header?: { http_header_name: string; values: string[] } };
type Action = { type: string; target_group_arn?: string; forward?: { target_group?: Array<{ arn: string }> } };

/** The header a blue/green test rule matches, as it appears in route keys: " [name=value]". */
const headerTag = (h: { name: string; value: string }) => ` [${h.name}=${h.value}]`;
const ruleHeader = (conditions: Condition[]) => conditions.map((c) => c.http_header).find(Boolean);

/**
 * "listener-stack:port patterns [header] -> target group names" for every listener rule: a
 * rolling rule forwards to one group, a blue/green rule to the service's pair (primary first).
 */
export function actualRoutes(s: Synthesized): Array<{ key: string; where: string }> {
  return s.resources('aws_lb_listener_rule').map((r) => {
    const listener = s.mustResolve(r.stack, r.body.listener_arn);
    const conditions: Condition[] = r.body.condition ?? [];
    const patterns = conditions.flatMap((c) => c.path_pattern?.values ?? []);
    const header = ruleHeader(conditions);
    const targets = (r.body.action ?? [])
      .filter((a: Action) => a.type === 'forward')
      .flatMap((a: Action) => (a.target_group_arn ? [a.target_group_arn] : (a.forward?.target_group ?? []).map((g) => g.arn)))
      .map((arn: string) => s.resolve(r.stack, arn)?.resource.body.name ?? String(arn));
    const tag = header ? headerTag({ name: header.http_header_name, value: header.values.join('|') }) : '';
    return { key: `${listener.stack}:${listener.body.port} ${patterns.join(',')}${tag} -> ${targets.join(',') || '(no forward)'}`, where: `${r.stack}:aws_lb_listener_rule.${r.name}` };
  });
}

/** The rules the allow-list calls for: one per route, and with blue/green both groups on it and a test rule per route when the environment has a test header. */
export function expectedRoutes(config: AppConfig): string[] {
  const { project, network } = config.shared;
  return config.environments.flatMap((e) =>
    e.services.flatMap((svc) => {
      const identity = serviceTargetGroup(svc.port, network.vpcCidr);
      const groups = [names.targetGroup(project, e.name, svc.name, identity), ...(e.blueGreen ? [names.targetGroup(project, e.name, svc.name, identity, 'alternate')] : [])].join(',');
      const listener = `${e.dedicatedAlb ? e.name : 'shared'}:443`;
      const header = e.blueGreen?.testHeader;
      return svc.routes.flatMap((r) => [
        `${listener} ${routePatterns(r.path).join(',')} -> ${groups}`,
        ...(header ? [`${listener} ${routePatterns(r.path).join(',')}${headerTag(header)} -> ${groups}`] : []),
      ]);
    }),
  );
}

/**
 * Listener-rule priorities: unique per listener, and each the one the configuration (with
 * its priority record) gives the route, so what is planned is what the record keeps.
 */
export function checkPriorities(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [];
  const want = new Map<string, number>();
  for (const e of config.environments) {
    for (const svc of e.services) {
      for (const r of svc.routes) {
        want.set(`${e.dedicatedAlb ? e.name : 'shared'} ${r.path}`, r.priority);
        if (r.testPriority !== undefined) want.set(`${e.dedicatedAlb ? e.name : 'shared'} ${testRuleKey(r.path)}`, r.testPriority);
      }
    }
  }
  const seen = new Map<string, string>();
  const byKey = new Map<string, { priority: number; where: string }>();
  for (const r of s.resources('aws_lb_listener_rule')) {
    const where = `${r.stack}:aws_lb_listener_rule.${r.name}`;
    const listener = s.mustResolve(r.stack, r.body.listener_arn);
    const conditions: Condition[] = r.body.condition ?? [];
    const path = conditions.flatMap((c) => c.path_pattern?.values ?? [])[0];
    const key = ruleHeader(conditions) ? testRuleKey(path) : path;
    const slot = `${listener.stack}/${listener.name} ${r.body.priority}`;
    const other = seen.get(slot);
    if (other) problems.push({ where, rule: `priority ${r.body.priority} is also used by ${other} on the same listener` });
    seen.set(slot, where);
    byKey.set(`${listener.stack}/${listener.name} ${key}`, { priority: r.body.priority, where });
    const expected = want.get(`${listener.stack} ${key}`);
    if (expected !== undefined && expected !== r.body.priority) problems.push({ where, rule: `priority ${r.body.priority} for "${key}"; the configuration and its priority record give ${expected}` });
  }
  // A test rule matches its route's path too: the ALB only reaches it if it is numbered first.
  for (const [key, test] of byKey) {
    if (!key.endsWith(TEST_RULE_SUFFIX)) continue;
    const route = byKey.get(key.slice(0, -TEST_RULE_SUFFIX.length));
    if (route && test.priority >= route.priority) problems.push({ where: test.where, rule: `blue/green test rule priority ${test.priority} is not below its route's ${route.priority}: the route's rule would match first and the test rule never` });
  }
  return problems;
}

/** Blue/green rules leave their action to ECS (it moves the weights); a rolling rule's action stays Terraform's. */
export function checkBlueGreenRules(s: Synthesized): Problem[] {
  return s.resources('aws_lb_listener_rule').flatMap((r) => {
    const weighted = (r.body.action ?? []).some((a: Action) => (a.forward?.target_group ?? []).length > 1);
    const ignored = (r.body.lifecycle?.ignore_changes ?? []).includes('action');
    const where = `${r.stack}:aws_lb_listener_rule.${r.name}`;
    if (weighted && !ignored) return [{ where, rule: 'forwards to a blue/green pair but Terraform manages its weights: the next apply would send traffic back to the group ECS emptied (lifecycle.ignore_changes = [action])' }];
    if (!weighted && ignored) return [{ where, rule: 'ignores changes to its action but is not a blue/green rule: a changed target group would never reach it' }];
    return [];
  });
}

/**
 * An environment with `oidc` logs in before it forwards, on every rule (route and test rules):
 * an authenticate-oidc action first, with the configured issuer, endpoints and client, the client
 * secret from the sensitive variable, and unauthenticated requests sent to the login
 * (`on_unauthenticated_request = authenticate`; "allow" would forward them anonymously, "deny"
 * would answer 401 to every new visitor). An environment without `oidc` has no login step.
 */
export function checkOidcRules(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [];
  for (const e of config.environments) {
    for (const r of s.resources('aws_lb_listener_rule', e.name)) {
      const where = `${r.stack}:aws_lb_listener_rule.${r.name}`;
      const actions = [...(r.body.action ?? [])].sort((a: { order: number }, b: { order: number }) => a.order - b.order);
      const types = actions.map((a: { type: string }) => a.type);
      if (!e.oidc) {
        if (types.some((t: string) => t.startsWith('authenticate'))) problems.push({ where, rule: `has a login step (${types.join(', ')}) although ${e.name} configures no oidc` });
        continue;
      }
      if (types.join() !== 'authenticate-oidc,forward') {
        problems.push({ where, rule: `must log in with OIDC and then forward (has ${types.join(', ')})` });
        continue;
      }
      const got = actions[0].authenticate_oidc ?? {};
      const want = { issuer: e.oidc.issuer, authorization_endpoint: e.oidc.authorizationEndpoint, token_endpoint: e.oidc.tokenEndpoint, user_info_endpoint: e.oidc.userInfoEndpoint, client_id: e.oidc.clientId, client_secret: '${var.oidc_client_secret}', on_unauthenticated_request: 'authenticate' };
      for (const [k, v] of Object.entries(want)) if (got[k] !== v) problems.push({ where, rule: `authenticate_oidc.${k} is ${JSON.stringify(got[k])}; ${e.name}'s login needs ${JSON.stringify(v)}` });
    }
  }
  return problems;
}

/** Every listener rule must be on the allow-list (and vice versa); listeners keep their safe defaults. */
export function checkRoutes(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [...checkPriorities(s, config), ...checkBlueGreenRules(s), ...checkOidcRules(s, config)];
  const expected = new Set(expectedRoutes(config));
  const actual = actualRoutes(s);
  for (const a of actual) {
    if (!expected.has(a.key)) problems.push({ where: a.where, rule: `listener rule "${a.key}" is not on the route allow-list` });
    const patterns = a.key.split(' ')[1] ?? '';
    if (patterns.split(',').some((p) => /^\/?\*$/.test(p) || /\*/.test(p.replace(/\/\*$/, '')))) problems.push({ where: a.where, rule: `catch-all or wildcard path pattern "${patterns}"` });
  }
  const actualKeys = new Set(actual.map((a) => a.key));
  for (const e of expected) if (!actualKeys.has(e)) problems.push({ where: 'listener rules', rule: `allow-listed route "${e}" has no listener rule` });
  for (const l of s.resources('aws_lb_listener')) {
    const where = `${l.stack}:aws_lb_listener.${l.name}`;
    const types = (l.body.default_action ?? []).map((d: { type: string }) => d.type);
    if (l.body.port === 80 && (l.body.protocol !== 'HTTP' || types.join() !== 'redirect' || l.body.default_action[0].redirect?.protocol !== 'HTTPS')) {
      problems.push({ where, rule: 'the :80 listener must only redirect to HTTPS' });
    } else if (l.body.port === 443 && (l.body.ssl_policy !== TLS_POLICY || types.join() !== 'fixed-response' || l.body.default_action[0].fixed_response?.status_code !== '404')) {
      problems.push({ where, rule: `the :443 listener must use ${TLS_POLICY} and answer 404 by default` });
    } else if (l.body.port !== 80 && l.body.port !== 443) problems.push({ where, rule: `unexpected listener on port ${l.body.port}` });
  }
  return problems;
}
