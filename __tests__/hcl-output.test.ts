/**
 * `npm run synth:hcl` / `cdktf synth --hcl`: every stack's HCL parses with HashiCorp's HCL
 * parser, no attribute holds a mangled JSON string, and every JSON document (policies,
 * container definitions, lifecycle rules) has the same value in both renderings.
 * The fixture turns on every optional document (personas, image signing) besides the
 * shipped configuration's. `terraform fmt -check` on the same output runs in .ci/run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../constructs/app';
import { loadConfig } from '../environments';
import { Value, closeHclParser, evaluateInterpolation, fromTemplate, parseHcl } from './helpers/hcl';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/hcl/all-documents.json'), 'utf8'));
const config = loadConfig(fixture.shared, fixture.environments);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-hcl-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const stacksOf = (hcl: boolean) => buildApp(config, path.join(tmp, String(hcl)), { hcl }).app.node.children.filter((c): c is any => 'toTerraform' in c);
const json = Object.fromEntries(stacksOf(false).map((s) => [s.node.id, s.toTerraform()]));
const hclText = Object.fromEntries(stacksOf(true).map((s) => [s.node.id, s.toHclTerraform().hcl as string]));

/** Every string attribute (nested blocks included) of every resource: [address, value]. */
function* strings(node: unknown, at: string): Generator<[string, string]> {
  if (typeof node === 'string') yield [at, node];
  else if (Array.isArray(node)) for (const [i, v] of node.entries()) yield* strings(v, `${at}[${i}]`);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== '//') yield* strings(v, `${at}.${k}`);
}

/** A JSON document held in a string: its value with references as placeholders, or undefined. */
function jsonIn(text: string): Value | undefined {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return undefined;
  // A bare reference (`{"a": ${x}}`) would leave the placeholder outside a string: not JSON.
  return JSON.parse(t);
}

describe('HCL output (synth --hcl)', () => {
  afterAll(closeHclParser);

  it('renders the same stacks as the JSON output', () => {
    expect(Object.keys(hclText).sort()).toEqual(Object.keys(json).sort());
    expect(Object.keys(json).length).toBe(2 + config.environments.length);
  });

  describe.each(Object.keys(json))('stack %s', (stack) => {
    let parsed: Record<string, any>;
    beforeAll(async () => {
      parsed = await parseHcl(hclText[stack]);
    });

    it('parses as HCL', () => {
      expect(Object.keys(parsed.resource ?? {}).length).toBeGreaterThan(0);
    });

    it('holds no mangled JSON string in any attribute', () => {
      // Terraform expressions beyond the literal subset (conditions, contains(), splats: the
      // start gate, key preconditions) are not documents: they pass when the JSON output holds
      // the very same expression, which Terraform parses (terraform fmt and validate in CI).
      const expressions = new Set([...strings(json[stack].resource, 'resource')].map(([, v]) => v).filter((v) => !/^\s*[[{]/.test(fromTemplate(v))));
      const bad: string[] = [];
      for (const [at, value] of strings(parsed.resource, 'resource')) {
        try {
          const evaluated = evaluateInterpolation(value);
          jsonIn(typeof evaluated === 'string' ? evaluated : fromTemplate(value));
        } catch (e) {
          if (!expressions.has(value)) bad.push(`${at}: ${(e as Error).message.slice(0, 120)}`);
        }
      }
      expect(bad).toEqual([]);
    });

    it('holds every JSON document of the JSON output, with the same value', () => {
      const documents: string[] = [];
      for (const [type, resources] of Object.entries<Record<string, Record<string, unknown>>>(json[stack].resource ?? {})) {
        for (const [name, attributes] of Object.entries(resources)) {
          for (const [attribute, value] of Object.entries(attributes)) {
            if (typeof value !== 'string' || jsonIn(fromTemplate(value)) === undefined) continue;
            documents.push(`${type}.${name}.${attribute}`);
            const inHcl = parsed.resource[type][name][0][attribute];
            const evaluated = evaluateInterpolation(inHcl);
            expect(typeof evaluated).toBe('string');
            expect({ at: `${type}.${name}.${attribute}`, value: JSON.parse(evaluated as string) }).toEqual({ at: `${type}.${name}.${attribute}`, value: jsonIn(fromTemplate(value)) });
          }
        }
      }
      // Each stack holds documents (key policy, bucket policies, roles): the comparison ran.
      expect(documents.length).toBeGreaterThan(0);
    });
  });

  it('keeps references as references: a policy naming another resource evaluates to that reference', () => {
    const roles = Object.values(json).flatMap((s: any) => Object.values(s.resource?.aws_iam_role_policy ?? {})) as Array<{ policy: string }>;
    const withRef = roles.map((r) => fromTemplate(r.policy)).find((p) => p.includes('\u27ea'));
    expect(withRef).toMatch(/\u27ea(aws|data)[\w.-]+\u27eb/);
  });
});
