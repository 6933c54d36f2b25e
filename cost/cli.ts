/**
 * `npm run cost`: the monthly cost profile of what the configuration deploys.
 *
 * Synthesizes the current configuration (environments/, or the JSON file named by SF_CONFIG,
 * exactly as `npm run synth` reads it) into a temporary folder, reads the stacks back, prices
 * them from cost/prices.ts and prints a table. Needs no prior step and no network.
 *
 *   npm run cost                      the shipped configuration
 *   SF_CONFIG=file.json npm run cost  another configuration
 *   npm run cost -- --prices          the price table with its sources instead
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppConfig, defaultConfig, loadConfig } from '../environments';
import { PRICES, Price, PriceTable, RegionPrices } from './prices';
import { Json, Profile, Stacks, profile, usd } from './profile';

const ROOT = path.resolve(__dirname, '..');

/** Synthesizes the configuration (default, or `configFile`) with main.ts into a temporary folder and returns its stacks. */
export function synthesizeStacks(configFile?: string): Stacks {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-cost-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: path.join(dir, 'out') };
    if (configFile) env.SF_CONFIG = path.resolve(configFile);
    else delete env.SF_CONFIG;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'synth.js')], { cwd: ROOT, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`synthesis failed:\n${(r.stderr || r.stdout || String(r.error ?? '')).trim()}`);
    const stacksDir = path.join(dir, 'out', 'stacks');
    const stacks: Record<string, Json> = {};
    for (const name of fs.readdirSync(stacksDir).sort()) {
      const file = path.join(stacksDir, name, 'cdk.tf.json');
      if (fs.existsSync(file)) stacks[name] = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    return stacks;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The environments of a configuration, in order, and which of them are production. */
export function environmentsOf(configFile?: string): { environments: string[]; production: string[] } {
  let config: AppConfig;
  if (configFile) {
    const raw = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { shared: unknown; environments: unknown[] };
    config = loadConfig(raw.shared, raw.environments);
  } else {
    config = defaultConfig();
  }
  return { environments: config.environments.map((e) => e.name), production: config.environments.filter((e) => e.production).map((e) => e.name) };
}

const money = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padStart = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** The readable report. */
export function render(p: Profile, configuration = 'environments/ (the shipped configuration)'): string {
  const out: string[] = [];
  const unverified = countPrices(PRICES).unverified;
  out.push(`Monthly cost profile of ${configuration}`);
  out.push(`Region ${p.regions.join(', ')}; list prices as of ${p.asOf} (USD, ${p.hoursPerMonth} h a month, on-demand, before tax, credits, free tier and Savings Plans)`);
  out.push('');
  out.push('Fixed costs, per stack');
  const itemWidth = Math.min(70, Math.max(...p.lines.map((l) => l.item.length)) + 2);
  for (const { stack, monthly } of p.byStack) {
    out.push(`  ${pad(stack, itemWidth + 2)}${padStart(money(monthly), 12)}`);
    for (const l of p.lines.filter((x) => x.stack === stack)) {
      out.push(`    ${pad(l.item, itemWidth)}${padStart(l.quantity === 'free' ? 'free' : money(l.monthly), 12)}   ${l.quantity === 'free' ? '' : l.quantity}`.trimEnd());
      if (l.note) out.push(`      ${l.note}`);
    }
  }
  out.push('');
  out.push(`  ${pad('Fixed total per month', itemWidth + 2)}${padStart(money(p.total), 12)}`);
  out.push('');
  out.push('Usage-based (listed with their assumption, NOT included in the total)');
  // The same item in several stacks (KMS requests, log groups...) is listed once, with its stacks.
  const groups = new Map<string, { stacks: string[]; u: Profile['usage'][number] }>();
  for (const u of p.usage) {
    const key = JSON.stringify([u.item, u.price, u.assumption, u.estimate]);
    const g = groups.get(key);
    if (g) g.stacks.push(u.stack);
    else groups.set(key, { stacks: [u.stack], u });
  }
  for (const { stacks, u } of groups.values()) {
    out.push(`  [${stacks.join(', ')}] ${u.item}: ${u.price}${u.estimate !== undefined ? ` (≈ ${money(u.estimate)}/month ${u.estimateBasis ?? ''})`.replace(' )', ')') : ''}`);
    out.push(`      ${u.assumption}`);
  }
  if (p.unpriced.length) {
    out.push('');
    out.push('Not priced (check these: they are not zero by assumption)');
    for (const u of p.unpriced) out.push(`  [${u.stack}] ${u.item}: ${u.why}`);
  }
  out.push('');
  out.push('What each switch saves (computed from the counted resources; fixed costs only)');
  for (const s of p.switches) {
    const what = s.saving >= 0 ? `saves ${money(s.saving)}` : `costs ${money(-s.saving)} more`;
    out.push(`  ${s.name}: ${what} a month (total ${money(s.after)})`);
    if (s.warning) out.push(`      WARNING: ${s.warning}`);
    if (s.note) out.push(`      ${s.note}`);
  }
  out.push('');
  out.push(`Prices: cost/prices.ts, each with its source; ${unverified} entries are from memory and unverified (npm run cost -- --prices lists them). Live prices: cost/README.md (infracost).`);
  return out.join('\n');
}

function entries(p: RegionPrices): Array<[string, Price]> {
  const { fargate, name, ...rest } = p; // eslint-disable-line @typescript-eslint/no-unused-vars
  const flat: Array<[string, Price]> = Object.entries(rest) as Array<[string, Price]>;
  for (const [kind, r] of Object.entries(fargate)) flat.push([`fargate.${kind}.vcpuHour`, r.vcpuHour], [`fargate.${kind}.gbHour`, r.gbHour]);
  return flat;
}

export function countPrices(table: PriceTable): { verified: number; unverified: number } {
  const all = Object.values(table.regions).flatMap(entries);
  return { verified: all.filter(([, p]) => p.verified).length, unverified: all.filter(([, p]) => !p.verified).length };
}

/** The price table with sources, for review. */
export function renderPrices(table: PriceTable = PRICES): string {
  const out = [`Price table as of ${table.asOf} (${table.currency}); "verified" = read on a stored public page, "UNVERIFIED" = from memory`];
  for (const [region, p] of Object.entries(table.regions)) {
    out.push('', `${region} (${p.name})`);
    for (const [key, pr] of entries(p)) out.push(`  ${pad(key, 34)}${pad(usd(pr.usd), 13)}per ${pr.unit}  [${pr.verified ? 'verified' : 'UNVERIFIED'}]`, `      ${pr.source}`);
  }
  return out.join('\n');
}

function main(argv: readonly string[]): number {
  if (argv.includes('--prices')) {
    console.log(renderPrices());
    return 0;
  }
  const configFile = process.env.SF_CONFIG || undefined;
  try {
    const stacks = synthesizeStacks(configFile);
    const { environments, production } = environmentsOf(configFile);
    console.log(render(profile(stacks, { environments, production }), configFile ? `SF_CONFIG=${configFile}` : undefined));
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
