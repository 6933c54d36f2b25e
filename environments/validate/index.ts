/**
 * Turns raw config objects into a validated, resolved AppConfig, or throws one
 * ConfigError listing every problem. Nothing here touches CDKTF: validation finishes
 * before the first construct is created, so a bad config never leaves a partial
 * cdktf.out. Every check is linear (or n log n) in the number of services.
 *
 * `loadConfig` is the one entry point; each concern has its own file: ./salvage and
 * ./zod-issues (schema errors, and parsing what can be parsed so the cross-field checks still
 * run), ./shared (shared settings and the network), ./partition (the region's partition and
 * every configured ARN in it), ./tags (user tags), ./keys (key administration warnings),
 * ./environments (rules within and across environments), ./names (physical names against AWS
 * limits and each other) and ./routes (route resolution, listener limits, overlaps),
 * ./priorities (listener-rule priorities from the priority record), ./allow-lists, ./waf,
 * ./sandbox, ./alarms (alarm settings, names, subscriptions), ./blue-green (what ECS
 * blue/green refuses), ./interpolation (no string Terraform would interpolate) and ./sources
 * (which file each value came from).
 */
import { AppConfig, StateOverrides } from '../config';
import { ConfigError, ConfigIssue, SHARED_SCOPE, envScope } from '../errors';
import { EnvironmentSchemaOutput, SharedSchemaOutput, environmentSchema, sharedSchema } from '../schema';
import { checkAccess } from './access';
import { checkAlarms } from './alarms';
import { checkAllowLists } from './allow-lists';
import { checkBlueGreen } from './blue-green';
import { checkEnvironments } from './environments';
import { checkInterpolation } from './interpolation';
import { checkEnvironmentNames, checkPhysicalNamesUnique } from './names';
import { assignRoutePriorities, readRecord } from './priorities';
import { checkListeners, resolveRoutes } from './routes';
import { checkWaf } from './waf';
import { keyAdministrationWarnings } from './keys';
import { checkPartition } from './partition';
import { isUnsound, salvage } from './salvage';
import { checkSandbox } from './sandbox';
import { resolveShared } from './shared';
import { ConfigSources, attachFiles, unregisteredIssues } from './sources';
import { checkTags } from './tags';
import { isRecord } from './util';

export type { ConfigSources } from './sources';

/**
 * Validates and resolves the whole configuration. Throws ConfigError listing every problem
 * found, each naming the file it came from when `sources` says. `priorityRecord` is the parsed
 * listener-priority record (undefined: none yet); the result's `listenerPriorities` is that
 * record carried over to this configuration, for main.ts to write (or, in CI, to compare).
 */
export function loadConfig(shared: unknown, environments: readonly unknown[], overrides: StateOverrides = {}, priorityRecord?: unknown, sources: ConfigSources = {}): AppConfig {
  const issues: ConfigIssue[] = [];
  const record = readRecord(priorityRecord, issues);
  issues.push(...unregisteredIssues(sources));

  const s = salvage(sharedSchema, shared, SHARED_SCOPE);
  issues.push(...s.issues);
  // One message per field: a string the schema already refused is not reported again for `${`.
  const interpolated = (scope: string, raw: unknown, unsound: ReadonlySet<string>) => {
    const found: ConfigIssue[] = [];
    checkInterpolation(scope, raw, found);
    issues.push(...found.filter((i) => !isUnsound(unsound, i.field)));
  };
  interpolated(SHARED_SCOPE, shared, s.unsound);
  /** Fields of one scope set aside by the schema: later problems in them are not reported again. */
  const unsound = new Map<string, ReadonlySet<string>>([[SHARED_SCOPE, s.unsound]]);
  const envs: EnvironmentSchemaOutput[] = [];
  environments.forEach((raw, i) => {
    const name = isRecord(raw) && typeof raw.name === 'string' ? raw.name : `#${i + 1}`;
    const parsed = salvage(environmentSchema, raw, envScope(name));
    issues.push(...parsed.issues);
    interpolated(envScope(name), raw, parsed.unsound);
    unsound.set(envScope(name), parsed.unsound);
    if (parsed.data) envs.push(restoreNames(parsed.data, raw, name));
  });
  if (environments.length === 0) issues.push({ scope: SHARED_SCOPE, field: 'environments', rule: 'at least one environment is required' });

  // Cross-field checks on whatever parsed. A check that needs a shared value the schema refused
  // does not run; the message says so once, after the list.
  const notChecked: string[] = [];
  const bad = (field: string) => !s.data || isUnsound(s.unsound, field);
  const needs = (fields: readonly string[], what: string): boolean => {
    const missing = fields.filter(bad);
    if (missing.length > 0) notChecked.push(`${what} (${missing.length === 1 ? 'it needs' : 'they need'} a valid ${missing.join(', ')} in ${SHARED_SCOPE})`);
    return missing.length === 0;
  };
  const cross: ConfigIssue[] = [];
  checkEnvironments(envs, cross);
  checkAccess(envs, cross);
  const resolved = envs.map((env) => resolveRoutes(env));
  checkListeners(resolved, cross);
  const sh = s.data as SharedSchemaOutput | undefined;
  const sharedCfg = sh ? resolveShared(sh, envs, overrides, cross) : undefined;
  if (sh && needs(['region'], 'the partition of configured ARNs')) {
    checkPartition(sh, envs, { value: sharedCfg!.state.region, field: overrides.region ? 'state.region (from SF_STATE_REGION)' : 'state.region' }, cross);
  }
  if (sh && needs(['tags'], 'user tags')) checkTags(SHARED_SCOPE, sh.tags, cross);
  if (sh && needs(['network.ipv6'], 'the families of allowedSourceCidrs')) checkAllowLists(envs, sharedCfg!.network.ipv6, cross);
  if (sh && needs(['audit'], 'WAF exemptions')) checkWaf(sh.audit, envs, cross);
  if (sh) checkSandbox(sh, envs, cross);
  // Their physical names (alarms, topic, dashboard, blue/green role) are checked with the others below.
  checkAlarms(envs, cross);
  checkBlueGreen(envs, cross);
  if (sh && needs(['project', 'network.vpcCidr'], 'physical names of the environments and services (length and uniqueness)')) {
    // Names the schema refused make no physical name worth checking: only sound ones are.
    const named = envs
      .filter((env) => !isUnsound(unsound.get(envScope(env.name)) ?? new Set(), 'name'))
      .map((env) => ({ ...env, services: env.services.filter((svc) => !isUnsound(unsound.get(envScope(env.name)) ?? new Set(), `services[${svc.name}].name`)) }));
    for (const env of named) checkEnvironmentNames(sh.project, sh.network.vpcCidr, env, cross);
    checkPhysicalNamesUnique(sh, named, cross);
  }
  // A problem in a field the schema set aside (or one made from it) is already reported.
  issues.push(...cross.filter((i) => !isUnsound(unsound.get(i.scope) ?? new Set(), i.field) && !(i.scope === SHARED_SCOPE && derivedFromUnsoundShared(i.field, s.unsound))));

  // Overlapping or duplicate routes would claim one rule twice: number only a sound listener.
  if (issues.length > 0 || !sharedCfg) {
    const explicit = resolved.some((e) => e.services.some((svc) => svc.routes.some((r) => r.explicitPriority)));
    if (issues.length > 0 && (priorityRecord !== undefined || explicit)) notChecked.push('listener-rule priorities against the priority record (assigned once every route and name above is valid)');
    throw new ConfigError(attachFiles(issues, sources, environments), issues.length > 0 ? notChecked : []);
  }
  const priorities = assignRoutePriorities(resolved, record, issues);
  if (issues.length > 0) throw new ConfigError(attachFiles(issues, sources, environments));
  return { shared: sharedCfg, environments: priorities.environments, listenerPriorities: priorities.record, warnings: attachFiles(keyAdministrationWarnings(sh!), sources, environments) };
}

/**
 * Names the schema refused (say "Prod") are kept as written, so every message names the
 * environment or service as the user wrote it; a name that is not even a string is called by
 * its position, as the schema's messages call it.
 */
function restoreNames(env: EnvironmentSchemaOutput, raw: unknown, name: string): EnvironmentSchemaOutput {
  if (!isRecord(raw)) return env;
  const rawServices = Array.isArray(raw.services) ? raw.services : [];
  const services =
    rawServices.length === env.services.length ? env.services.map((svc, i) => ({ ...svc, name: isRecord(rawServices[i]) && typeof rawServices[i].name === 'string' ? (rawServices[i].name as string) : String(i) })) : env.services;
  return { ...env, name, services };
}

/** Shared problems that follow from a shared field the schema refused: the subnets of a refused VPC block. */
function derivedFromUnsoundShared(field: string, unsound: ReadonlySet<string>): boolean {
  return isUnsound(unsound, 'network.vpcCidr') && field.startsWith('network.subnets');
}
