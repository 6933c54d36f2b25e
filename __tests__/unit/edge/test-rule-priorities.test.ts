/**
 * Blue/green test rules get their priorities from the priority record like any other rule,
 * and always one below their route's: the ALB evaluates rules in order, and a route's rule
 * matches the same path, so a test rule numbered after it would never be reached. Over any
 * sequence of changes (routes added and removed, test rules switched on and off, explicit
 * priorities moved), with real hashes and with every key clashing: each test rule stays below
 * its route, numbers are unique and never reused, a route keeps its number, a test rule keeps
 * its number while it stays below, and the record round-trips through its file.
 */
import * as fc from 'fast-check';
import { derivedPriority } from '../../../model/listener';
import { EMPTY_RECORD, PriorityRecord, RouteClaim, assignPriorities, claimKey, serializeRecord, testRuleKey } from '../../../model/priority-record';

const PATHS = ['/a', '/b', '/c', '/d', '/a/x', '/e'];
interface Route {
  readonly tested: boolean;
  readonly explicit?: number;
}
type State = Readonly<Record<string, Route>>;

const routeArb = fc.record({ tested: fc.boolean(), explicit: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }) });
const stateArb: fc.Arbitrary<State> = fc.dictionary(fc.constantFrom(...PATHS), routeArb, { maxKeys: 5 });
/** FNV into twelve numbers: every key clashes, and explicit route numbers land among them. */
const crowded = (key: string) => 1 + (derivedPriority(key) % 12);

function claims(state: State): RouteClaim[] {
  return Object.entries(state).flatMap(([path, r]) => {
    const route: RouteClaim = { listener: 'shared', env: 'e', service: `s${PATHS.indexOf(path)}`, path, explicit: r.explicit };
    return r.tested ? [route, { listener: 'shared', env: 'e', service: route.service, path: testRuleKey(path), below: path }] : [route];
  });
}

function run(states: readonly State[], hash?: (k: string) => number): void {
  let record: PriorityRecord = EMPTY_RECORD;
  let prev = new Map<string, number>();
  const everHeld = new Map<number, string>();
  for (const state of states) {
    const cs = claims(state);
    const result = assignPriorities(record, cs, hash, 50000);
    // A listener with no rule left leaves the record, and with it the numbers it held.
    if (!('shared' in result.record.listeners)) everHeld.clear();
    const now = new Map(cs.map((c) => [c.path, result.priorities.get(claimKey('shared', c.path))]));
    const refused = new Set(result.problems.map((p) => p.claim.path));
    // Explicit numbers may collide with each other or with a recorded test rule: that is refused, and nothing else is.
    for (const p of result.problems) expect(p.rule).toMatch(/priority/);
    for (const c of cs) {
      const p = now.get(c.path);
      if (refused.has(c.path) || (c.below && refused.has(c.below))) continue;
      expect([c.path, p]).toEqual([c.path, expect.any(Number)]);
      if (c.below) expect([c.path, p! < now.get(c.below)!]).toEqual([c.path, true]);
      // A number belongs to one rule for ever (released ones are never reused).
      expect([p, everHeld.get(p!) ?? c.path]).toEqual([p, c.path]);
      everHeld.set(p!, c.path);
      // A rule that was there before keeps its number, unless it is a test rule its route moved above, or its explicit number changed.
      const before = prev.get(c.path);
      const routeMoved = c.below !== undefined && before !== undefined && before >= now.get(c.below)!;
      if (before !== undefined && !routeMoved && c.explicit === undefined && !c.below) expect([c.path, p]).toEqual([c.path, before]);
      if (before !== undefined && c.below && !routeMoved) expect([c.path, p]).toEqual([c.path, before]);
    }
    const live = [...now.values()].filter((p): p is number => p !== undefined);
    expect(new Set(live).size).toBe(live.length);
    const { '//': _, ...parsed } = JSON.parse(serializeRecord(result.record));
    expect(parsed).toEqual(result.record);
    record = result.record;
    prev = new Map([...now].filter((e): e is [string, number] => e[1] !== undefined));
  }
}

describe('blue/green test rule priorities (property)', () => {
  it('with real hashes', () => {
    fc.assert(fc.property(fc.array(stateArb, { minLength: 1, maxLength: 6 }), (states) => run(states)), { seed: 15, numRuns: 100 });
  });

  it('with every key clashing among twelve numbers', () => {
    fc.assert(fc.property(fc.array(stateArb, { minLength: 1, maxLength: 6 }), (states) => run(states, crowded)), { seed: 15, numRuns: 100 });
  });

  it('refuses a test rule whose route is at priority 1, naming the route and the way out', () => {
    const result = assignPriorities(EMPTY_RECORD, claims({ '/a': { tested: true, explicit: 1 } }));
    expect(result.problems.map((p) => p.rule)).toEqual([expect.stringContaining('the blue/green test rule of "/a" needs a listener rule priority below its route\'s 1')]);
  });

  it('releases a recorded test rule once its route is numbered below it, and numbers it below again', () => {
    const first = assignPriorities(EMPTY_RECORD, claims({ '/a': { tested: true, explicit: 40 } }));
    const test = first.priorities.get(claimKey('shared', testRuleKey('/a')))!;
    expect(test).toBeLessThan(40);
    const moved = assignPriorities(first.record, claims({ '/a': { tested: true, explicit: test } }));
    // An explicit number that the route's own test rule holds is refused like any recorded number.
    expect(moved.problems).toHaveLength(1);
    const lower = assignPriorities(first.record, claims({ '/a': { tested: true, explicit: Math.max(2, Math.floor(test / 2)) } }));
    expect(lower.problems).toEqual([]);
    const again = lower.priorities.get(claimKey('shared', testRuleKey('/a')))!;
    expect(again).toBeLessThan(Math.max(2, Math.floor(test / 2)));
    expect(String(test) in lower.record.listeners.shared.released).toBe(true);
  });
});
