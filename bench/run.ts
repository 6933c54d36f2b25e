/**
 * npm run bench: wall time and peak RSS of synth and tests, as ratios to Node's floor
 * (`require('cdktf')` plus writing one JSON file). Writes bench/results/latest.{json,md}.
 *
 *   npm run bench [-- --runs 5] [-- --skip-jest]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generatedConfig } from './generate';

const ROOT = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 0) || 5;
const SKIP_JEST = args.includes('--skip-jest');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-bench-'));

interface Sample { seconds: number; rssMiB: number | null }
interface Result { name: string; command: string; runs: number; min: number; median: number; max: number; peakRssMiB: number | null; ratio?: number }

/** Runs a command once, returning wall seconds and the peak RSS of its largest process. */
function once(command: string[], env: Record<string, string>): Sample {
  const argv = TIME ? [TIME, '-f', '__BENCH__ %e %M', ...command] : command;
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${command.join(' ')} failed (${r.status}):\n${(r.stderr ?? '').slice(-3000)}`);
  const m = /__BENCH__ [\d.]+ (\d+)/.exec(r.stderr ?? '');
  return { seconds, rssMiB: m ? Number(m[1]) / 1024 : null };
}

function measure(name: string, command: string[], env: Record<string, string> = {}, runs = RUNS): Result {
  once(command, env); // warm the file cache; not counted
  return summarize(name, command.join(' '), Array.from({ length: runs }, () => once(command, env)));
}

function summarize(name: string, command: string, samples: Sample[]): Result {
  const t = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const rss = samples.map((s) => s.rssMiB).filter((v): v is number => v !== null);
  const result = { name, command, runs: samples.length, min: t[0], median: t[Math.floor(t.length / 2)], max: t[t.length - 1], peakRssMiB: rss.length ? Math.max(...rss) : null };
  console.log(`${name.padEnd(34)} median ${result.median.toFixed(3)} s  (min ${result.min.toFixed(3)}, max ${result.max.toFixed(3)})  peak RSS ${result.peakRssMiB?.toFixed(0) ?? '?'} MiB`);
  return result;
}

function main(): void {
  const node = process.execPath;
  const out = (n: string) => ({ CDKTF_OUTDIR: path.join(tmp, n) });
  const configs = [30, 100].map((n) => {
    const file = path.join(tmp, `services-${n}.json`);
    fs.writeFileSync(file, JSON.stringify(generatedConfig(n)));
    return { n, file };
  });
  console.log(`secure-fargate bench: ${RUNS} runs each, ${os.cpus().length} CPUs, Node ${process.version}\n`);
  const results: Result[] = [
    measure('floor: require(cdktf) + write JSON', [node, '-e', `require('cdktf'); require('fs').writeFileSync(${JSON.stringify(path.join(tmp, 'floor.json'))}, '{}')`]),
    measure('synth: default app (node dist/main.js)', [node, 'dist/main.js'], out('default')),
    measure('npm run synth (transpile-only, cached)', ['npm', 'run', '--silent', 'synth'], out('npm')),
    ...configs.map(({ n, file }) => measure(`synth: ${n} services x 3 envs`, [node, 'dist/main.js'], { ...out(`gen-${n}`), SF_CONFIG: file })),
    measure('npx cdktf synth (default app)', ['npx', 'cdktf', 'synth', '--output', path.join(tmp, 'cli')], {}),
    ...(SKIP_JEST ? [] : [measure('npm test (whole Jest suite)', ['npx', 'jest', '--silent'], {}, Math.max(5, Math.min(RUNS, 5)))]),
  ];
  // Scaling series with the same ALB layout at every size, so only the service count varies.
  // Runs are interleaved (25, 50, 75, 100, 25, ...) so machine drift hits every size alike.
  const sizes = [25, 50, 75, 100];
  const commands = sizes.map((n) => {
    const file = path.join(tmp, `series-${n}.json`);
    fs.writeFileSync(file, JSON.stringify(generatedConfig(n, true)));
    return { n, env: { ...out(`series-${n}`), SF_CONFIG: file } };
  });
  const samples = new Map<number, Sample[]>(sizes.map((n) => [n, []]));
  for (const c of commands) once([node, 'dist/main.js'], c.env); // warm-up
  for (let round = 0; round < RUNS; round++) for (const c of commands) samples.get(c.n)!.push(once([node, 'dist/main.js'], c.env));
  const series = commands.map((c) => summarize(`scaling: ${c.n} services x 3 envs, dedicated ALBs`, `SF_CONFIG=<${c.n} services> node dist/main.js`, samples.get(c.n)!));
  results.push(...series);
  const floor = results[0].median;
  for (const r of results) r.ratio = r.median / floor;

  const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
  const s100 = byName('synth: 100')!;
  const base = byName('synth: default')!;
  // Cost per added service-environment at each step of 25 services: equal steps when linear.
  const steps = series.slice(1).map((r, i) => ((r.median - series[i].median) / (25 * 3)) * 1000);
  const jest = byName('npm test');
  const targets = [
    { target: 'default synth ≤ 1.5× floor', ok: base.ratio! <= 1.5, value: `${base.ratio!.toFixed(2)}×` },
    { target: '100 services × 3 envs ≤ 10× floor', ok: s100.ratio! <= 10, value: `${s100.ratio!.toFixed(2)}×` },
    { target: '100 services × 3 envs ≤ 300 MiB', ok: (s100.peakRssMiB ?? Infinity) <= 300, value: `${s100.peakRssMiB?.toFixed(0) ?? '?'} MiB` },
    {
      // Nothing quadratic: the cost of 25 more services must not grow with size (it may shrink, as JIT warm-up amortizes).
      target: 'no superlinear growth (each later 25-service step ≤ 1.5× the first, interleaved runs)',
      ok: steps.slice(1).every((x) => x <= 1.5 * steps[0]),
      value: `${steps.map((x) => x.toFixed(2)).join(' / ')} ms per service-env`,
    },
    ...(jest
      ? [
          { target: 'npm test ≤ 20 s', ok: jest.median <= 20, value: `${jest.median.toFixed(1)} s` },
          { target: 'npm test ≤ 1.5 GiB peak', ok: (jest.peakRssMiB ?? Infinity) <= 1536, value: `${jest.peakRssMiB?.toFixed(0) ?? '?'} MiB` },
        ]
      : []),
  ];
  console.log('\nratio to floor:');
  for (const r of results) console.log(`  ${r.name.padEnd(34)} ${r.ratio!.toFixed(2)}×`);
  console.log('\ntargets:');
  for (const t of targets) console.log(`  ${t.ok ? '✓' : '✗'} ${t.target}: ${t.value}`);

  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const meta = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, runs: RUNS, rssFrom: TIME ? 'GNU time %M (largest process)' : 'unavailable' };
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify({ meta, results, targets }, null, 2)}\n`);
  const bar = (r: Result) => '█'.repeat(Math.max(1, Math.round(Math.log2(r.ratio! * 2) * 4)));
  const md = [
    `# Benchmark (${meta.date.slice(0, 10)}, ${meta.cpus} CPUs, Node ${meta.node}, ${RUNS} runs)`,
    '',
    '| measurement | median s | min s | max s | peak RSS MiB | × floor | |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...results.map((r) => `| ${r.name} | ${r.median.toFixed(3)} | ${r.min.toFixed(3)} | ${r.max.toFixed(3)} | ${r.peakRssMiB?.toFixed(0) ?? '?'} | ${r.ratio!.toFixed(2)} | ${bar(r)} |`),
    '',
    '| target | result | |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.value} | ${t.ok ? 'met' : 'missed'} |`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'latest.md'), md);
  console.log(`\nwrote bench/results/latest.json and latest.md`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main();
