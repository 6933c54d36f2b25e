/**
 * npm run verify [-- outdir]: reads cdktf.out, checks it against the model of the
 * configuration main.ts would use (environments/, or $SF_CONFIG), prints the report,
 * writes <outdir>/flows.mmd and exits 1 on any difference. Output that is missing, or older
 * than the configuration and code (verify/freshness.ts), is not judged: one line says to run
 * `npm run synth`, exit 2. Every policy document is also linted against AWS's action and
 * condition-key catalog (verify/policy-lint.ts): a misspelt action or key is a difference too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, defaultConfig, loadConfig, parseConfigFile } from '../environments';
import { DEFAULT_RECORD_FILE } from '../model/priority-record';
import { currentInputs, staleHint, staleness } from './freshness';
import { Synthesized } from './tfjson';
import { lintApp, verify } from './verify';

async function main(): Promise<number> {
  const outdir = process.argv[2] ?? 'cdktf.out';
  const stale = staleness(outdir, currentInputs(process.cwd(), process.env));
  if (stale.length > 0) {
    console.error(staleHint('verify', outdir, stale));
    return 2;
  }
  const file = process.env.SF_CONFIG;
  // The same listener-priority record main.ts used (read only): environments/'s, SF_PRIORITY_RECORD's, or none for SF_CONFIG.
  const recordFile = process.env.SF_PRIORITY_RECORD || (file ? undefined : DEFAULT_RECORD_FILE);
  const record = recordFile && fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, 'utf8')) : undefined;
  const overrides = { bucket: process.env.SF_STATE_BUCKET || undefined, lockTable: process.env.SF_STATE_TABLE || undefined, region: process.env.SF_STATE_REGION || undefined };
  let config;
  try {
    if (file) {
      const { shared, environments } = parseConfigFile(fs.readFileSync(file, 'utf8'), file);
      config = loadConfig(shared, environments, overrides, record, { shared: file, environments: environments.map(() => file), list: file });
    } else config = defaultConfig(overrides, record);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    return 1;
  }
  const synthesized = Synthesized.fromDir(outdir);
  const verdict = verify(synthesized, config);
  console.log(verdict.report);
  const { findings, report } = await lintApp(synthesized);
  console.log(`\n${report}`);
  fs.writeFileSync(path.join(outdir, 'flows.mmd'), `${verdict.mermaid}\n`);
  console.log(`\nwrote ${path.join(outdir, 'flows.mmd')}`);
  return verdict.problems.length === 0 && findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
