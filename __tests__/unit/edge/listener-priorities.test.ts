/**
 * Listener-rule priorities never move: the priority record (model/priority-record.ts)
 * keeps every deployed rule's number across environments sharing a listener, never hands
 * a released number to another route, and synth keeps the committed file current (and
 * refuses a stale one in CI).
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppConfig, ConfigError, loadConfig } from '../../../environments';
import { ALB_LIMITS } from '../../../model/aws-limits';
import { derivedPriority } from '../../../model/listener';
import { DEFAULT_RECORD_FILE, EMPTY_RECORD, PriorityRecord, RouteClaim, assignPriorities, claimKey, serializeRecord } from '../../../model/priority-record';
import { Json, Synthesized } from '../../../verify/tfjson';
import { checkPriorities } from '../../../verify/routes';
import { runMain } from '../../helpers/run-main';
import { SYNTH_REPORT } from '../../helpers/run-cli';
import { synth } from '../../helpers/synth';

const ROOT = path.resolve(__dirname, '../../..');
const BEFORE = path.join(__dirname, '../../../../shared/cases/deploy/priority-before.json');
const AFTER = path.join(__dirname, '../../../../shared/cases/deploy/priority-after.json');
const FIXTURE = path.join(__dirname, '../../fixtures/listener-priorities/three-envs.json');
type Raw = { shared: Json; environments: Json[] };
const read = (file: string): Raw => JSON.parse(fs.readFileSync(file, 'utf8'));
const load = (raw: Raw, record?: unknown): AppConfig => loadConfig(raw.shared, raw.environments, {}, record);
/** "<env> <path>" → priority. */
const priorities = (config: AppConfig) => new Map(config.environments.flatMap((e) => e.services.flatMap((s) => s.routes.map((r) => [`${e.name} ${r.path}`, r.priority] as const))));
function refusal(raw: Raw, record?: unknown): string {
  try {
    load(raw, record);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('configuration unexpectedly validated');
}

describe('handed case deploy/priority-before.json → priority-after.json', () => {
  const before = load(read(BEFORE));

  it('keeps prod\'s /tasks at its number when stage adds a route with the same hash, and numbers the new route apart', () => {
    expect(derivedPriority('/stage/abilities')).toBe(derivedPriority('/tasks')); // what the case is about
    const after = priorities(load(read(AFTER), before.listenerPriorities));
    expect(after.get('prod /tasks')).toBe(priorities(before).get('prod /tasks'));
    expect(after.get('stage /stage/auth')).toBe(priorities(before).get('stage /stage/auth'));
    expect(new Set(after.values()).size).toBe(after.size);
  });

  it('without the record (a fresh numbering) /tasks would move: the record is what keeps it', () => {
    expect(priorities(load(read(AFTER))).get('prod /tasks')).not.toBe(priorities(before).get('prod /tasks'));
  });

  it('through npm run synth: the record is written with one line, carried to the next run, and a stale one is refused in CI and with --frozen', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-prio-'));
    const record = path.join(dir, 'priorities.json');
    const shipped = fs.readFileSync(path.join(ROOT, DEFAULT_RECORD_FILE), 'utf8');
    try {
      const first = runMain({ CI: '', SF_CONFIG: BEFORE, SF_PRIORITY_RECORD: record, CDKTF_OUTDIR: path.join(dir, 'before.out') });
      // Warnings (e.g. keys administered by the account) may appear; nothing else may.
      expect(first.stderr.split('\n').filter((l) => l && !l.startsWith('warning: '))).toEqual([]);
      expect(first.stdout.trim().split('\n').filter((l) => !SYNTH_REPORT.test(l))).toEqual([`listener priorities: updated ${record} (shared: 2 recorded); commit it with this change`]);
      const tasksRule = (outdir: string) => Synthesized.fromDir(outdir).resources('aws_lb_listener_rule', 'prod')[0].body.priority;
      const tasksBefore = tasksRule(path.join(dir, 'before.out'));

      const stale = runMain({ SF_CONFIG: AFTER, SF_PRIORITY_RECORD: record, CDKTF_OUTDIR: path.join(dir, 'ci.out') });
      expect(stale.status).toBe(1);
      expect(stale.stderr).toContain(`${record}: listener priority record, field (file): is out of date (shared: 1 recorded): run \`npm run synth\` and commit ${record}`);
      expect(fs.existsSync(path.join(dir, 'ci.out'))).toBe(false);
      const flag = runMain({ CI: '', SF_CONFIG: AFTER, SF_PRIORITY_RECORD: record, CDKTF_OUTDIR: path.join(dir, 'flag.out') }, ['--frozen']);
      expect(flag.status).toBe(1);
      expect(flag.stderr).toContain('is out of date');

      const second = runMain({ CI: '', SF_CONFIG: AFTER, SF_PRIORITY_RECORD: record, CDKTF_OUTDIR: path.join(dir, 'after.out') });
      expect(second.status).toBe(0);
      expect(tasksRule(path.join(dir, 'after.out'))).toBe(tasksBefore);
      const current = runMain({ SF_CONFIG: AFTER, SF_PRIORITY_RECORD: record, CDKTF_OUTDIR: path.join(dir, 'ci2.out') });
      expect([current.status, current.stdout.split('\n').filter((l) => l && !SYNTH_REPORT.test(l))]).toEqual([0, []]);

      // Trying a configuration (SF_CONFIG without SF_PRIORITY_RECORD) keeps no record and writes none.
      const trial = runMain({ CI: '', SF_CONFIG: AFTER, CDKTF_OUTDIR: path.join(dir, 'trial.out') });
      expect([trial.status, trial.stdout.split('\n').filter((l) => l && !SYNTH_REPORT.test(l))]).toEqual([0, []]);
      expect(fs.readFileSync(path.join(ROOT, DEFAULT_RECORD_FILE), 'utf8')).toBe(shipped);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('released numbers and explicit priorities', () => {
  const base = load(read(FIXTURE));
  const prodX = priorities(base).get('prod /x')!;

  it('never gives a number prod released to a stage route that hashes to it (stage may deploy before prod removes its rule)', () => {
    let n = 0;
    while (derivedPriority(`/stage/p${n}`) !== prodX) n++;
    const raw = read(FIXTURE);
    raw.environments[1].services[0].routes = ['/orders'];
    raw.environments[0].services[0].routes.push(`/p${n}`);
    const next = load(raw, base.listenerPriorities);
    expect(priorities(next).get(`stage /stage/p${n}`)).not.toBe(prodX);
    expect(next.listenerPriorities.listeners.shared.released[String(prodX)]).toEqual({ path: '/x', service: 'prod/api' });
    // The same route coming back takes its number again.
    expect(priorities(load(read(FIXTURE), next.listenerPriorities)).get('prod /x')).toBe(prodX);
  });

  it('refuses an explicit priority held by a recorded route, or released by one', () => {
    const held = read(FIXTURE);
    held.environments[0].services[0].routes = [{ path: '/orders', priority: prodX }, '/x'];
    expect(refusal(held, base.listenerPriorities)).toContain(`environment "stage", field services[api].routes: listener rule priority ${prodX} of "/stage/orders" collides with "/x" of service "api" in environment "prod" (its number is recorded, and a recorded rule never moves) on the shared ALB: choose another priority`);

    const gone = read(FIXTURE);
    gone.environments[1].services[0].routes = ['/orders'];
    const released = load(gone, base.listenerPriorities).listenerPriorities;
    gone.environments[0].services[0].routes = [{ path: '/orders', priority: prodX }, '/x'];
    expect(refusal(gone, released)).toContain(`listener rule priority ${prodX} of "/stage/orders" was released by "/x" of service "api" in environment "prod" on the shared ALB, which may still be deployed`);
  });

  it('lets an explicit priority replace a route\'s own recorded number, releasing the old one', () => {
    const raw = read(FIXTURE);
    raw.environments[1].services[0].routes = ['/orders', { path: '/x', priority: 7 }];
    const next = load(raw, base.listenerPriorities);
    expect(priorities(next).get('prod /x')).toBe(7);
    expect(next.listenerPriorities.listeners.shared.released[String(prodX)]).toEqual({ path: '/x', service: 'prod/api' });
  });

  it('refuses a malformed record, naming the entry', () => {
    const record = JSON.parse(JSON.stringify(base.listenerPriorities));
    record.listeners.shared.rules['/x'].priority = 50001;
    record.listeners.shared.released['12'] = { path: '/y', service: 'prod/api' };
    record.listeners.shared.released['13'] = { path: '/z', service: 'prod/api' };
    record.listeners.shared.rules['/orders'] = { priority: 13, service: 'prod/api' };
    const msg = refusal(read(FIXTURE), record);
    expect(msg).toContain('listener priority record, field listeners.shared.rules["/x"]: must be "<path>": { "priority": 1–50000');
    expect(msg).toContain('field listeners.shared.released["13"]: priority 13 is also given to listeners.shared.rules["/orders"]');
    expect(refusal(read(FIXTURE), { listeners: {} })).toContain('listener priority record, field (root): must be { "version": 1, "listeners": { ... } }');
  });
});

// ---- property: adding and removing routes in one environment never moves another route ----

const ENVS = [
  { name: 'alpha', listener: 'shared', prefix: '/alpha' },
  { name: 'beta', listener: 'shared', prefix: '/beta' },
  { name: 'prod', listener: 'shared', prefix: '' },
  { name: 'gamma', listener: 'gamma', prefix: '' },
  { name: 'delta', listener: 'delta', prefix: '/d' },
] as const;
const SEGMENTS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
/** Per environment: relative path → service; the set a configuration has. */
type State = Record<string, Record<string, string>>;
const routesOf = fc.dictionary(fc.constantFrom(...SEGMENTS).map((s) => `/${s}`), fc.constantFrom('api', 'web'), { maxKeys: 6 });
const stateArb = fc.record(Object.fromEntries(ENVS.map((e) => [e.name, routesOf]))) as fc.Arbitrary<State>;
/** One change to one environment: routes added (or moved to another service) and removed. */
const stepArb = fc.record({ env: fc.constantFrom(...ENVS.map((e) => e.name)), set: routesOf, remove: fc.uniqueArray(fc.constantFrom(...SEGMENTS).map((s) => `/${s}`), { maxLength: 3 }) });

const claimsOf = (state: State): RouteClaim[] =>
  ENVS.flatMap((e) => Object.entries(state[e.name] ?? {}).map(([p, service]) => ({ listener: e.listener, env: e.name, service, path: `${e.prefix}${p}` })));
const ownerKey = (c: RouteClaim) => `${claimKey(c.listener, c.path)} ${c.env}/${c.service}`;
/** FNV into five numbers: every route clashes, so probing and the free-number search are exercised. */
const crowded = (key: string) => 1 + (derivedPriority(key) % 5);

function checkSequence(initial: State, steps: Array<{ env: string; set: Record<string, string>; remove: string[] }>, hash?: (k: string) => number): void {
  let record: PriorityRecord = EMPTY_RECORD;
  let state = initial;
  let prev = new Map<string, number>();
  const everHeld = new Map<string, string>(); // "<listener> <priority>" → owner key that held it
  for (const step of [null, ...steps]) {
    if (step) {
      const routes = { ...state[step.env], ...step.set };
      for (const p of step.remove) delete routes[p];
      state = { ...state, [step.env]: routes };
    }
    const claims = claimsOf(state);
    const result = assignPriorities(record, claims, hash);
    expect(result.problems).toEqual([]);
    const now = new Map(claims.map((c) => [ownerKey(c), result.priorities.get(claimKey(c.listener, c.path))!]));
    // Every route that existed before and still exists, with the same owner, kept its number.
    for (const [key, p] of prev) if (now.has(key)) expect(now.get(key)).toBe(p);
    for (const listener of new Set(claims.map((c) => c.listener))) {
      const live = claims.filter((c) => c.listener === listener).map((c) => now.get(ownerKey(c))!);
      expect(new Set(live).size).toBe(live.length);
      for (const p of live) {
        expect(p).toBeGreaterThanOrEqual(1);
        expect(p).toBeLessThanOrEqual(ALB_LIMITS.maxPriority);
        expect(String(p) in result.record.listeners[listener].released).toBe(false);
      }
    }
    // A number is only ever held by one route of a listener while that listener exists.
    for (const key of [...everHeld.keys()]) if (!(key.split(' ')[0] in result.record.listeners)) everHeld.delete(key);
    for (const c of claims) {
      const slot = `${c.listener} ${now.get(ownerKey(c))}`;
      expect(everHeld.get(slot) ?? ownerKey(c)).toBe(ownerKey(c));
      everHeld.set(slot, ownerKey(c));
    }
    // The record round-trips through its file format.
    const { '//': note, ...parsed } = JSON.parse(serializeRecord(result.record));
    expect(note).toMatch(/commit this file/);
    expect(parsed).toEqual(result.record);
    record = result.record;
    prev = now;
  }
}

describe('priority record (property)', () => {
  it('with real hashes: changes in one environment never move another route; numbers stay unique, in range and unreused', () => {
    fc.assert(fc.property(stateArb, fc.array(stepArb, { minLength: 1, maxLength: 6 }), (s, steps) => checkSequence(s, steps)), { seed: 1002, numRuns: 100 });
  });

  it('with every route clashing: the same holds while probing and searching for free numbers', () => {
    fc.assert(fc.property(stateArb, fc.array(stepArb, { minLength: 1, maxLength: 6 }), (s, steps) => checkSequence(s, steps, crowded)), { seed: 1002, numRuns: 100 });
  });

  it('through loadConfig, over shared and dedicated ALBs: the configured priorities are the record\'s, and other environments keep theirs', () => {
    const toRaw = (state: State): Raw => ({
      shared: read(FIXTURE).shared,
      environments: ENVS.filter((e) => Object.keys(state[e.name]).length > 0).map((e) => {
        const services = [...new Set(Object.values(state[e.name]))].map((svc, i) => ({ name: svc, port: 3000 + i, routes: Object.keys(state[e.name]).filter((p) => state[e.name][p] === svc) }));
        return { name: e.name, routePrefix: e.prefix, dedicatedAlb: e.listener !== 'shared', services };
      }),
    });
    // prod's routes ("" prefix) must not overlap alpha's and beta's prefixes on the shared listener.
    const ok = (state: State) => !Object.keys(state.prod).some((p) => p === '/alpha' || p === '/beta') && ENVS.some((e) => Object.keys(state[e.name]).length > 0);
    fc.assert(
      fc.property(stateArb.filter(ok), stepArb, (state, step) => {
        const first = load(toRaw(state));
        const routes = { ...state[step.env], ...step.set };
        for (const p of step.remove) delete routes[p];
        const next = { ...state, [step.env]: routes };
        fc.pre(ok(next));
        const second = load(toRaw(next), first.listenerPriorities);
        const a = priorities(first);
        for (const [key, p] of priorities(second)) {
          const [env, full] = key.split(' ');
          const listener = ENVS.find((e) => e.name === env)!.listener;
          expect(second.listenerPriorities.listeners[listener].rules[full].priority).toBe(p);
          if (env !== step.env && a.has(key)) expect(p).toBe(a.get(key));
        }
      }),
      { seed: 1002, numRuns: 60 },
    );
  });
});

describe('npm run verify', () => {
  it('catches a rule whose priority is not the recorded one, or is used twice on a listener', () => {
    const config = load(read(FIXTURE));
    const good = synth(config);
    expect(checkPriorities(good, config)).toEqual([]);
    const stacks = structuredClone(good.stacks) as Record<string, Json>;
    const [stageRule, other] = Object.values<Json>(stacks.stage.resource.aws_lb_listener_rule);
    stageRule.priority = other.priority;
    const text = checkPriorities(new Synthesized(stacks), config).map((p) => `${p.where}: ${p.rule}`).join('\n');
    expect(text).toMatch(new RegExp(`priority ${other.priority} is also used by stage:aws_lb_listener_rule\\.\\S+ on the same listener`));
    expect(text).toMatch(/priority \d+ for "\/stage\/\w+"; the configuration and its priority record give \d+/);
  });
});
