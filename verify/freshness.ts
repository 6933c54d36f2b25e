/**
 * Whether cdktf.out still matches the configuration and code it was synthesized from. Synth
 * (main.ts) writes a fingerprint of its inputs next to the stacks; `npm run verify` and
 * `npm run checkov` recompute it and refuse to judge output that is older than what it claims
 * to be, naming what changed. Content hashes, not modification times: a checkout that touches
 * every file but changes none is still fresh.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The fingerprint's file, inside the output folder. */
export const INPUTS_FILE = 'synth-inputs.json';

/**
 * Folders and files (relative to the repository root) whose content decides what synth writes;
 * the installed tree (node_modules/.package-lock.json) says which framework wrote it (cdktf or
 * CDK Terrain, `npm run framework`).
 */
export const INPUT_PATHS = ['main.ts', 'environments', 'constructs', 'model', 'package-lock.json', 'node_modules/.package-lock.json'];
/** Environment variables main.ts reads that change the output (SYNTH_HCL_OUTPUT: cdk.tf instead of the cdk.tf.json verify and checkov read). */
export const INPUT_VARIABLES = ['SF_CONFIG', 'SF_PRIORITY_RECORD', 'SF_STATE_BUCKET', 'SF_STATE_TABLE', 'SF_STATE_REGION', 'SYNTH_HCL_OUTPUT'];
/** A variable's value as it decides the output: SYNTH_HCL_OUTPUT is on for "true" or "1" (main.ts), off otherwise. */
const effective = (name: string, value: string | undefined): string => (name === 'SYNTH_HCL_OUTPUT' ? (['true', '1'].includes(value ?? '') ? 'true' : '') : (value ?? ''));

export interface Inputs {
  /** Repository-relative file → sha256 of its content. */
  readonly files: Readonly<Record<string, string>>;
  /** Variable → value ("" when unset). */
  readonly variables: Readonly<Record<string, string>>;
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function walk(root: string, rel: string, out: string[]): void {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isDirectory()) for (const e of fs.readdirSync(full).sort()) walk(root, path.join(rel, e), out);
  else if (/\.(ts|json)$/.test(rel)) out.push(rel.split(path.sep).join('/'));
}

/** The inputs of a synth run from `root` with these variables (an SF_CONFIG file outside the tree counts too). */
export function currentInputs(root: string, env: Readonly<Record<string, string | undefined>>): Inputs {
  const rels: string[] = [];
  for (const p of INPUT_PATHS) walk(root, p, rels);
  const files: Record<string, string> = {};
  for (const rel of rels) files[rel] = sha(path.join(root, rel));
  for (const v of ['SF_CONFIG', 'SF_PRIORITY_RECORD']) {
    const file = env[v];
    if (file && fs.existsSync(path.resolve(root, file))) files[`$${v} ${file}`] = sha(path.resolve(root, file));
  }
  const variables = Object.fromEntries(INPUT_VARIABLES.map((v) => [v, effective(v, env[v])]));
  return { files, variables };
}

/** Writes the fingerprint into `outdir` (after a successful synth). */
export function writeInputs(outdir: string, inputs: Inputs): void {
  fs.writeFileSync(path.join(outdir, INPUTS_FILE), `${JSON.stringify(inputs, null, 1)}\n`);
}

/**
 * Why `outdir` is not the output of the current inputs: "no output" when there is none to
 * judge, otherwise what differs (at most a few names); [] when it is current.
 */
export function staleness(outdir: string, current: Inputs): string[] {
  if (!fs.existsSync(path.join(outdir, 'stacks'))) return [`there is no ${outdir}/stacks`];
  const file = path.join(outdir, INPUTS_FILE);
  if (!fs.existsSync(file)) return [`${outdir} has no ${INPUTS_FILE} (written by an older synth)`];
  const before = JSON.parse(fs.readFileSync(file, 'utf8')) as Inputs;
  const changed = [...new Set([...Object.keys(before.files), ...Object.keys(current.files)])].filter((f) => before.files[f] !== current.files[f]).sort();
  const vars = INPUT_VARIABLES.filter((v) => (before.variables?.[v] ?? '') !== (current.variables[v] ?? ''));
  const shown = changed.slice(0, 5).map((f) => f.replace(/^\$\w+ /, '')).join(', ') + (changed.length > 5 ? `, and ${changed.length - 5} more` : '');
  return [...(changed.length ? [`changed since synth: ${shown}`] : []), ...vars.map((v) => `${v} was "${before.variables?.[v] ?? ''}" at synth, is "${current.variables[v]}" now`)];
}

/** The one line `npm run verify` and `npm run checkov` print instead of judging stale or missing output. */
export function staleHint(tool: string, outdir: string, reasons: readonly string[]): string {
  if (reasons[0] === `there is no ${outdir}/stacks`) return `${tool}: nothing to check in ${outdir} (no stacks): run \`npm run synth\` first`;
  return `${tool}: ${outdir} is not the output of the current configuration and code (${reasons.join('; ')}): run \`npm run synth\` first`;
}
