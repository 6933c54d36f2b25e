/**
 * Terraform reads `${` and `%{` in any string of cdk.tf.json (and of the HCL output) as an
 * interpolation or a template directive: a user value such as an environment variable
 * `GREETING: "Hello ${name}"`, a tag or an alarm endpoint would be evaluated at plan time,
 * failing the plan or, worse, silently taking another value. Every string of the
 * configuration reaches the output somewhere, so every string is checked; Terraform's own
 * escapes (`$${`, `%%{`) pass and come out as the literal text.
 * Source: Terraform language, "Strings and Templates" (escape sequences `$${` and `%%{`).
 */
import { ConfigIssue } from '../errors';
import { isRecord } from './util';
import { formatPath } from './zod-issues';

/** An unescaped `${` or `%{`: not preceded by the same sign, which makes it an escape. */
const UNESCAPED = /(?:^|[^$])\$\{|(?:^|[^%])%\{/;

/** Reports every string under `raw` (a shared or environment input) that Terraform would interpolate. */
export function checkInterpolation(scope: string, raw: unknown, issues: ConfigIssue[]): void {
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (typeof node === 'string') {
      if (UNESCAPED.test(node)) {
        issues.push({
          scope,
          field: formatPath(path, raw) || '(root)',
          rule: `${JSON.stringify(node)} contains "\${" or "%{", which Terraform reads as an interpolation or template directive; write "$\${" or "%%{" for the literal text`,
        });
      }
    } else if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, [...path, i]));
    } else if (isRecord(node)) {
      for (const [k, v] of Object.entries(node)) {
        // A key is written into the output too (environment variable names, tag keys).
        if (UNESCAPED.test(k)) walk(k, [...path, k]);
        walk(v, [...path, k]);
      }
    }
  };
  walk(raw, []);
}
