/**
 * `npm run preflight [-- [STACK...] [--var-file=FILE]... [--var NAME=VALUE]...]`: what would fail
 * the first `cdktf deploy`, checked offline. Give it the stacks and `--var-file`s you are about
 * to give `cdktf deploy` (default: every stack, with the var files the cdktf CLI loads by itself).
 * Reads the configuration as `npm run synth` does (environments/, or SF_CONFIG, with the
 * SF_STATE_* overrides), cdktf.out (run `npm run synth` first), TF_VAR_* and the workflows.
 * Exit 1 on any error, 0 with warnings only.
 */
import * as path from 'path';
import { Finding, runChecks } from './checks';
import { PreflightOptions, gather } from './inputs';

const USAGE = 'usage: npm run preflight -- [STACK...] [--var-file=FILE]... [--var NAME=VALUE]... [--outdir DIR]';

/** The options of a command line; throws the usage on an unknown flag. */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, root: string): PreflightOptions {
  const stacks: string[] = [];
  const varFiles: string[] = [];
  const vars: string[] = [];
  let outdir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--var-file') varFiles.push(value());
    else if (flag === '--var') vars.push(value());
    else if (flag === '--outdir') outdir = path.resolve(root, value());
    else if (flag.startsWith('-')) throw new Error(`unknown option ${flag}\n${USAGE}`);
    else stacks.push(flag);
  }
  const configFile = env.SF_CONFIG ? path.resolve(root, env.SF_CONFIG) : undefined;
  return { root, outdir: outdir ?? path.resolve(root, env.CDKTF_OUTDIR || 'cdktf.out'), configFile, env, varFiles, vars, stacks };
}

/** The report: one block per finding, errors first, then the verdict line. */
export function render(findings: readonly Finding[], stacks: readonly string[]): string {
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const lines = sorted.flatMap((f) => [`${f.severity === 'error' ? '✗ error' : '! warning'} [${f.check}] ${f.where}: ${f.problem}`, `    fix: ${f.fix}`]);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const scope = stacks.length ? `stacks ${stacks.join(', ')}` : 'every stack';
  lines.push(
    errors > 0
      ? `preflight (${scope}): ${errors} error(s), ${warnings} warning(s): a deploy would fail; fix the errors above`
      : `preflight (${scope}): no errors${warnings ? `, ${warnings} warning(s) to read` : ''}: nothing found that would fail a deploy`,
  );
  return lines.join('\n');
}

function main(): number {
  let options: PreflightOptions;
  try {
    options = parseArgs(process.argv.slice(2), process.env, process.cwd());
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const inputs = gather(options);
  const unknown = (options.stacks ?? []).filter((s) => inputs.stacks.length > 0 && !inputs.stacks.some((x) => x.name === s));
  if (unknown.length > 0) {
    console.error(`no stack ${unknown.join(', ')} in ${path.relative(options.root, inputs.outdir)} (have ${inputs.stacks.map((s) => s.name).join(', ')})`);
    return 2;
  }
  const findings = runChecks(inputs);
  console.log(render(findings, options.stacks ?? []));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
