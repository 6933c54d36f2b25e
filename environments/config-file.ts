/**
 * The JSON configuration format (`SF_CONFIG=<file>`, the pinned test fixtures, the handed
 * cases): `{ "//": "optional description", "shared": {...}, "environments": [...] }`. Reading
 * the file is the caller's (main.ts, verify/cli.ts, cost/cli.ts); this checks its outer shape.
 */
import { ConfigError } from './errors';

export interface ConfigFileContent {
  readonly shared: unknown;
  readonly environments: readonly unknown[];
}

/** Keys a configuration file may have at its top level: `//` is a free-text description. */
const TOP_LEVEL = new Set(['//', 'shared', 'environments']);

/** The `shared` and `environments` of a parsed configuration file, or a ConfigError naming `file`. */
export function configFileContent(raw: unknown, file: string): ConfigFileContent {
  const scope = `SF_CONFIG file ${file}`;
  const top = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const unknown = Object.keys(top).filter((k) => !TOP_LEVEL.has(k));
  if (top !== raw || unknown.length > 0 || !Array.isArray(top.environments)) {
    throw new ConfigError([
      {
        scope,
        field: '(root)',
        rule: `must be an object { "//": "description (optional)", "shared": {...}, "environments": [...] }${unknown.length ? `; unknown key(s) ${unknown.join(', ')}` : ''}`,
        file,
      },
    ]);
  }
  return { shared: top.shared, environments: top.environments as unknown[] };
}

/** Parses a configuration file's text: JSON errors become a ConfigError naming the file. */
export function parseConfigFile(text: string, file: string): ConfigFileContent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ scope: `SF_CONFIG file ${file}`, field: '(file)', rule: `cannot read JSON: ${(e as Error).message}`, file }]);
  }
  return configFileContent(raw, file);
}
