/**
 * Terraform's JSON syntax takes lifecycle references as bare traversals: `terraform validate`
 * (1.11) refuses `"replace_triggered_by": ["${terraform_data.x}"]` with "Invalid character",
 * which is what cdktf 0.21 renders for a construct passed as `replaceTriggeredBy`. Rule: every
 * `replace_triggered_by` entry of every stack is a bare address of a resource in the same
 * stack, and every `ignore_changes` entry a bare attribute name, for the shipped configuration
 * and the pinned fixtures (blue/green rules use both).
 */
import * as path from 'path';
import { AppConfig, defaultConfig } from '../../environments';
import { Json, Synthesized } from '../../verify/tfjson';
import { loadConfigFile } from '../helpers/config-file';
import { synth } from '../helpers/synth';

const CONFIGS: Array<[string, () => AppConfig]> = [
  ['the shipped configuration', () => defaultConfig()],
  ['alarms/blue-green.json', () => loadConfigFile(path.join(__dirname, '../fixtures/alarms/blue-green.json'))],
  ['alarms/rolling.json', () => loadConfigFile(path.join(__dirname, '../fixtures/alarms/rolling.json'))],
];

describe.each(CONFIGS)('lifecycle references of %s', (_, load) => {
  it('are bare: resource addresses of the same stack, and attribute names', () => {
    const out: Synthesized = synth(load());
    let seen = 0;
    for (const stack of Object.keys(out.stacks)) {
      for (const [type, resources] of Object.entries<Json>(out.stack(stack).resource ?? {})) {
        for (const [name, body] of Object.entries<Json>(resources)) {
          const lifecycle = body.lifecycle ?? {};
          for (const ref of lifecycle.replace_triggered_by ?? []) {
            seen++;
            const m = /^([a-z0-9_]+)\.([\w-]+)(\.[\w.]+)?$/.exec(ref);
            expect([`${stack}:${type}.${name}`, ref, Boolean(m && out.stack(stack).resource?.[m[1]]?.[m[2]])]).toEqual([`${stack}:${type}.${name}`, ref, true]);
          }
          for (const attr of lifecycle.ignore_changes ?? []) expect([`${stack}:${type}.${name}`, attr]).toEqual([`${stack}:${type}.${name}`, expect.stringMatching(/^[a-z_][a-z0-9_]*(\.[a-z0-9_]+|\[\d+\])*$/)]);
        }
      }
    }
    if (load === CONFIGS[1][1]) expect(seen).toBeGreaterThan(0);
  });
});
