import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE, readConfigFile } from '../helpers/config-file';
import { runMain } from '../helpers/run-main';

describe('synth entry point (main.ts)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-main-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every stack on a valid configuration', () => {
    const outdir = path.join(dir, 'good.out');
    const r = runMain({ CDKTF_OUTDIR: outdir, SF_CONFIG: EXAMPLE });
    // The shipped example configures no key administrator, and an SF_CONFIG run keeps no
    // listener-priority record unless told to: one warning line each, and synth succeeds.
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^warning: ${EXAMPLE}: shared settings, field adminRoleArns: no durable KMS key administrator is configured`)),
      `warning: ${EXAMPLE}: no listener-priority record (SF_PRIORITY_RECORD), so priorities follow from the paths alone, as before a first deploy; to deploy this configuration, keep its record with SF_PRIORITY_RECORD=<file> on every run (docs/operations.md, "Listener-rule priorities")`,
    ]);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['bootstrap', 'prod', 'shared', 'stage', 'test']);
    expect(fs.readdirSync(dir).filter((f) => /staging|previous/.test(f))).toEqual([]);
    // With a record of its own, no warning about priorities.
    const recorded = runMain({ CDKTF_OUTDIR: path.join(dir, 'recorded.out'), SF_CONFIG: EXAMPLE, SF_PRIORITY_RECORD: path.join(dir, 'record.json'), CI: '' });
    expect(recorded.status).toBe(0);
    expect(recorded.stderr).not.toContain('no listener-priority record');
    for (const stack of ['bootstrap', 'prod', 'shared', 'stage', 'test']) {
      expect(fs.readFileSync(path.join(outdir, 'stacks', stack, 'versions.tf'), 'utf8')).toBe('terraform {\n  required_version = ">= 1.11.0"\n}\n');
    }
  });

  it('exits non-zero with the message and leaves no output behind on a bad configuration', () => {
    const raw = readConfigFile(EXAMPLE);
    raw.environments[2].services[0].port = 22;
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(raw));
    const outdir = path.join(dir, 'bad.out');
    fs.mkdirSync(path.join(outdir, 'stacks', 'prod'), { recursive: true }); // stale output from an earlier run
    const r = runMain({ CDKTF_OUTDIR: outdir, SF_CONFIG: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('environment "prod", field services[auth].port: container port must be within 3000–4000');
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
