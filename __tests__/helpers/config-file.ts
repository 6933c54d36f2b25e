/**
 * Configuration files in the JSON format of `SF_CONFIG` ({ "//": description, "shared": ...,
 * "environments": [...] }): the pinned fixtures in __tests__/fixtures/ and the handed cases.
 * The unit suite builds every configuration from these, never from environments/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppConfig, ConfigError, ConfigIssue, EnvironmentInput, SharedInput, configFileContent, loadConfig } from '../../environments';

/** A configuration file's content, typed for tests that edit it. */
export interface ConfigFile {
  readonly '//'?: string;
  shared: SharedInput;
  environments: EnvironmentInput[];
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
/** The path of a pinned fixture, e.g. `fixture('exec/two-environments.json')`. */
export const fixture = (rel: string) => path.join(FIXTURES, rel);

/** The content of a configuration file (checked for the SF_CONFIG shape), for tests that edit it first. */
export function readConfigFile(file: string): ConfigFile {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  configFileContent(raw, file);
  return raw as ConfigFile;
}

/** The validated configuration in a JSON file, after `edit` changed a copy of it. */
export function loadConfigFile(file: string, edit?: (raw: ConfigFile) => void): AppConfig {
  const raw = readConfigFile(file);
  edit?.(raw);
  return loadConfig(raw.shared, raw.environments);
}

/** The pinned copy of the shipped acme example (test, stage, prod; auth and reminder). */
export const EXAMPLE = fixture('example/acme.json');
/** The example, optionally edited: the base of most unit tests. */
export const example = (edit?: (raw: ConfigFile) => void): AppConfig => loadConfigFile(EXAMPLE, edit);
/** The example's environment names, in order: the `describe.each` table of tests on it. */
export const EXAMPLE_ENVIRONMENTS: readonly string[] = readConfigFile(EXAMPLE).environments.map((e) => e.name);

/**
 * What loadConfig makes of a configuration: the validated config, or the ConfigError that lists
 * every problem. Anything else it throws is a bug, not a refusal, and is rethrown.
 */
export function attemptConfig(raw: { shared: unknown; environments: unknown[] }): AppConfig | ConfigError {
  try {
    return loadConfig(raw.shared, raw.environments);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
}

/** The problems loadConfig reports for `file` after `edit` changed a copy of it; [] when it validates. */
export function configIssues(file: string, edit?: (raw: ConfigFile) => void): ConfigIssue[] {
  const raw = readConfigFile(file);
  edit?.(raw);
  const result = attemptConfig(raw);
  return result instanceof ConfigError ? [...result.issues] : [];
}

/** The refusal message for `file` after `edit`; fails the test when the configuration validates. */
export function refusalMessage(file: string, edit: (raw: ConfigFile) => void): string {
  const raw = readConfigFile(file);
  edit(raw);
  const result = attemptConfig(raw);
  if (result instanceof ConfigError) return result.message;
  throw new Error(`${path.basename(file)}: configuration unexpectedly validated`);
}
