/**
 * Property: an environment or service name is either refused with a ConfigError naming it, or
 * synthesizes into an app that keeps every invariant (unique physical names included). Never a
 * crash: a name that collides with a construct ID the code makes (an environment named like a
 * persona policy's scope) or with another physical name (a service named like the ECS Exec
 * log group, an environment named like a shared key) is a configuration error. Names are drawn
 * from fragments of the names the code itself makes, where such collisions hide.
 */
import fc from 'fast-check';
import { ConfigError, loadConfig } from '../../environments';
import { NAME_FRAGMENTS, PROPERTY_SEED, fragmentName, validConfiguration } from '../helpers/generate';
import { fixture, readConfigFile } from '../helpers/config-file';
import { violations } from '../helpers/invariants';
import { synthText } from '../helpers/synth-text';
import { onConfiguration } from '../helpers/property';

/** A small valid configuration with one environment or service name replaced by a fragment name (routes and prefixes kept). */
const renamed = validConfiguration
  .filter((c) => c.environments.length <= 3 && c.environments.every((e) => e.services.length <= 3))
  .chain((c) =>
    fc.record({ env: fc.nat(), service: fc.nat(), ofService: fc.boolean(), name: fragmentName(20) }).map(({ env, service, ofService, name }) => {
      const raw = structuredClone(c);
      const e = raw.environments[env % raw.environments.length];
      if (!ofService) e.name = name;
      else e.services[service % e.services.length].name = name;
      delete e.wafExemptions;
      return raw;
    }),
  );

/** Refused with a ConfigError about a name, or synthesized with every invariant kept; anything else fails. */
function refusedOrSound(raw: { shared: unknown; environments: unknown[] }): 'refused' | 'sound' {
  let config;
  try {
    config = loadConfig(raw.shared, raw.environments);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.issues.filter((i) => /(^|\.)name$/.test(i.field)).length).toBeGreaterThan(0);
    return 'refused';
  }
  expect(violations(synthText(config).out, config)).toEqual([]);
  return 'sound';
}

describe('every name fragment the code itself uses', () => {
  it('as environment names, as service names, and after another environment\'s name and "-": each refused naming it, or all sound together', () => {
    // One configuration holds them all: an environment per fragment (its one service named by a
    // fragment too), and one per fragment whose name begins with the first environment's name
    // and "-" (where the <project>-<env>-* IAM patterns overlap). What validation refuses must be
    // refused naming that environment or service and is taken out; the rest must synthesize into
    // an app that keeps every invariant. One synth instead of one per name.
    const base = readConfigFile(fixture('names/two-environments.json'));
    const [first, second] = base.environments;
    const slug = (s: string) => s.slice(0, 12).replace(/-+$/, '');
    const envs = [
      first,
      ...NAME_FRAGMENTS.map((f, i) => ({ ...structuredClone(second), name: f, routePrefix: `/e${i}`, services: [{ ...structuredClone(second.services[0]), name: NAME_FRAGMENTS[(i + 7) % NAME_FRAGMENTS.length], routes: [`/s${i}`] }] })),
      ...NAME_FRAGMENTS.map((f, i) => ({ ...structuredClone(second), name: slug(`${first.name}-${f}`), routePrefix: `/p${i}`, services: [{ ...structuredClone(second.services[0]), routes: [`/q${i}`] }] })),
    ].filter((e, i, all) => all.findIndex((x) => x.name === e.name) === i);
    let raw = { shared: base.shared, environments: envs };
    const refused: string[] = [];
    for (let round = 0; round < 10; round++) {
      let error: unknown;
      try {
        loadConfig(raw.shared, raw.environments);
      } catch (e) {
        error = e;
      }
      if (error === undefined) break;
      if (!(error instanceof ConfigError)) throw error;
      // Every problem is about a name; take out each environment or service it names.
      const named = error.issues.filter((i) => /(^|\.)name$/.test(i.field));
      expect(error.issues.filter((i) => !named.includes(i)).map((i) => `${i.scope}, field ${i.field}: ${i.rule}`)).toEqual([]);
      const dropEnv = new Set(named.filter((i) => i.field === 'name').map((i) => i.scope));
      const dropSvc = new Set(named.filter((i) => i.field !== 'name').map((i) => `${i.scope} ${i.field}`));
      refused.push(...dropEnv, ...dropSvc);
      raw = {
        shared: raw.shared,
        environments: raw.environments
          .filter((e) => !dropEnv.has(`environment "${e.name}"`))
          .map((e) => ({ ...e, services: e.services.filter((s) => !dropSvc.has(`environment "${e.name}" services[${s.name}].name`)) }))
          .filter((e) => e.services.length > 0),
      };
    }
    const config = loadConfig(raw.shared, raw.environments);
    expect(config.environments.length).toBeGreaterThan(NAME_FRAGMENTS.length / 2);
    onConfiguration(raw, () => expect(violations(synthText(config).out, config)).toEqual([]));
    // The collisions this is for were refused, not synthesized.
    expect(refused).toEqual(expect.arrayContaining(['environment "global"', 'environment "managed-0"', 'environment "dev-global"']));
  });
});

describe('any environment and service names', () => {
  it('are refused with a ConfigError naming them, or synthesize an app that keeps every invariant', () => {
    fc.assert(
      fc.property(renamed, (raw) => void onConfiguration(raw, () => refusedOrSound(raw))),
      { seed: PROPERTY_SEED, numRuns: Number(process.env.SF_PROPERTY_RUNS ?? 8) },
    );
  });
});
