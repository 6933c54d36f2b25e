/**
 * What the GitHub workflows plan and deploy, read from the synthesized app instead of being
 * listed by hand: the stacks (cdktf.out/manifest.json, in dependency order) and the variables
 * each stack declares (its `variable` block), mapped to GitHub variables and secrets.
 *
 *   node tools/run.js tools/ci-stacks.ts stacks [outdir]
 *     prints {"stacks": [...], "environments": [...]} and, under GitHub Actions, writes
 *     `stacks=` and `environments=` to $GITHUB_OUTPUT for a job matrix.
 *   node tools/run.js tools/ci-stacks.ts tfvars <stack> [outdir]
 *     reads the `vars` and `secrets` contexts from $VARS_JSON and $SECRETS_JSON and writes
 *     TF_VAR_<name> for every variable the stack declares to $GITHUB_ENV; fails naming the
 *     stack, the variable and the GitHub variable or secret to set when one is missing.
 *
 * Naming: variable `x` of stack `s` comes from the GitHub variable `S_X`, else `X` (one value
 * for every stack); a sensitive variable comes from the secret of that name instead. Hyphens
 * become underscores. The GitHub environment's values override the repository's.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Stacks CI never touches: bootstrap holds the state bucket itself and is deployed by hand. */
export const MANUAL_STACKS: readonly string[] = ['bootstrap'];

export interface DeclaredVariable {
  readonly name: string;
  readonly sensitive: boolean;
  /** No default: Terraform stops with "No value for required variable" without one. */
  readonly required: boolean;
}

/** Stacks of the manifest in an order where every stack follows its dependencies (ties by name). */
export function stackOrder(manifest: { stacks: Record<string, { dependencies?: string[] }> }): string[] {
  const pending = new Map(Object.entries(manifest.stacks).map(([name, s]) => [name, new Set(s.dependencies ?? [])]));
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter(([, deps]) => [...deps].every((d) => order.includes(d))).map(([n]) => n).sort();
    if (ready.length === 0) throw new Error(`stack dependencies form a cycle among ${[...pending.keys()].join(', ')}`);
    order.push(ready[0]);
    pending.delete(ready[0]);
  }
  return order;
}

/** The stacks CI plans and deploys: all but the manual ones, in dependency order; environments are those after shared. */
export function ciStacks(outdir: string): { stacks: string[]; environments: string[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = stackOrder(manifest).filter((s) => !MANUAL_STACKS.includes(s));
  return { stacks, environments: stacks.filter((s) => s !== 'shared') };
}

/** The variables a synthesized stack declares. */
export function declaredVariables(outdir: string, stack: string): DeclaredVariable[] {
  const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  return Object.entries<Record<string, unknown>>(json.variable ?? {}).map(([name, v]) => ({ name, sensitive: v.sensitive === true, required: !('default' in v) }));
}

/** GitHub names to look up, in order: stack-specific, then shared by every stack. */
export function githubNames(stack: string, variable: string): [string, string] {
  const up = (s: string) => s.toUpperCase().replace(/-/g, '_');
  return [`${up(stack)}_${up(variable)}`, up(variable)];
}

export interface Resolution {
  /** TF_VAR_<name> → value. */
  readonly env: Record<string, string>;
  /** One message per required variable without a value. */
  readonly missing: string[];
}

/** Values of a stack's declared variables from the GitHub `vars` and `secrets` contexts. */
export function resolveVariables(stack: string, declared: readonly DeclaredVariable[], vars: Record<string, string>, secrets: Record<string, string>): Resolution {
  const env: Record<string, string> = {};
  const missing: string[] = [];
  for (const v of declared) {
    const names = githubNames(stack, v.name);
    const source = v.sensitive ? secrets : vars;
    const found = names.find((n) => typeof source[n] === 'string' && source[n] !== '');
    if (found) env[`TF_VAR_${v.name}`] = source[found];
    else if (v.required) {
      missing.push(`stack "${stack}" declares ${v.sensitive ? 'the sensitive variable' : 'variable'} "${v.name}": set the GitHub ${v.sensitive ? 'secret' : 'variable'} ${names[0]} (or ${names[1]} for every stack), at repository level or in the "${stack}" environment`);
    }
  }
  return { env, missing };
}

/** $GITHUB_ENV lines, multi-line safe ("NAME<<delimiter"). */
export function githubEnvLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => {
      let delimiter = 'SF_EOF';
      while (v.includes(delimiter)) delimiter += '_';
      return `${k}<<${delimiter}\n${v}\n${delimiter}\n`;
    })
    .join('');
}

function main(argv: string[]): number {
  const [command, arg, outdirArg] = argv;
  const outdir = (command === 'stacks' ? arg : outdirArg) ?? 'cdktf.out';
  if (command === 'stacks') {
    const result = ciStacks(outdir);
    console.log(JSON.stringify(result));
    if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `stacks=${JSON.stringify(result.stacks)}\nenvironments=${JSON.stringify(result.environments)}\n`);
    return 0;
  }
  if (command === 'tfvars' && arg) {
    const parse = (name: string): Record<string, string> => JSON.parse(process.env[name] || '{}') ?? {};
    const { env, missing } = resolveVariables(arg, declaredVariables(outdir, arg), parse('VARS_JSON'), parse('SECRETS_JSON'));
    for (const m of missing) console.log(`::error title=Missing Terraform variable::${m}`);
    if (missing.length > 0) return 1;
    if (process.env.GITHUB_ENV) fs.appendFileSync(process.env.GITHUB_ENV, githubEnvLines(env));
    console.log(`stack "${arg}": ${Object.keys(env).map((k) => k.slice('TF_VAR_'.length)).join(', ') || 'no variables'} set from GitHub variables and secrets`);
    return 0;
  }
  console.error('usage: ci-stacks.ts stacks [outdir] | tfvars <stack> [outdir]');
  return 2;
}

// Only as the entry: inside another tool's bundle (preflight imports this file) `require.main === module`
// holds for every bundled file, and main() would print its usage with that tool's arguments.
if (require.main === module && /ci-stacks\.[jt]s$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv.slice(2));
