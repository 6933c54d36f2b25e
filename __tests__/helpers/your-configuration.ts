/**
 * The configuration in environments/, loaded the way `npm run synth` loads it (the committed
 * listener-priority record, the SF_STATE_* overrides), for the invariant suite. Nothing else in
 * __tests__/ reads environments/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createHash } from 'crypto';
import { buildApp } from '../../constructs/app';
import { AppConfig, StateOverrides, defaultConfig } from '../../environments';
import { DEFAULT_RECORD_FILE } from '../../model/priority-record';
import { Synthesized } from '../../verify/tfjson';
import { currentInputs } from '../../verify/freshness';
import { ROOT } from './sources';

/** The committed listener-priority record. */
export const RECORD_FILE = path.join(ROOT, DEFAULT_RECORD_FILE);

/** The state overrides main.ts would take from this process's environment (CI sets them). */
const overrides = (): StateOverrides => ({ bucket: process.env.SF_STATE_BUCKET || undefined, lockTable: process.env.SF_STATE_TABLE || undefined, region: process.env.SF_STATE_REGION || undefined });

/** The parsed committed record, or undefined before the first synth. */
export const committedRecord = (): unknown => (fs.existsSync(RECORD_FILE) ? JSON.parse(fs.readFileSync(RECORD_FILE, 'utf8')) : undefined);

/** Your configuration (environments/), validated as `npm run synth` validates it. */
export const yourConfiguration = (): AppConfig => defaultConfig(overrides(), committedRecord());

/** A synthesized configuration, for the invariant suite. */
export interface SynthesizedApp {
  readonly config: AppConfig;
  /** Every stack's JSON, references resolvable across stacks. */
  readonly out: Synthesized;
  /** The folder it was written to (manifest.json, stacks/<name>/cdk.tf.json). */
  readonly outdir: string;
  /** One stack's cdk.tf.json as text: what cdktf's Jest matchers (`toHaveResourceWithProperties`, ...) take, as they take `Testing.synth(stack)`. */
  stack(name: string): string;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const CACHE = path.join(os.tmpdir(), `sf-invariants-${sha(ROOT)}`);

/** StrykerJS's mutant switch: a global in the test environment, or the variable for mutants active at load time. */
const underMutationTesting = (): boolean => process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined || (globalThis as { __stryker__?: unknown }).__stryker__ !== undefined;

/**
 * Synthesizes `config` once per content of its inputs (verify/freshness.ts: environments/,
 * constructs/, model/, main.ts, the lock file, the SF_* variables) and `variant`: the invariant
 * files share one synth of your configuration instead of one each. A change to any input is a
 * new key, so a stale synth is never read.
 */
function synthesizeOnce(config: AppConfig, variant: string): string {
  // Under mutation testing (npm run mutate) every mutant runs the same instrumented source, chosen
  // at run time: a synth keyed by the inputs' content would be the first mutant's for all of them.
  if (underMutationTesting()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-invariants-mutant-'));
    buildApp(config, dir).app.synth();
    return dir;
  }
  const key = `${sha(JSON.stringify(currentInputs(ROOT, process.env)))}-${variant}`;
  const dir = path.join(CACHE, key);
  if (fs.existsSync(path.join(dir, 'manifest.json'))) return dir;
  fs.mkdirSync(CACHE, { recursive: true });
  // Synths of older inputs go; anything of the current inputs (another worker's included) stays.
  for (const old of fs.readdirSync(CACHE)) if (!old.startsWith(key.split('-')[0])) fs.rmSync(path.join(CACHE, old), { recursive: true, force: true });
  const staging = fs.mkdtempSync(path.join(CACHE, `${key}.staging-`));
  try {
    buildApp(config, staging).app.synth();
    fs.renameSync(staging, dir);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw e; // another worker wrote it first
  }
  return dir;
}

/**
 * Synthesizes `config` in `beforeAll` (`variant` names what sets it apart from your
 * configuration as loaded, for the cache); read the result inside tests only.
 */
export function synthesizeBeforeAll(config: () => AppConfig, variant = 'as-loaded'): SynthesizedApp {
  let app: { config: AppConfig; out: Synthesized; outdir: string } | undefined;
  beforeAll(() => {
    const cfg = config();
    const outdir = synthesizeOnce(cfg, variant);
    app = { config: cfg, out: Synthesized.fromDir(outdir), outdir };
  });
  const ready = () => {
    if (!app) throw new Error('synthesizeBeforeAll: read the result inside a test');
    return app;
  };
  return {
    get config() {
      return ready().config;
    },
    get out() {
      return ready().out;
    },
    get outdir() {
      return ready().outdir;
    },
    stack(name: string) {
      return JSON.stringify(ready().out.stack(name));
    },
  };
}
