/** The listener rules of the synthesized app against the route allow-list of the config. */
import { AppConfig } from '../environments/config';
import { names } from '../model/names';
import { serviceTargetGroup } from '../model/target-group';
import { TLS_POLICY, routePatterns } from '../model/listener';
import { Synthesized } from './tfjson';

export interface Problem {
  /** The resource (stack:type.name) or config item concerned. */
  readonly where: string;
  /** The rule of the model that it breaks. */
  readonly rule: string;
}

/** "listener-stack:port patterns -> target group name" for every listener rule. */
export function actualRoutes(s: Synthesized): Array<{ key: string; where: string }> {
  return s.resources('aws_lb_listener_rule').map((r) => {
    const listener = s.mustResolve(r.stack, r.body.listener_arn);
    const patterns = (r.body.condition ?? []).flatMap((c: { path_pattern?: { values: string[] } }) => c.path_pattern?.values ?? []);
    const targets = (r.body.action ?? [])
      .filter((a: { type: string }) => a.type === 'forward')
      .map((a: { target_group_arn: string }) => s.resolve(r.stack, a.target_group_arn)?.resource.body.name ?? String(a.target_group_arn));
    return { key: `${listener.stack}:${listener.body.port} ${patterns.join(',')} -> ${targets.join(',') || '(no forward)'}`, where: `${r.stack}:aws_lb_listener_rule.${r.name}` };
  });
}

/** The rules the allow-list calls for. */
export function expectedRoutes(config: AppConfig): string[] {
  return config.environments.flatMap((e) =>
    e.services.flatMap((svc) =>
      svc.routes.map((r) => `${e.dedicatedAlb ? e.name : 'shared'}:443 ${routePatterns(r.path).join(',')} -> ${names.targetGroup(config.shared.project, e.name, svc.name, serviceTargetGroup(svc.port, config.shared.network.vpcCidr))}`),
    ),
  );
}

/**
 * Listener-rule priorities: unique per listener, and each the one the configuration (with
 * its priority record) gives the route, so what is planned is what the record keeps.
 */
export function checkPriorities(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [];
  const want = new Map<string, number>();
  for (const e of config.environments) for (const svc of e.services) for (const r of svc.routes) want.set(`${e.dedicatedAlb ? e.name : 'shared'} ${r.path}`, r.priority);
  const seen = new Map<string, string>();
  for (const r of s.resources('aws_lb_listener_rule')) {
    const where = `${r.stack}:aws_lb_listener_rule.${r.name}`;
    const listener = s.mustResolve(r.stack, r.body.listener_arn);
    const path = (r.body.condition ?? []).flatMap((c: { path_pattern?: { values: string[] } }) => c.path_pattern?.values ?? [])[0];
    const slot = `${listener.stack}/${listener.name} ${r.body.priority}`;
    const other = seen.get(slot);
    if (other) problems.push({ where, rule: `priority ${r.body.priority} is also used by ${other} on the same listener` });
    seen.set(slot, where);
    const expected = want.get(`${listener.stack} ${path}`);
    if (expected !== undefined && expected !== r.body.priority) problems.push({ where, rule: `priority ${r.body.priority} for "${path}"; the configuration and its priority record give ${expected}` });
  }
  return problems;
}

/** Every listener rule must be on the allow-list (and vice versa); listeners keep their safe defaults. */
export function checkRoutes(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [...checkPriorities(s, config)];
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
