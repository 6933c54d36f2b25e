/** Schema errors as ConfigIssues: field paths by service name, the offending value, and "did you mean" for unknown keys. */
import { z } from 'zod';
import { ConfigIssue } from '../errors';
import { environmentSchema, sharedSchema } from '../schema';
import { isRecord } from './util';

const KNOWN_KEYS = new Set<string>();
collectKeys(sharedSchema);
collectKeys(environmentSchema);

function collectKeys(schema: z.ZodType): void {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const inner = (def.innerType ?? def.in ?? def.element ?? def.valueType) as z.ZodType | undefined;
  if (def.type === 'object') {
    for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      KNOWN_KEYS.add(k);
      collectKeys(v);
    }
  } else if (def.type === 'union') {
    for (const o of def.options as z.ZodType[]) collectKeys(o);
  } else if (inner) collectKeys(inner);
}

export function zodIssues(scope: string, error: z.ZodError, raw: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  // One message per field: zod reports each failed check of a field (length and pattern) apart.
  const byField = new Map<string, { rules: string[]; got: unknown; shown: boolean; hint?: string }>();
  for (const issue of error.issues) {
    const field = formatPath(issue.path, raw);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = closest(key, KNOWN_KEYS);
        out.push({ scope, field: field ? `${field}.${key}` : key, rule: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
      }
      continue;
    }
    // A refused record key (a variable name in `environment`): the key is what is wrong, say why.
    const keyIssue = issue.code === 'invalid_key' ? issue.issues[0] : undefined;
    const got = keyIssue ? issue.path[issue.path.length - 1] : valueAt(raw, issue.path);
    const missing = issue.code === 'invalid_type' && got === undefined && !hasKey(raw, issue.path);
    const message = keyIssue ? `key ${keyIssue.message}` : missing ? `is required (${issue.expected})` : issue.code === 'invalid_union' ? 'must be a path like "/auth" or { path, priority }' : issue.message;
    const key = field || '(root)';
    const entry = byField.get(key) ?? { rules: [], got, shown: got !== undefined };
    entry.rules.push(message);
    entry.hint ??= suggestion(keyIssue ?? issue, got);
    byField.set(key, entry);
  }
  for (const [field, e] of byField) {
    const hint = e.hint !== undefined && e.hint !== e.got ? ` (did you mean "${e.hint}"?)` : '';
    out.push({ scope, field, rule: `${e.rules.join('; ')}${e.shown ? ` (got ${JSON.stringify(e.got)})` : ''}${hint}` });
  }
  return out;
}

/**
 * What the user probably meant, for a value the schema refused: the nearest allowed value of
 * an enum (persona, cpuArchitecture), or the value rewritten to fit the field's pattern (a
 * name in lower case with "-", a variable name in upper case with "_").
 */
function suggestion(issue: z.core.$ZodIssue, got: unknown): string | undefined {
  if (typeof got !== 'string') return undefined;
  if (issue.code === 'invalid_value') return closest(got, (issue.values as unknown[]).filter((v): v is string => typeof v === 'string'), 4);
  if (issue.code !== 'invalid_format' || !('pattern' in issue) || typeof issue.pattern !== 'string') return undefined;
  const source = /^\/(.*)\/([a-z]*)$/.exec(issue.pattern);
  const pattern = source ? new RegExp(source[1], source[2]) : undefined;
  const candidates = [
    got.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+|-+$/g, ''),
    got.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^[^A-Z]+|_+$/g, ''),
  ];
  return candidates.find((c) => c.length > 0 && pattern?.test(c));
}

/** services.0.port → services[auth].port when the service has a name. */
export function formatPath(path: readonly PropertyKey[], raw: unknown): string {
  let out = '';
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      const name = isRecord(node) && Array.isArray(node) && isRecord(node[key]) && typeof node[key].name === 'string' ? node[key].name : key;
      out += `[${String(name)}]`;
    } else out += out ? `.${String(key)}` : String(key);
    node = isRecord(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return out;
}

function hasKey(raw: unknown, path: readonly PropertyKey[]): boolean {
  let node = raw;
  for (const key of path) {
    if (!isRecord(node) || !(key in node)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return true;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) node = isRecord(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return typeof node === 'object' ? undefined : node;
}

/** The candidate nearest to `key` (case-insensitive edit distance below `limit`), if any. */
export function closest(key: string, candidates: Iterable<string>, limit = 3): string | undefined {
  let best: string | undefined;
  let bestDist = limit;
  for (const k of candidates) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDist) [best, bestDist] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

