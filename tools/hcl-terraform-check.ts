/**
 * .ci/run, with Terraform on PATH: `node tools/run.js tools/hcl-terraform-check.ts`.
 * Cross-checks the HCL rendering of constructs/json-document.ts against Terraform itself
 * (the Jest tests use their own evaluator, __tests__/helpers/hcl.ts): documents full of the
 * characters HCL treats specially are rendered the way `synth --hcl` renders them, evaluated
 * with `terraform console`, and must equal the documents. Offline; no provider is needed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import fc from 'fast-check';
import { App, TerraformStack } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { jsonDocument } from '../constructs/json-document';

const TRICKY = ['"', '\\', '${', '%{', '$${', '%%{', '$', '%', '{', '}', '\n', '\r', '\t', '\u0001', '\u007f', 'é', '😀', ' = ', '\\u0041', '\\"', '${x}', '%{ if true }'];
const text = fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 5 })), { maxLength: 4 }).map((a) => a.join(''));
const json: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(text, tie('v'), { maxKeys: 3 })),
})).v;

const documents: unknown[] = [...TRICKY.map((t) => ({ [t]: [t, `a${t}b`] })), ...fc.sample(fc.dictionary(text, json, { minKeys: 1, maxKeys: 4 }), { seed: 14, numRuns: 60 })];

// cdktf warns that a literal `${` beside a function argument "may be incorrect": this checks it is not.
console.warn = () => undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-hcl-tf-'));
try {
  const app = new App({ outdir: path.join(dir, 'out'), hclOutput: true });
  const stack = new TerraformStack(app, 's');
  documents.forEach((d, i) => new IamRole(stack, `r${i}`, { name: `r${i}`, assumeRolePolicy: jsonDocument(stack, d as object) }));
  // Each attribute as cdktf writes it, `assume_role_policy = "${jsonencode(...)}"`, becomes a local.
  const values = (stack.toHclTerraform().hcl as string)
    .split('\n')
    .filter((l) => l.startsWith('assume_role_policy = '))
    .map((l) => l.slice('assume_role_policy = '.length));
  if (values.length !== documents.length) throw new Error(`expected ${documents.length} rendered documents, found ${values.length} single-line ones`);
  fs.writeFileSync(path.join(dir, 'main.tf'), `locals {\n${values.map((v, i) => `  d${i} = ${v}`).join('\n')}\n}\n`);
  const r = spawnSync('terraform', ['console'], { cwd: dir, input: `base64encode(jsonencode([${values.map((_, i) => `local.d${i}`).join(', ')}]))\n`, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  if (r.status !== 0) throw new Error(`terraform console failed:\n${r.stderr}`);
  // base64: console prints strings in HCL syntax, which is not JSON's.
  const base64 = /"([A-Za-z0-9+/=]+)"/.exec(r.stdout)?.[1] ?? '';
  const evaluated = (JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as string[]).map((s) => JSON.parse(s) as unknown);
  const wrong = documents.map((d, i) => [i, d] as const).filter(([i, d]) => !isDeepStrictEqual(evaluated[i], JSON.parse(JSON.stringify(d))));
  for (const [i, d] of wrong.slice(0, 5)) console.error(`document ${i}: ${JSON.stringify(d)}\n  Terraform: ${JSON.stringify(evaluated[i])}`);
  if (wrong.length > 0) throw new Error(`${wrong.length} of ${documents.length} documents evaluate differently in Terraform`);
  console.log(`terraform console: ${documents.length} documents rendered for HCL evaluate to themselves`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
