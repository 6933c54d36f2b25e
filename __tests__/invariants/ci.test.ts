/**
 * Invariant: CI plans and deploys every stack of your configuration (environments/). The
 * workflows list no stack by hand: tools/ci-stacks.ts reads them from the synthesized
 * manifest. This fails when a stack of your app would be left out of CI: a stack missing from
 * what the tool gives the workflows, a workflow job that runs cdktf on a stack named by hand,
 * or a workflow whose matrix does not come from the tool.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MANUAL_STACKS, ciStacks } from '../../tools/ci-stacks';
import { ROOT } from '../helpers/sources';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);
const workflow = (file: string) => fs.readFileSync(path.join(ROOT, '.github/workflows', file), 'utf8');

describe('CI covers every stack', () => {
  it('gets every stack of the manifest but bootstrap from tools/ci-stacks.ts: shared, then each environment in the order configured', () => {
    const manifest = Object.keys(JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')).stacks).sort();
    const { stacks, environments } = ciStacks(app.outdir);
    expect(MANUAL_STACKS).toEqual(['bootstrap']);
    expect([...stacks].sort()).toEqual(manifest.filter((s) => s !== 'bootstrap'));
    expect(stacks).toEqual(['shared', ...config.environments.map((e) => e.name)]);
    expect(environments).toEqual(config.environments.map((e) => e.name));
  });

  it('plans every stack the tool lists and deploys shared, then every environment it lists', () => {
    expect(workflow('plan.yml')).toMatch(/stack: \$\{\{ fromJSON\(needs\.stacks\.outputs\.stacks\) \}\}/);
    expect(workflow('plan.yml')).toMatch(/npx cdktf plan "\$STACK"/);
    expect(workflow('deploy.yml')).toMatch(/stack: \$\{\{ fromJSON\(needs\.stacks\.outputs\.environments\) \}\}/);
    expect(workflow('deploy.yml')).toMatch(/npx cdktf deploy shared\b/);
    expect(workflow('deploy.yml')).toMatch(/npx cdktf deploy "\$STACK"/);
    for (const file of ['plan.yml', 'deploy.yml']) expect(workflow(file)).toMatch(/tools\/ci-stacks\.ts stacks/);
  });

  it.each(['plan.yml', 'deploy.yml'])('%s names none of your environments by hand', (file) => {
    const text = workflow(file);
    const named = config.environments.map((e) => e.name).filter((env) => new RegExp(`cdktf (plan|deploy) ${env}\\b|^\\s+${env}:\\s*$|vars\\.${env.toUpperCase().replace(/-/g, '_')}_`, 'm').test(text));
    expect(named).toEqual([]);
    expect(text).not.toMatch(/npx cdktf (plan|deploy) (?!shared\b|"\$STACK")\S/);
  });
});
