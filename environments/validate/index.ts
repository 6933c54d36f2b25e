/**
 * Turns raw config objects into a validated, resolved AppConfig, or throws one
 * ConfigError listing every problem. Nothing here touches CDKTF: validation finishes
 * before the first construct is created, so a bad config never leaves a partial
 * cdktf.out. Every check is linear (or n log n) in the number of services.
 *
 * `loadConfig` is the one entry point; each concern has its own file: ./zod-issues
 * (schema errors), ./shared (shared settings and the network), ./partition (the region's
 * partition and every configured ARN in it), ./tags (user tags), ./keys (key administration warnings), ./environments (rules
 * within and across environments), ./names (physical names against AWS limits) and
 * ./routes (route resolution, listener limits, overlaps), ./priorities (listener-rule
 * priorities from the priority record), ./allow-lists, ./waf, ./sandbox, ./alarms (alarm
 * settings, names, subscriptions) and ./blue-green (what ECS blue/green refuses).
 */
import { AppConfig, StateOverrides } from '../config';
import { ConfigError, ConfigIssue, SHARED_SCOPE, envScope } from '../errors';
import { EnvironmentSchemaOutput, environmentSchema, sharedSchema } from '../schema';
import { checkAlarms } from './alarms';
import { checkAllowLists } from './allow-lists';
import { checkBlueGreen } from './blue-green';
import { checkEnvironments } from './environments';
import { checkEnvironmentNames, checkTargetGroupNamesUnique } from './names';
import { assignRoutePriorities, readRecord } from './priorities';
import { checkListeners, resolveRoutes } from './routes';
import { checkWaf } from './waf';
import { keyAdministrationWarnings } from './keys';
import { checkPartition } from './partition';
import { checkSandbox } from './sandbox';
import { resolveShared } from './shared';
import { checkTags } from './tags';
import { isRecord } from './util';
import { zodIssues } from './zod-issues';

/**
 * Validates and resolves the whole configuration. Throws ConfigError listing every problem
 * found. `priorityRecord` is the parsed listener-priority record (undefined: none yet); the
 * result's `listenerPriorities` is that record carried over to this configuration, for
 * main.ts to write (or, in CI, to compare).
 */
export function loadConfig(shared: unknown, environments: readonly unknown[], overrides: StateOverrides = {}, priorityRecord?: unknown): AppConfig {
  const issues: ConfigIssue[] = [];
  const record = readRecord(priorityRecord, issues);

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
  const stateField = overrides.region ? 'state.region (from SF_STATE_REGION)' : 'state.region';
  checkPartition(sharedParsed.data, envs, { value: sharedCfg.state.region, field: stateField }, issues);
  checkTags(SHARED_SCOPE, sharedParsed.data.tags, issues);
  checkEnvironments(envs, issues);
  checkSandbox(sharedParsed.data, envs, issues);
  checkAllowLists(envs, sharedCfg.network.ipv6, issues);
  checkWaf(sharedCfg.audit, envs, issues);
  checkAlarms(sharedCfg.project, envs, issues);
  checkBlueGreen(sharedCfg.project, envs, issues);
  const resolved = envs.map((env) => {
    checkEnvironmentNames(sharedCfg.project, sharedCfg.network.vpcCidr, env, issues);
    return resolveRoutes(env);
  });
  checkTargetGroupNamesUnique(sharedCfg.project, sharedCfg.network.vpcCidr, envs, issues);
  checkListeners(resolved, issues);
  // Overlapping or duplicate routes would claim one rule twice: number only a sound listener.
  if (issues.length > 0) throw new ConfigError(issues);
  const priorities = assignRoutePriorities(resolved, record, issues);

  if (issues.length > 0) throw new ConfigError(issues);
  return { shared: sharedCfg, environments: priorities.environments, listenerPriorities: priorities.record, warnings: keyAdministrationWarnings(sharedParsed.data) };
}
