#!/usr/bin/env node
/**
 * npm run mutate [-- <file.ts> ...] [-- --concurrency 1]
 *
 * Mutation testing (StrykerJS, stryker.config.json) of the security-critical files in TESTS
 * below, or of the files given: one Stryker run per file, each against the test files that
 * exercise it (TESTS), so a mutant costs a few test files rather than the suite (every test file
 * synthesizes in `beforeAll`, which Stryker counts as covering every test of the file). Reports
 * go to reports/mutation/<file>.html and .json (gitignored); the last lines print the table:
 * score = killed / (killed + survived + no coverage), timeouts counted as killed, as Stryker does.
 * Not in CI: a full run takes about an hour on 2 cores. docs/testing.md says how to read it.
 *
 * Tests read handed cases at `../shared` beside the repository; Stryker runs them in
 * .stryker-tmp/sandbox-*, so .stryker-tmp/shared points there.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const T = (...files) => files.map((f) => `<rootDir>/__tests__/${f}`);

/**
 * Each file of the mutation set and the test files that assert its behaviour most directly. The
 * whole suite would kill at least as many mutants: a score measured with fewer test files is a
 * lower bound, and a shorter list is what keeps a run within minutes on 2 cores.
 */
const TESTS = {
  'model/security-matrix.ts': T('unit/network/security-matrix.test.ts', 'unit/network/alb-idp-egress.test.ts', 'unit/network/network.test.ts', 'unit/network/vpc-endpoints.test.ts', 'invariants/security-groups.test.ts', 'invariants/no-ssh.test.ts', 'unit/verify/verify.test.ts'),
  'constructs/network/traffic-rules.ts': T('unit/network/security-matrix.test.ts', 'unit/network/alb-idp-egress.test.ts', 'unit/network/network.test.ts', 'invariants/security-groups.test.ts', 'invariants/no-ssh.test.ts', 'unit/verify/verify.test.ts'),
  'constructs/edge/route-rules.ts': T('unit/edge/route-rules.test.ts', 'unit/edge/routes.test.ts', 'unit/service/blue-green.test.ts', 'unit/edge/source-allow-lists.test.ts'),
  'model/listener.ts': T('unit/model/listener.test.ts', 'unit/service/blue-green.test.ts', 'unit/edge/routes.test.ts', 'unit/edge/alb.test.ts', 'unit/edge/source-allow-lists.test.ts', 'unit/edge/test-rule-priorities.test.ts', 'invariants/routes.test.ts'),
  'constructs/service/task-roles.ts': T('unit/service/execution-role.test.ts', 'unit/service/ecs-exec.test.ts', 'unit/verify/probe-table.test.ts', 'invariants/iam.test.ts', 'unit/verify/verify.test.ts', 'unit/verify/policy-lint.test.ts'),
  'model/personas.ts': T('unit/identity/personas.test.ts', 'unit/verify/probe-table.test.ts', 'unit/verify/policy-lint.test.ts', 'unit/environments/name-collisions.test.ts'),
  'constructs/identity/persona-roles.ts': T('unit/identity/personas.test.ts', 'unit/identity/persona-alarms.test.ts', 'unit/verify/probe-table.test.ts', 'invariants/iam.test.ts', 'unit/verify/policy-lint.test.ts'),
  'model/key-policy.ts': T('unit/identity/kms.test.ts', 'unit/identity/key-access.test.ts', 'unit/identity/key-administrators.test.ts', 'unit/identity/state-region.test.ts', 'unit/identity/alarm-notifications.test.ts', 'invariants/encryption.test.ts', 'unit/verify/policy-lint.test.ts'),
  'constructs/identity/kms-key.ts': T('unit/identity/kms.test.ts', 'unit/identity/key-access.test.ts', 'unit/identity/key-administrators.test.ts', 'unit/identity/state-region.test.ts', 'unit/identity/alarm-notifications.test.ts', 'unit/identity/policy-principals.test.ts', 'invariants/encryption.test.ts', 'unit/stacks/sandbox-teardown.test.ts', 'unit/verify/policy-lint.test.ts'),
  'model/priority-record.ts': T('unit/model/priority-record.test.ts', 'unit/edge/test-rule-priorities.test.ts'),
  'model/partition.ts': T('unit/stacks/partition.test.ts', 'unit/environments/partition.test.ts', 'unit/identity/state-region.test.ts', 'unit/network/vpc-endpoints.test.ts'),
};

const args = process.argv.slice(2);
const files = args.filter((a) => /\.ts$/.test(a));
const rest = args.filter((a) => !files.includes(a));
const todo = files.length ? files : Object.keys(TESTS);
for (const f of todo) {
  if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`mutate: no file ${f}`);
  if (!TESTS[f]) throw new Error(`mutate: ${f} has no test list in tools/mutate.js (TESTS)`);
}

const tmp = path.join(ROOT, '.stryker-tmp');
fs.mkdirSync(tmp, { recursive: true });
const link = path.join(tmp, 'shared');
if (!fs.existsSync(link)) fs.symlinkSync(path.join('..', '..', 'shared'), link);
const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'stryker.config.json'), 'utf8'));
const out = path.join(ROOT, 'reports', 'mutation');
fs.mkdirSync(out, { recursive: true });

const rows = [];
const started = Date.now();
for (const file of todo) {
  const slug = file.replace(/[/.]/g, '_');
  const config = {
    ...base,
    mutate: [file],
    jest: { ...base.jest, config: { testMatch: TESTS[file] } },
    htmlReporter: { fileName: `reports/mutation/${slug}.html` },
    jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  };
  const configFile = path.join(tmp, `stryker.${slug}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', configFile, ...rest], { cwd: ROOT, stdio: 'inherit' });
  const minutes = (Date.now() - t0) / 60000;
  const report = path.join(out, `${slug}.json`);
  const row = { file, minutes, status: r.status };
  if (r.status === 0 && fs.existsSync(report)) {
    const counts = {};
    for (const m of Object.values(JSON.parse(fs.readFileSync(report, 'utf8')).files).flatMap((f) => f.mutants)) counts[m.status] = (counts[m.status] ?? 0) + 1;
    Object.assign(row, counts);
  }
  rows.push(row);
}

const n = (row, k) => row[k] ?? 0;
console.log(`\nmutate: ${((Date.now() - started) / 60000).toFixed(1)} min for ${rows.length} file(s)`);
console.log('| File | Score | Killed | Timeout | Survived | No coverage | Compile errors | Minutes |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const detected = n(row, 'Killed') + n(row, 'Timeout');
  const valid = detected + n(row, 'Survived') + n(row, 'NoCoverage');
  const score = row.status === 0 && valid > 0 ? `${((100 * detected) / valid).toFixed(1)} %` : `failed (exit ${row.status})`;
  console.log(`| ${row.file} | ${score} | ${n(row, 'Killed')} | ${n(row, 'Timeout')} | ${n(row, 'Survived')} | ${n(row, 'NoCoverage')} | ${n(row, 'CompileError')} | ${row.minutes.toFixed(1)} |`);
}
process.exit(rows.every((r) => r.status === 0) ? 0 : 1);
