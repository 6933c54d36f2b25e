/**
 * Terraform's JSON syntax takes lifecycle references as bare traversals: `terraform validate`
 * (1.11) refuses `"replace_triggered_by": ["${terraform_data.x}"]` with "Invalid character",
 * which is what cdktf 0.21 renders for a construct passed as `replaceTriggeredBy`. On the pinned
 * fixtures whose blue/green rules use both `replace_triggered_by` and `ignore_changes`, every
 * entry is bare (the check of the invariant suite, helpers/terraform-invariants.ts).
 */
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { Json } from '../../../verify/tfjson';
import { loadConfigFile } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';
import { bareLifecycleReferences } from '../../helpers/terraform-invariants';

describe.each(['alarms/blue-green.json', 'alarms/rolling.json'])('lifecycle references of %s', (file) => {
  const config: AppConfig = loadConfigFile(path.join(__dirname, '../../fixtures', file));
  const out = synthBeforeAll(config);

  it('are bare: resource addresses of the same stack, and attribute names', () => {
    expect(bareLifecycleReferences(out, config)).toEqual([]);
    const references = Object.keys(out.stacks).flatMap((stack) => out.resourceTypes(stack).flatMap((t) => out.resources(t, stack).flatMap((r) => (r.body.lifecycle as Json | undefined)?.replace_triggered_by ?? [])));
    // Blue/green rules are replaced when the environment switches: the check had something to read.
    expect(references.length > 0).toBe(file === 'alarms/blue-green.json');
  });
});
