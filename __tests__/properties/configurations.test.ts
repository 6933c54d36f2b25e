/**
 * Properties of every valid configuration (generated: 1–6 environments of 1–30 services, random
 * names, ports, routes and prefixes, and every option: dedicated ALB, IPv6 with IPv6 allow-lists,
 * VPC endpoints, ECS Exec outside production, OIDC, DocumentDB, Spot outside production, ARM64,
 * WAF exemptions, personas, audit switches, image signing, alarm overrides and subscriptions,
 * blue/green with and without a test header, a sandbox where no environment is production). Validation accepts it; the app
 * synthesizes and keeps every invariant of the invariant suite (__tests__/helpers/invariants.ts);
 * synth is deterministic; and adding a service changes no other resource. Seeded and bounded:
 * on failure fast-check prints the seed and the shrunk configuration; SF_PROPERTY_SEED replays
 * or explores another seed.
 */
import fc from 'fast-check';
import { AppConfig, ServiceInput, loadConfig } from '../../environments';
import { Json } from '../../verify/tfjson';
import { PROPERTY_SEED, RawConfig, validConfiguration } from '../helpers/generate';
import { violations } from '../helpers/invariants';
import { synthText } from '../helpers/synth-text';
import { onConfiguration } from '../helpers/property';

const load = (raw: RawConfig, record?: unknown): AppConfig => loadConfig(raw.shared, raw.environments, {}, record);

describe('every valid configuration', () => {
  it('is accepted, synthesizes, and keeps every invariant', () => {
    fc.assert(
      fc.property(validConfiguration, (raw) => onConfiguration(raw, () => {
        const config = load(raw);
        expect(violations(synthText(config).out, config)).toEqual([]);
      })),
      { seed: PROPERTY_SEED, numRuns: 10 },
    );
  });

  it('synthesizes byte for byte the same twice, and adding a service changes no address or attribute of any other resource', () => {
    const where = fc.record({ env: fc.nat(), port: fc.integer({ min: 3000, max: 4000 }), secret: fc.boolean() });
    fc.assert(
      fc.property(validConfiguration, where, (raw, w) => onConfiguration(raw, () => {
        const before = load(raw);
        const first = synthText(before);
        expect(synthText(load(raw)).texts).toEqual(first.texts);

        // A new service in one environment ("~" keeps its name and route apart from every other),
        // with the priority record carried over as synth would.
        const grown = structuredClone(raw);
        const env = grown.environments[w.env % grown.environments.length];
        const added: ServiceInput = { name: 'zznew', port: w.port, routes: ['/zznew'], secrets: w.secret ? ['NEW_SECRET'] : [] };
        env.services.push(added);
        if (!env.dedicatedAlb && grown.environments.filter((e) => !e.dedicatedAlb).reduce((n, e) => n + e.services.reduce((m, s) => m + s.routes.length, 0), 0) > 100) env.dedicatedAlb = true;
        if (env.dedicatedAlb !== raw.environments[w.env % raw.environments.length].dedicatedAlb) return; // moving the environment is not "adding a service"
        const after = synthText(load(grown, before.listenerPriorities));
        // The environment's dashboard shows every service (model/dashboard.ts): a row is added to it, nothing else changes.
        const dashboard = (r: string) => r.startsWith(`${env.name}: resource.aws_cloudwatch_dashboard.`) && r.endsWith(' changed');
        expect(changedResources(first.out.stacks, after.out.stacks).filter((r) => !dashboard(r))).toEqual([]);
      })),
      { seed: PROPERTY_SEED, numRuns: 4 },
    );
  });
});

/** Every resource and data source of `before` that `after` lacks or has with other attributes (construct metadata aside). */
function changedResources(before: Readonly<Record<string, Json>>, after: Readonly<Record<string, Json>>): string[] {
  const out: string[] = [];
  for (const [stack, json] of Object.entries(before)) {
    for (const section of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries<Json>(json[section] ?? {})) {
        for (const [name, body] of Object.entries<Json>(byName)) {
          const now = after[stack]?.[section]?.[type]?.[name];
          if (now === undefined) out.push(`${stack}: ${section}.${type}.${name} is gone`);
          else if (JSON.stringify(strip(now)) !== JSON.stringify(strip(body))) out.push(`${stack}: ${section}.${type}.${name} changed`);
        }
      }
    }
  }
  return out;
}

const strip = (body: Json): Json => {
  const { '//': _meta, ...rest } = body;
  return rest;
};
