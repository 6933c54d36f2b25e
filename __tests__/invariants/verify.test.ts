/**
 * Invariant: `npm run verify` finds no difference between your configuration's synthesized app
 * and the model. (That `npm run synth` accepts your configuration as CI runs it is what every
 * file here needs to load: the configuration, every environment file listed, and the committed
 * listener-priority record current, routes.test.ts.)
 */
import { verify } from '../../verify/verify';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);

describe('npm run verify', () => {
  it('finds no difference between the synthesized app and the model', () => {
    const verdict = verify(app.out, config);
    expect(verdict.problems.map((p) => `${p.where}: ${p.rule}`)).toEqual([]);
  });

  it('has a stack for bootstrap, shared and each environment of your configuration', () => {
    expect(Object.keys(app.out.stacks).sort()).toEqual(['bootstrap', 'shared', ...config.environments.map((e) => e.name)].sort());
  });
});
