/**
 * Parses what can be parsed, so that one synth run reports every problem at once. A schema
 * error is reported, then set aside on a copy of the input (an unknown key or a bad list entry
 * removed, a bad optional value dropped back to its default, a bad required value replaced by
 * a stand-in that clashes with nothing), and the copy is parsed again; the cross-field checks
 * then run on that copy. The fields set aside are "unsound": a problem a later check finds in
 * an unsound field (or one derived from it) is not reported, because the schema problem
 * already is.
 */
import { z } from 'zod';
import { ConfigIssue } from '../errors';
import { isRecord } from './util';
import { formatPath, zodIssues } from './zod-issues';

export interface Salvaged<T> {
  /** The parsed copy, or undefined when nothing sensible could be parsed (say, not an object). */
  readonly data?: T;
  /** Schema problems, as issues (field by service name, "did you mean" for keys and names). */
  readonly issues: ConfigIssue[];
  /** Formatted field paths that were set aside. */
  readonly unsound: ReadonlySet<string>;
}

let standInCount = 0;
/** Values for required fields, valid and unlike anything a user writes, so no later check trips on them. */
const STAND_INS: Readonly<Record<string, () => unknown>> = {
  project: () => 'unsound',
  region: () => 'us-east-1',
  vpcCidr: () => '10.0.0.0/16',
  bucket: () => 'unsound-state-bucket',
  lockTable: () => 'unsound-lock-table',
  name: () => `unsound-${++standInCount}`,
  port: () => 3000,
  routePrefix: () => `/unsound-prefix-${++standInCount}`,
  routes: () => [`/unsound-route-${++standInCount}`],
  path: () => `/unsound-route-${++standInCount}`,
  network: () => ({ vpcCidr: '10.0.0.0/16' }),
  state: () => ({ bucket: 'unsound-state-bucket', lockTable: 'unsound-lock-table' }),
};

/** Parses `raw` with `schema`, setting failing fields aside until it parses (or nothing is left to set aside). */
export function salvage<S extends z.ZodType>(schema: S, raw: unknown, scope: string): Salvaged<z.output<S>> {
  const first = schema.safeParse(raw);
  if (first.success) return { data: first.data, issues: [], unsound: new Set() };
  const issues = zodIssues(scope, first.error, raw);
  const unsound = new Set(issues.map((i) => i.field));
  if (!isRecord(raw) || Array.isArray(raw)) return { issues, unsound };
  const copy = structuredClone(raw) as Record<string, unknown>;
  let error = first.error;
  for (let round = 0; round < 20; round++) {
    if (!setAside(copy, error)) return { issues, unsound };
    const again = schema.safeParse(copy);
    if (again.success) return { data: again.data, issues, unsound };
    // A stand-in or default can break a rule that only a later round shows (a pair check): mark it too.
    for (const i of zodIssues(scope, again.error, copy)) unsound.add(i.field);
    error = again.error;
  }
  return { issues, unsound };
}

/** Sets aside every failing field of one parse; false when none could be. */
function setAside(root: Record<string, unknown>, error: z.ZodError): boolean {
  let changed = false;
  const removals: Array<{ list: unknown[]; index: number }> = [];
  for (const issue of error.issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const node = nodeAt(root, path);
      if (isRecord(node)) for (const k of issue.keys) changed = delete (node as Record<string, unknown>)[k] || changed;
      continue;
    }
    if (path.length === 0) return false;
    const parent = nodeAt(root, path.slice(0, -1));
    const key = path[path.length - 1];
    if (Array.isArray(parent) && typeof key === 'number') {
      removals.push({ list: parent, index: key });
    } else if (isRecord(parent)) {
      const p = parent as Record<PropertyKey, unknown>;
      const standIn = typeof key === 'string' ? STAND_INS[key] : undefined;
      if (standIn && !(key === 'name' && isRecord(p[key]))) p[key] = standIn();
      else if (key in p) delete p[key];
      else if (standIn) p[key] = standIn();
      else return false;
      changed = true;
    } else return false;
  }
  // Remove list entries from the back, so earlier indexes stay valid.
  for (const { list, index } of removals.sort((a, b) => b.index - a.index)) {
    if (index < list.length) {
      list.splice(index, 1);
      changed = true;
    }
  }
  return changed;
}

function nodeAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) node = isRecord(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

/** Whether `field` is an unsound field or lies below one (`services[a].port` below `services[a]`). */
export function isUnsound(unsound: ReadonlySet<string>, field: string): boolean {
  for (const u of unsound) if (field === u || field.startsWith(`${u}.`) || field.startsWith(`${u}[`)) return true;
  return false;
}

export { formatPath };
