/** Synthesizes an app once into a temporary folder and returns its stacks as JSON. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../constructs/app';
import { AppConfig, EnvironmentInput, SharedInput, defaultConfig, loadConfig, rawEnvironments, rawShared } from '../../environments';
import { Synthesized } from '../../verify/tfjson';

export { Synthesized };

/** Synthesizes `config` (default: the shipped configuration). */
export function synth(config: AppConfig = defaultConfig()): Synthesized {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-synth-'));
  try {
    buildApp(config, dir).app.synth();
    return Synthesized.fromDir(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A deep copy of the shipped raw configuration, for tests to edit. */
export function rawConfig(): { shared: SharedInput; environments: EnvironmentInput[] } {
  return structuredClone({ shared: rawShared, environments: [...rawEnvironments] }) as { shared: SharedInput; environments: EnvironmentInput[] };
}

/** Loads a configuration after `edit` changed a copy of the shipped one. */
export function configWith(edit: (c: { shared: SharedInput; environments: EnvironmentInput[] }) => void): AppConfig {
  const raw = rawConfig();
  edit(raw);
  return loadConfig(raw.shared, raw.environments);
}

/** The shipped environment names: the `describe.each` table. */
export const ENVIRONMENTS = rawEnvironments.map((e) => e.name);
