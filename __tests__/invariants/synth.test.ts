/**
 * Invariant: `npm run synth` succeeds on your configuration (environments/) as CI runs it
 * (CI=true: the committed listener-priority record must be current), writes bootstrap, shared
 * and one stack per environment, and `npm run verify` finds no difference from the model.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { verify } from '../../verify/verify';
import { runMain } from '../helpers/run-main';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);

describe('npm run synth', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-your-synth-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('succeeds as in CI and writes bootstrap, shared and one stack per environment', () => {
    const outdir = path.join(dir, 'out');
    const r = runMain({ CDKTF_OUTDIR: outdir });
    expect({ status: r.status, errors: r.stderr.split('\n').filter((l) => l && !l.startsWith('warning: ')) }).toEqual({ status: 0, errors: [] });
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['bootstrap', 'shared', ...config.environments.map((e) => e.name)].sort());
  }, 60_000);
});

describe('npm run verify', () => {
  it('finds no difference between the synthesized app and the model', () => {
    const verdict = verify(app.out, config);
    expect(verdict.problems.map((p) => `${p.where}: ${p.rule}`)).toEqual([]);
  });
});
