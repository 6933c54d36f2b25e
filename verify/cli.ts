/**
 * npm run verify [-- outdir]: reads cdktf.out, checks it against the model of the
 * configuration main.ts would use (environments/, or $SF_CONFIG), prints the report,
 * writes <outdir>/flows.mmd and exits 1 on any difference.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultConfig, loadConfig } from '../environments';
import { DEFAULT_RECORD_FILE } from '../model/priority-record';
import { Synthesized } from './tfjson';
import { verify } from './verify';

const outdir = process.argv[2] ?? 'cdktf.out';
const file = process.env.SF_CONFIG;
const raw = file ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
// The same listener-priority record main.ts used (read only): environments/'s, SF_PRIORITY_RECORD's, or none for SF_CONFIG.
const recordFile = process.env.SF_PRIORITY_RECORD || (file ? undefined : DEFAULT_RECORD_FILE);
const record = recordFile && fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, 'utf8')) : undefined;
const config = raw
  ? loadConfig(raw.shared, raw.environments ?? [], {}, record)
  : defaultConfig({ bucket: process.env.SF_STATE_BUCKET || undefined, lockTable: process.env.SF_STATE_TABLE || undefined, region: process.env.SF_STATE_REGION || undefined }, record);
if (!fs.existsSync(path.join(outdir, 'stacks'))) {
  console.error(`verify: no ${outdir}/stacks; run npm run synth first`);
  process.exit(2);
}
const verdict = verify(Synthesized.fromDir(outdir), config);
console.log(verdict.report);
fs.writeFileSync(path.join(outdir, 'flows.mmd'), `${verdict.mermaid}\n`);
console.log(`\nwrote ${path.join(outdir, 'flows.mmd')}`);
process.exitCode = verdict.problems.length === 0 ? 0 : 1;
