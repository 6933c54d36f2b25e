/**
 * Invariant: every container of your configuration (environments/) runs as a non-root user,
 * unprivileged, with a read-only root filesystem and every capability dropped, unless ECS Exec
 * is on for its environment (never production); secrets come in by ARN.
 */
import { containerHardening } from '../helpers/invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);

describe('containers', () => {
  it('are hardened as the model says', () => {
    expect(containerHardening(app.out, config)).toEqual([]);
  });
});
