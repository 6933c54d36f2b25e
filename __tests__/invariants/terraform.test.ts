/**
 * Invariant: what Terraform reads of your configuration's stacks (environments/). Lifecycle
 * references are bare addresses and attribute names (`terraform validate` refuses anything
 * else); the deletion safeguards are as `sandbox` says (kept outside a sandbox, lifted inside
 * one); and `npm run synth:hcl` renders every JSON document of every stack to the same value as
 * cdk.tf.json (constructs/json-document.ts), with the same safeguards.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { buildApp } from '../../constructs/app';
import { TEARDOWN_SETTINGS } from '../../model/teardown';
import { Json } from '../../verify/tfjson';
import { closeHclParser, evaluateInterpolation, fromTemplate, parseHcl } from '../helpers/hcl';
import { bareLifecycleReferences, teardownAsConfigured } from '../helpers/terraform-invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);

describe('lifecycle and safeguards', () => {
  it('every replace_triggered_by is a bare address in its stack, every ignore_changes a bare attribute name', () => {
    expect(bareLifecycleReferences(app.out, config)).toEqual([]);
  });

  it(`keeps every deletion safeguard, or (sandbox: true, never next to production) lifts every one`, () => {
    expect(teardownAsConfigured(app.out, config)).toEqual([]);
  });
});

describe('HCL output (npm run synth:hcl)', () => {
  let hcl: Record<string, Json>;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-hcl-invariant-'));
  beforeAll(async () => {
    // cdktf's stacks choose their file format from SYNTH_HCL_OUTPUT alone, as main.ts sets it.
    const before = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      buildApp(config, tmp, { hcl: true }).app.synth();
    } finally {
      if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = before;
    }
    hcl = {};
    for (const stack of fs.readdirSync(path.join(tmp, 'stacks'))) hcl[stack] = await parseHcl(fs.readFileSync(path.join(tmp, 'stacks', stack, 'cdk.tf'), 'utf8'));
  });
  afterAll(async () => {
    await closeHclParser();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('renders the same stacks, each holding every JSON document of cdk.tf.json with the same value and the same safeguards', () => {
    expect(Object.keys(hcl).sort()).toEqual(Object.keys(app.out.stacks).sort());
    const differing: string[] = [];
    let documents = 0;
    for (const [stack, json] of Object.entries(app.out.stacks)) {
      for (const [type, byName] of Object.entries<Json>(json.resource ?? {})) {
        for (const [name, attributes] of Object.entries<Json>(byName)) {
          const rendered = hcl[stack].resource?.[type]?.[name]?.[0];
          if (!rendered) {
            differing.push(`${stack}:${type}.${name}: missing from the HCL`);
            continue;
          }
          for (const [attribute, text] of Object.entries(attributes)) {
            const held = typeof text === 'string' ? fromTemplate(text).trim() : '';
            if (/^[[{]/.test(held)) {
              documents++;
              const evaluated = evaluateInterpolation(rendered[attribute]);
              if (typeof evaluated !== 'string' || !isDeepStrictEqual(JSON.parse(evaluated), JSON.parse(held))) differing.push(`${stack}:${type}.${name}.${attribute}: another document in the HCL`);
            }
          }
          for (const argument of Object.keys(TEARDOWN_SETTINGS).filter((a) => a in attributes)) {
            if (!isDeepStrictEqual(rendered[argument], attributes[argument])) differing.push(`${stack}:${type}.${name}.${argument}: ${JSON.stringify(rendered[argument])} in the HCL, ${JSON.stringify(attributes[argument])} in the JSON`);
          }
          if (rendered.lifecycle?.[0]?.prevent_destroy !== attributes.lifecycle?.prevent_destroy) differing.push(`${stack}:${type}.${name}: prevent_destroy differs`);
        }
      }
    }
    expect(differing).toEqual([]);
    expect(documents).toBeGreaterThan(0);
  });
});
