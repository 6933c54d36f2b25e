/**
 * Listener-rule priorities from the priority record (model/priority-record.ts): the record
 * read in (its shape checked, every problem reported), each route given its number, and
 * the updated record handed back for main.ts to write or compare.
 */
import { EnvironmentConfig } from '../config';
import { ConfigIssue, envScope } from '../errors';
import { ALB_LIMITS } from '../../model/aws-limits';
import { EMPTY_RECORD, ListenerRecord, PriorityRecord, RECORD_KEY, RECORD_VERSION, RouteClaim, SHARED_LISTENER, assignPriorities, claimKey, testRuleKey } from '../../model/priority-record';
import { isRecord } from './util';

/** Scope of record problems; main.ts names the file. */
export const RECORD_SCOPE = 'listener priority record';

const isPriority = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= ALB_LIMITS.maxPriority;
const isOwner = (v: unknown): v is string => typeof v === 'string' && /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/.test(v);
const isPath = (v: string) => RECORD_KEY.test(v);

/** The record as read from its file (parsed JSON, or undefined when there is none), checked entry by entry. */
export function readRecord(raw: unknown, issues: ConfigIssue[]): PriorityRecord {
  if (raw === undefined) return EMPTY_RECORD;
  const bad = (field: string, rule: string) => issues.push({ scope: RECORD_SCOPE, field, rule });
  if (!isRecord(raw) || raw.version !== RECORD_VERSION || !isRecord(raw.listeners)) {
    bad('(root)', `must be { "version": ${RECORD_VERSION}, "listeners": { ... } } as npm run synth writes it`);
    return EMPTY_RECORD;
  }
  const listeners: Record<string, ListenerRecord> = {};
  for (const [name, value] of Object.entries(raw.listeners)) {
    const at = `listeners.${name}`;
    if (!isRecord(value) || !isRecord(value.rules) || !isRecord(value.released)) {
      bad(at, 'must be { "rules": { ... }, "released": { ... } }');
      continue;
    }
    const seen = new Map<number, string>();
    const once = (p: number, where: string) => {
      const first = seen.get(p);
      if (first) bad(where, `priority ${p} is also given to ${first}: a number belongs to one route of a listener`);
      else seen.set(p, where);
    };
    const rules: ListenerRecord['rules'] = {};
    for (const [path, r] of Object.entries(value.rules)) {
      const where = `${at}.rules["${path}"]`;
      if (!isPath(path) || !isRecord(r) || !isPriority(r.priority) || !isOwner(r.service)) bad(where, `must be "<path>": { "priority": 1–${ALB_LIMITS.maxPriority}, "service": "<environment>/<service>" }`);
      else {
        once(r.priority, where);
        (rules as Record<string, unknown>)[path] = { priority: r.priority, service: r.service };
      }
    }
    const released: ListenerRecord['released'] = {};
    for (const [key, r] of Object.entries(value.released)) {
      const where = `${at}.released["${key}"]`;
      if (!isPriority(Number(key)) || String(Number(key)) !== key || !isRecord(r) || typeof r.path !== 'string' || !isPath(r.path) || !isOwner(r.service)) bad(where, `must be "<priority>": { "path": "<path>", "service": "<environment>/<service>" }`);
      else {
        once(Number(key), where);
        (released as Record<string, unknown>)[key] = { path: r.path, service: r.service };
      }
    }
    listeners[name] = { rules, released };
  }
  return { version: RECORD_VERSION, listeners };
}

/** Every route's final priority, and the record carried over to this configuration. */
export function assignRoutePriorities(envs: readonly EnvironmentConfig[], record: PriorityRecord, issues: ConfigIssue[]): { environments: EnvironmentConfig[]; record: PriorityRecord } {
  const listenerOf = (env: EnvironmentConfig) => (env.dedicatedAlb ? env.name : SHARED_LISTENER);
  // A blue/green environment with a test header gets a test rule per route, numbered below the route's own.
  const tested = (env: EnvironmentConfig) => env.blueGreen?.testHeader !== undefined;
  const claims = envs.flatMap((env) =>
    env.services.flatMap((svc) =>
      svc.routes.flatMap((r): RouteClaim[] => {
        const route = { listener: listenerOf(env), env: env.name, service: svc.name, path: r.path, explicit: r.explicitPriority ? r.priority : undefined };
        return tested(env) ? [route, { listener: route.listener, env: env.name, service: svc.name, path: testRuleKey(r.path), below: r.path }] : [route];
      }),
    ),
  );
  const result = assignPriorities(record, claims);
  for (const p of result.problems) issues.push({ scope: envScope(p.claim.env), field: `services[${p.claim.service}].routes`, rule: p.rule });
  const environments = envs.map((env) => ({
    ...env,
    services: env.services.map((svc) => ({
      ...svc,
      routes: svc.routes.map((r) => ({
        ...r,
        priority: result.priorities.get(claimKey(listenerOf(env), r.path)) ?? r.priority,
        ...(tested(env) ? { testPriority: result.priorities.get(claimKey(listenerOf(env), testRuleKey(r.path))) } : {}),
      })),
    })),
  }));
  return { environments, record: result.record };
}
