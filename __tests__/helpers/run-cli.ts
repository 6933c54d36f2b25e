import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs one of the project's TypeScript command-line tools (verify/cli.ts, verify/checkov-gate.ts, ...) as npm would (tools/run.js), from the repository root. */
export function runCli(script: string, args: readonly string[], env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'run.js'), script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** main.ts's report of what it wrote: "synthesized N stacks ...", one line per stack, "next: ...". */
export const SYNTH_REPORT = /^(synthesized \d+ stacks into |  \S+ +\d+ resources$|next: )/;
