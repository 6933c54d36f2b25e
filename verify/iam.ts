/**
 * A small IAM policy evaluator for synthesized policies: explicit Deny beats Allow, and
 * anything not allowed is denied. Wildcards in actions and resources are honoured;
 * conditions are not evaluated (they only ever narrow an Allow here), so a probe that
 * passes is allowed at most as widely as reported.
 */
import { Json, Synthesized } from './tfjson';

export const PROBE_ACCOUNT = '123456789012';

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Json;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function glob(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, caseInsensitive ? 'i' : '');
  return re.test(value);
}

/** Replaces the account-ID reference of synthesized ARNs with a fixed probe account. */
export function concrete(text: string): string {
  return text.replace(/\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}/g, PROBE_ACCOUNT);
}

function matches(s: PolicyStatement, action: string, resource: string): boolean {
  const actionOk = s.NotAction ? !list(s.NotAction).some((a) => glob(a, action, true)) : list(s.Action).some((a) => glob(a, action, true));
  return actionOk && list(s.Resource).some((r) => glob(concrete(r), resource, false));
}

/** "allow", "deny" (explicit) or "implicit-deny" for one action on one resource. */
export function evaluate(statements: readonly PolicyStatement[], action: string, resource: string): 'allow' | 'deny' | 'implicit-deny' {
  if (statements.some((s) => s.Effect === 'Deny' && matches(s, action, resource))) return 'deny';
  return statements.some((s) => s.Effect === 'Allow' && matches(s, action, resource)) ? 'allow' : 'implicit-deny';
}

/** Every statement of the customer-managed and inline policies attached to a role, plus its managed policy ARNs. */
export function rolePolicies(synth: Synthesized, stack: string, roleName: string): { statements: PolicyStatement[]; managed: string[] } {
  const role = synth.resources('aws_iam_role', stack).find((r) => r.body.name === roleName);
  if (!role) throw new Error(`no role ${roleName} in ${stack}`);
  const isRole = (ref: string) => synth.resolve(stack, ref.replace(/\.id\}$/, '.name}').replace(/\.name\}$/, '.name}'))?.resource.name === role.name;
  const statements: PolicyStatement[] = [];
  for (const p of synth.resources('aws_iam_role_policy', stack)) if (isRole(p.body.role)) statements.push(...JSON.parse(p.body.policy).Statement);
  const managed: string[] = [];
  for (const a of synth.resources('aws_iam_role_policy_attachment', stack)) {
    if (!isRole(a.body.role)) continue;
    const target = synth.resolve(stack, a.body.policy_arn);
    if (target?.resource.type === 'aws_iam_policy') statements.push(...JSON.parse(target.resource.body.policy).Statement);
    else managed.push(a.body.policy_arn);
  }
  return { statements, managed };
}
