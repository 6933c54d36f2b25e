/**
 * `npm run synth:hcl` / `cdktf synth --hcl`: every stack's HCL parses with HashiCorp's HCL
 * parser, no attribute holds a mangled JSON string, and every JSON document (policies, key
 * and topic policies, container definitions, lifecycle rules, dashboard bodies) has the same
 * value in both renderings. Two pinned configurations between them turn on every optional
 * document: `hcl/all-documents.json` (personas, image signing, key administrators and CI
 * roles, ECS Exec, blue/green with and without a test rule, alarm overrides and
 * subscriptions, production) and `sandbox/everything.json` (`sandbox: true`, whose teardown
 * aspect runs at synth, with a dedicated ALB, DocumentDB, OIDC and VPC endpoints). Both are
 * synthesized as `npm run synth` does (app.synth(), aspects included). `terraform fmt -check`
 * on the shipped configuration's HCL runs in .ci/run; the same comparison on your configuration
 * is in invariants/terraform.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../constructs/app';
import { loadConfig } from '../../environments';
import { TEARDOWN_SETTINGS } from '../../model/teardown';
import { Value, closeHclParser, evaluateInterpolation, fromTemplate, parseHcl } from '../helpers/hcl';

const FIXTURES = {
  'all-documents': path.join(__dirname, '../fixtures/hcl/all-documents.json'),
  sandbox: path.join(__dirname, '../fixtures/sandbox/everything.json'),
};
type Fixture = keyof typeof FIXTURES;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-hcl-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every stack of `fixture` as app.synth() writes it (aspects run): cdk.tf.json, or cdk.tf with `hcl`. */
function render(fixture: Fixture, hcl: boolean): Record<string, string> {
  const raw = JSON.parse(fs.readFileSync(FIXTURES[fixture], 'utf8'));
  const dir = path.join(tmp, `${fixture}-${hcl ? 'hcl' : 'json'}`);
  // cdktf's stacks choose their file format from SYNTH_HCL_OUTPUT alone, as main.ts sets it.
  const before = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    buildApp(loadConfig(raw.shared, raw.environments), dir, { hcl }).app.synth();
  } finally {
    if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = before;
  }
  const stacks = fs.readdirSync(path.join(dir, 'stacks'));
  return Object.fromEntries(stacks.map((s) => [s, fs.readFileSync(path.join(dir, 'stacks', s, hcl ? 'cdk.tf' : 'cdk.tf.json'), 'utf8')]));
}
const fixtures = Object.keys(FIXTURES) as Fixture[];
// Both renderings of every fixture, synthesized in beforeAll; the stacks a fixture has are known from its configuration.
let json: Record<Fixture, Record<string, any>>;
let hclText: Record<Fixture, Record<string, string>>;
beforeAll(() => {
  json = Object.fromEntries(fixtures.map((f) => [f, Object.fromEntries(Object.entries(render(f, false)).map(([s, t]) => [s, JSON.parse(t)]))])) as Record<Fixture, Record<string, any>>;
  hclText = Object.fromEntries(fixtures.map((f) => [f, render(f, true)])) as Record<Fixture, Record<string, string>>;
});
const stacksOf = (f: Fixture): string[] => ['bootstrap', 'shared', ...(JSON.parse(fs.readFileSync(FIXTURES[f], 'utf8')).environments as Array<{ name: string }>).map((e) => e.name)];
const cases = fixtures.flatMap((f) => stacksOf(f).map((stack) => [f, stack] as const));

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

/** Every JSON document held in a resource attribute of a cdk.tf.json stack, with its value (references as placeholders). */
function* documents(stack: any): Generator<{ type: string; name: string; attribute: string; value: Value }> {
  for (const [type, resources] of Object.entries<Record<string, Record<string, unknown>>>(stack.resource ?? {})) {
    for (const [name, attributes] of Object.entries(resources)) {
      for (const [attribute, text] of Object.entries(attributes)) {
        const value = typeof text === 'string' ? jsonIn(fromTemplate(text)) : undefined;
        if (value !== undefined) yield { type, name, attribute, value };
      }
    }
  }
}

describe('HCL output (synth --hcl)', () => {
  afterAll(closeHclParser);

  it.each(fixtures)('%s: renders the same stacks as the JSON output', (fixture) => {
    const raw = JSON.parse(fs.readFileSync(FIXTURES[fixture], 'utf8'));
    expect(Object.keys(hclText[fixture]).sort()).toEqual(Object.keys(json[fixture]).sort());
    expect(Object.keys(json[fixture]).sort()).toEqual(stacksOf(fixture).sort());
    expect(Object.keys(json[fixture]).length).toBe(2 + raw.environments.length);
  });

  describe.each(cases)('%s: stack %s', (fixture, stack) => {
    let parsed: Record<string, any>;
    beforeAll(async () => {
      parsed = await parseHcl(hclText[fixture][stack]);
    });

    it('parses as HCL', () => {
      expect(Object.keys(parsed.resource ?? {}).length).toBeGreaterThan(0);
    });

    it('holds no mangled JSON string in any attribute', () => {
      // Terraform expressions beyond the literal subset (conditions, contains(), splats: the
      // start gate, key preconditions) are not documents: they pass when the JSON output holds
      // the very same expression, which Terraform parses (terraform fmt and validate in CI).
      const expressions = new Set([...strings(json[fixture][stack].resource, 'resource')].map(([, v]) => v).filter((v) => !/^\s*[[{]/.test(fromTemplate(v))));
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
      const compared: string[] = [];
      for (const { type, name, attribute, value } of documents(json[fixture][stack])) {
        compared.push(`${type}.${name}.${attribute}`);
        const evaluated = evaluateInterpolation(parsed.resource[type][name][0][attribute]);
        expect(typeof evaluated).toBe('string');
        expect({ at: `${type}.${name}.${attribute}`, value: JSON.parse(evaluated as string) }).toEqual({ at: `${type}.${name}.${attribute}`, value });
      }
      // Each stack holds documents (key policy, bucket policies, roles): the comparison ran.
      expect(compared.length).toBeGreaterThan(0);
    });

    it('holds the same deletion safeguards (sandbox teardown) as the JSON output', () => {
      const settings: string[] = [];
      for (const [type, resources] of Object.entries<Record<string, Record<string, unknown>>>(json[fixture][stack].resource ?? {})) {
        for (const [name, attributes] of Object.entries(resources)) {
          for (const argument of Object.keys(TEARDOWN_SETTINGS).filter((a) => a in attributes)) {
            settings.push(`${type}.${name}.${argument}`);
            expect({ at: `${type}.${name}.${argument}`, value: parsed.resource[type][name][0][argument] }).toEqual({ at: `${type}.${name}.${argument}`, value: attributes[argument] });
          }
          expect({ at: `${type}.${name}`, lifecycle: parsed.resource[type][name][0].lifecycle?.[0]?.prevent_destroy }).toEqual({ at: `${type}.${name}`, lifecycle: (attributes.lifecycle as any)?.prevent_destroy });
        }
      }
      expect(settings.length).toBeGreaterThan(0);
    });
  });

  // Listed, so that a fixture edit that drops one kind of document is noticed.
  it('compares a document of every kind the stacks hold', () => {
    const kinds = new Set(cases.flatMap(([fixture, stack]) => [...documents(json[fixture][stack])].map((d) => `${d.type}.${d.attribute}`)));
    expect([...kinds].sort()).toEqual([
      'aws_cloudwatch_dashboard.dashboard_body',
      'aws_ecr_lifecycle_policy.policy',
      'aws_ecr_repository_policy.policy',
      'aws_ecs_task_definition.container_definitions',
      'aws_iam_policy.policy',
      'aws_iam_role.assume_role_policy',
      'aws_iam_role_policy.policy',
      'aws_kms_key.policy',
      'aws_s3_bucket_policy.policy',
      'aws_sns_topic_policy.policy',
    ]);
  });

  it('keeps references as references: a policy naming another resource evaluates to that reference', () => {
    const roles = Object.values(json['all-documents']).flatMap((s: any) => Object.values(s.resource?.aws_iam_role_policy ?? {})) as Array<{ policy: string }>;
    const withRef = roles.map((r) => fromTemplate(r.policy)).find((p) => p.includes('\u27ea'));
    expect(withRef).toMatch(/\u27ea(aws|data)[\w.-]+\u27eb/);
  });

  it('sandbox: the teardown aspect ran in the HCL rendering too', () => {
    expect(hclText.sandbox.shared).toMatch(/force_destroy\s*=\s*true/);
    expect(hclText['all-documents'].shared).not.toMatch(/force_destroy\s*=\s*true/);
  });
});
