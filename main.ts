/**
 * Entry point: validate the configuration in environments/, then synthesize every stack
 * to cdktf.out (or $CDKTF_OUTDIR when the cdktf CLI runs us). Environment variables are
 * read here and nowhere else.
 */
import * as fs from 'fs';
import type * as AppModule from './constructs/app';
import { trimStartup } from './constructs/startup';
import { ConfigError, StateOverrides, defaultConfig, loadConfig } from './environments';

const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
const env = (name: string) => process.env[name] || undefined;
// `cdktf synth --hcl` sets SYNTH_HCL_OUTPUT=true. cdktf's App accepts only "true" while its
// stacks also accept "1": say "true" or "false" so both agree with what we render.
const hcl = ['true', '1'].includes(env('SYNTH_HCL_OUTPUT') ?? '');
if (process.env.SYNTH_HCL_OUTPUT !== undefined) process.env.SYNTH_HCL_OUTPUT = String(hcl);

const overrides: StateOverrides = { bucket: env('SF_STATE_BUCKET'), lockTable: env('SF_STATE_TABLE'), region: env('SF_STATE_REGION') };
// SF_CONFIG names a JSON file { "shared": {...}, "environments": [...] } to synthesize
// instead of environments/: for trying a configuration, and for the bad-input tests.
const configFile = env('SF_CONFIG');

try {
  const config = configFile ? fromFile(configFile) : defaultConfig(overrides);
  // Loaded only once the configuration is valid: a bad config fails without loading cdktf.
  trimStartup(process.env);
  const { synthesize } = require('./constructs/app') as typeof AppModule;
  synthesize(config, outdir, { hcl });
} catch (e) {
  // Output from an older, valid config would no longer match the code: remove it so
  // nothing downstream (plan, checkov, verify) can act on it.
  fs.rmSync(outdir, { recursive: true, force: true });
  console.error(e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
}

function fromFile(file: string) {
  const scope = `SF_CONFIG file ${file}`;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([{ scope, field: '(file)', rule: `cannot read JSON: ${(e as Error).message}` }]);
  }
  const top = (raw ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(top).filter((k) => k !== 'shared' && k !== 'environments');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || unknown.length > 0 || !Array.isArray(top.environments)) {
    throw new ConfigError([{ scope, field: '(root)', rule: `must be an object { "shared": {...}, "environments": [...] }${unknown.length ? `; unknown key(s) ${unknown.join(', ')}` : ''}` }]);
  }
  return loadConfig(top.shared, top.environments, overrides);
}
