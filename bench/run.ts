/**
 * npm run bench: wall time, CPU time and peak RSS of synth and tests, as ratios to Node's
 * floor (`require('cdktf')` plus writing one JSON file). Writes bench/results/latest.{json,md}.
 *
 *   npm run bench [-- --runs 5] [-- --skip-jest]
 *                 [-- --terrain-node <node >= 22.19>] [-- --terrain-dir <switched copy>]
 *
 * With --terrain-node, the floor, the synth and `npx cdktf synth` are measured again on CDK
 * Terrain, in a scratch copy switched with `npm run framework -- terrain` under that Node
 * (or in --terrain-dir, a copy already switched), each against its own floor.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generatedConfig } from './generate';

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(option('--runs') ?? 0) || 5;
const SKIP_JEST = args.includes('--skip-jest');
const TERRAIN_NODE = option('--terrain-node');
const TERRAIN_DIR = option('--terrain-dir');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-bench-'));
/** The synth as `npm run synth` runs it: the cached bundle (tools/synth.js), without npm's own start-up. */
const SYNTH = ['tools/synth.js'];

interface Sample { seconds: number; cpuSeconds: number | null; rssMiB: number | null }
interface Result { name: string; command: string; runs: number; min: number; median: number; max: number; cpuMedian: number | null; peakRssMiB: number | null; ratio?: number }

/** Runs a command once, returning wall seconds, CPU seconds (user + system) and the peak RSS of its largest process. */
function once(command: string[], env: Record<string, string>, cwd = ROOT): Sample {
  const argv = TIME ? [TIME, '-f', '__BENCH__ %e %M %U %S', ...command] : command;
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${command.join(' ')} failed (${r.status}):\n${(r.stderr ?? '').slice(-3000)}`);
  const m = /__BENCH__ [\d.]+ (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { seconds, cpuSeconds: m ? Number(m[2]) + Number(m[3]) : null, rssMiB: m ? Number(m[1]) / 1024 : null };
}

function measure(name: string, command: string[], env: Record<string, string> = {}, runs = RUNS, cwd = ROOT): Result {
  once(command, env, cwd); // warm the file cache (and the synth's bundle cache); not counted
  return summarize(name, command.join(' '), Array.from({ length: runs }, () => once(command, env, cwd)));
}

interface Spec { name: string; command: string[]; env?: Record<string, string> }

/**
 * Measures several commands round-robin (a, b, c, a, b, c, ...) after one warm-up each, so
 * load from elsewhere on the machine hits each alike and their ratios stay comparable.
 */
function interleaved(specs: Spec[], runs = RUNS, cwd = ROOT): Result[] {
  for (const s of specs) once(s.command, s.env ?? {}, cwd);
  const samples = specs.map(() => [] as Sample[]);
  for (let round = 0; round < runs; round++) specs.forEach((s, i) => samples[i].push(once(s.command, s.env ?? {}, cwd)));
  return specs.map((s, i) => summarize(s.name, s.command.join(' '), samples[i]));
}

function summarize(name: string, command: string, samples: Sample[]): Result {
  const t = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const cpu = samples.map((s) => s.cpuSeconds).filter((v): v is number => v !== null).sort((a, b) => a - b);
  const rss = samples.map((s) => s.rssMiB).filter((v): v is number => v !== null);
  const result = { name, command, runs: samples.length, min: t[0], median: t[Math.floor(t.length / 2)], max: t[t.length - 1], cpuMedian: cpu.length ? cpu[Math.floor(cpu.length / 2)] : null, peakRssMiB: rss.length ? Math.max(...rss) : null };
  console.log(`${name.padEnd(44)} median ${result.median.toFixed(3)} s  (min ${result.min.toFixed(3)}, max ${result.max.toFixed(3)})  CPU ${result.cpuMedian?.toFixed(2) ?? '?'} s  peak RSS ${result.peakRssMiB?.toFixed(0) ?? '?'} MiB`);
  return result;
}

/** The CLI's command in a checkout: `cdktf`, or `cdktn` on CDK Terrain (the package keeps its name, the command is renamed). */
const cliCommand = (dir: string) => Object.keys((JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'cdktf-cli', 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin)[0];

const floorCommand = (node: string, dir: string) => [node, '-e', `require('cdktf'); require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'floor.json'))}, '{}')`];

/** Floor, synth and the CLI on CDK Terrain, each against that run's floor. */
function terrain(): { framework: string; node: string; results: Result[] } | undefined {
  if (!TERRAIN_NODE && !TERRAIN_DIR) {
    console.log('\nCDK Terrain: not measured (pass --terrain-node <Node >= 22.19 binary>, e.g. the one .ci/run installs under its tools folder)');
    return undefined;
  }
  const node = TERRAIN_NODE ?? process.execPath;
  const env = { PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` };
  let dir = TERRAIN_DIR;
  if (!dir) {
    dir = path.join(tmp, 'terrain');
    fs.mkdirSync(dir);
    const files = spawnSync('git', ['ls-files', '-z', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
    for (const f of files) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
    console.log(`\nCDK Terrain: switching a scratch copy (${dir}) with npm run framework -- terrain...`);
    const r = spawnSync(node, ['tools/framework.js', 'terrain'], { cwd: dir, env: { ...process.env, ...env }, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run framework -- terrain failed');
  }
  const framework = spawnSync(node, ['tools/framework.js'], { cwd: dir, encoding: 'utf8' }).stdout.trim().replace(/^framework: /, '');
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`\nCDK Terrain (${framework}), Node ${version}:`);
  const results = interleaved(
    [
      { name: 'floor: require(cdktf) + write JSON', command: floorCommand(node, tmp), env },
      { name: 'synth: default app (tools/synth.js)', command: [node, ...SYNTH], env: { ...env, CDKTF_OUTDIR: path.join(tmp, 'terrain-out') } },
      { name: 'npm run synth', command: ['npm', 'run', '--silent', 'synth'], env: { ...env, CDKTF_OUTDIR: path.join(tmp, 'terrain-npm') } },
      { name: `npx ${cliCommand(dir)} synth (default app)`, command: ['npx', cliCommand(dir), 'synth', '--output', path.join(tmp, 'terrain-cli')], env },
    ],
    RUNS,
    dir,
  );
  for (const r of results) r.ratio = r.median / results[0].median;
  return { framework, node: version, results };
}

function main(): void {
  const node = process.execPath;
  const out = (n: string) => ({ CDKTF_OUTDIR: path.join(tmp, n) });
  const configs = [30, 100].map((n) => {
    const file = path.join(tmp, `services-${n}.json`);
    fs.writeFileSync(file, JSON.stringify(generatedConfig(n)));
    return { n, file };
  });
  const framework = spawnSync(node, ['tools/framework.js'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim().replace(/^framework: /, '');
  console.log(`secure-fargate bench: ${RUNS} runs each, ${os.cpus().length} CPUs, Node ${process.version}, ${framework}\n`);
  const results: Result[] = [
    ...interleaved([
      { name: 'floor: require(cdktf) + write JSON', command: floorCommand(node, tmp) },
      { name: 'synth: default app (tools/synth.js)', command: [node, ...SYNTH], env: out('default') },
      { name: 'npm run synth', command: ['npm', 'run', '--silent', 'synth'], env: out('npm') },
      { name: 'npx cdktf synth (default app)', command: ['npx', 'cdktf', 'synth', '--output', path.join(tmp, 'cli')] },
    ]),
    ...configs.map(({ n, file }) => measure(`synth: ${n} services x 3 envs`, [node, ...SYNTH], { ...out(`gen-${n}`), SF_CONFIG: file })),
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
  for (const c of commands) once([node, ...SYNTH], c.env); // warm-up
  for (let round = 0; round < RUNS; round++) for (const c of commands) samples.get(c.n)!.push(once([node, ...SYNTH], c.env));
  const series = commands.map((c) => summarize(`scaling: ${c.n} services x 3 envs, dedicated ALBs`, `SF_CONFIG=<${c.n} services> node tools/synth.js`, samples.get(c.n)!));
  results.push(...series);
  const floor = results[0].median;
  for (const r of results) r.ratio = r.median / floor;

  const other = terrain();
  const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
  const s100 = byName('synth: 100')!;
  const base = byName('synth: default')!;
  // Cost per added service-environment at each step of 25 services: equal steps when linear.
  const steps = series.slice(1).map((r, i) => ((r.median - series[i].median) / (25 * 3)) * 1000);
  const jest = byName('npm test');
  const targets = [
    { target: `default synth ≤ 1.5× floor (${framework.split(' (')[0]})`, ok: base.ratio! <= 1.5, value: `${base.ratio!.toFixed(2)}×` },
    ...(other ? [{ target: `default synth ≤ 1.5× floor (${other.framework.split(' (')[0]}, Node ${other.node})`, ok: other.results[1].ratio! <= 1.5, value: `${other.results[1].ratio!.toFixed(2)}×` }] : []),
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
  console.log(`\nratio to floor (${framework}, Node ${process.version}):`);
  for (const r of results) console.log(`  ${r.name.padEnd(44)} ${r.ratio!.toFixed(2)}×`);
  if (other) {
    console.log(`\nratio to floor (${other.framework}, Node ${other.node}):`);
    for (const r of other.results) console.log(`  ${r.name.padEnd(44)} ${r.ratio!.toFixed(2)}×`);
  }
  console.log('\ntargets:');
  for (const t of targets) console.log(`  ${t.ok ? '✓' : '✗'} ${t.target}: ${t.value}`);

  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const meta = { date: new Date().toISOString(), node: process.version, framework, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, runs: RUNS, rssFrom: TIME ? 'GNU time %M (largest process)' : 'unavailable', cpuFrom: TIME ? 'GNU time %U + %S (user + system, all threads)' : 'unavailable' };
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify({ meta, results, terrain: other, targets }, null, 2)}\n`);
  const bar = (r: Result) => '█'.repeat(Math.max(1, Math.round(Math.log2(r.ratio! * 2) * 4)));
  const table = (rows: Result[]) => [
    '| measurement | median s | min s | max s | CPU s (median) | peak RSS MiB | × floor | |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${r.median.toFixed(3)} | ${r.min.toFixed(3)} | ${r.max.toFixed(3)} | ${r.cpuMedian?.toFixed(2) ?? '?'} | ${r.peakRssMiB?.toFixed(0) ?? '?'} | ${r.ratio!.toFixed(2)} | ${bar(r)} |`),
  ];
  const md = [
    `# Benchmark (${meta.date.slice(0, 10)}, ${meta.cpus} CPUs, ${RUNS} runs)`,
    '',
    `## ${framework}, Node ${meta.node}`,
    '',
    ...table(results),
    '',
    ...(other ? [`## ${other.framework}, Node ${other.node}`, '', ...table(other.results), ''] : []),
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
