import { ITerraformDependable, TerraformElement } from 'cdktf';

/**
 * Records, next to the resource in cdk.tf.json, that a scanner finding is accepted and
 * why (`"//": { "checkov_skip": { "<check>": "<reason>" } }`). checkov ignores comments
 * in terraform_json, so `npm run checkov` reads these and counts the finding as
 * suppressed; a failure without one fails CI.
 */
export function suppress(element: TerraformElement & ITerraformDependable, check: string, reason: string): void {
  if (!/^CKV2?_AWS_\d+$/.test(check)) throw new Error(`not a checkov check ID: ${check}`);
  if (reason.trim().length < 20) throw new Error(`suppression of ${check} needs a real reason`);
  element.addOverride(`//.checkov_skip.${check}`, reason);
}
