/**
 * Synth says what it did, and verify and checkov judge only current output: main.ts prints one
 * line per stack written (name, resource count) and the next commands; `npm run verify` and
 * `npm run checkov` refuse output that is missing or older than the configuration and code
 * (verify/freshness.ts), and a missing checkov, with one line saying what to do and exit 2.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INPUTS_FILE, currentInputs, staleness, writeInputs } from '../../verify/freshness';
import { Synthesized } from '../../verify/tfjson';
import { EXAMPLE, readConfigFile } from '../helpers/config-file';
import { runCli } from '../helpers/run-cli';
import { runMain } from '../helpers/run-main';
import { ROOT } from '../helpers/sources';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-report-'));
const config = path.join(dir, 'config.json');
const outdir = path.join(dir, 'out');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run synth', () => {
  let stdout = '';
  beforeAll(() => {
    fs.writeFileSync(config, JSON.stringify(readConfigFile(EXAMPLE)));
    const r = runMain({ SF_CONFIG: config, CDKTF_OUTDIR: outdir });
    expect(r.status).toBe(0);
    stdout = r.stdout;
  });

  it('prints one line per stack written, in deploy order, with its resource count, and what to run next', () => {
    const out = Synthesized.fromDir(outdir);
    const count = (s: string) => Object.values<Record<string, unknown>>(out.stack(s).resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0);
    const order = ['bootstrap', 'shared', ...readConfigFile(EXAMPLE).environments.map((e) => e.name)];
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`synthesized ${order.length} stacks into ${outdir}/stacks:`);
    expect(lines.slice(1, 1 + order.length).map((l) => l.trim().split(/\s+/))).toEqual(order.map((s) => [s, String(count(s)), 'resources']));
    expect(lines[1 + order.length]).toBe('next: npm run verify && npm run checkov, then npx cdktf plan <stack> (e.g. npx cdktf plan shared)');
  });

  it('leaves a fingerprint of its inputs beside the stacks', () => {
    expect(fs.existsSync(path.join(outdir, INPUTS_FILE))).toBe(true);
    expect(staleness(outdir, currentInputs(ROOT, { SF_CONFIG: config }))).toEqual([]);
  });
});

describe('npm run verify and npm run checkov on output that is not current', () => {
  // Both call verify/freshness.ts before anything else: each case runs through one of them.
  it('verify: no stacks → one line, exit 2', () => {
    const r = runCli('verify/cli.ts', [path.join(dir, 'missing')], { SF_CONFIG: config });
    expect([r.status, r.stderr.trim()]).toEqual([2, `verify: nothing to check in ${path.join(dir, 'missing')} (no stacks): run \`npm run synth\` first`]);
  }, 60_000);

  it('checkov: configuration changed since synth → one line naming it, exit 2 (before looking for checkov)', () => {
    const changed = path.join(dir, 'changed.json');
    const raw = readConfigFile(EXAMPLE);
    fs.writeFileSync(changed, JSON.stringify(raw));
    const out = path.join(dir, 'out-changed');
    fs.cpSync(outdir, out, { recursive: true });
    writeInputs(out, currentInputs(ROOT, { SF_CONFIG: changed }));
    raw.environments[0].services[0].port = 3999;
    fs.writeFileSync(changed, JSON.stringify(raw));
    const r = runCli('verify/checkov-gate.ts', [out], { SF_CONFIG: changed, CHECKOV: '/nonexistent/checkov' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`checkov: ${out} is not the output of the current configuration and code (changed since synth: ${changed}): run \`npm run synth\` first`]);
  }, 60_000);

  it('checkov: a checkov that cannot be started → one line saying how to install it, exit 2, no stack trace', () => {
    const r = runCli('verify/checkov-gate.ts', [outdir], { SF_CONFIG: config, CHECKOV: '/nonexistent/checkov' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^checkov: cannot run "\/nonexistent\/checkov" \(ENOENT\): install it with `python3 -m venv .*pip install checkov==3\.3\.30`/)]);
  }, 60_000);

  it('verify: HCL output (npm run synth:hcl, SYNTH_HCL_OUTPUT) → one line saying to synthesize JSON, exit 2, no stack trace', () => {
    const hcl = path.join(dir, 'out-hcl');
    const synth = runMain({ SF_CONFIG: config, CDKTF_OUTDIR: hcl, SYNTH_HCL_OUTPUT: 'true' });
    expect(synth.status).toBe(0);
    expect(fs.existsSync(path.join(hcl, 'stacks', 'shared', 'cdk.tf'))).toBe(true);
    // The report counts the same resources in either rendering.
    const stackLines = (text: string) => text.split('\n').filter((l) => / resources$/.test(l));
    expect(stackLines(synth.stdout)).toEqual(stackLines(runMain({ SF_CONFIG: config, CDKTF_OUTDIR: path.join(dir, 'out-json') }).stdout));
    expect(stackLines(synth.stdout).length).toBeGreaterThan(2);
    const r = runCli('verify/cli.ts', [hcl], { SF_CONFIG: config });
    expect([r.status, r.stderr.trim()]).toEqual([2, `verify: ${hcl} is not the output of the current configuration and code (SYNTH_HCL_OUTPUT was "true" at synth, is "" now): run \`npm run synth\` first`]);
  }, 60_000);

  it('verify: current output → checked as before', () => {
    const r = runCli('verify/cli.ts', [outdir], { SF_CONFIG: config });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('verify: the synthesized app matches the model');
  }, 60_000);
});

describe('freshness', () => {
  it('counts the installed framework (npm run framework changes node_modules/.package-lock.json) and the rendering, as main.ts reads it', () => {
    expect(Object.keys(currentInputs(ROOT, {}).files)).toContain('node_modules/.package-lock.json');
    const hcl = (value?: string) => currentInputs(ROOT, { SYNTH_HCL_OUTPUT: value }).variables.SYNTH_HCL_OUTPUT;
    expect([hcl(), hcl(''), hcl('false'), hcl('0'), hcl('true'), hcl('1')]).toEqual(['', '', '', '', 'true', 'true']);
  });

  it('names what changed: a file, a variable', () => {
    const before = { files: { 'model/names.ts': 'a', 'environments/prod.ts': 'b' }, variables: { SF_CONFIG: '', SF_PRIORITY_RECORD: '', SF_STATE_BUCKET: '', SF_STATE_TABLE: '', SF_STATE_REGION: '' } };
    const out = path.join(dir, 'fresh');
    fs.mkdirSync(path.join(out, 'stacks'), { recursive: true });
    writeInputs(out, before);
    expect(staleness(out, before)).toEqual([]);
    expect(staleness(out, { ...before, files: { ...before.files, 'environments/prod.ts': 'c' } })).toEqual(['changed since synth: environments/prod.ts']);
    expect(staleness(out, { ...before, variables: { ...before.variables, SF_STATE_BUCKET: 'other' } })).toEqual(['SF_STATE_BUCKET was "" at synth, is "other" now']);
  });
});
