/**
 * Invariant: every physical name AWS keeps unique (roles, policies, key aliases, log groups,
 * secrets, load balancers, target groups, security groups, clusters, task families,
 * repositories, buckets, tables) is unique across all stacks of your configuration
 * (environments/), so no apply fails on a name another stack already took.
 */
import { uniquePhysicalNames } from '../helpers/invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);

describe('physical names', () => {
  it('are unique across every stack', () => {
    expect(uniquePhysicalNames(app.out, config)).toEqual([]);
  });
});
