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
 * ./routes (route resolution, listener limits, overlaps and priorities).
 */
import { AppConfig, StateOverrides } from '../config';
import { ConfigError, ConfigIssue, SHARED_SCOPE, envScope } from '../errors';
import { EnvironmentSchemaOutput, environmentSchema, sharedSchema } from '../schema';
import { checkEnvironments } from './environments';
import { checkEnvironmentNames } from './names';
import { checkListeners, resolveRoutes } from './routes';
import { keyAdministrationWarnings } from './keys';
import { checkPartition } from './partition';
import { resolveShared } from './shared';
import { checkTags } from './tags';
import { isRecord } from './util';
import { zodIssues } from './zod-issues';

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
  const stateField = overrides.region ? 'state.region (from SF_STATE_REGION)' : 'state.region';
  checkPartition(sharedParsed.data, envs, { value: sharedCfg.state.region, field: stateField }, issues);
  checkTags(SHARED_SCOPE, sharedParsed.data.tags, issues);
  checkEnvironments(envs, issues);
  const resolved = envs.map((env) => {
    checkEnvironmentNames(sharedCfg.project, env, issues);
    return resolveRoutes(env);
  });
  checkListeners(resolved, issues);

  if (issues.length > 0) throw new ConfigError(issues);
  return { shared: sharedCfg, environments: resolved, warnings: keyAdministrationWarnings(sharedParsed.data) };
}
