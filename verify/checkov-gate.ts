/**
 * Runs checkov on every synthesized stack and fails on any finding that is not accepted
 * next to its resource (`"//": { "checkov_skip": { "<check>": "<reason>" } }`, written by
 * constructs/suppress.ts). checkov itself ignores comments in terraform_json, hence this gate.
 *
 *   node dist/verify/checkov-gate.js [outdir] [--checkov PATH]
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { currentInputs, staleHint, staleness } from './freshness';
import { Json, Synthesized } from './tfjson';

interface Finding {
  readonly check_id: string;
  readonly check_name: string;
  readonly resource: string;
}

export interface StackResult {
  readonly stack: string;
  readonly passed: number;
  readonly failed: Array<Finding & { reason?: undefined }>;
  readonly suppressed: Array<Finding & { reason: string }>;
  /** Accepted findings checkov no longer raises: the suppression can go. */
  readonly stale: string[];
}

/** Finds a resource's or data source's body by its logical name in a stack. */
function bodyOf(stack: Json, logicalName: string): Json | undefined {
  for (const section of [stack.resource ?? {}, stack.data ?? {}]) {
    for (const byName of Object.values<Json>(section)) if (byName[logicalName]) return byName[logicalName];
  }
  return undefined;
}

/** Splits checkov's findings for one stack into accepted (with their reasons) and failing. */
export function classify(stackName: string, stackJson: Json, report: Json): StackResult {
  const failed: StackResult['failed'] = [];
  // A file checkov cannot parse is scanned by nothing: that must fail, not pass.
  const parseErrors = report.summary?.parsing_errors ?? 0;
  if (parseErrors > 0 || !report.summary?.passed) {
    failed.push({ check_id: 'PARSE', check_name: `checkov parsed nothing or failed to parse (${parseErrors} parsing error(s))`, resource: `${stackName}/cdk.tf.json` });
  }
  const suppressed: StackResult['suppressed'] = [];
  for (const f of (report.results?.failed_checks ?? []) as Finding[]) {
    const name = f.resource.split('.').pop() ?? f.resource;
    const reason: string | undefined = bodyOf(stackJson, name)?.['//']?.checkov_skip?.[f.check_id];
    if (reason) suppressed.push({ ...f, reason });
    else failed.push(f);
  }
  const used = new Set(suppressed.map((s) => `${s.resource.split('.').pop()} ${s.check_id}`));
  const stale: string[] = [];
  for (const section of [stackJson.resource ?? {}, stackJson.data ?? {}]) {
    for (const [type, byName] of Object.entries<Json>(section)) {
      for (const [name, body] of Object.entries<Json>(byName)) {
        for (const check of Object.keys(body['//']?.checkov_skip ?? {})) if (!used.has(`${name} ${check}`)) stale.push(`${type}.${name} ${check}`);
      }
    }
  }
  return { stack: stackName, passed: report.summary?.passed ?? 0, failed, suppressed, stale };
}

/** checkov could not be started: the gate prints one line saying how to get it, not a stack trace. */
export class CheckovMissing extends Error {}

export function runCheckov(checkov: string, dir: string): Json {
  const r = spawnSync(checkov, ['-d', dir, '--framework', 'terraform_json', '-o', 'json', '--quiet', '--skip-download', '--soft-fail'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) {
    throw new CheckovMissing(
      `checkov: cannot run "${checkov}" (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): install it with \`python3 -m venv /tmp/checkov && /tmp/checkov/bin/pip install checkov==3.3.30\` and run \`CHECKOV=/tmp/checkov/bin/checkov npm run checkov\``,
    );
  }
  const text = r.stdout.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) throw new Error(`checkov printed no JSON for ${dir}:\n${r.stderr.slice(-2000)}`);
  const parsed = JSON.parse(text);
  // One framework gives an object; an empty directory gives a summary-only object.
  return Array.isArray(parsed) ? parsed.find((p: Json) => p.check_type === 'terraform_json') ?? {} : parsed;
}

function main(argv: string[]): number {
  const flag = argv.indexOf('--checkov');
  const checkov = flag >= 0 ? argv[flag + 1] : process.env.CHECKOV ?? 'checkov';
  const outdir = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--checkov') ?? 'cdktf.out';
  // Output missing or older than the configuration and code: scanning it would judge something else.
  const stale = staleness(outdir, currentInputs(process.cwd(), process.env));
  if (stale.length > 0) {
    console.error(staleHint('checkov', outdir, stale));
    return 2;
  }
  try {
    return gate(checkov, outdir);
  } catch (e) {
    if (!(e instanceof CheckovMissing)) throw e;
    console.error(e.message);
    return 2;
  }
}

function gate(checkov: string, outdir: string): number {
  const synth = Synthesized.fromDir(outdir);
  let unsuppressed = 0;
  const rows: string[] = [];
  for (const stack of Object.keys(synth.stacks)) {
    const result = classify(stack, synth.stack(stack), runCheckov(checkov, path.join(outdir, 'stacks', stack)));
    rows.push(`${stack.padEnd(10)} ${String(result.passed).padStart(6)} ${String(result.failed.length).padStart(6)} ${String(result.suppressed.length).padStart(10)}`);
    for (const f of result.failed) {
      unsuppressed++;
      console.error(`FAILED ${stack}: ${f.check_id} ${f.check_name} on ${f.resource} (fix it, or accept it with suppress() and a reason)`);
    }
    for (const s of result.suppressed) console.log(`suppressed ${stack}: ${s.check_id} on ${s.resource}: ${s.reason}`);
    for (const s of result.stale) {
      unsuppressed++;
      console.error(`STALE ${stack}: ${s} is accepted but checkov no longer raises it; remove the suppression`);
    }
  }
  console.log(`\nstack      passed failed suppressed\n${rows.join('\n')}`);
  console.log(unsuppressed === 0 ? 'checkov: no unsuppressed findings' : `checkov: ${unsuppressed} unsuppressed finding(s)`);
  return unsuppressed === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
