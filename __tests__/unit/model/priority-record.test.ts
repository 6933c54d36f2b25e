/**
 * model/priority-record.ts on its own (no synth): the listener-priority record that keeps a
 * deployed rule's priority stable. Hand-worked examples pin exact numbers, the probing order and
 * every user-facing message; `hash` and `max` are injected so clashes and exhaustion are small
 * and exact. Properties over random claim sets with a tiny `max` check the header's rules:
 * unique numbers in range, recorded numbers never move, released numbers are never given to
 * another route, test rules stay below their route.
 */
import fc from 'fast-check';
import {
  DEFAULT_RECORD_FILE,
  EMPTY_RECORD,
  ListenerRecord,
  PriorityRecord,
  RECORD_KEY,
  RECORD_VERSION,
  RouteClaim,
  SHARED_LISTENER,
  TEST_RULE_SUFFIX,
  assignPriorities,
  claimKey,
  describeChange,
  listenerName,
  serializeRecord,
  testRuleKey,
} from '../../../model/priority-record';

const SEED = 12;

/** A hash given as a table; any key outside it fails the test, so the probe sequence is pinned. */
function tableHash(table: Record<string, number>) {
  const calls: string[] = [];
  const hash = (key: string) => {
    calls.push(key);
    if (!(key in table)) throw new Error(`unexpected hash of ${JSON.stringify(key)}`);
    return table[key];
  };
  return { hash, calls };
}

/** A hash given as a function, recording the keys it was asked for. */
function fnHash(f: (key: string) => number) {
  const calls: string[] = [];
  return { hash: (key: string) => (calls.push(key), f(key)), calls };
}

const noHash = () => {
  throw new Error('no key should be hashed');
};

const route = (path: string, owner = 'dev/api', extra: Partial<RouteClaim> = {}, listener = SHARED_LISTENER): RouteClaim => {
  const [env, service] = owner.split('/');
  return { listener, env, service, path, ...extra };
};
const testRule = (path: string, owner = 'dev/api', listener = SHARED_LISTENER): RouteClaim => route(testRuleKey(path), owner, { below: path }, listener);

const rec = (listeners: Record<string, { rules?: ListenerRecord['rules']; released?: ListenerRecord['released'] }>): PriorityRecord => ({
  version: RECORD_VERSION,
  listeners: Object.fromEntries(Object.entries(listeners).map(([k, v]) => [k, { rules: v.rules ?? {}, released: v.released ?? {} }])),
});
/** Released entries held by routes that are gone ("/gone<n>" of other/old), to fill numbers. */
const releasedBy = (...ns: number[]) => Object.fromEntries(ns.map((n) => [String(n), { path: `/gone${n}`, service: 'other/old' }]));

describe('keys and names', () => {
  it('a test rule is recorded under "<path>#test", a claim under "<listener> <path>"', () => {
    expect(TEST_RULE_SUFFIX).toBe('#test');
    expect(testRuleKey('/api/v1')).toBe('/api/v1#test');
    expect(claimKey('shared', '/a')).toBe('shared /a');
    expect(claimKey('prod', '/a#test')).toBe('prod /a#test');
  });

  it('listenerName: the shared ALB, or the dedicated ALB of its environment', () => {
    expect(SHARED_LISTENER).toBe('shared');
    expect(listenerName('shared')).toBe('the shared ALB');
    expect(listenerName('prod')).toBe('the dedicated ALB of "prod"');
  });

  it('the record lives in environments/listener-priorities.json, format version 1, empty to start', () => {
    expect(DEFAULT_RECORD_FILE).toBe('environments/listener-priorities.json');
    expect(RECORD_VERSION).toBe(1);
    expect(EMPTY_RECORD).toEqual({ version: 1, listeners: {} });
  });

  it.each(['/a', '/a/b', '/api/v1/reminders', '/AZ-az_09.~', '/a#test', '/a/b#test'])('RECORD_KEY accepts %j', (key) => {
    expect(RECORD_KEY.test(key)).toBe(true);
  });

  it.each(['', '/', 'a', 'x/a', '/a/', '//a', '/a b', '/a#', '/a#tes', '/a#tests', '/a#test#test', '/a#1', '#test', '/a?b', '/ab#testx'])('RECORD_KEY refuses %j', (key) => {
    expect(RECORD_KEY.test(key)).toBe(false);
  });
});

describe('assignPriorities: new routes', () => {
  it('takes the hash of the path when it is free, and records the owner as "<env>/<service>"', () => {
    const { hash, calls } = tableHash({ '/a': 7 });
    const out = assignPriorities(EMPTY_RECORD, [route('/a', 'dev/api')], hash, 10);
    expect(out.problems).toEqual([]);
    expect([...out.priorities]).toEqual([['shared /a', 7]]);
    expect(out.record).toEqual(rec({ shared: { rules: { '/a': { priority: 7, service: 'dev/api' } } } }));
    expect(calls).toEqual(['/a']);
  });

  it('numbers new routes in path order: a clash goes to the later path, which probes "<path>#1", "#2", ...', () => {
    const { hash, calls } = tableHash({ '/a': 5, '/b': 5, '/b#1': 5, '/b#2': 6, '/c': 5, '/c#1': 6, '/c#2': 3 });
    const claims = [route('/c', 'dev/c'), route('/a', 'dev/a'), route('/b', 'dev/b')];
    const out = assignPriorities(EMPTY_RECORD, claims, hash, 10);
    expect(out.problems).toEqual([]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 5, 'shared /b': 6, 'shared /c': 3 });
    expect(calls).toEqual(['/a', '/b', '/b#1', '/b#2', '/c', '/c#1', '/c#2']);
    // Rules are keyed in path order whatever order the claims came in.
    expect(Object.keys(out.record.listeners.shared.rules)).toEqual(['/a', '/b', '/c']);
  });

  it('probes past released numbers too: they are never given to another route', () => {
    const { hash } = tableHash({ '/a': 4, '/a#1': 2 });
    const before = rec({ shared: { released: { '4': { path: '/x', service: 'dev/api' } } } });
    const out = assignPriorities(before, [route('/a', 'dev/api')], hash, 10);
    expect(out.priorities.get('shared /a')).toBe(2);
    expect(out.record.listeners.shared.released).toEqual({ '4': { path: '/x', service: 'dev/api' } });
  });

  it('after 64 hashed probes takes the 64th probe if free', () => {
    const { hash, calls } = fnHash((k) => (k === '/a#64' ? 9 : 1 + (k.length % 4)));
    const before = rec({ shared: { released: releasedBy(1, 2, 3, 4) } });
    const out = assignPriorities(before, [route('/a')], hash, 10);
    expect(out.priorities.get('shared /a')).toBe(9);
    expect(calls).toEqual(['/a', ...Array.from({ length: 64 }, (_, i) => `/a#${i + 1}`)]);
  });

  it('after 64 taken probes searches upward from the last probe for the next free number', () => {
    // 1, 2, 3, 5, 6, 8 taken; every probe says 1 except the 64th, which says 5: 6 is taken, 7 is free.
    const { hash, calls } = fnHash((k) => (k === '/a#64' ? 5 : 1));
    const before = rec({ shared: { released: releasedBy(1, 2, 3, 5, 6, 8) } });
    const out = assignPriorities(before, [route('/a')], hash, 8);
    expect(out.problems).toEqual([]);
    expect(out.priorities.get('shared /a')).toBe(7);
    expect(calls).toHaveLength(65);
  });

  it('the upward search wraps from max to 1', () => {
    const { hash } = fnHash(() => 5);
    const before = rec({ shared: { released: releasedBy(1, 2, 3, 5, 6) } });
    const out = assignPriorities(before, [route('/a')], hash, 6);
    expect(out.priorities.get('shared /a')).toBe(4);
  });

  it('the upward search can end on max itself', () => {
    const { hash } = fnHash(() => 2);
    const before = rec({ shared: { released: releasedBy(1, 2, 3, 4, 5) } });
    const out = assignPriorities(before, [route('/a')], hash, 6);
    expect(out.priorities.get('shared /a')).toBe(6);
  });

  it('refuses a route when 1–max are all recorded or released, and numbers the others', () => {
    const { hash } = fnHash(() => 2);
    const before = rec({ prod: { rules: { '/a': { priority: 1, service: 'prod/api' } }, released: releasedBy(2, 3) } });
    const claims = [route('/a', 'prod/api', {}, 'prod'), route('/b', 'prod/web', {}, 'prod')];
    const out = assignPriorities(before, claims, hash, 3);
    expect(out.problems).toEqual([
      { claim: claims[1], rule: 'no free listener rule priority left on the dedicated ALB of "prod" (1–3 are all recorded or released): delete released entries from the priority record' },
    ]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'prod /a': 1 });
    expect(out.record.listeners.prod.rules).toEqual({ '/a': { priority: 1, service: 'prod/api' } });
    expect(out.record.listeners.prod.released).toEqual(releasedBy(2, 3));
  });

  it('names the shared ALB in the exhaustion message', () => {
    const out = assignPriorities(rec({ shared: { released: releasedBy(1) } }), [route('/a')], () => 1, 1);
    expect(out.problems.map((p) => p.rule)).toEqual(['no free listener rule priority left on the shared ALB (1–1 are all recorded or released): delete released entries from the priority record']);
    expect(out.priorities.size).toBe(0);
  });
});

describe('assignPriorities: recorded and released numbers', () => {
  it('a recorded route keeps its number without hashing, whatever its hash now says', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 42, service: 'dev/api' } } } });
    const out = assignPriorities(before, [route('/a', 'dev/api')], noHash, 50);
    expect(out.priorities.get('shared /a')).toBe(42);
    expect(out.record).toEqual(before);
  });

  it('a route that leaves releases its number; released entries already there stay', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 4, service: 'dev/api' }, '/b': { priority: 6, service: 'dev/web' } }, released: { '9': { path: '/z', service: 'x/y' } } } });
    const out = assignPriorities(before, [route('/b', 'dev/web')], noHash, 10);
    expect(out.record.listeners.shared).toEqual({
      rules: { '/b': { priority: 6, service: 'dev/web' } },
      released: { '4': { path: '/a', service: 'dev/api' }, '9': { path: '/z', service: 'x/y' } },
    });
    expect([...out.priorities]).toEqual([['shared /b', 6]]);
  });

  it('a route that changes owner releases its number and, as a new route, does not get it back', () => {
    const { hash, calls } = tableHash({ '/a': 4, '/a#1': 7 });
    const before = rec({ shared: { rules: { '/a': { priority: 4, service: 'dev/api' } } } });
    const out = assignPriorities(before, [route('/a', 'dev/web')], hash, 10);
    expect(out.priorities.get('shared /a')).toBe(7);
    expect(out.record.listeners.shared).toEqual({ rules: { '/a': { priority: 7, service: 'dev/web' } }, released: { '4': { path: '/a', service: 'dev/api' } } });
    expect(calls).toEqual(['/a', '/a#1']);
  });

  it('the same environment with another service is another owner', () => {
    const { hash } = tableHash({ '/a': 4, '/a#1': 7 });
    const before = rec({ shared: { rules: { '/a': { priority: 4, service: 'dev/api' } } } });
    expect(assignPriorities(before, [route('/a', 'prod/api')], hash, 10).priorities.get('shared /a')).toBe(7);
  });

  it('only the same route of the same owner coming back takes its released number again (lowest first), without hashing', () => {
    const before = rec({
      shared: {
        rules: { '/b': { priority: 2, service: 'dev/api' } },
        released: { '3': { path: '/a', service: 'dev/web' }, '4': { path: '/a', service: 'dev/api' }, '6': { path: '/a', service: 'dev/api' }, '8': { path: '/c', service: 'dev/api' } },
      },
    });
    const out = assignPriorities(before, [route('/a', 'dev/api'), route('/b', 'dev/api')], noHash, 10);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 4, 'shared /b': 2 });
    expect(out.record.listeners.shared).toEqual({
      rules: { '/a': { priority: 4, service: 'dev/api' }, '/b': { priority: 2, service: 'dev/api' } },
      released: { '3': { path: '/a', service: 'dev/web' }, '6': { path: '/a', service: 'dev/api' }, '8': { path: '/c', service: 'dev/api' } },
    });
  });

  it('keys the record sorted: listeners, and kept rules before new ones come out in path order', () => {
    const { hash } = tableHash({ '/a': 1, '/m': 2 });
    const before = rec({ shared: { rules: { '/z': { priority: 9, service: 'dev/api' } } }, beta: { rules: { '/y': { priority: 9, service: 'beta/api' } } } });
    const claims = [route('/z'), route('/m'), route('/a'), route('/y', 'beta/api', {}, 'beta')];
    const out = assignPriorities(before, claims, hash, 10);
    expect(Object.keys(out.record.listeners)).toEqual(['beta', 'shared']);
    expect(Object.keys(out.record.listeners.shared.rules)).toEqual(['/a', '/m', '/z']);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'beta /y': 9, 'shared /a': 1, 'shared /m': 2, 'shared /z': 9 });
  });

  it('keeps each listener apart: the same number on two listeners is no clash', () => {
    const { hash } = tableHash({ '/a': 3 });
    const out = assignPriorities(EMPTY_RECORD, [route('/a', 'prod/api', {}, 'prod'), route('/a', 'dev/api')], hash, 10);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'prod /a': 3, 'shared /a': 3 });
  });

  it('a listener with no route left leaves the record, released entries and all', () => {
    const before = rec({ old: { rules: { '/a': { priority: 1, service: 'old/api' } }, released: releasedBy(2) }, shared: { rules: { '/b': { priority: 2, service: 'dev/api' } } } });
    const out = assignPriorities(before, [route('/b')], noHash, 10);
    expect(out.record).toEqual(rec({ shared: { rules: { '/b': { priority: 2, service: 'dev/api' } } } }));
    expect(assignPriorities(before, [], noHash, 10)).toEqual({ priorities: new Map(), record: EMPTY_RECORD, problems: [] });
  });
});

describe('assignPriorities: explicit priorities', () => {
  it('an explicit priority replaces the recorded one, which is released', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 4, service: 'dev/api' } } } });
    const out = assignPriorities(before, [route('/a', 'dev/api', { explicit: 9 })], noHash, 10);
    expect(out.priorities.get('shared /a')).toBe(9);
    expect(out.record.listeners.shared).toEqual({ rules: { '/a': { priority: 9, service: 'dev/api' } }, released: { '4': { path: '/a', service: 'dev/api' } } });
  });

  it('an explicit priority equal to the recorded one keeps it, nothing released', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 4, service: 'dev/api' } } } });
    const out = assignPriorities(before, [route('/a', 'dev/api', { explicit: 4 })], noHash, 10);
    expect(out.record).toEqual(before);
    expect(out.problems).toEqual([]);
  });

  it('an explicit route taking back its own released number removes the released entry', () => {
    const before = rec({ shared: { released: { '9': { path: '/a', service: 'dev/api' } } } });
    const out = assignPriorities(before, [route('/a', 'dev/api', { explicit: 9 })], noHash, 10);
    expect(out.priorities.get('shared /a')).toBe(9);
    expect(out.record.listeners.shared).toEqual({ rules: { '/a': { priority: 9, service: 'dev/api' } }, released: {} });
  });

  it('is taken before any derived number: a new derived route probes past it', () => {
    const { hash } = tableHash({ '/a': 5, '/a#1': 6 });
    const out = assignPriorities(EMPTY_RECORD, [route('/a'), route('/b', 'dev/web', { explicit: 5 })], hash, 10);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 6, 'shared /b': 5 });
  });

  it('refuses an explicit priority colliding with a recorded rule, saying a recorded rule never moves', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 9, service: 'dev/api' } } } });
    const claims = [route('/a', 'dev/api'), route('/b', 'prod/web', { explicit: 9 })];
    const out = assignPriorities(before, claims, noHash, 10);
    expect(out.problems).toEqual([
      { claim: claims[1], rule: 'listener rule priority 9 of "/b" collides with "/a" of service "api" in environment "dev" (its number is recorded, and a recorded rule never moves) on the shared ALB: choose another priority' },
    ]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 9 });
    expect(out.record).toEqual(before);
  });

  it('refuses the later path of two explicit priorities that collide, without the "recorded" reason', () => {
    const claims = [route('/b', 'prod/web', { explicit: 9 }, 'prod'), route('/a', 'prod/api', { explicit: 9 }, 'prod')];
    const out = assignPriorities(EMPTY_RECORD, claims, noHash, 10);
    expect(out.problems).toEqual([{ claim: claims[0], rule: 'listener rule priority 9 of "/b" collides with "/a" of service "api" in environment "prod" on the dedicated ALB of "prod": choose another priority' }]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'prod /a': 9 });
  });

  it('a recorded rule kept by its own explicit priority collides like an explicit one', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 9, service: 'dev/api' } } } });
    const claims = [route('/a', 'dev/api', { explicit: 9 }), route('/b', 'dev/web', { explicit: 9 })];
    const out = assignPriorities(before, claims, noHash, 10);
    expect(out.problems.map((p) => p.rule)).toEqual(['listener rule priority 9 of "/b" collides with "/a" of service "api" in environment "dev" on the shared ALB: choose another priority']);
  });

  it('a new explicit priority colliding with a rule kept by its own explicit number is refused, even earlier in path order', () => {
    const before = rec({ shared: { rules: { '/b': { priority: 9, service: 'dev/web' } } } });
    const claims = [route('/a', 'dev/api', { explicit: 9 }), route('/b', 'dev/web', { explicit: 9 })];
    const out = assignPriorities(before, claims, noHash, 10);
    expect(out.problems).toEqual([{ claim: claims[0], rule: 'listener rule priority 9 of "/a" collides with "/b" of service "web" in environment "dev" on the shared ALB: choose another priority' }]);
    expect(out.record).toEqual(before);
  });

  it('refuses an explicit priority released by another route (another path, or the same path of another owner)', () => {
    const msg = (path: string, by: string, svc: string, env: string) =>
      `listener rule priority 9 of "${path}" was released by "${by}" of service "${svc}" in environment "${env}" on the shared ALB, which may still be deployed: choose another priority, or delete its "released" entry from the priority record once every environment on that listener has been deployed`;
    for (const [gone, claim, expected] of [
      [{ path: '/old', service: 'dev/api' }, route('/b', 'dev/api', { explicit: 9 }), msg('/b', '/old', 'api', 'dev')],
      [{ path: '/b', service: 'dev/api' }, route('/b', 'prod/web', { explicit: 9 }), msg('/b', '/b', 'api', 'dev')],
      [{ path: '/b', service: 'dev/api' }, route('/b', 'dev/web', { explicit: 9 }), msg('/b', '/b', 'api', 'dev')],
    ] as const) {
      const before = rec({ shared: { released: { '9': gone } } });
      const out = assignPriorities(before, [claim], noHash, 10);
      expect(out.problems).toEqual([{ claim, rule: expected }]);
      expect(out.priorities.size).toBe(0);
      expect(out.record).toEqual(rec({ shared: { released: { '9': gone } } }));
    }
  });

  it('reports problems listener by listener in sorted order', () => {
    const claims = [route('/b', 'z/b', { explicit: 1 }, 'zeta'), route('/a', 'z/a', { explicit: 1 }, 'zeta'), route('/b', 'a/b', { explicit: 1 }, 'alpha'), route('/a', 'a/a', { explicit: 1 }, 'alpha')];
    const out = assignPriorities(EMPTY_RECORD, claims, noHash, 10);
    expect(out.problems.map((p) => p.claim)).toEqual([claims[2], claims[0]]);
  });
});

describe('assignPriorities: blue/green test rules', () => {
  it('a new test rule gets its hash folded into 1..(route - 1): 1 + (h - 1) mod (route - 1)', () => {
    // route 8: 1 + (20 - 1) mod 7 = 6
    const { hash, calls } = tableHash({ '/a': 8, '/a#test': 20 });
    const out = assignPriorities(EMPTY_RECORD, [testRule('/a'), route('/a')], hash, 50);
    expect(out.problems).toEqual([]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 8, 'shared /a#test': 6 });
    expect(out.record.listeners.shared.rules).toEqual({ '/a': { priority: 8, service: 'dev/api' }, '/a#test': { priority: 6, service: 'dev/api' } });
    expect(calls).toEqual(['/a', '/a#test']);
  });

  it('a hash already below the route is taken as it is; one equal to route - 1 too', () => {
    expect(assignPriorities(EMPTY_RECORD, [route('/a'), testRule('/a')], tableHash({ '/a': 8, '/a#test': 3 }).hash, 50).priorities.get('shared /a#test')).toBe(3);
    expect(assignPriorities(EMPTY_RECORD, [route('/a'), testRule('/a')], tableHash({ '/a': 8, '/a#test': 7 }).hash, 50).priorities.get('shared /a#test')).toBe(7);
    expect(assignPriorities(EMPTY_RECORD, [route('/a'), testRule('/a')], tableHash({ '/a': 8, '/a#test': 8 }).hash, 50).priorities.get('shared /a#test')).toBe(1);
  });

  it('probes "<path>#test#1", ... folded below the route, then searches downward, wrapping to route - 1', () => {
    // route 8; 1, 2, 3, 6 taken; the probes fold to 6, 3, then 2 (64 times); downward: 1 taken, wraps to 7.
    const { hash, calls } = fnHash((k) => (k === '/a' ? 8 : k === '/a#test' ? 13 : k === '/a#test#1' ? 10 : 2));
    const before = rec({ shared: { released: releasedBy(1, 2, 3, 6) } });
    const out = assignPriorities(before, [route('/a'), testRule('/a')], hash, 50);
    expect(out.problems).toEqual([]);
    expect(out.priorities.get('shared /a#test')).toBe(7);
    expect(calls).toEqual(['/a', '/a#test', ...Array.from({ length: 64 }, (_, i) => `/a#test#${i + 1}`)]);
  });

  it('the downward search takes the next free number below the last probe', () => {
    // route 8; 5, 6 taken; every probe folds to 6: 5 taken, 4 free.
    const { hash } = fnHash((k) => (k === '/a' ? 8 : 6));
    const out = assignPriorities(rec({ shared: { released: releasedBy(5, 6) } }), [route('/a'), testRule('/a')], hash, 50);
    expect(out.priorities.get('shared /a#test')).toBe(4);
  });

  it('the 64th probe is still a hashed probe', () => {
    const { hash } = fnHash((k) => (k === '/a' ? 8 : k === '/a#test#64' ? 5 : 1));
    const out = assignPriorities(rec({ shared: { released: releasedBy(1, 2) } }), [route('/a'), testRule('/a')], hash, 50);
    expect(out.priorities.get('shared /a#test')).toBe(5);
  });

  it('refuses a test rule when 1..(route - 1) are all taken', () => {
    const claims = [route('/a', 'dev/api', { explicit: 3 }), testRule('/a')];
    const out = assignPriorities(rec({ shared: { released: releasedBy(1, 2) } }), claims, () => 1, 50);
    expect(out.problems).toEqual([
      { claim: claims[1], rule: 'the blue/green test rule of "/a" needs a listener rule priority below its route\'s 3 on the shared ALB, and 1–2 are all recorded or released: give the route an explicit, higher `priority`' },
    ]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 3 });
    expect(out.record.listeners.shared.rules).toEqual({ '/a': { priority: 3, service: 'dev/api' } });
  });

  it('refuses a test rule whose route is at 1: there is none below', () => {
    const claims = [route('/a', 'prod/api', { explicit: 1 }, 'prod'), testRule('/a', 'prod/api', 'prod')];
    const out = assignPriorities(EMPTY_RECORD, claims, () => 1, 50);
    expect(out.problems).toEqual([
      { claim: claims[1], rule: 'the blue/green test rule of "/a" needs a listener rule priority below its route\'s 1 on the dedicated ALB of "prod", and there is none: give the route an explicit, higher `priority`' },
    ]);
    expect(out.priorities.has('prod /a#test')).toBe(false);
  });

  it('never numbers a test rule at or above its route, even for a route number below 1 (config validation keeps priorities >= 1)', () => {
    const out = assignPriorities(EMPTY_RECORD, [route('/a', 'dev/api', { explicit: 0 }), testRule('/a')], () => 1, 50);
    expect(out.priorities.has('shared /a#test')).toBe(false);
    expect(out.problems.map((p) => p.rule)).toEqual(['the blue/green test rule of "/a" needs a listener rule priority below its route\'s 0 on the shared ALB, and there is none: give the route an explicit, higher `priority`']);
  });

  it('a recorded test rule below its route keeps its number without hashing', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 8, service: 'dev/api' }, '/a#test': { priority: 6, service: 'dev/api' } } } });
    const out = assignPriorities(before, [route('/a'), testRule('/a')], noHash, 50);
    expect(out.record).toEqual(before);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 8, 'shared /a#test': 6 });
  });

  it('a recorded test rule its route moved below is released and numbered again below the route', () => {
    // route 8 → explicit 4; test 6 released; 1 + (5 - 1) mod 3 = 2
    const before = rec({ shared: { rules: { '/a': { priority: 8, service: 'dev/api' }, '/a#test': { priority: 6, service: 'dev/api' } } } });
    const { hash, calls } = tableHash({ '/a#test': 5 });
    const out = assignPriorities(before, [route('/a', 'dev/api', { explicit: 4 }), testRule('/a')], hash, 50);
    expect(out.problems).toEqual([]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 4, 'shared /a#test': 2 });
    expect(out.record.listeners.shared).toEqual({
      rules: { '/a': { priority: 4, service: 'dev/api' }, '/a#test': { priority: 2, service: 'dev/api' } },
      released: { '6': { path: '/a#test', service: 'dev/api' }, '8': { path: '/a', service: 'dev/api' } },
    });
    expect(calls).toEqual(['/a#test']);
  });

  it('a recorded test rule its route moved below, with no room left below the route, is released and gets no number', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 8, service: 'dev/api' }, '/a#test': { priority: 6, service: 'dev/api' } }, released: releasedBy(1) } });
    const claims = [route('/a', 'dev/api', { explicit: 2 }), testRule('/a')];
    const out = assignPriorities(before, claims, () => 1, 50);
    expect(out.problems).toEqual([
      { claim: claims[1], rule: 'the blue/green test rule of "/a" needs a listener rule priority below its route\'s 2 on the shared ALB, and 1–1 are all recorded or released: give the route an explicit, higher `priority`' },
    ]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 2 });
    expect(out.record.listeners.shared).toEqual({
      rules: { '/a': { priority: 2, service: 'dev/api' } },
      released: { ...releasedBy(1), '6': { path: '/a#test', service: 'dev/api' }, '8': { path: '/a', service: 'dev/api' } },
    });
  });

  it('a released number of the test rule itself is taken back only if it is below the route', () => {
    const below = rec({ shared: { rules: { '/a': { priority: 8, service: 'dev/api' } }, released: { '3': { path: '/a#test', service: 'dev/api' }, '5': { path: '/a#test', service: 'dev/web' } } } });
    const out = assignPriorities(below, [route('/a'), testRule('/a')], noHash, 50);
    expect(out.priorities.get('shared /a#test')).toBe(3);
    expect(out.record.listeners.shared.released).toEqual({ '5': { path: '/a#test', service: 'dev/web' } });

    const above = rec({ shared: { rules: { '/a': { priority: 8, service: 'dev/api' } }, released: { '9': { path: '/a#test', service: 'dev/api' } } } });
    const again = assignPriorities(above, [route('/a'), testRule('/a')], tableHash({ '/a#test': 2 }).hash, 50);
    expect(again.priorities.get('shared /a#test')).toBe(2);
    expect(again.record.listeners.shared.released).toEqual({ '9': { path: '/a#test', service: 'dev/api' } });
  });

  it('refuses a route\'s explicit priority on its own recorded test rule\'s number: one apply cannot swap the two rules', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 8, service: 'dev/api' }, '/a#test': { priority: 6, service: 'dev/api' } } } });
    const claims = [route('/a', 'dev/api', { explicit: 6 }), testRule('/a')];
    const out = assignPriorities(before, claims, noHash, 50);
    expect(out.problems).toEqual([
      { claim: claims[0], rule: 'listener rule priority 6 of "/a" collides with "/a#test" of service "api" in environment "dev" (its number is recorded, and a recorded rule never moves) on the shared ALB: choose another priority' },
    ]);
    expect(out.priorities.has('shared /a')).toBe(false);
  });

  it('a test rule whose route got no number gets none, and only the route\'s problem is reported', () => {
    const before = rec({ shared: { rules: { '/a': { priority: 9, service: 'dev/api' } } } });
    const claims = [route('/a'), route('/b', 'dev/web', { explicit: 9 }), testRule('/b', 'dev/web')];
    const out = assignPriorities(before, claims, noHash, 50);
    expect(out.problems.map((p) => p.claim)).toEqual([claims[1]]);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 9 });
  });

  it('a test rule stays below a route of its own owner only', () => {
    const out = assignPriorities(EMPTY_RECORD, [route('/a', 'dev/api'), testRule('/a', 'dev/web')], tableHash({ '/a': 8 }).hash, 50);
    expect(Object.fromEntries(out.priorities)).toEqual({ 'shared /a': 8 });
    expect(out.problems).toEqual([]);
  });
});

describe('serializeRecord', () => {
  const COMMENT = '  "//": "Listener-rule priorities kept by npm run synth; commit this file. A recorded rule keeps its number; released numbers are never reused. See README, \\"Listener-rule priorities\\".",';

  it('writes the empty record', () => {
    expect(serializeRecord(EMPTY_RECORD)).toBe(['{', COMMENT, '  "version": 1,', '  "listeners": {', '  }', '}', ''].join('\n'));
  });

  it('writes one line per rule, listeners and paths sorted, released numbers in numeric order', () => {
    const record: PriorityRecord = {
      version: 1,
      listeners: {
        shared: {
          rules: { '/c': { priority: 3, service: 'dev/web' }, '/b': { priority: 7, service: 'dev/web' }, '/a': { priority: 12, service: 'dev/api' } },
          released: { '30': { path: '/old', service: 'dev/api' }, '4': { path: '/gone', service: 'dev/web' } },
        },
        zeta: { rules: {}, released: { '5': { path: '/z', service: 'zeta/api' } } },
        prod: { rules: { '/x': { priority: 1, service: 'prod/api' } }, released: {} },
      },
    };
    const expected = [
      '{',
      COMMENT,
      '  "version": 1,',
      '  "listeners": {',
      '    "prod": {',
      '      "rules": {',
      '        "/x": { "priority": 1, "service": "prod/api" }',
      '      },',
      '      "released": {}',
      '    },',
      '    "shared": {',
      '      "rules": {',
      '        "/a": { "priority": 12, "service": "dev/api" },',
      '        "/b": { "priority": 7, "service": "dev/web" },',
      '        "/c": { "priority": 3, "service": "dev/web" }',
      '      },',
      '      "released": {',
      '        "4": { "path": "/gone", "service": "dev/web" },',
      '        "30": { "path": "/old", "service": "dev/api" }',
      '      }',
      '    },',
      '    "zeta": {',
      '      "rules": {},',
      '      "released": {',
      '        "5": { "path": "/z", "service": "zeta/api" }',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(serializeRecord(record)).toBe(expected);
    expect(JSON.parse(serializeRecord(record)).listeners).toEqual(record.listeners);
    // Whatever order the rules come in (a hand-edited file), the text is the same.
    const rules = Object.entries(record.listeners.shared.rules);
    for (const order of [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]) {
      const shuffled = { ...record, listeners: { ...record.listeners, shared: { ...record.listeners.shared, rules: Object.fromEntries(order.map((i) => rules[i])) } } };
      expect([order, serializeRecord(shuffled)]).toEqual([order, expected]);
    }
  });
});

describe('describeChange', () => {
  const one = (rules: ListenerRecord['rules'], released: ListenerRecord['released'] = {}, name = 'shared') => rec({ [name]: { rules, released } });
  const a3 = { '/a': { priority: 3, service: 'dev/api' } };

  it('"format only" when no rule or released entry is new', () => {
    expect(describeChange(EMPTY_RECORD, EMPTY_RECORD)).toBe('format only');
    expect(describeChange(one(a3, releasedBy(5)), one(a3, releasedBy(5)))).toBe('format only');
  });

  it('counts new rules, and rules whose number or owner changed, as recorded', () => {
    expect(describeChange(EMPTY_RECORD, one({ ...a3, '/b': { priority: 4, service: 'dev/api' } }))).toBe('shared: 2 recorded');
    expect(describeChange(one(a3), one({ '/a': { priority: 4, service: 'dev/api' } }))).toBe('shared: 1 recorded');
    expect(describeChange(one(a3), one({ '/a': { priority: 3, service: 'dev/web' } }))).toBe('shared: 1 recorded');
  });

  it('counts newly released numbers as released, and both together', () => {
    expect(describeChange(one({ ...a3, '/b': { priority: 4, service: 'dev/api' } }), one({ '/b': { priority: 4, service: 'dev/api' } }, { '3': { path: '/a', service: 'dev/api' } }))).toBe('shared: 1 released');
    expect(describeChange(one(a3, releasedBy(9)), one({ '/a': { priority: 5, service: 'dev/web' } }, { '3': { path: '/a', service: 'dev/api' }, ...releasedBy(9) }))).toBe('shared: 1 recorded, 1 released');
  });

  it('says "listener dropped" for a listener that left, one phrase per listener in sorted order', () => {
    expect(describeChange(one(a3, {}, 'prod'), EMPTY_RECORD)).toBe('prod: listener dropped');
    const before = rec({ zeta: { rules: a3 }, mid: { rules: a3 } });
    const after = rec({ mid: { rules: a3 }, alpha: { rules: a3, released: releasedBy(1, 2) } });
    expect(describeChange(before, after)).toBe('alpha: 1 recorded, 2 released; zeta: listener dropped');
  });
});

describe('assignPriorities: properties over random claim sets (tiny max)', () => {
  const PATHS = ['/a', '/b', '/c', '/d', '/e', '/f'];
  const OWNERS = ['dev/api', 'dev/web', 'prod/api'];
  const routeSpec = fc.record({
    listener: fc.constantFrom('shared', 'prod'),
    path: fc.constantFrom(...PATHS),
    owner: fc.constantFrom(...OWNERS),
    explicit: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined, freq: 3 }),
    tested: fc.boolean(),
  });
  const claimSet = fc.uniqueArray(routeSpec, { selector: (r) => `${r.listener} ${r.path}`, maxLength: 9 }).map((specs) =>
    specs.flatMap((s) => [route(s.path, s.owner, s.explicit === undefined ? {} : { explicit: s.explicit }, s.listener), ...(s.tested ? [testRule(s.path, s.owner, s.listener)] : [])]),
  );
  const ownerOf = (c: RouteClaim) => `${c.env}/${c.service}`;
  /** Explicit priorities within 1..max, as config validation keeps them within the ALB's range. */
  const within = (claims: RouteClaim[], max: number) => claims.map((c) => (c.explicit === undefined ? c : { ...c, explicit: 1 + ((c.explicit - 1) % max) }));

  it('numbers are unique per listener, in 1..max, never a released one, never moved, never given to another route; test rules stay below', () => {
    fc.assert(
      fc.property(claimSet, claimSet, fc.integer({ min: 3, max: 12 }), fc.func(fc.integer({ min: 1, max: 12 })), (firstSet, secondSet, max, h) => {
        const hash = (k: string) => 1 + ((h(k) - 1) % max);
        const [first, second] = [within(firstSet, max), within(secondSet, max)];
        const before = assignPriorities(EMPTY_RECORD, first, hash, max).record;
        const out = assignPriorities(before, second, hash, max);
        const listeners = [...new Set(second.map((c) => c.listener))].sort();
        expect(Object.keys(out.record.listeners)).toEqual(listeners);

        for (const name of listeners) {
          const { rules, released } = out.record.listeners[name];
          const numbers = Object.values(rules).map((r) => r.priority);
          expect(new Set(numbers).size).toBe(numbers.length);
          for (const p of numbers) {
            expect(p >= 1 && p <= max).toBe(true);
            expect(String(p) in released).toBe(false);
          }
          // Every number of the earlier record is still there: held by the same route and owner, or released.
          const prior = before.listeners[name] ?? { rules: {}, released: {} };
          const held = [...Object.entries(prior.rules).map(([path, r]) => [String(r.priority), { path, service: r.service }] as const), ...Object.entries(prior.released)];
          for (const [p, r] of held) {
            const now = rules[r.path];
            const retaken = now !== undefined && now.priority === Number(p) && now.service === r.service;
            expect(retaken || (released[p] !== undefined && released[p].path === r.path && released[p].service === r.service)).toBe(true);
          }
        }

        for (const c of second) {
          const key = claimKey(c.listener, c.path);
          const got = out.priorities.get(key);
          const recorded = out.record.listeners[c.listener].rules[c.path];
          const problem = out.problems.filter((p) => p.claim === c);
          if (got !== undefined) {
            expect(recorded).toEqual({ priority: got, service: ownerOf(c) });
            expect(problem).toEqual([]);
            if (c.explicit !== undefined) expect(got).toBe(c.explicit);
            if (c.below !== undefined) {
              // Below its route; a recorded test rule keeps its number when its route is refused (and synth with it).
              const routeGot = out.priorities.get(claimKey(c.listener, c.below));
              if (routeGot !== undefined) expect(got).toBeLessThan(routeGot);
              else expect(out.problems.some((p) => p.claim.listener === c.listener && p.claim.path === c.below)).toBe(true);
            }
            // A recorded rule that may stay keeps its number.
            const was = before.listeners[c.listener]?.rules[c.path];
            const routeNow = c.below === undefined ? undefined : out.priorities.get(claimKey(c.listener, c.below));
            if (was && was.service === ownerOf(c) && (c.explicit ?? was.priority) === was.priority && (c.below === undefined || was.priority < routeNow!)) expect(got).toBe(was.priority);
          } else if (c.below === undefined) {
            expect(problem).toHaveLength(1);
            expect(recorded).toBeUndefined();
          } else {
            // A test rule gets no number only with a problem of its own, or when its route got none.
            const routeGot = out.priorities.has(claimKey(c.listener, c.below));
            expect(problem.length === 1 || !routeGot).toBe(true);
          }
          for (const p of problem) expect(p.rule).toContain(`on ${listenerName(c.listener)}`);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('assigning again from its own record changes nothing (the record is a fixed point)', () => {
    fc.assert(
      fc.property(claimSet, fc.integer({ min: 3, max: 12 }), fc.func(fc.integer({ min: 1, max: 12 })), (claimsGiven, max, h) => {
        const hash = (k: string) => 1 + ((h(k) - 1) % max);
        const claims = within(claimsGiven, max);
        const once = assignPriorities(EMPTY_RECORD, claims, hash, max);
        fc.pre(once.problems.length === 0);
        const twice = assignPriorities(once.record, claims, noHash, max);
        expect(twice.record).toEqual(once.record);
        expect(twice.priorities).toEqual(once.priorities);
        expect(describeChange(once.record, twice.record)).toBe('format only');
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
