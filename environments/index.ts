/**
 * The app's configuration: the shared settings plus one file per environment.
 * To add an environment, write environments/<name>.ts (export one EnvironmentInput) and list it
 * in `rawEnvironments` below, at its place in the promotion order: each environment's stack is
 * deployed after the one before it. A file that exports an environment but is not listed here
 * stops synth with a message naming it.
 */
import { EnvironmentInput, SharedInput } from './schema';
import { shared } from './shared';
import { test } from './test';
import { stage } from './stage';
import { prod } from './prod';
import { AppConfig, StateOverrides } from './config';
import { loadConfig } from './validate';
import { environmentFiles } from './files';

export const rawShared: SharedInput = shared;
/** The environments, in promotion order (test → stage → prod as shipped). */
export const rawEnvironments: readonly EnvironmentInput[] = [test, stage, prod];

/** The validated default configuration, with its listener-priority record (parsed JSON) when given. Every problem names its file. */
export function defaultConfig(overrides: StateOverrides = {}, priorityRecord?: unknown): AppConfig {
  const files = environmentFiles(rawEnvironments);
  return loadConfig(rawShared, rawEnvironments, overrides, priorityRecord, { shared: 'environments/shared.ts', environments: files.listed, list: 'environments/index.ts', unregistered: files.unregistered });
}

export { loadConfig } from './validate';
export type { ConfigSources } from './validate';
export { RECORD_SCOPE } from './validate/priorities';
export { DB_VARIABLES, SECRET_NAME } from './validate/environments';
export * from './config';
export * from './errors';
export type { EnvironmentInput, SharedInput, ServiceInput } from './schema';
export { configFileContent, parseConfigFile } from './config-file';
export type { ConfigFileContent } from './config-file';
