/** Asking a synthesized role's policies about one request, with the condition-aware evaluator. */
import { EvalPolicyDocument } from '../../verify/policy-eval';
import { PROBE_ACCOUNT, askRole, rolePolicies } from '../../verify/role-policies';
import { Synthesized } from '../../verify/tfjson';

export { PROBE_ACCOUNT };
export type Verdict = 'allow' | 'deny' | 'implicit-deny';

/** A role's concrete policies and a question to ask them: every condition key a matching statement tests must be in `context`. */
export function roleOf(out: Synthesized, stack: string, roleName: string, region = 'eu-west-1') {
  const { documents, managed } = rolePolicies(out, stack, roleName, region);
  return { documents, managed, ask: (action: string, resource: string, context: Record<string, string | string[]> = {}): Verdict => decide(documents, `arn:aws:iam::${PROBE_ACCOUNT}:role/${roleName}`, action, resource, context) };
}

/** The decision for statements that are not a synthesized role's (a model table's). */
export function decide(documents: readonly EvalPolicyDocument[], roleArn: string, action: string, resource: string, context: Record<string, string | string[]> = {}): Verdict {
  const d = askRole(documents, roleArn, action, resource, context).decision;
  return d === 'explicit-deny' ? 'deny' : d;
}
