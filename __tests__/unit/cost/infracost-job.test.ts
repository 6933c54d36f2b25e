/**
 * The optional live-price job of ci.yml: Infracost prices the HCL rendering of every stack
 * when the repository has an INFRACOST_API_KEY secret, and does nothing else. Without the key
 * every step but the notice is skipped, so the job passes (forks, deploy.yml's call), and it
 * never asks AWS for anything: no credentials, no OIDC token, no plan.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../helpers/sources';

const ci = fs.readFileSync(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8');
/** The `cost` job's lines: from its key to the next job or the end of the file. */
const job = (() => {
  const lines = ci.split('\n');
  const start = lines.indexOf('  cost:');
  expect(start).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > start && /^ {2}[\w-]+:\s*$/.test(l));
  return lines.slice(start, end < 0 ? undefined : end);
})();
/** Each step of the job as its text, split at the `- ` that starts it. */
const steps = job
  .join('\n')
  .split(/\n(?= {6}- )/)
  .slice(1);

describe('ci.yml cost job (Infracost, optional)', () => {
  it('runs every step but the notice only with the API key, and the notice only without it', () => {
    expect(steps.length).toBeGreaterThan(2);
    const [notice, ...rest] = steps;
    expect(notice).toMatch(/if: env\.INFRACOST_API_KEY == ''/);
    for (const step of rest) expect(step).toMatch(/if: env\.INFRACOST_API_KEY != ''/);
    expect(job.join('\n')).toMatch(/INFRACOST_API_KEY: \$\{\{ secrets\.INFRACOST_API_KEY \}\}/);
  });

  it('prices the HCL rendering of every synthesized stack', () => {
    const text = job.join('\n');
    expect(text).toMatch(/CDKTF_OUTDIR=cdktf\.out\.hcl npm run synth:hcl/);
    expect(text).toMatch(/for dir in cdktf\.out\.hcl\/stacks\/\*\/; do/);
    expect(text).toMatch(/infracost breakdown --path "\$dir"/);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['synth:hcl']).toBeDefined();
  });

  it('asks AWS for nothing: no credentials, no OIDC token, no plan', () => {
    const text = job.join('\n');
    expect(text).not.toMatch(/configure-aws-credentials|id-token|cdktf (plan|deploy)|terraform (init|plan)/);
    expect(ci).not.toMatch(/id-token: write/);
  });
});
