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
import { ConfigFile } from '../helpers/config-file';
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
  const base = readConfigFile(fixture('names/two-environments.json'));
  const [first, second] = base.environments;
  const asEnvironment = (name: string) => (c: ConfigFile) => (c.environments[0].name = name);
  const asService = (name: string) => (c: ConfigFile) => (c.environments[1].services[0].name = name);

  it.each(NAME_FRAGMENTS)('%s as an environment name and as a service name: refused naming it, or sound', (name) => {
    // Both renames in one configuration; where that is refused, each alone, so neither hides the other.
    const both = structuredClone(base);
    asEnvironment(name)(both);
    asService(name)(both);
    if (onConfiguration(both, () => refusedOrSound(both)) === 'refused') {
      for (const rename of [asEnvironment(name), asService(name)]) {
        const one = structuredClone(base);
        rename(one);
        onConfiguration(one, () => refusedOrSound(one));
      }
    }
  });

  it.each(NAME_FRAGMENTS)(`${first.name}-%s (another environment's name and "-", where the <project>-<env>-* IAM patterns overlap): refused naming it, or sound`, (name) => {
    const raw = structuredClone(base);
    raw.environments[1].name = `${first.name}-${name}`.slice(0, 12).replace(/-+$/, '');
    expect(second.name).not.toBe(raw.environments[1].name);
    onConfiguration(raw, () => refusedOrSound(raw));
  });
});

describe('any environment and service names', () => {
  it('are refused with a ConfigError naming them, or synthesize an app that keeps every invariant', () => {
    fc.assert(
      fc.property(renamed, (raw) => void onConfiguration(raw, () => refusedOrSound(raw))),
      { seed: PROPERTY_SEED, numRuns: Number(process.env.SF_PROPERTY_RUNS ?? 10) },
    );
  });
});
