/**
 * A condition-aware IAM policy evaluator for one request against identity-based policies
 * and, optionally, one resource-based policy (bucket, repository or KMS key policy, or a
 * role's trust policy). Pure: no cdktf, no construct imports.
 *
 * It follows AWS's documented evaluation logic; each rule names the page it comes from
 * (AWS Identity and Access Management User Guide unless said otherwise):
 *
 * - "Policy evaluation logic" and "The difference between explicit and implicit denies":
 *   every applicable policy is evaluated; an explicit Deny in any of them wins; otherwise an
 *   Allow in an identity-based or a resource-based policy allows; otherwise the request is
 *   implicitly denied. "For most resources, you only need an explicit allow for the principal
 *   in either an identity-based policy or a resource-based policy ... IAM role trust policies
 *   and KMS key policies are exceptions to this logic, because they must explicitly allow
 *   access for principals" (`resourceMustAllow`).
 * - "AWS JSON policy elements: Principal" (AWS account principals): an account ID or
 *   `arn:aws:iam::<account>:root` "delegates authority to the account": the account's own
 *   identity-based policies must then allow too. AWS KMS Developer Guide, "Default key
 *   policy": the root statement "allows access to the AWS account and enables IAM policies".
 *   A role ARN as principal also covers that role's sessions (`assumed-role/<name>/...`).
 * - "IAM JSON policy elements: Action" / "NotAction": action names are case-insensitive and
 *   may use `*` and `?`; NotAction matches every action except the listed ones.
 * - "IAM JSON policy elements: Resource": ARNs match case-sensitively; `*` and `?` work
 *   within each colon-separated segment, and a `*` that is the last character of a segment
 *   "can expand to match beyond the colon boundaries". NotResource is the complement.
 * - "IAM JSON policy elements: Condition operators": String, Numeric, Bool, ARN (each of the
 *   six ARN components compared separately), Null, `...IfExists`. "If the key that you
 *   specify in a policy condition is not present in the request context, the values do not
 *   match and the condition is false. If the policy condition requires that the key is not
 *   matched, such as StringNotLike or ArnNotLike, and the right key is not present, the
 *   condition is true" — except for ...IfExists (true when absent) and Null.
 * - "Conditions with multiple context keys or values": operators in one Condition block are
 *   ANDed, keys under one operator are ANDed, the values of one key are ORed — and for a
 *   negated operator NORed.
 * - "Single-valued vs. multivalued context keys" / "Multivalued context key examples":
 *   `ForAnyValue:` is true when at least one request value matches, false for a missing key
 *   or an empty set; `ForAllValues:` is true when every request value matches, and "also
 *   returns true if there are no context keys in the request" (or an empty set).
 * - "IAM JSON policy elements: Condition": context key names are case-insensitive.
 *
 * Fails loudly rather than guessing: an unknown condition operator, an AWS operator this file
 * does not implement (Date*, IpAddress, BinaryEquals), a policy variable or an unresolved
 * Terraform token (`${...}`), a multi-valued request value under an operator without a set
 * prefix, a malformed statement, or a cross-account request all throw `PolicyEvalError`.
 * Same-account evaluation only: no SCPs, permission boundaries or session policies.
 *
 * A key missing from the request context follows AWS's rule above, which is not always
 * "no match": under a negated operator (StringNotEquals, ArnNotLike...) or ForAllValues an
 * absent key makes the condition true, so an Allow can match without it — as in AWS. Such keys
 * are listed in `Decision.missingKeys`, and `requireContext: true` turns them into errors, so
 * a probe never passes or fails on a key it forgot to state.
 */

export type ContextValue = string | number | boolean | readonly string[];

export interface RequestPrincipal {
  /** The caller: an IAM role or user ARN, or an assumed-role session ARN. Absent for an AWS service. */
  readonly arn?: string;
  /** The caller's 12-digit account. */
  readonly account?: string;
  /** An AWS service principal such as `logs.eu-west-1.amazonaws.com` (which has no identity-based policies). */
  readonly service?: string;
  /** Principal tags: `aws:PrincipalTag/<key>`. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface EvalRequest {
  readonly principal: RequestPrincipal;
  /** One concrete action, e.g. `kms:Decrypt`. */
  readonly action: string;
  /** One concrete resource ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  /**
   * The request context (key names case-insensitive). `aws:PrincipalArn`, `aws:PrincipalAccount`,
   * `aws:PrincipalTag/*`, `aws:PrincipalIsAWSService` and `aws:PrincipalServiceName` are derived
   * from `principal` unless given here.
   */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export type PolicyValue = string | number | boolean | ReadonlyArray<string | number | boolean>;
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, PolicyValue>>>>;
export type PrincipalElement = '*' | Readonly<Record<string, string | readonly string[]>>;

export interface EvalStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: PrincipalElement;
  readonly NotPrincipal?: PrincipalElement;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface EvalPolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: EvalStatement | readonly EvalStatement[];
}

/** A policy document with a name for reports; a bare document is named by its position. */
export type PolicyInput = EvalPolicyDocument | { readonly name: string; readonly document: EvalPolicyDocument };

export interface EvalPolicies {
  /** The caller's identity-based policies (inline and managed). */
  readonly identity?: readonly PolicyInput[];
  /** The resource's policy: bucket, repository or key policy, or a role trust policy. */
  readonly resource?: PolicyInput;
  /** KMS key policies and role trust policies must allow the principal themselves. @default false */
  readonly resourceMustAllow?: boolean;
  /**
   * Throw when a statement that applies to the request (action, resource and principal match)
   * tests a key the context lacks under any operator but Null and ...IfExists, instead of
   * applying AWS's default rule (positive operators false, negated operators and ForAllValues
   * true). For probe tables: every key a policy tests must then be stated. @default false
   */
  readonly requireContext?: boolean;
}

export interface StatementRef {
  /** The policy's name, or `identity[i]` / `resource`. */
  readonly policy: string;
  readonly index: number;
  readonly sid?: string;
  /** `policy#Sid`, or `policy#index` without a Sid. */
  readonly label: string;
}

export interface Decision {
  readonly decision: 'allow' | 'explicit-deny' | 'implicit-deny';
  readonly allowed: boolean;
  /** The statement that decided: the matching Deny, or the Allow that granted. None for an implicit deny. */
  readonly by?: StatementRef;
  /** Further statements the decision needed (the key-policy statement delegating to IAM). */
  readonly also: readonly StatementRef[];
  /** Why, in one line: for test failure messages. */
  readonly reason: string;
  /**
   * Condition keys that applicable statements tested (under operators other than Null and
   * ...IfExists) and the request context lacked: decided by AWS's default rule. Sorted, lower-case.
   */
  readonly missingKeys: readonly string[];
}

export class PolicyEvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyEvalError';
  }
}

// ---------------------------------------------------------------------------------------------
// Matching primitives

const list = <T>(v: T | readonly T[] | undefined): readonly T[] => (v === undefined ? [] : Array.isArray(v) ? (v as readonly T[]) : [v as T]);
const escape = (ch: string) => ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');

function noTokens(value: string, where: string): string {
  if (value.includes('${')) {
    throw new PolicyEvalError(`${where}: "${value}" holds a policy variable or an unresolved Terraform token; substitute it before evaluating (policy variables are not implemented)`);
  }
  return value;
}

/** `*` any run of characters, `?` one character; everything else literal. */
function globRegex(pattern: string, flags: string): RegExp {
  let re = '';
  for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : escape(ch);
  return new RegExp(`^${re}$`, flags);
}

/** Action names: case-insensitive, `*` and `?` ("IAM JSON policy elements: Action"). */
export function actionMatches(pattern: string, action: string): boolean {
  return globRegex(pattern, 'is').test(action);
}

/** StringLike: case-sensitive, wildcards "anywhere in the string". */
export function stringLike(pattern: string, value: string): boolean {
  return globRegex(pattern, 's').test(value);
}

/**
 * The Resource element: case-sensitive; wildcards stay within a colon-separated segment of the
 * first five, except a `*` that ends a segment, which may run across colons; the sixth segment
 * (the resource part) is free text ("IAM JSON policy elements: Resource").
 */
export function resourceMatches(pattern: string, resource: string): boolean {
  let re = '';
  let segment = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === ':') {
      segment++;
      re += ':';
    } else if (ch === '*') {
      const endsSegment = i === pattern.length - 1 || pattern[i + 1] === ':';
      re += segment >= 5 || endsSegment ? '.*' : '[^:]*';
    } else if (ch === '?') {
      re += segment >= 5 ? '.' : '[^:]';
    } else {
      re += escape(ch);
    }
  }
  return new RegExp(`^${re}$`, 's').test(resource);
}

/** `arn:partition:service:region:account:resource`, the resource part keeping its own colons. */
function arnComponents(value: string): string[] | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** ArnEquals/ArnLike: "Each of the six colon-delimited components of the ARN is checked separately". */
export function arnLike(pattern: string, value: string): boolean {
  const p = arnComponents(pattern);
  const v = arnComponents(value);
  if (!p || !v) return false;
  return p.every((part, i) => stringLike(part, v[i]));
}

// ---------------------------------------------------------------------------------------------
// Conditions

type Compare = (requestValue: string, policyValue: string) => boolean;

const num = (s: string): number | undefined => (/^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(s) ? Number(s) : undefined);
function numeric(test: (a: number, b: number) => boolean): Compare {
  return (r, p) => {
    const b = num(p);
    if (b === undefined) throw new PolicyEvalError(`numeric condition value "${p}" is not a number`);
    const a = num(r);
    return a !== undefined && test(a, b);
  };
}
function bool(r: string, p: string): boolean {
  const want = p.toLowerCase();
  if (want !== 'true' && want !== 'false') throw new PolicyEvalError(`Bool condition value "${p}" is neither "true" nor "false"`);
  return r.toLowerCase() === want;
}

/** Positive base operators; each negated one is the NOR of its positive twin over the policy values. */
const POSITIVE: Readonly<Record<string, Compare>> = {
  StringEquals: (r, p) => r === p,
  StringEqualsIgnoreCase: (r, p) => r.toLowerCase() === p.toLowerCase(),
  StringLike: (r, p) => stringLike(p, r),
  NumericEquals: numeric((a, b) => a === b),
  NumericLessThan: numeric((a, b) => a < b),
  NumericLessThanEquals: numeric((a, b) => a <= b),
  NumericGreaterThan: numeric((a, b) => a > b),
  NumericGreaterThanEquals: numeric((a, b) => a >= b),
  Bool: bool,
  ArnEquals: (r, p) => arnLike(p, r),
  ArnLike: (r, p) => arnLike(p, r),
};
const NEGATED: Readonly<Record<string, string>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};
/** Valid in AWS, deliberately not implemented here: using one throws rather than guessing. */
const NOT_IMPLEMENTED = new Set(['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'BinaryEquals', 'IpAddress', 'NotIpAddress']);

export interface ParsedOperator {
  readonly set?: 'ForAnyValue' | 'ForAllValues';
  readonly base: string;
  readonly ifExists: boolean;
  readonly negated: boolean;
}

/** Splits `ForAllValues:StringLikeIfExists` into its parts; throws for anything it cannot evaluate. */
export function parseOperator(operator: string): ParsedOperator {
  const m = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(operator);
  const set = m?.[1] as ParsedOperator['set'];
  const base = m?.[2] ?? operator;
  const ifExists = Boolean(m?.[3]);
  if (base === 'Null') {
    if (set || ifExists) throw new PolicyEvalError(`condition operator "${operator}": Null takes neither a set prefix nor IfExists`);
    return { base, ifExists: false, negated: false };
  }
  if (NOT_IMPLEMENTED.has(base)) throw new PolicyEvalError(`condition operator "${operator}" is valid in AWS but not implemented by this evaluator`);
  if (base in POSITIVE) return { set, base, ifExists, negated: false };
  if (base in NEGATED) return { set, base, ifExists, negated: true };
  throw new PolicyEvalError(`unknown condition operator "${operator}"`);
}

function policyValues(value: PolicyValue, where: string): string[] {
  return list(value as string | readonly string[]).map((v) => {
    if (typeof v === 'string') return noTokens(v, where);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new PolicyEvalError(`${where}: condition value ${JSON.stringify(v)} is not a string, number or boolean`);
  });
}

/** The request context with lower-case key names; undefined = key absent. */
export type ContextLookup = (key: string) => readonly string[] | undefined;

export function contextLookup(request: Pick<EvalRequest, 'principal' | 'context'>): ContextLookup {
  const map = new Map<string, readonly string[]>();
  const put = (k: string, v: ContextValue) => map.set(k.toLowerCase(), Array.isArray(v) ? v.map(String) : [String(v)]);
  const p = request.principal;
  if (p.arn) put('aws:PrincipalArn', p.arn);
  if (p.account) put('aws:PrincipalAccount', p.account);
  put('aws:PrincipalIsAWSService', Boolean(p.service));
  if (p.service) put('aws:PrincipalServiceName', p.service);
  for (const [k, v] of Object.entries(p.tags ?? {})) put(`aws:PrincipalTag/${k}`, v);
  for (const [k, v] of Object.entries(request.context ?? {})) put(k, v);
  return (key) => map.get(key.toLowerCase());
}

export interface ConditionResult {
  readonly matched: boolean;
  /** Keys the block tested, under an operator other than Null or ...IfExists, that the context lacked. */
  readonly missing: readonly string[];
}

/** One Condition block: AND across operators and keys, OR (NOR for negated operators) across values. */
export function evaluateCondition(block: ConditionBlock | undefined, lookup: ContextLookup, where = 'Condition'): ConditionResult {
  const missing: string[] = [];
  let matched = true;
  for (const [operator, keys] of Object.entries(block ?? {})) {
    const op = parseOperator(operator);
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) throw new PolicyEvalError(`${where}: "${operator}" must map condition keys to values`);
    for (const [key, raw] of Object.entries(keys)) {
      const values = policyValues(raw, `${where} ${operator} ${key}`);
      const found = lookup(key);
      // Null and ...IfExists test absence on purpose; for every other operator AWS's default rule decides.
      if (found === undefined && op.base !== 'Null' && !op.ifExists) missing.push(key.toLowerCase());
      // Evaluate every key (no short-circuit) so that `missing` is complete and errors surface.
      if (!keyMatches(op, operator, key, values, found)) matched = false;
    }
  }
  return { matched, missing };
}

function keyMatches(op: ParsedOperator, operator: string, key: string, values: string[], found: readonly string[] | undefined): boolean {
  if (op.base === 'Null') {
    if (values.length !== 1) throw new PolicyEvalError(`Null ${key}: takes one value, "true" or "false"`);
    const want = values[0].toLowerCase();
    if (want !== 'true' && want !== 'false') throw new PolicyEvalError(`Null ${key}: value "${values[0]}" is neither "true" nor "false"`);
    // "context keys with empty values" count as null, like absent ones.
    const isNull = found === undefined || found.every((v) => v === '');
    return isNull === (want === 'true');
  }
  const compare = POSITIVE[op.negated ? NEGATED[op.base] : op.base];
  // One request value against the policy values: OR for a positive operator, NOR for a negated one.
  const one = (r: string) => {
    const any = values.some((p) => compare(r, p));
    return op.negated ? !any : any;
  };
  if (found === undefined) {
    // Absent key: IfExists → true; ForAllValues → true; ForAnyValue → false;
    // otherwise false for a positive operator and true for a negated one.
    if (op.ifExists) return true;
    if (op.set === 'ForAllValues') return true;
    if (op.set === 'ForAnyValue') return false;
    return op.negated;
  }
  // "If the key values in the request resolve to an empty data set (for example, an empty
  // string)", ForAllValues is true and ForAnyValue false: `every` and `some` of nothing.
  const set = found.length === 1 && found[0] === '' ? [] : found;
  if (op.set === 'ForAllValues') return set.every(one);
  if (op.set === 'ForAnyValue') return set.some(one);
  if (found.length !== 1) throw new PolicyEvalError(`${operator} ${key}: the request has ${found.length} values; a multivalued key needs ForAnyValue: or ForAllValues:`);
  return one(found[0]);
}

// ---------------------------------------------------------------------------------------------
// Statements and policies

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

interface Named {
  readonly name: string;
  readonly statements: readonly EvalStatement[];
}

function named(input: PolicyInput, fallback: string): Named {
  const doc = 'document' in input ? input.document : input;
  const name = 'document' in input ? input.name : fallback;
  if (!doc || typeof doc !== 'object' || doc.Statement === undefined) throw new PolicyEvalError(`${name}: not a policy document (no Statement)`);
  return { name, statements: list(doc.Statement) };
}

function validate(s: EvalStatement, where: string, resourcePolicy: boolean): void {
  for (const k of Object.keys(s)) if (!STATEMENT_KEYS.has(k)) throw new PolicyEvalError(`${where}: unknown statement element "${k}"`);
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyEvalError(`${where}: Effect must be "Allow" or "Deny", not ${JSON.stringify(s.Effect)}`);
  if ((s.Action === undefined) === (s.NotAction === undefined)) throw new PolicyEvalError(`${where}: needs exactly one of Action and NotAction`);
  if (s.Resource !== undefined && s.NotResource !== undefined) throw new PolicyEvalError(`${where}: has both Resource and NotResource`);
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
  if (resourcePolicy) {
    if (s.Principal !== undefined && s.NotPrincipal !== undefined) throw new PolicyEvalError(`${where}: has both Principal and NotPrincipal`);
    if (!hasPrincipal) throw new PolicyEvalError(`${where}: a resource-based policy statement needs a Principal or NotPrincipal`);
  } else {
    if (hasPrincipal) throw new PolicyEvalError(`${where}: an identity-based policy cannot name a Principal`);
    if (s.Resource === undefined && s.NotResource === undefined) throw new PolicyEvalError(`${where}: an identity-based policy statement needs a Resource or NotResource`);
  }
}

type PrincipalMatch = 'named' | 'account' | 'everyone' | undefined;

const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** How a Principal element names the caller: directly, through its account, or as everyone. */
function principalMatch(element: PrincipalElement, p: RequestPrincipal, where: string): PrincipalMatch {
  if (element === '*') return 'everyone';
  if (typeof element !== 'object' || element === null) throw new PolicyEvalError(`${where}: malformed Principal ${JSON.stringify(element)}`);
  let best: PrincipalMatch;
  const rank = { everyone: 1, account: 2, named: 3 } as const;
  const take = (m: PrincipalMatch) => {
    if (m && (!best || rank[m] > rank[best])) best = m;
  };
  for (const [type, raw] of Object.entries(element)) {
    for (const value of list(raw)) {
      noTokens(value, `${where} Principal`);
      if (type === 'AWS') take(awsPrincipal(value, p, where));
      else if (type === 'Service') take(p.service !== undefined && value === p.service ? 'named' : undefined);
      else throw new PolicyEvalError(`${where}: Principal type "${type}" is not implemented by this evaluator`);
    }
  }
  return best;
}

function awsPrincipal(value: string, p: RequestPrincipal, where: string): PrincipalMatch {
  if (value === '*') return 'everyone';
  if (value.includes('*') || value.includes('?')) throw new PolicyEvalError(`${where}: wildcards are not allowed in a Principal ARN ("${value}")`);
  const account = /^\d{12}$/.test(value) ? value : ACCOUNT_ROOT.exec(value)?.[1];
  if (account) return p.account === account ? 'account' : undefined;
  if (!p.arn) return undefined;
  if (value === p.arn) return 'named';
  // A role ARN covers its sessions: arn:aws:sts::<acct>:assumed-role/<role name>/<session>.
  const role = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
  const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(p.arn);
  if (role && session && role[1] === session[1] && role[2] === session[2] && role[3] === session[3]) return 'named';
  return undefined;
}

interface Applied {
  readonly ref: StatementRef;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: PrincipalMatch;
  readonly fromResource: boolean;
}

function accountOfResource(resource: string): string | undefined {
  const c = arnComponents(resource);
  return c && /^\d{12}$/.test(c[4]) ? c[4] : undefined;
}

/** Evaluates one request. Throws `PolicyEvalError` for anything it would otherwise have to guess. */
export function evaluatePolicies(policies: EvalPolicies, request: EvalRequest): Decision {
  const { principal: p, action, resource } = request;
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(action)) throw new PolicyEvalError(`request action "${action}" must be one concrete "service:Action"`);
  if (!p.arn && !p.service) throw new PolicyEvalError('the request principal needs an arn or a service');
  const owner = accountOfResource(resource);
  if (owner && p.account && owner !== p.account) throw new PolicyEvalError(`cross-account request (${p.account} → ${owner}) is not modelled by this evaluator`);
  const identity = (policies.identity ?? []).map((d, i) => named(d, `identity[${i}]`));
  if (p.service && identity.length > 0) throw new PolicyEvalError('an AWS service principal has no identity-based policies');
  const resourcePolicy = policies.resource ? named(policies.resource, 'resource') : undefined;
  if (policies.resourceMustAllow && !resourcePolicy) throw new PolicyEvalError('resourceMustAllow without a resource policy');

  const lookup = contextLookup(request);
  const missing = new Set<string>();
  const applied: Applied[] = [];
  const visit = (doc: Named, isResource: boolean) =>
    doc.statements.forEach((s, index) => {
      const ref: StatementRef = { policy: doc.name, index, sid: s.Sid, label: `${doc.name}#${s.Sid ?? index}` };
      validate(s, ref.label, isResource);
      const actionOk = s.NotAction !== undefined ? !list(s.NotAction).some((a) => actionMatches(a, action)) : list(s.Action).some((a) => actionMatches(a, action));
      const resources = (v: string | readonly string[] | undefined) => list(v).map((r) => noTokens(r, `${ref.label} Resource`));
      const resourceOk =
        s.NotResource !== undefined
          ? !resources(s.NotResource).some((r) => resourceMatches(r, resource))
          : s.Resource !== undefined
            ? resources(s.Resource).some((r) => resourceMatches(r, resource))
            : true; // a resource-based policy without Resource: the resource it is attached to
      let principal: PrincipalMatch = 'named'; // identity-based: the caller itself
      if (isResource) {
        principal = s.Principal !== undefined ? principalMatch(s.Principal, p, ref.label) : principalMatch(s.NotPrincipal!, p, ref.label) ? undefined : 'everyone';
      }
      // Conditions are evaluated even when the rest does not match, so that errors always surface.
      const cond = evaluateCondition(s.Condition, lookup, `${ref.label} Condition`);
      if (actionOk && resourceOk && principal) {
        if (policies.requireContext && cond.missing.length > 0) throw new PolicyEvalError(`${ref.label} tests ${cond.missing.join(', ')}, which the request context does not give`);
        cond.missing.forEach((k) => missing.add(k));
        if (cond.matched) applied.push({ ref, effect: s.Effect, principal, fromResource: isResource });
      }
    });
  identity.forEach((d) => visit(d, false));
  if (resourcePolicy) visit(resourcePolicy, true);

  const missingKeys = [...missing].sort();
  const decide = (decision: Decision['decision'], reason: string, by?: StatementRef, also: StatementRef[] = []): Decision => ({ decision, allowed: decision === 'allow', by, also, reason, missingKeys });

  const deny = applied.find((a) => a.effect === 'Deny');
  if (deny) return decide('explicit-deny', `explicitly denied by ${deny.ref.label}`, deny.ref);

  const allows = applied.filter((a) => a.effect === 'Allow');
  const idAllow = allows.find((a) => !a.fromResource);
  const resAllows = allows.filter((a) => a.fromResource);
  const resDirect = resAllows.find((a) => a.principal !== 'account');
  const resAccount = resAllows.find((a) => a.principal === 'account');

  if (policies.resourceMustAllow) {
    if (resDirect) return decide('allow', `allowed by ${resDirect.ref.label}, which names the caller`, resDirect.ref);
    if (resAccount && idAllow) return decide('allow', `allowed by ${idAllow.ref.label}; ${resAccount.ref.label} delegates to the account's IAM policies`, idAllow.ref, [resAccount.ref]);
    if (resAccount) return decide('implicit-deny', `${resAccount.ref.label} delegates to the account's IAM policies, and none of them allows ${action}`);
    return decide('implicit-deny', `the ${resourcePolicy!.name} policy must allow the caller itself and no statement does${idAllow ? ` (${idAllow.ref.label} alone is not enough)` : ''}`);
  }
  if (idAllow) return decide('allow', `allowed by ${idAllow.ref.label}`, idAllow.ref);
  if (resDirect) return decide('allow', `allowed by ${resDirect.ref.label}, which names the caller`, resDirect.ref);
  if (resAccount) return decide('implicit-deny', `${resAccount.ref.label} delegates to the account's IAM policies, and none of them allows ${action}`);
  return decide('implicit-deny', `no statement allows ${action} on ${resource}`);
}

