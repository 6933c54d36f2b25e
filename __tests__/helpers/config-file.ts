/** Loads a whole configuration from a JSON file (`SF_CONFIG` format): a handed case or a pinned fixture. */
import * as fs from 'fs';
import { AppConfig, loadConfig } from '../../environments';

export interface ConfigFile {
  readonly shared: unknown;
  readonly environments: unknown[];
}

/** The raw JSON of a configuration file, for tests that edit it first. */
export const readConfigFile = (file: string): ConfigFile => JSON.parse(fs.readFileSync(file, 'utf8')) as ConfigFile;

/** The validated configuration in a JSON file. */
export function loadConfigFile(file: string, edit?: (raw: ConfigFile) => void): AppConfig {
  const raw = readConfigFile(file);
  edit?.(raw);
  return loadConfig(raw.shared, raw.environments);
}
