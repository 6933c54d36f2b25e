/**
 * The app's configuration: the shared settings plus one file per environment.
 * To add an environment, write environments/<name>.ts and list it here.
 */
import { EnvironmentInput, SharedInput } from './schema';
import { shared } from './shared';
import { test } from './test';
import { stage } from './stage';
import { prod } from './prod';
import { AppConfig, StateOverrides } from './config';
import { loadConfig } from './validate';

export const rawShared: SharedInput = shared;
export const rawEnvironments: readonly EnvironmentInput[] = [test, stage, prod];

/** The validated default configuration, with its listener-priority record (parsed JSON) when given. */
export function defaultConfig(overrides: StateOverrides = {}, priorityRecord?: unknown): AppConfig {
  return loadConfig(rawShared, rawEnvironments, overrides, priorityRecord);
}

export { loadConfig } from './validate';
export { RECORD_SCOPE } from './validate/priorities';
export { DB_VARIABLES, SECRET_NAME } from './validate/environments';
export * from './config';
export * from './errors';
export type { EnvironmentInput, SharedInput, ServiceInput } from './schema';
export { configFileContent, parseConfigFile } from './config-file';
export type { ConfigFileContent } from './config-file';
