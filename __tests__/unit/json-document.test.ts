/**
 * constructs/json-document.ts: any JSON document, rendered for HCL, is valid HCL whose value is
 * that document; rendered for JSON, it is JSON.stringify. Strings mix the characters HCL
 * treats specially (quotes, backslashes, `${`, `%{`, control characters) with references to
 * other resources (string tokens and stringified number tokens).
 */
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { App, TerraformStack, Token } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { jsonDocument } from '../../constructs/json-document';
import { Value, closeHclParser, evaluateInterpolation, parseHcl, ref } from '../helpers/hcl';

/** A string part: literal text, or a reference rendered from a token. */
type Part = string | { token: 'string' | 'number' };
type Doc = Part[] | Doc[] | { [key: string]: Doc } | number | boolean;

const ACCOUNT = 'data.aws_caller_identity.me.account_id';
const tricky = fc.constantFrom('"', '\\', '${', '%{', '$${', '%%{', '$', '%', '{', '}', '\n', '\r', '\t', '\u0001', '\u007f', 'é', '😀', ' = ', '\\u0041', '\\"');
const text = fc.array(fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxLength: 4 }).map((a) => a.join(''));
const part: fc.Arbitrary<Part> = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom<Part>({ token: 'string' }, { token: 'number' }) });
const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.array(part, { minLength: 1, maxLength: 3 }),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.boolean(),
    fc.array(tie('doc'), { maxLength: 3 }),
    fc.dictionary(text, tie('doc'), { maxKeys: 3 }),
  ),
}));

/** The document with tokens (what a construct passes) and with references (what HCL must evaluate to). */
function build(d: Doc, accountId: string): { actual: unknown; expected: Value } {
  if (typeof d === 'number' || typeof d === 'boolean') return { actual: d, expected: d };
  if (Array.isArray(d) && d.every((p) => typeof p === 'string' || (typeof p === 'object' && p !== null && 'token' in p))) {
    const parts = d as Part[];
    const asToken = (p: Part) => (typeof p === 'string' ? p : p.token === 'string' ? accountId : String(Token.asNumber(accountId)));
    return { actual: parts.map(asToken).join(''), expected: parts.map((p) => (typeof p === 'string' ? p : ref(ACCOUNT))).join('') };
  }
  if (Array.isArray(d)) {
    const items = (d as Doc[]).map((x) => build(x, accountId));
    return { actual: items.map((i) => i.actual), expected: items.map((i) => i.expected) };
  }
  const entries = Object.entries(d).map(([k, v]) => [k, build(v, accountId)] as const);
  return { actual: Object.fromEntries(entries.map(([k, v]) => [k, v.actual])), expected: Object.fromEntries(entries.map(([k, v]) => [k, v.expected])) };
}

function render(d: Doc, hcl: boolean): { attribute: string; expected: Value; hclText?: string } {
  const app = new App({ outdir: path.join(os.tmpdir(), 'sf-json-document'), hclOutput: hcl });
  const stack = new TerraformStack(app, 's');
  const me = new DataAwsCallerIdentity(stack, 'me');
  const { actual, expected } = build({ document: d }, me.accountId);
  new IamRole(stack, 'role', { name: 'r', assumeRolePolicy: jsonDocument(stack, actual as object) });
  if (hcl) return { attribute: '', expected, hclText: stack.toHclTerraform().hcl };
  return { attribute: (stack.toTerraform() as any).resource.aws_iam_role.role.assume_role_policy, expected };
}

describe('jsonDocument', () => {
  afterAll(closeHclParser);
  // cdktf warns that a literal `${` next to a token in a function argument "may be incorrect";
  // the property below checks that it is not.
  beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));

  it('renders any document for HCL as valid HCL whose jsonencode() value is the document', async () => {
    await fc.assert(
      fc.asyncProperty(doc, async (d) => {
        const { hclText, expected } = render(d, true);
        const parsed = await parseHcl(hclText!);
        const attribute = parsed.resource.aws_iam_role.role[0].assume_role_policy;
        const json = evaluateInterpolation(attribute);
        expect(typeof json).toBe('string');
        expect(JSON.parse(json as string)).toEqual(expected);
      }),
      { seed: 14, numRuns: 80 },
    );
  });

  it('renders for cdk.tf.json with JSON.stringify, unchanged', () => {
    fc.assert(
      fc.property(doc.filter((d) => !JSON.stringify(d).includes('token')), (d) => {
        const { attribute } = render(d, false);
        expect(attribute).toBe(JSON.stringify(build({ document: d }, 'unused').actual));
      }),
      { seed: 14, numRuns: 50 },
    );
  });

  it('refuses what cdktf cannot render in HCL instead of writing something else', () => {
    const app = new App({ outdir: path.join(os.tmpdir(), 'sf-json-document'), hclOutput: true });
    const stack = new TerraformStack(app, 's');
    const me = new DataAwsCallerIdentity(stack, 'me');
    expect(() => jsonDocument(stack, { a: [1, null] })).toThrow('$.a[1] is null');
    expect(() => jsonDocument(stack, { [me.accountId]: 1 })).toThrow('holds a token');
  });
});
