/**
 * Invariant: every stack of your configuration (environments/) keeps its Terraform state
 * apart: bootstrap in a local file, every other stack in the configured bucket under
 * `<project>/<stack>/terraform.tfstate` with locking, and environments read only the shared
 * stack's outputs, never another environment's.
 */
import { noCrossEnvironmentReference, statePerStack } from '../helpers/invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);

describe('Terraform state', () => {
  it('has one backend and one state key per stack, in the configured bucket and lock table', () => {
    expect(statePerStack(app.out, config)).toEqual([]);
  });

  it('gives every stack a distinct state key', () => {
    const keys = Object.keys(app.out.stacks).map((s) => JSON.stringify(app.out.stack(s).terraform.backend));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lets no environment read another environment\'s state or outputs', () => {
    expect(noCrossEnvironmentReference(app.out, config)).toEqual([]);
  });
});
