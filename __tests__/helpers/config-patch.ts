/**
 * A configuration stored as a JSON Merge Patch (RFC 7396, which replaced RFC 7386; the
 * json-merge-patch package) on a base configuration, so a file shows only what it changes.
 * A merge patch replaces arrays whole, so patches address environments and services by name:
 * they apply to a view of the base where `environments` and each `services` list are objects
 * keyed by the base's names, e.g. `{ "environments": { "prod": { "services": { "auth": { "port": 22 } } } } }`.
 * A key that is not a base name adds an entry (at the end); `null` removes one; a `name` inside
 * an entry renames it. Everything else (routes, secrets, ...) is plain RFC 7396.
 */
import { apply, generate } from 'json-merge-patch';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface PlainConfig {
  shared: unknown;
  environments: unknown[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The key of entry `i`: the base's name at that position, else the entry's own name, else its position. */
const keyOf = (entry: unknown, i: number, baseNames: readonly string[]) => baseNames[i] ?? (isObject(entry) && typeof entry.name === 'string' ? entry.name : `#${i}`);
const names = (list: unknown): string[] => (Array.isArray(list) ? list.map((e, i) => (isObject(e) && typeof e.name === 'string' ? e.name : `#${i}`)) : []);

function keyList(list: unknown, baseNames: readonly string[], inner?: (entry: Json, i: number) => Json): unknown {
  if (!Array.isArray(list)) return list;
  return Object.fromEntries(list.map((e, i) => [keyOf(e, i, baseNames), isObject(e) && inner ? inner(e, i) : e]));
}

/** The keyed view of `config`, keyed by `base`'s names position by position (by its own names without a base). */
export function keyed(config: PlainConfig, base: PlainConfig = config): Json {
  const baseEnvs = Array.isArray(base.environments) ? base.environments : [];
  return {
    shared: config.shared,
    environments: keyList(config.environments, names(baseEnvs), (env, i) => ({ ...env, services: keyList(env.services, names(isObject(baseEnvs[i]) ? baseEnvs[i].services : [])) })),
  };
}

/** Back from the keyed view: objects become lists again, in key order. */
export function unkeyed(view: Json): PlainConfig {
  const list = (v: unknown) => (isObject(v) ? Object.values(v) : v === undefined ? [] : v);
  const environments = list(view.environments) as unknown[];
  return { shared: view.shared, environments: environments.map((e) => (isObject(e) && e.services !== undefined ? { ...e, services: list(e.services) } : e)) };
}

/** `base` with `patch` applied (the base is not changed). */
export function applyConfigPatch(base: PlainConfig, patch: Json): PlainConfig {
  return unkeyed(apply(structuredClone(keyed(base)), patch));
}

/** The patch that turns `base` into `config` (for writing patches; `applyConfigPatch` undoes it). */
export function configPatch(base: PlainConfig, config: PlainConfig): Json {
  return generate(keyed(base), keyed(config, base)) ?? {};
}
