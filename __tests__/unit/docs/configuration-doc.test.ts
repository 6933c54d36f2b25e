/**
 * docs/configuration.md documents the settings the schema has, and only those: each table
 * (shared, environment, service) names every key of its zod schema (a nested object either as
 * one row or as a row per key inside it), names no key the schema lacks, and states each
 * primitive default the schema applies.
 */
import * as fs from 'fs';
import * as path from 'path';
import { environmentSchema, serviceSchema, sharedSchema } from '../../../environments/schema';
import { ROOT } from '../../helpers/sources';

const DOC = fs.readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Def = { type: string; shape?: Record<string, any>; innerType?: any; defaultValue?: unknown; in?: any; out?: any; schema?: any };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const def = (s: any): Def => s._zod.def;

/** The schema with its wrappers (optional, default, pipe, ...) removed, and the default it applies on the way. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function unwrap(s: any): { core: any; defaultValue?: unknown } {
  let defaultValue: unknown;
  for (;;) {
    const d = def(s);
    if (d.type === 'default') {
      defaultValue ??= d.defaultValue;
      s = d.innerType;
    } else if (['optional', 'nullable', 'readonly', 'nonoptional', 'catch', 'prefault'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else return { core: s, defaultValue };
  }
}

/** Every key path of an object schema: `a`, and `a.b` for the keys of a nested object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function keys(schema: any, prefix = ''): Map<string, { nested: boolean; defaultValue?: unknown }> {
  const out = new Map<string, { nested: boolean; defaultValue?: unknown }>();
  const { core } = unwrap(schema);
  for (const [k, v] of Object.entries(def(core).shape ?? {})) {
    const { core: inner, defaultValue } = unwrap(v);
    const nested = def(inner).type === 'object';
    out.set(prefix + k, { nested, defaultValue });
    if (nested) for (const [kk, vv] of keys(inner, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** The rows of the table under a heading: first cell's keys → the default cell. */
function table(heading: string): Map<string, string> {
  const section = DOC.split(/\n(?=## )/).find((s) => s.startsWith(`## ${heading}`));
  if (!section) throw new Error(`docs/configuration.md has no section "${heading}"`);
  const rows = new Map<string, string>();
  for (const line of section.split('\n').filter((l) => /^\| `/.test(l))) {
    const [first, dflt] = line.split(' | ');
    for (const m of first.matchAll(/`([A-Za-z0-9.]+)`/g)) rows.set(m[1], dflt);
  }
  return rows;
}

const format = (v: unknown) => (typeof v === 'string' ? `\`"${v}"\`` : `\`${JSON.stringify(v)}\``);

describe.each([
  ['Shared settings', sharedSchema],
  ['Environment settings', environmentSchema],
  ['Service settings', serviceSchema],
])('docs/configuration.md, %s', (heading, schema) => {
  const schemaKeys = keys(schema);
  const documented = table(heading);

  it('documents every key of the schema, as one row or a row per key inside it', () => {
    const missing = [...schemaKeys.keys()].filter((k) => {
      if (documented.has(k)) return false;
      // A key inside a nested object is covered by its parent's row; a parent by rows for its keys.
      const parents = k.split('.').map((_, i, a) => a.slice(0, i).join('.')).filter(Boolean);
      if (parents.some((p) => documented.has(p))) return false;
      return !(schemaKeys.get(k)!.nested && [...documented.keys()].some((d) => d.startsWith(`${k}.`)));
    });
    expect(missing).toEqual([]);
  });

  it('documents no key the schema lacks', () => {
    expect([...documented.keys()].filter((k) => !schemaKeys.has(k))).toEqual([]);
  });

  it('states every primitive default the schema applies', () => {
    const wrong = [...schemaKeys]
      .filter(([k, v]) => documented.has(k) && ['string', 'number', 'boolean'].includes(typeof v.defaultValue))
      .filter(([k, v]) => !documented.get(k)!.includes(format(v.defaultValue)))
      .map(([k, v]) => `${k}: schema ${format(v.defaultValue)}, doc "${documented.get(k)}"`);
    expect(wrong).toEqual([]);
  });
});
