/**
 * The listener-priority record: which priority each route's listener rule has on each
 * listener, kept between synths like a lock file (environments/listener-priorities.json),
 * so that a deployed rule's priority never changes unless its own route changes.
 *
 * Why: priorities must be unique per listener, and several stacks (one per environment)
 * put rules on the shared listener. A priority computed from the current routes alone (a
 * hash, with clashes settled by path order) moves an untouched rule of one environment
 * when another environment adds a clashing route; environments deploy one after the
 * other, so the first apply then fails with PriorityInUse against the rule not yet moved.
 *
 * The rules:
 * - A recorded route keeps its number while the same service of the same environment
 *   serves that path on that listener (its construct ID, and so its Terraform address,
 *   stays the same). An explicit `priority` in config replaces it.
 * - A route that leaves (or changes owner, or its explicit number) releases its number.
 *   Released numbers stay in the record and are never given to another route: the
 *   environment that still holds the rule may deploy after the one that would take the
 *   number, in any order. Only the same route coming back takes its number again. Delete
 *   `released` entries by hand once every environment on that listener has been deployed.
 * - A new route gets the hash of its full path, probed (`<path>#1`, `#2`, ...) past every
 *   number in the record, live or released; new routes are numbered in path order.
 * - A listener with no route left (its ALB is gone) leaves the record.
 * - A blue/green test rule (the route's path plus a header) is recorded under
 *   `<path>#test` and must come before its route's rule: the ALB evaluates rules in priority
 *   order and the route's rule matches the same path, so a test rule numbered after it would
 *   never be reached. A new test rule gets a hashed number below its route's; a recorded one
 *   keeps its number while it stays below, and is otherwise released and numbered again.
 */
import { ALB_LIMITS } from './aws-limits';
import { derivedPriority } from './listener';

/** The shared ALB's listener; a dedicated ALB's listener is keyed by its environment's name. */
export const SHARED_LISTENER = 'shared';
/** Where synth keeps the record of the configuration in environments/ (relative to the repository root). */
export const DEFAULT_RECORD_FILE = 'environments/listener-priorities.json';
export const RECORD_VERSION = 1 as const;

/** Record key of a route's blue/green test rule. "#" appears in no route path. */
export const TEST_RULE_SUFFIX = '#test';
export const testRuleKey = (path: string) => `${path}${TEST_RULE_SUFFIX}`;
/** A record key: a route's full path, or its test rule's. */
export const RECORD_KEY = /^(\/[A-Za-z0-9._~-]+)+(#test)?$/;

export interface RecordedRule {
  readonly priority: number;
  /** The owner, "<environment>/<service>". */
  readonly service: string;
}

export interface ReleasedRule {
  readonly path: string;
  readonly service: string;
}

export interface ListenerRecord {
  /** Full path → its rule's priority and owner. */
  readonly rules: Readonly<Record<string, RecordedRule>>;
  /** Released priority (as a string key) → the route that held it. */
  readonly released: Readonly<Record<string, ReleasedRule>>;
}

export interface PriorityRecord {
  /** The file format; a later format would be migrated, never misread. */
  readonly version: typeof RECORD_VERSION;
  readonly listeners: Readonly<Record<string, ListenerRecord>>;
}

export const EMPTY_RECORD: PriorityRecord = { version: RECORD_VERSION, listeners: {} };

/** One route asking for a priority on a listener. */
export interface RouteClaim {
  readonly listener: string;
  readonly env: string;
  readonly service: string;
  /** Full path (environment prefix applied), or `testRuleKey(path)` for a test rule. */
  readonly path: string;
  /** Priority given in config. @default derived */
  readonly explicit?: number;
  /** The key of the claim this one's number must stay below (a test rule's route). @default none */
  readonly below?: string;
}

export interface ClaimProblem {
  readonly claim: RouteClaim;
  readonly rule: string;
}

export interface Assignment {
  /** Priority per `claimKey(listener, path)`. */
  readonly priorities: ReadonlyMap<string, number>;
  readonly record: PriorityRecord;
  readonly problems: readonly ClaimProblem[];
}

export const claimKey = (listener: string, path: string) => `${listener} ${path}`;
const ownerOf = (c: RouteClaim) => `${c.env}/${c.service}`;
const byPath = (a: RouteClaim, b: RouteClaim) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const describe = (path: string, owner: string) => `"${path}" of ${owner.replace(/^([^/]+)\/(.+)$/, 'service "$2" in environment "$1"')}`;

/** After this many hashed probes, the next free number upward (wrapping) is taken: the search always ends. */
const HASH_PROBES = 64;

/**
 * Gives every claim a priority, carrying the record over as described above. `hash` maps
 * a key to 1–`max`; it is a parameter so tests can force clashes.
 */
export function assignPriorities(record: PriorityRecord, claims: readonly RouteClaim[], hash: (key: string) => number = derivedPriority, max: number = ALB_LIMITS.maxPriority): Assignment {
  const priorities = new Map<string, number>();
  const problems: ClaimProblem[] = [];
  const listeners: Record<string, ListenerRecord> = {};
  const byListener = new Map<string, RouteClaim[]>();
  for (const c of claims) byListener.set(c.listener, [...(byListener.get(c.listener) ?? []), c]);

  for (const listener of [...byListener.keys()].sort()) {
    const live = [...byListener.get(listener)!].sort(byPath);
    const livePaths = new Map(live.map((c) => [c.path, c]));
    const before = record.listeners[listener] ?? { rules: {}, released: {} };
    const rules: Record<string, RecordedRule> = {};
    const released: Record<string, ReleasedRule> = { ...before.released };

    for (const [path, rec] of Object.entries(before.rules)) {
      const c = livePaths.get(path);
      if (c && ownerOf(c) === rec.service && (c.explicit === undefined || c.explicit === rec.priority)) rules[path] = rec;
      else released[String(rec.priority)] = { path, service: rec.service };
    }
    const holder = new Map<number, string>(Object.entries(rules).map(([path, r]) => [r.priority, path]));
    const taken = (p: number) => holder.has(p) || String(p) in released;
    const take = (c: RouteClaim, priority: number) => {
      // Every caller gives a free number or the claim's own released one: a number it takes is released no more.
      delete released[String(priority)];
      rules[c.path] = { priority, service: ownerOf(c) };
      holder.set(priority, c.path);
    };

    const routes = live.filter((x) => x.below === undefined);
    for (const c of routes.filter((x) => x.explicit !== undefined && !(x.path in rules))) {
      const p = c.explicit!;
      const other = holder.get(p);
      const gone = released[String(p)];
      if (other !== undefined) {
        const o = livePaths.get(other);
        const why = o?.explicit === p ? '' : ' (its number is recorded, and a recorded rule never moves)';
        problems.push({ claim: c, rule: `listener rule priority ${p} of "${c.path}" collides with ${describe(other, rules[other].service)}${why} on ${listenerName(listener)}: choose another priority` });
      } else if (gone && !(gone.path === c.path && gone.service === ownerOf(c))) {
        problems.push({ claim: c, rule: `listener rule priority ${p} of "${c.path}" was released by ${describe(gone.path, gone.service)} on ${listenerName(listener)}, which may still be deployed: choose another priority, or delete its "released" entry from the priority record once every environment on that listener has been deployed` });
      } else take(c, p);
    }

    for (const c of routes.filter((x) => x.explicit === undefined && !(x.path in rules))) {
      const back = Object.entries(released).find(([, r]) => r.path === c.path && r.service === ownerOf(c));
      if (back) {
        take(c, Number(back[0]));
        continue;
      }
      let p = hash(c.path);
      for (let attempt = 1; taken(p) && attempt <= HASH_PROBES; attempt++) p = hash(`${c.path}#${attempt}`);
      for (let n = 0; taken(p) && n < max; n++) p = (p % max) + 1;
      if (taken(p)) problems.push({ claim: c, rule: `no free listener rule priority left on ${listenerName(listener)} (1–${max} are all recorded or released): delete released entries from the priority record` });
      else take(c, p);
    }

    for (const c of live.filter((x) => x.below !== undefined)) {
      const bound = rules[c.below!]?.service === ownerOf(c) ? rules[c.below!].priority : undefined;
      if (bound === undefined) continue; // its route got no number: that problem is reported
      const kept = rules[c.path];
      if (kept && kept.priority < bound) continue;
      if (kept) {
        // Its route's number moved below it: release it (never reused) and number the test rule again.
        released[String(kept.priority)] = { path: c.path, service: kept.service };
        delete rules[c.path];
        holder.delete(kept.priority);
      }
      const back = Object.entries(released).find(([p, r]) => r.path === c.path && r.service === ownerOf(c) && Number(p) < bound);
      if (back) {
        take(c, Number(back[0]));
        continue;
      }
      const within = (p: number) => 1 + ((p - 1) % Math.max(1, bound - 1));
      let p = within(hash(c.path));
      for (let attempt = 1; taken(p) && attempt <= HASH_PROBES; attempt++) p = within(hash(`${c.path}#${attempt}`));
      for (let n = 0; taken(p) && n < bound - 1; n++) p = p === 1 ? bound - 1 : p - 1;
      if (bound <= 1 || taken(p)) {
        problems.push({ claim: c, rule: `the blue/green test rule of "${c.below}" needs a listener rule priority below its route's ${bound} on ${listenerName(listener)}, and ${bound <= 1 ? 'there is none' : `1–${bound - 1} are all recorded or released`}: give the route an explicit, higher \`priority\`` });
      } else take(c, p);
    }

    for (const c of live) if (rules[c.path]?.service === ownerOf(c)) priorities.set(claimKey(listener, c.path), rules[c.path].priority);
    listeners[listener] = { rules: sortKeys(rules), released: sortKeys(released) };
  }
  return { priorities, record: { version: RECORD_VERSION, listeners }, problems };
}

export const listenerName = (listener: string) => (listener === SHARED_LISTENER ? 'the shared ALB' : `the dedicated ALB of "${listener}"`);

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The record as committed: stable key order and one line per rule, so a change shows as
 * the lines of the routes that changed.
 */
export function serializeRecord(record: PriorityRecord): string {
  const q = JSON.stringify;
  const lines = ['{', `  "//": ${q('Listener-rule priorities kept by npm run synth; commit this file. A recorded rule keeps its number; released numbers are never reused. See README, "Listener-rule priorities".')},`, `  "version": ${RECORD_VERSION},`, '  "listeners": {'];
  const names = Object.keys(record.listeners).sort();
  names.forEach((name, i) => {
    const l = record.listeners[name];
    const rules = Object.entries(l.rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const released = Object.entries(l.released).sort(([a], [b]) => Number(a) - Number(b));
    const block = (key: string, entries: string[], last: boolean) =>
      entries.length === 0 ? [`      "${key}": {}${last ? '' : ','}`] : [`      "${key}": {`, ...entries.map((e, j) => `        ${e}${j < entries.length - 1 ? ',' : ''}`), `      }${last ? '' : ','}`];
    lines.push(
      `    ${q(name)}: {`,
      ...block('rules', rules.map(([path, r]) => `${q(path)}: { "priority": ${r.priority}, "service": ${q(r.service)} }`), false),
      ...block('released', released.map(([p, r]) => `${q(p)}: { "path": ${q(r.path)}, "service": ${q(r.service)} }`), true),
      `    }${i < names.length - 1 ? ',' : ''}`,
    );
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

/** What changed between two records, one phrase per listener, for synth's one-line messages. */
export function describeChange(before: PriorityRecord, after: PriorityRecord): string {
  const parts: string[] = [];
  for (const name of [...new Set([...Object.keys(before.listeners), ...Object.keys(after.listeners)])].sort()) {
    const b = before.listeners[name] ?? { rules: {}, released: {} };
    const a = after.listeners[name];
    if (!a) {
      parts.push(`${name}: listener dropped`);
      continue;
    }
    const added = Object.keys(a.rules).filter((p) => b.rules[p]?.priority !== a.rules[p].priority || b.rules[p]?.service !== a.rules[p].service);
    const freed = Object.keys(a.released).filter((p) => !(p in b.released));
    if (added.length || freed.length) parts.push(`${name}: ${[added.length ? `${added.length} recorded` : '', freed.length ? `${freed.length} released` : ''].filter(Boolean).join(', ')}`);
  }
  return parts.join('; ') || 'format only';
}
