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
  for (const issue of error.issues) {
    const field = formatPath(issue.path, raw);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = closest(key);
        out.push({ scope, field: field ? `${field}.${key}` : key, rule: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
      }
      continue;
    }
    const got = valueAt(raw, issue.path);
    const missing = issue.code === 'invalid_type' && got === undefined && !hasKey(raw, issue.path);
    const shown = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
    const message = missing ? `is required (${issue.expected})` : issue.code === 'invalid_union' ? 'must be a path like "/auth" or { path, priority }' : issue.message;
    out.push({ scope, field: field || '(root)', rule: `${message}${shown}` });
  }
  return out;
}

/** services.0.port → services[auth].port when the service has a name. */
function formatPath(path: readonly PropertyKey[], raw: unknown): string {
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

function closest(key: string): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const k of KNOWN_KEYS) {
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

