/**
 * How a JSON document that a resource takes as a string is rendered, for documents that are not
 * IAM policies (those go through `policyDocument` in ./policy.ts): a CloudWatch dashboard body.
 * Plain values through JSON.stringify: string tokens (ARNs, names of other resources) survive it
 * and resolve at synth, and scanners can read the result (Fn.jsonencode would render HCL). One
 * function, so that a change of rendering is made in one place.
 */
export function jsonDocument(value: unknown): string {
  return JSON.stringify(value);
}
