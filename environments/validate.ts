/**
 * Turns raw config objects into a validated, resolved AppConfig, or throws one
 * ConfigError listing every problem. Nothing here touches CDKTF: validation finishes
 * before the first construct is created, so a bad config never leaves a partial
 * cdktf.out. Every check is linear (or n log n) in the number of services.
 */
import { z } from 'zod';
import { ALB_LIMITS } from '../model/aws-limits';
import { Cidr, carve, contains, findOverlaps, parseCidr } from '../model/cidr';
import { derivedPriority } from '../model/listener';
import { NameError, names } from '../model/names';
import { ConfigError, ConfigIssue, SHARED_SCOPE, envScope } from './errors';
import { EnvironmentSchemaOutput, ServiceConfig, SharedSchemaOutput, environmentSchema, sharedSchema } from './schema';

/** A route after the environment prefix is applied. */
export interface ResolvedRoute {
  /** Full path on the listener, e.g. "/test/auth". */
  readonly path: string;
  /** Listener rule priority, unique per listener. */
  readonly priority: number;
  /** True when the priority came from config rather than from the path's hash. */
  readonly explicitPriority: boolean;
}

export interface ResolvedService extends Omit<ServiceConfig, 'routes'> {
  readonly routes: readonly ResolvedRoute[];
}

export interface EnvironmentConfig extends Omit<EnvironmentSchemaOutput, 'services'> {
  readonly services: readonly ResolvedService[];
}

export interface SubnetLayout {
  readonly public: readonly string[];
  readonly private: readonly string[];
  readonly data: readonly string[];
}

export interface SharedConfig extends Omit<SharedSchemaOutput, 'state' | 'network'> {
  readonly state: { readonly bucket: string; readonly lockTable: string; readonly region: string };
  /** The network settings with `vpcEndpoints` resolved ("auto" → on when any environment is production). */
  readonly network: Omit<SharedSchemaOutput['network'], 'vpcEndpoints'> & { readonly vpcEndpoints: boolean };
  /** Subnet blocks per tier, one per AZ. */
  readonly subnets: SubnetLayout;
  /** Zone names, one per subnet index. */
  readonly availabilityZones: readonly string[];
}

export interface AppConfig {
  readonly shared: SharedConfig;
  readonly environments: readonly EnvironmentConfig[];
}

/** Values read from the process environment by main.ts (never below it). */
export interface StateOverrides {
  readonly bucket?: string;
  readonly lockTable?: string;
  readonly region?: string;
}

// Stack names, plus names that would clash with a shared KMS alias (alias/<project>-tfstate).
const RESERVED_STACKS = new Set(['bootstrap', 'shared', 'tfstate']);

/** Validates and resolves the whole configuration. Throws ConfigError listing every problem found. */
export function loadConfig(shared: unknown, environments: readonly unknown[], overrides: StateOverrides = {}): AppConfig {
  const issues: ConfigIssue[] = [];

  const sharedParsed = sharedSchema.safeParse(shared);
  if (!sharedParsed.success) issues.push(...zodIssues(SHARED_SCOPE, sharedParsed.error, shared));

  const envs: EnvironmentSchemaOutput[] = [];
  environments.forEach((raw, i) => {
    const name = isRecord(raw) && typeof raw.name === 'string' ? raw.name : `#${i + 1}`;
    const parsed = environmentSchema.safeParse(raw);
    if (parsed.success) envs.push(parsed.data);
    else issues.push(...zodIssues(envScope(name), parsed.error, raw));
  });
  if (environments.length === 0) issues.push({ scope: SHARED_SCOPE, field: 'environments', rule: 'at least one environment is required' });

  // Cross-field checks need well-typed input: report schema problems first.
  if (issues.length > 0 || !sharedParsed.success) throw new ConfigError(issues);

  const sharedCfg = resolveShared(sharedParsed.data, envs, overrides, issues);
  checkEnvironments(envs, issues);
  const resolved = envs.map((env) => resolveEnvironment(sharedCfg.project, env, issues));
  checkListeners(resolved, issues);

  if (issues.length > 0) throw new ConfigError(issues);
  return { shared: sharedCfg, environments: resolved };
}

function resolveShared(s: SharedSchemaOutput, envs: readonly EnvironmentSchemaOutput[], overrides: StateOverrides, issues: ConfigIssue[]): SharedConfig {
  const state = {
    bucket: overrides.bucket ?? s.state.bucket,
    lockTable: overrides.lockTable ?? s.state.lockTable,
    region: overrides.region ?? s.state.region ?? s.region,
  };
  tryName(issues, SHARED_SCOPE, overrides.bucket ? 'state.bucket (from SF_STATE_BUCKET)' : 'state.bucket', () => names.stateBucket(state.bucket));
  tryName(issues, SHARED_SCOPE, overrides.lockTable ? 'state.lockTable (from SF_STATE_TABLE)' : 'state.lockTable', () => names.lockTable(state.lockTable));
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(state.region)) {
    issues.push({ scope: SHARED_SCOPE, field: overrides.region ? 'state.region (from SF_STATE_REGION)' : 'state.region', rule: `"${state.region}" is not an AWS region like eu-west-1` });
  }
  tryName(issues, SHARED_SCOPE, 'project', () => names.alb(s.project, 'shared'));
  tryName(issues, SHARED_SCOPE, 'project', () => names.flowLogRole(s.project));
  const vpcEndpoints = s.network.vpcEndpoints === 'auto' ? envs.some((e) => e.production) : s.network.vpcEndpoints;
  const availabilityZones = s.network.availabilityZones ?? Array.from({ length: s.network.azCount }, (_, i) => `${s.region}${String.fromCharCode(97 + i)}`);
  if (availabilityZones.length !== s.network.azCount) {
    issues.push({ scope: SHARED_SCOPE, field: 'network.availabilityZones', rule: `lists ${availabilityZones.length} zones but azCount is ${s.network.azCount}` });
  }
  availabilityZones.forEach((az, i) => {
    if (!az.startsWith(s.region)) issues.push({ scope: SHARED_SCOPE, field: `network.availabilityZones[${i}]`, rule: `zone "${az}" is not in region ${s.region}` });
  });
  const dupAz = firstDuplicate(availabilityZones);
  if (dupAz) issues.push({ scope: SHARED_SCOPE, field: 'network.availabilityZones', rule: `zone "${dupAz}" is listed twice` });
  return { ...s, state, network: { ...s.network, vpcEndpoints }, subnets: resolveSubnets(s.network, issues), availabilityZones };
}

function resolveSubnets(n: SharedSchemaOutput['network'], issues: ConfigIssue[]): SubnetLayout {
  const empty: SubnetLayout = { public: [], private: [], data: [] };
  const vpc = parseCidr(n.vpcCidr);
  if (typeof vpc === 'string') {
    issues.push({ scope: SHARED_SCOPE, field: 'network.vpcCidr', rule: `malformed CIDR: ${vpc}` });
    return empty;
  }
  if (vpc.prefix < 16 || vpc.prefix > 24) {
    issues.push({ scope: SHARED_SCOPE, field: 'network.vpcCidr', rule: `"${n.vpcCidr}": a VPC block must be /16 to /24 (AWS allows /16–/28; we need room for three subnet tiers)` });
    return empty;
  }
  if (!n.subnets) {
    // 16 equal slots: private 0–3, data 4–7, public 8–11; 12–15 stay free for growth.
    const slots = carve(vpc, 4);
    const tier = (offset: number) => slots.slice(offset, offset + n.azCount);
    return { private: tier(0), data: tier(4), public: tier(8) };
  }
  const blocks: Array<{ label: string; cidr: Cidr }> = [];
  for (const tier of ['public', 'private', 'data'] as const) {
    const list = n.subnets[tier];
    if (list.length !== n.azCount) {
      issues.push({ scope: SHARED_SCOPE, field: `network.subnets.${tier}`, rule: `needs exactly one block per availability zone: ${n.azCount} (azCount), got ${list.length}` });
    }
    list.forEach((text, i) => {
      const field = `network.subnets.${tier}[${i}]`;
      const c = parseCidr(text);
      if (typeof c === 'string') issues.push({ scope: SHARED_SCOPE, field, rule: `malformed CIDR: ${c}` });
      else if (!contains(vpc, c)) issues.push({ scope: SHARED_SCOPE, field, rule: `subnet "${text}" lies outside the VPC block ${n.vpcCidr}` });
      else if (c.prefix > 28) issues.push({ scope: SHARED_SCOPE, field, rule: `subnet "${text}" is smaller than /28, the smallest subnet AWS allows` });
      else blocks.push({ label: field, cidr: c });
    });
  }
  for (const [a, b] of findOverlaps(blocks)) {
    issues.push({ scope: SHARED_SCOPE, field: b, rule: `overlaps ${a}; subnet blocks must not overlap` });
  }
  return n.subnets;
}

function checkEnvironments(envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  const seen = new Set<string>();
  for (const env of envs) {
    const scope = envScope(env.name);
    if (RESERVED_STACKS.has(env.name)) issues.push({ scope, field: 'name', rule: `"${env.name}" is reserved for a stack of its own; choose another environment name` });
    if (seen.has(env.name)) issues.push({ scope, field: 'name', rule: `duplicate environment name "${env.name}": each environment is one stack and needs a unique name` });
    seen.add(env.name);
    if (env.production && env.execEnabled) issues.push({ scope, field: 'execEnabled', rule: 'ECS Exec must stay off in a production environment' });
    if (env.production && env.allowedSourceCidrs?.length) issues.push({ scope, field: 'allowedSourceCidrs', rule: 'source-IP restriction is for non-production environments; production routes are public' });
    env.services.forEach((svc, i) => {
      if (env.production && svc.spot) issues.push({ scope, field: `services[${svc.name}].spot`, rule: 'Fargate Spot is not allowed in a production environment (tasks may be reclaimed)' });
      if (svc.autoscaling && svc.autoscaling.min > svc.autoscaling.max) {
        issues.push({ scope, field: `services[${svc.name}].autoscaling`, rule: `min (${svc.autoscaling.min}) must not exceed max (${svc.autoscaling.max})` });
      }
      for (const key of Object.keys(svc.environment)) {
        if (SECRET_NAME.test(key)) {
          issues.push({ scope, field: `services[${svc.name}].environment.${key}`, rule: `"${key}" looks like a secret; declare it in "secrets" so it comes from Secrets Manager, not plaintext` });
        }
        if (svc.secrets.includes(key)) issues.push({ scope, field: `services[${svc.name}].environment.${key}`, rule: `"${key}" is also declared in "secrets"; a variable comes from one place` });
      }
      for (const key of Object.keys(svc.secretRotation)) {
        if (!svc.secrets.includes(key)) issues.push({ scope, field: `services[${svc.name}].secretRotation.${key}`, rule: `"${key}" is not one of this service's secrets (${svc.secrets.join(', ') || 'none'})` });
      }
      if (svc.database && !env.database.enabled) {
        issues.push({ scope, field: `services[${svc.name}].database`, rule: 'the service asks for the database but this environment has "database.enabled" off' });
      }
      if (svc.database) {
        for (const key of DB_VARIABLES) {
          if (svc.secrets.includes(key) || key in svc.environment) issues.push({ scope, field: `services[${svc.name}].secrets`, rule: `"${key}" is set from the database when "database" is on; remove it` });
        }
      }
      if (/^0(:|$)/.test(svc.user)) issues.push({ scope, field: `services[${svc.name}].user`, rule: 'containers never run as root (uid 0); use a numeric non-root uid like 1000:1000' });
      const dupSecret = firstDuplicate(svc.secrets);
      if (dupSecret) issues.push({ scope, field: `services[${svc.name}].secrets`, rule: `duplicate secret "${dupSecret}"` });
      if (env.services.findIndex((s) => s.name === svc.name) !== i) {
        issues.push({ scope, field: `services[${i}].name`, rule: `duplicate service name "${svc.name}" in this environment` });
      }
    });
    (env.allowedSourceCidrs ?? []).forEach((text, i) => {
      const c = parseCidr(text);
      if (typeof c === 'string') issues.push({ scope, field: `allowedSourceCidrs[${i}]`, rule: `malformed CIDR: ${c}` });
    });
  }
}

/** Variables a service with `database: true` receives from the environment's DocumentDB. */
export const DB_VARIABLES = ['DB_HOST', 'DB_PORT', 'DB_USERNAME', 'DB_PASSWORD'] as const;

/** Names that must never be plaintext environment variables. */
export const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|(^|_)KEY($|_)|CREDENTIAL|(^|_)URI($|_)|(^|_)DSN($|_)|CONNECTION_?STRING/;

function resolveEnvironment(project: string, env: EnvironmentSchemaOutput, issues: ConfigIssue[]): EnvironmentConfig {
  const scope = envScope(env.name);
  tryName(issues, scope, 'name', () => names.cluster(project, env.name));
  if (env.dedicatedAlb) tryName(issues, scope, 'name', () => names.alb(project, env.name));
  const services = env.services.map((svc) => {
    const field = `services[${svc.name}].name`;
    tryName(issues, scope, field, () => names.targetGroup(project, env.name, svc.name, svc.port));
    tryName(issues, scope, field, () => names.executionRole(project, env.name, svc.name));
    tryName(issues, scope, field, () => names.taskRole(project, env.name, svc.name));
    for (const key of svc.secrets) tryName(issues, scope, `services[${svc.name}].secrets`, () => names.secret(project, env.name, svc.name, key));
    const routes = svc.routes.map((r): ResolvedRoute => {
      const rel = typeof r === 'string' ? r : r.path;
      const path = `${env.routePrefix}${rel}`;
      const explicit = typeof r === 'string' ? undefined : r.priority;
      return { path, priority: explicit ?? derivedPriority(path), explicitPriority: explicit !== undefined };
    });
    return { ...svc, routes };
  });
  return { ...env, services };
}

interface ListenerRoute {
  env: string;
  service: string;
  route: ResolvedRoute;
}

/** Checks route overlap, priority clashes and ALB limits per listener (the shared one, or each dedicated one). */
function checkListeners(envs: readonly EnvironmentConfig[], issues: ConfigIssue[]): void {
  const listeners = new Map<string, ListenerRoute[]>();
  for (const env of envs) {
    const key = env.dedicatedAlb ? `the dedicated ALB of "${env.name}"` : 'the shared ALB';
    const list = listeners.get(key) ?? [];
    for (const svc of env.services) for (const route of svc.routes) list.push({ env: env.name, service: svc.name, route });
    listeners.set(key, list);

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
    if (routes.length > ALB_LIMITS.rulesPerListener) {
      const envNames = [...new Set(routes.map((r) => r.env))];
      issues.push({
        scope: envNames.length === 1 ? envScope(envNames[0]) : `environments ${envNames.map((e) => `"${e}"`).join(', ')}`,
        field: 'services[*].routes',
        rule: `${listener} would need ${routes.length} listener rules; ALB allows at most ${ALB_LIMITS.rulesPerListener} per listener: ${
          listener === 'the shared ALB'
            ? 'set "dedicatedAlb: true" on one or more environments to give each its own ALB'
            : 'this environment already has its own ALB; merge routes (each also matches everything below it) or move services to another environment'
        }`,
      });
    }
    checkRouteOverlap(listener, routes, issues);
    checkPriorities(listener, routes, issues);
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

/**
 * Explicit priorities must be unique on a listener. Derived ones (a hash of the path) rarely
 * clash, but with ~100 rules on a listener a clash is likely (birthday bound): the clashing
 * route, in path order, moves to the next hash of "<path>#1", "#2", ... Only those routes
 * ever move, and a priority change updates a rule in place.
 */
function checkPriorities(listener: string, routes: readonly ListenerRoute[], issues: ConfigIssue[]): void {
  const byPriority = new Map<number, ListenerRoute>();
  for (const r of routes.filter((x) => x.route.explicitPriority)) {
    const other = byPriority.get(r.route.priority);
    if (other) issues.push(routeIssue(r, `listener rule priority ${r.route.priority} of "${r.route.path}" collides with "${other.route.path}" of ${describe(other)} on ${listener}: choose another priority`));
    else byPriority.set(r.route.priority, r);
  }
  const derived = routes.filter((x) => !x.route.explicitPriority).sort((a, b) => (a.route.path < b.route.path ? -1 : a.route.path > b.route.path ? 1 : 0));
  for (const r of derived) {
    let priority = r.route.priority;
    for (let attempt = 1; byPriority.has(priority); attempt++) priority = derivedPriority(`${r.route.path}#${attempt}`);
    (r.route as { priority: number }).priority = priority;
    byPriority.set(priority, r);
  }
}

const describe = (r: ListenerRoute) => `service "${r.service}" in environment "${r.env}"`;
const routeIssue = (r: ListenerRoute, rule: string): ConfigIssue => ({ scope: envScope(r.env), field: `services[${r.service}].routes`, rule });

function tryName(issues: ConfigIssue[], scope: string, field: string, make: () => string): void {
  try {
    make();
  } catch (e) {
    if (!(e instanceof NameError)) throw e;
    issues.push({ scope, field, rule: e.message });
  }
}

function firstDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

// ---- zod issue formatting -------------------------------------------------------

const KNOWN_KEYS = new Set<string>();
collectKeys(sharedSchema);
collectKeys(environmentSchema);

function collectKeys(schema: z.ZodType): void {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const inner = (def.innerType ?? def.in ?? def.element ?? def.valueType) as z.ZodType | undefined;
  if (def.type === 'object') {
    for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      KNOWN_KEYS.add(k);
      collectKeys(v);
    }
  } else if (def.type === 'union') {
    for (const o of def.options as z.ZodType[]) collectKeys(o);
  } else if (inner) collectKeys(inner);
}

function zodIssues(scope: string, error: z.ZodError, raw: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const field = formatPath(issue.path, raw);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = closest(key);
        out.push({ scope, field: field ? `${field}.${key}` : key, rule: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
      }
      continue;
    }
    const got = valueAt(raw, issue.path);
    const missing = issue.code === 'invalid_type' && got === undefined && !hasKey(raw, issue.path);
    const shown = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
    const message = missing ? `is required (${issue.expected})` : issue.code === 'invalid_union' ? 'must be a path like "/auth" or { path, priority }' : issue.message;
    out.push({ scope, field: field || '(root)', rule: `${message}${shown}` });
  }
  return out;
}

/** services.0.port → services[auth].port when the service has a name. */
function formatPath(path: readonly PropertyKey[], raw: unknown): string {
  let out = '';
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      const name = isRecord(node) && Array.isArray(node) && isRecord(node[key]) && typeof node[key].name === 'string' ? node[key].name : key;
      out += `[${String(name)}]`;
    } else out += out ? `.${String(key)}` : String(key);
    node = isRecord(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return out;
}

function hasKey(raw: unknown, path: readonly PropertyKey[]): boolean {
  let node = raw;
  for (const key of path) {
    if (!isRecord(node) || !(key in node)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return true;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) node = isRecord(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return typeof node === 'object' ? undefined : node;
}

function closest(key: string): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const k of KNOWN_KEYS) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDist) [best, bestDist] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
