/** Synthesizes a configuration into a temporary folder and returns its stacks as JSON. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../constructs/app';
import { AppConfig } from '../../environments';
import { Synthesized } from '../../verify/tfjson';

export { Synthesized };

/** Synthesizes `config` now (for a test or hook body; at module level use `synthBeforeAll`). */
export function synth(config: AppConfig): Synthesized {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-synth-'));
  try {
    buildApp(config, dir).app.synth();
    return Synthesized.fromDir(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A `Synthesized` that the enclosing `describe` (or file) fills in its `beforeAll`: declare it
 * where the tests can see it, use it inside the tests. Synthesis then runs only when a test of
 * that block runs (`jest -t` skips the rest), and a failure shows on the tests that needed it.
 * Reading it outside a test or hook throws.
 */
export function synthBeforeAll(config: AppConfig | (() => AppConfig)): Synthesized {
  let real: Synthesized | undefined;
  beforeAll(() => {
    real = synth(typeof config === 'function' ? config() : config);
  });
  return new Proxy({} as Synthesized, {
    get(_, prop) {
      if (!real) throw new Error(`synthBeforeAll: read .${String(prop)} inside a test or hook; synthesis runs in beforeAll`);
      const value = Reflect.get(real, prop, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}
