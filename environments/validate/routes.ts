/** Routes: the environment prefix applied, then each listener's limits and overlaps (priorities: ./priorities). */
import { EnvironmentConfig, ResolvedRoute } from '../config';
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { ALB_LIMITS } from '../../model/aws-limits';
import { derivedPriority } from '../../model/listener';
import { recoveryWindowDays } from './environments';

/** The environment resolved: each route's full path with `priority` the explicit one or the path's hash until ./priorities assigns the final one, and its secrets' recovery window. */
export function resolveRoutes(env: EnvironmentSchemaOutput): EnvironmentConfig {
  const services = env.services.map((svc) => {
    const routes = svc.routes.map((r): ResolvedRoute => {
      const rel = typeof r === 'string' ? r : r.path;
      const path = `${env.routePrefix}${rel}`;
      const explicit = typeof r === 'string' ? undefined : r.priority;
      return { path, priority: explicit ?? derivedPriority(path), explicitPriority: explicit !== undefined };
    });
    return { ...svc, routes };
  });
  return { ...env, services, secretRecoveryWindowDays: recoveryWindowDays(env) };
}

interface ListenerRoute {
  env: string;
  service: string;
  route: ResolvedRoute;
}

/** Checks route overlap and ALB limits per listener (the shared one, or each dedicated one). */
export function checkListeners(envs: readonly EnvironmentConfig[], issues: ConfigIssue[]): void {
  const listeners = new Map<string, ListenerRoute[]>();
  // Blue/green test rules (one per route, ./priorities) are rules of the same listener.
  const testRules = new Map<string, number>();
  for (const env of envs) {
    const key = env.dedicatedAlb ? `the dedicated ALB of "${env.name}"` : 'the shared ALB';
    const list = listeners.get(key) ?? [];
    for (const svc of env.services) for (const route of svc.routes) list.push({ env: env.name, service: svc.name, route });
    listeners.set(key, list);
    if (env.blueGreen?.testHeader) testRules.set(key, (testRules.get(key) ?? 0) + env.services.reduce((n, s) => n + s.routes.length, 0));

    const cidrValues = env.allowedSourceCidrs?.length ?? 0;
    for (const svc of env.services) {
      for (const route of svc.routes) {
        const values = 2 + cidrValues; // "/x" and "/x/*", plus one per allowed source CIDR
        if (values > ALB_LIMITS.conditionValuesPerRule) {
          issues.push({ scope: envScope(env.name), field: `services[${svc.name}].routes (${route.path})`, rule: `the listener rule would have ${values} condition values (2 path patterns + ${cidrValues} source CIDRs); ALB allows at most ${ALB_LIMITS.conditionValuesPerRule}: list at most ${ALB_LIMITS.conditionValuesPerRule - 2} allowedSourceCidrs` });
        }
        const longest = `${route.path}/*`;
        if (longest.length > ALB_LIMITS.pathPatternLength) {
          issues.push({ scope: envScope(env.name), field: `services[${svc.name}].routes (${route.path})`, rule: `path pattern "${longest.slice(0, 40)}…" is ${longest.length} characters; ALB allows at most ${ALB_LIMITS.pathPatternLength}` });
        }
      }
    }
  }

  for (const [listener, routes] of listeners) {
    const tests = testRules.get(listener) ?? 0;
    if (routes.length + tests > ALB_LIMITS.rulesPerListener) {
      const envNames = [...new Set(routes.map((r) => r.env))];
      issues.push({
        scope: envNames.length === 1 ? envScope(envNames[0]) : `environments ${envNames.map((e) => `"${e}"`).join(', ')}`,
        field: 'services[*].routes',
        rule: `${listener} would need ${routes.length + tests} listener rules${tests ? ` (${tests} of them blue/green test rules)` : ''}; ALB allows at most ${ALB_LIMITS.rulesPerListener} per listener: ${
          listener === 'the shared ALB'
            ? 'set "dedicatedAlb: true" on one or more environments to give each its own ALB'
            : 'this environment already has its own ALB; merge routes (each also matches everything below it) or move services to another environment'
        }`,
      });
    }
    checkRouteOverlap(listener, routes, issues);
  }
}

/** Exact duplicates and prefix overlaps ("/auth" also matches "/auth/x") in O(n · depth). */
function checkRouteOverlap(listener: string, routes: readonly ListenerRoute[], issues: ConfigIssue[]): void {
  const byPath = new Map<string, ListenerRoute>();
  for (const r of routes) {
    const other = byPath.get(r.route.path);
    if (other) issues.push(routeIssue(r, `duplicate route "${r.route.path}" on ${listener}: also served by ${describe(other)}`));
    else byPath.set(r.route.path, r);
  }
  for (const r of byPath.values()) {
    const segments = r.route.path.split('/');
    for (let i = segments.length - 1; i > 1; i--) {
      const ancestor = byPath.get(segments.slice(0, i).join('/'));
      if (ancestor) {
        issues.push(routeIssue(r, `route "${r.route.path}" overlaps "${ancestor.route.path}" of ${describe(ancestor)} on ${listener}: "${ancestor.route.path}" also matches everything below it`));
        break;
      }
    }
  }
}

const describe = (r: ListenerRoute) => `service "${r.service}" in environment "${r.env}"`;
const routeIssue = (r: ListenerRoute, rule: string): ConfigIssue => ({ scope: envScope(r.env), field: `services[${r.service}].routes`, rule });
