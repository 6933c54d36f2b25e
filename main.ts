/**
 * Entry point: validate the configuration in environments/, then synthesize every stack
 * to cdktf.out (or $CDKTF_OUTDIR when the cdktf CLI runs us), and keep the listener-priority
 * record. Environment variables, arguments and files are read (and written) here and
 * nowhere else.
 */
import * as fs from 'fs';
import type * as AppModule from './constructs/app';
import { trimStartup } from './constructs/startup';
import { AppConfig, ConfigError, RECORD_SCOPE, StateOverrides, defaultConfig, formatIssue, loadConfig, parseConfigFile } from './environments';
import { currentInputs, writeInputs } from './verify/freshness';
import { DEFAULT_RECORD_FILE, EMPTY_RECORD, PriorityRecord, describeChange, serializeRecord } from './model/priority-record';

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
// The listener-priority record (model/priority-record.ts): SF_PRIORITY_RECORD names one;
// otherwise environments/ uses the committed file and an SF_CONFIG run none at all, so
// trying a configuration never writes into the repository's record.
const recordFile = env('SF_PRIORITY_RECORD') ?? (configFile ? undefined : DEFAULT_RECORD_FILE);
// In CI, or with --frozen, a record that synth would change is refused instead of written:
// the numbers deployed must be the ones committed.
const frozen = process.argv.includes('--frozen') || !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

try {
  const recordText = recordFile && fs.existsSync(recordFile) ? fs.readFileSync(recordFile, 'utf8') : undefined;
  const record = recordText === undefined ? undefined : parseJson(recordText, recordFile!);
  const config = configFile ? fromFile(configFile, record) : defaultConfig(overrides, record);
  const next = recordFile ? serializeRecord(config.listenerPriorities) : undefined;
  const before = () => asRecord(record);
  if (recordFile && next !== recordText && frozen) {
    throw new ConfigError([
      { scope: RECORD_SCOPE, field: '(file)', file: recordFile, rule: `is ${recordText === undefined ? 'missing' : `out of date (${describeChange(before(), config.listenerPriorities)})`}: run \`npm run synth\` and commit ${recordFile}` },
    ]);
  }
  // Valid but worth knowing (e.g. keys administered by the account): printed, never fatal.
  for (const w of config.warnings ?? []) console.warn(`warning: ${formatIssue(w)}`);
  if (configFile && !recordFile) {
    // Fine for trying a configuration; deploying it this way lets a rule take a number another
    // stack's rule still holds (PriorityInUse) or move a deployed rule.
    console.warn(`warning: ${configFile}: no listener-priority record (SF_PRIORITY_RECORD), so priorities follow from the paths alone, as before a first deploy; to deploy this configuration, keep its record with SF_PRIORITY_RECORD=<file> on every run (docs/operations.md, "Listener-rule priorities")`);
  }
  // Loaded only once the configuration is valid: a bad config fails without loading cdktf.
  trimStartup(process.env);
  const { synthesize } = require('./constructs/app') as typeof AppModule;
  const written = synthesize(config, outdir, { hcl });
  if (recordFile && next !== recordText) writeRecord(recordFile, next!, before(), config);
  // What verify and checkov compare with, to refuse output older than the configuration or code.
  writeInputs(outdir, currentInputs(process.cwd(), process.env));
  report(written);
} catch (e) {
  // Output from an older, valid config would no longer match the code: remove it so
  // nothing downstream (plan, checkov, verify) can act on it.
  fs.rmSync(outdir, { recursive: true, force: true });
  const message = e instanceof ConfigError ? namedRecord(e).message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  console.error(message);
  process.exitCode = 1;
}

/** One line per stack written, then what to run next. */
function report(written: ReadonlyArray<{ name: string; resources: number }>): void {
  const width = Math.max(...written.map((s) => s.name.length));
  console.log(`synthesized ${written.length} stacks into ${outdir}/stacks:`);
  for (const s of written) console.log(`  ${s.name.padEnd(width)}  ${String(s.resources).padStart(4)} resources`);
  const first = written.find((s) => s.name !== 'bootstrap')?.name ?? written[0]?.name;
  console.log(`next: npm run verify && npm run checkov, then npx cdktf plan <stack> (e.g. npx cdktf plan ${first})`);
}

function writeRecord(file: string, text: string, before: PriorityRecord, config: AppConfig): void {
  fs.writeFileSync(file, text);
  console.log(`listener priorities: updated ${file} (${describeChange(before, config.listenerPriorities)}); commit it with this change`);
}

/** The record as read, for describing a change (loadConfig has checked its shape). */
function asRecord(raw: unknown): PriorityRecord {
  return typeof raw === 'object' && raw !== null && 'listeners' in raw ? (raw as PriorityRecord) : EMPTY_RECORD;
}

/** Record problems name the record's file. */
function namedRecord(e: ConfigError): ConfigError {
  return recordFile ? new ConfigError(e.issues.map((i) => (i.scope === RECORD_SCOPE ? { ...i, file: recordFile } : i)), e.notChecked) : e;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ scope: RECORD_SCOPE, field: '(file)', file, rule: `cannot read JSON: ${(e as Error).message}; restore it from git (numbering afresh could move deployed rules)` }]);
  }
}

function fromFile(file: string, record: unknown) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([{ scope: `SF_CONFIG file ${file}`, field: '(file)', rule: `cannot read it: ${(e as Error).message}`, file }]);
  }
  const { shared, environments } = parseConfigFile(text, file);
  return loadConfig(shared, environments, overrides, record, { shared: file, environments: environments.map(() => file), list: file });
}
