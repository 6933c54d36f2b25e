/**
 * Entry point: validate the configuration in environments/, then synthesize every stack
 * to cdktf.out (or $CDKTF_OUTDIR when the cdktf CLI runs us). Environment variables are
 * read here and nowhere else.
 */
import * as fs from 'fs';
import { synthesize } from './constructs/app';
import { ConfigError, defaultConfig } from './environments';

const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
const env = (name: string) => process.env[name] || undefined;

try {
  const config = defaultConfig({ bucket: env('SF_STATE_BUCKET'), lockTable: env('SF_STATE_TABLE'), region: env('SF_STATE_REGION') });
  synthesize(config, outdir);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  // Output from an older, valid config would no longer match the code: remove it so
  // nothing downstream (plan, checkov, verify) can act on it.
  fs.rmSync(outdir, { recursive: true, force: true });
  console.error(e.message);
  process.exitCode = 1;
}
