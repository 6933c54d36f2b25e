import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Runs main.ts in a child process, as `npm run synth` does (tools/synth.js), with extra
 * environment variables. As in CI (`CI=true`), a stale listener-priority record is refused
 * rather than written, so no test writes into environments/; pass `CI: ''` with an
 * `SF_PRIORITY_RECORD` of its own to let a test write one.
 */
export function runMain(env: Record<string, string>, args: readonly string[] = []): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'synth.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}
