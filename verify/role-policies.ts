/**
 * The policies of a synthesized IAM role as concrete documents for the condition-aware evaluator
 * (verify/policy-eval.ts), which refuses unresolved Terraform tokens: each `${...}` a policy holds
 * is replaced by a probe value standing for what Terraform would write at apply time — the
 * account ID by the probe account, a resource's `arn` by the ARN AWS gives a resource of that
 * type and name. A token this file cannot stand in for throws, so nothing is evaluated on a guess.
 */
import { AppConfig } from '../environments/config';
import { Partition, partitionFor } from '../model/partition';
import { EvalPolicyDocument, evaluatePolicies, Decision } from './policy-eval';
import { Json, Synthesized } from './tfjson';

/** The account the synthesized account-ID token stands for in every probe. */
export const PROBE_ACCOUNT = '123456789012';
/** Secrets Manager appends six random characters to a secret's name in its ARN. */
export const SECRET_SUFFIX = '-AbCdEf';

/** The ARN AWS gives the resource a token points at (`arn` and the DocumentDB master secret only). */
function probeArn(s: Synthesized, stack: string, token: string, aws: Partition): string {
  const r = s.resolve(stack, token);
  if (!r) throw new Error(`${stack}: cannot stand in for ${token} in a policy (not a resource reference)`);
  const { type, body } = r.resource;
  const region = body.region ?? aws.region;
  const regional = (service: string, resource: string) => new Partition(aws.spec, region).regional(service, PROBE_ACCOUNT, resource);
  if (type === 'aws_docdb_cluster' && r.attribute === 'master_user_secret[0].secret_arn') return regional('secretsmanager', `secret:rds!cluster-${body.cluster_identifier}${SECRET_SUFFIX}`);
  if (r.attribute !== 'arn') throw new Error(`${stack}: cannot stand in for ${token} in a policy (attribute ${r.attribute})`);
  switch (type) {
    case 'aws_cloudwatch_log_group':
      return regional('logs', `log-group:${body.name}`);
    case 'aws_kms_key':
      return regional('kms', `key/${r.resource.stack}-${r.resource.name}`);
    case 'aws_s3_bucket':
      return aws.s3(body.bucket);
    case 'aws_secretsmanager_secret':
      return regional('secretsmanager', `secret:${body.name}${SECRET_SUFFIX}`);
    case 'aws_ecr_repository':
      return regional('ecr', `repository/${body.name}`);
    case 'aws_sns_topic':
      return regional('sns', body.name);
    case 'aws_lb_target_group':
      return regional('elasticloadbalancing', `targetgroup/${body.name}/0123456789abcdef`);
    case 'aws_lb_listener_rule':
      // Rule ARNs carry AWS-assigned IDs only: the priority stands in for the rule's.
      return regional('elasticloadbalancing', `listener-rule/app/probe/0123456789abcdef/0123456789abcdef/p${body.priority}`);
    default:
      throw new Error(`${stack}: cannot stand in for ${token} in a policy (resource type ${type})`);
  }
}

/** A policy document's text with every Terraform token replaced by its probe value. */
export function concreteDocument(s: Synthesized, stack: string, text: string, region: string): EvalPolicyDocument {
  const aws = partitionFor(region);
  const concrete = text.replace(/\$\{[^}]*\}/g, (token) => (/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/.test(token) ? PROBE_ACCOUNT : probeArn(s, stack, token, aws)));
  return JSON.parse(concrete);
}

export interface RolePolicies {
  /** The role's inline and customer-managed policies, concrete. */
  readonly documents: EvalPolicyDocument[];
  /** ARNs of attached AWS-managed policies (not evaluated: their contents are AWS's). */
  readonly managed: string[];
}

/** Every inline and customer-managed policy attached to a role, plus its AWS-managed policy ARNs. */
export function rolePolicies(s: Synthesized, stack: string, roleName: string, region: string): RolePolicies {
  const role = s.resources('aws_iam_role', stack).find((r) => r.body.name === roleName);
  if (!role) throw new Error(`no role ${roleName} in ${stack}`);
  const isRole = (ref: string) => s.resolve(stack, ref)?.resource.name === role.name;
  const documents: EvalPolicyDocument[] = [];
  for (const p of s.resources('aws_iam_role_policy', stack)) if (isRole(p.body.role)) documents.push(concreteDocument(s, stack, p.body.policy, region));
  const managed: string[] = [];
  for (const a of s.resources('aws_iam_role_policy_attachment', stack)) {
    if (!isRole(a.body.role)) continue;
    const target = s.resolve(stack, a.body.policy_arn);
    if (target?.resource.type === 'aws_iam_policy') documents.push(concreteDocument(s, stack, target.resource.body.policy, region));
    else managed.push(a.body.policy_arn);
  }
  return { documents, managed };
}

/** Every statement of the documents, for structural checks. */
export const statementsOf = (documents: readonly EvalPolicyDocument[]): Json[] => documents.flatMap((d) => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]));

/** One request by a role of the probe account against its identity policies, every condition key stated. */
export function askRole(documents: readonly EvalPolicyDocument[], roleArn: string, action: string, resource: string, context: Readonly<Record<string, string | readonly string[]>> = {}, crossAccount = false): Decision {
  // A resource of another account (GuardDuty's agent repository): only the caller's side, its identity policies, is ours to check.
  return evaluatePolicies({ identity: documents, requireContext: true }, { principal: { arn: roleArn, ...(crossAccount ? {} : { account: PROBE_ACCOUNT }) }, action, resource, context });
}

/** The ARN of a role of the probe account. */
export const probeRoleArn = (config: AppConfig, name: string): string => partitionFor(config.shared.region).role(PROBE_ACCOUNT, name);
