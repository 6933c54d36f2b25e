/**
 * The one renderer of JSON documents held in resource attributes (IAM, key, bucket and
 * repository policies, container definitions, ECR lifecycle rules): every such attribute
 * is `jsonDocument(this, value)`, nothing else (`__tests__/unit/imports.test.ts`).
 *
 * - cdk.tf.json (the default): `JSON.stringify`. Scanners read this file, and checkov
 *   cannot parse `${jsonencode(...)}`; string tokens (ARNs of other resources) survive
 *   JSON.stringify and resolve to `${...}` interpolations at synth.
 * - HCL (`cdktf synth --hcl`, `npm run synth:hcl`): Terraform's `jsonencode()` of the same
 *   value. cdktf writes a string attribute that holds a token verbatim between quotes, so a
 *   JSON string becomes `"{"Version":...}"`, which Terraform rejects. In jsonencode()'s
 *   argument cdktf escapes `${` but not `"`, `\`, control characters or `%{`; those are
 *   escaped here, once, so the HCL value is the same document (Terraform sorts the keys;
 *   IAM, ECS and ECR compare documents, not text). `__tests__/unit/hcl-output.test.ts` and
 *   `__tests__/invariants/terraform.test.ts` compare both renderings.
 *
 * Why not `aws_iam_policy_document` data sources: they would add data sources (new
 * addresses) to cdk.tf.json and leave container definitions and lifecycle rules unsolved.
 */
import { App, Fn, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';

/** Renders `document` for the attribute of a resource in `scope`'s app (JSON or HCL output). */
export function jsonDocument(scope: IConstruct, document: object): string {
  return App.of(scope).hclOutput ? Fn.jsonencode(forHcl(JSON.parse(JSON.stringify(document)), '$')) : JSON.stringify(document);
}

/** Escapes that cdktf 0.21 / CDK Terrain 0.24 leave out of string literals in function arguments. */
function escapeLiteral(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/%\{/g, '%%{');
}

/** cdktf's pattern for a number token written into a string (`String(Token.asNumber(x))`), tokens/private/encoding.js. */
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/**
 * A number token written into a string resolves inside a JSON string (cdk.tf.json) but is
 * rendered bare, or as literal text, inside jsonencode(): make it a string token again.
 */
function numberTokensAsText(s: string): string {
  if (!/e\+\d/.test(s)) return s;
  if (Token.isUnresolved(Number(s))) return Fn.tostring(Number(s));
  return s.replace(NUMBER_IN_STRING, (m) => (Token.isUnresolved(Number(m)) ? Tokenization.stringifyNumber(Number(m)) : m));
}

/**
 * The document after JSON.parse(JSON.stringify(...)) (so both renderings hold the same value:
 * undefined dropped, toJSON applied), with every string literal escaped for HCL. Keys are
 * written without any escaping by cdktf, `${` included.
 */
function forHcl(value: unknown, where: string): unknown {
  if (typeof value === 'string') return escapeLiteral(numberTokensAsText(value));
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      // cdktf renders a null list element as nothing: `[, 1]`.
      if (v === null) throw new Error(`jsonDocument: ${where}[${i}] is null, which cdktf cannot render in an HCL list`);
      return forHcl(v, `${where}[${i}]`);
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (Token.isUnresolved(k)) throw new Error(`jsonDocument: key ${where}.${k} holds a token; keys must be literal`);
        return [escapeLiteral(k).replace(/\$\{/g, () => '$${'), forHcl(v, `${where}.${k}`)];
      }),
    );
  }
  return value;
}
