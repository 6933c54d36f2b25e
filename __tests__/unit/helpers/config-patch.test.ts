/** The bad-config corpus's patch format (helpers/config-patch.ts): RFC 7396 merge patches with environments and services keyed by name. */
import { applyConfigPatch, configPatch } from '../../helpers/config-patch';
import { EXAMPLE, readConfigFile } from '../../helpers/config-file';

const base = readConfigFile(EXAMPLE);

describe('config patches', () => {
  it('change one value of one service by names', () => {
    const c = applyConfigPatch(base, { environments: { prod: { services: { auth: { port: 22 } } } } }) as typeof base;
    expect(c.environments.map((e) => e.services.map((s) => s.port))).toEqual([[3000, 3001], [3000, 3001], [22, 3001]]);
    expect(base.environments[2].services[0].port).toBe(3000);
  });

  it('add an entry with a new key, remove one with null, rename one with its name', () => {
    const c = applyConfigPatch(base, { environments: { test: null, stage: { name: 'qa', services: { extra: { name: 'extra', port: 3005, routes: ['/extra'] } } } } }) as typeof base;
    expect(c.environments.map((e) => `${e.name}: ${e.services.map((s) => s.name).join(',')}`)).toEqual(['qa: auth,reminder,extra', 'prod: auth,reminder']);
  });

  it('round-trip: the generated patch turns the base into the configuration', () => {
    const changed = structuredClone(base);
    changed.environments[1].services[0].routes = ['/auth', '/login'];
    changed.environments[1].name = 'prod';
    changed.shared.network.azCount = 3;
    const patch = configPatch(base, changed);
    expect(patch).toEqual({ shared: { network: { azCount: 3 } }, environments: { stage: { name: 'prod', services: { auth: { routes: ['/auth', '/login'] } } } } });
    expect(applyConfigPatch(base, patch)).toEqual({ shared: changed.shared, environments: changed.environments });
  });
});
