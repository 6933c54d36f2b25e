/**
 * The configuration in environments/, loaded the way `npm run synth` loads it (the committed
 * listener-priority record, the SF_STATE_* overrides), for the invariant suite. Nothing else in
 * __tests__/ reads environments/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { buildApp } from '../../constructs/app';
import { AppConfig, StateOverrides, defaultConfig } from '../../environments';
import { DEFAULT_RECORD_FILE } from '../../model/priority-record';
import { Synthesized } from '../../verify/tfjson';
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
  /** The folder it was written to (manifest.json, stacks/<name>/cdk.tf.json), removed after the file's tests. */
  readonly outdir: string;
  /** One stack as `Testing.synth` renders it: what cdktf's Jest matchers (`toHaveResourceWithProperties`, ...) take. */
  stack(name: string): string;
}

/**
 * Synthesizes `config` in `beforeAll` (and removes the output in `afterAll`); read the result
 * inside tests only.
 */
export function synthesizeBeforeAll(config: () => AppConfig): SynthesizedApp {
  let app: { config: AppConfig; out: Synthesized; outdir: string; stacks: Map<string, TerraformStack> } | undefined;
  const texts = new Map<string, string>();
  beforeAll(() => {
    const cfg = config();
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-invariants-'));
    const built = buildApp(cfg, outdir);
    built.app.synth();
    const stacks = new Map<string, TerraformStack>([['bootstrap', built.bootstrap], ['shared', built.shared], ...built.environments]);
    app = { config: cfg, out: Synthesized.fromDir(outdir), outdir, stacks };
  });
  afterAll(() => {
    if (app) fs.rmSync(app.outdir, { recursive: true, force: true });
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
      const a = ready();
      const stack = a.stacks.get(name);
      if (!stack) throw new Error(`no stack "${name}" (have ${[...a.stacks.keys()].join(', ')})`);
      if (!texts.has(name)) texts.set(name, Testing.synth(stack));
      return texts.get(name)!;
    },
  };
}
