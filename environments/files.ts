/**
 * The environment files in environments/: which file exports which environment, and which
 * export one that environments/index.ts does not list (it would silently never be deployed).
 * A file is an environment file when it exports an object with a `name` and `services`, the
 * shape of `EnvironmentInput`; helper files that export anything else are left alone.
 */
import * as fs from 'fs';
import { EnvironmentInput } from './schema';

export interface EnvironmentFiles {
  /** The file (`environments/<file>.ts`) that exports each listed environment, by position. */
  readonly listed: readonly (string | undefined)[];
  /** Environment files the list does not name. */
  readonly unregistered: ReadonlyArray<{ readonly file: string; readonly name?: string }>;
}

const looksLikeEnvironment = (v: unknown): v is EnvironmentInput =>
  typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && Array.isArray((v as { services?: unknown }).services);

/** Reads environments/ (this folder, or dist/environments when compiled) for environment files. */
export function environmentFiles(listed: readonly EnvironmentInput[], dir: string = __dirname): EnvironmentFiles {
  const files = new Array<string | undefined>(listed.length);
  const unregistered: Array<{ file: string; name?: string }> = [];
  for (const entry of fs.readdirSync(dir).sort()) {
    const m = /^([^.]+)\.(ts|js)$/.exec(entry);
    if (!m || m[1] === 'index') continue;
    const label = `environments/${m[1]}.ts`;
    const exported = Object.values(load(dir, m[1], m[2] as 'ts' | 'js')).filter(looksLikeEnvironment);
    for (const env of exported) {
      const at = listed.indexOf(env);
      if (at >= 0) files[at] = label;
      else unregistered.push({ file: label, name: env.name });
    }
  }
  return { listed: files, unregistered };
}

/**
 * The module of one file of environments/. The synth runs as one esbuild bundle (tools/run.js),
 * which has no TypeScript loader at run time: a require with a literal folder and extension
 * makes esbuild bundle every `.ts` file below it and look the name up in the bundle, so a listed
 * file is the very module environments/index.ts imported (same objects). Outside a bundle (Jest,
 * the compiled dist/) it is a plain relative require. `dir` is this file's folder.
 */
function load(dir: string, name: string, ext: 'ts' | 'js'): Record<string, unknown> {
  if (dir !== __dirname) return require(`${dir}/${name}.${ext}`) as Record<string, unknown>;
  return (ext === 'ts' ? require(`./${name}.ts`) : require(`./${name}.js`)) as Record<string, unknown>;
}
