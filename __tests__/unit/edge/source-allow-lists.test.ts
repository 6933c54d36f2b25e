/**
 * Source allow-lists take ranges of both families, parsed strictly (model/cidr over
 * ip-num), matched to the network's families, and reach the listener rules unchanged.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppConfig, ConfigError } from '../../../environments';
import { parseSourceCidr } from '../../../model/cidr';
import { Json } from '../../../verify/tfjson';
import { runMain } from '../../helpers/run-main';
import { attemptConfig } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const CASE = path.join(__dirname, '../../../../shared/cases/more/ipv6-allowlist.json');
const FIXTURE = path.join(__dirname, '../../fixtures/source-allow-lists/one-env.json');
type Raw = { shared: Json; environments: Json[] };
const read = (file: string): Raw => JSON.parse(fs.readFileSync(file, 'utf8'));

const attempt = (raw: Raw): AppConfig | ConfigError => attemptConfig(raw as { shared: unknown; environments: unknown[] });
const sourceIps = (config: AppConfig, env: string) =>
  synth(config)
    .resources('aws_lb_listener_rule', env)
    .map((r) => r.body.condition.filter((c: Json) => c.source_ip).map((c: Json) => c.source_ip.values));

describe('handed case more/ipv6-allowlist.json (dual-stack ALB, IPv4-only allow-list)', () => {
  it('is refused, naming the environment, the field and both ways out', () => {
    const result = attempt(read(CASE));
    expect(result).toBeInstanceOf(ConfigError);
    expect((result as ConfigError).issues).toEqual([
      {
        scope: 'environment "stage"',
        field: 'allowedSourceCidrs',
        rule: 'lists only IPv4 ranges but the network is dual-stack (network.ipv6): IPv6 clients would always get 404; add your network\'s IPv6 range (e.g. 2001:db8:1234::/48) or turn off network.ipv6',
      },
    ]);
  });

  it('is refused by npm run synth with that message, leaving no output', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-ipv6-'));
    const r = runMain({ SF_CONFIG: CASE, CDKTF_OUTDIR: outdir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('environment "stage", field allowedSourceCidrs: lists only IPv4 ranges but the network is dual-stack');
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('with an IPv6 range added, every stage rule matches exactly both ranges, in one source-ip condition', () => {
    const raw = read(CASE);
    raw.environments[0].allowedSourceCidrs.push('2001:db8:1234::/48');
    const config = attempt(raw) as AppConfig;
    expect(config).not.toBeInstanceOf(ConfigError);
    const rules = sourceIps(config, 'stage');
    expect(rules.length).toBeGreaterThan(0);
    for (const conditions of rules) expect(conditions).toEqual([['203.0.113.0/24', '2001:db8:1234::/48']]);
  });

  it('turning off ipv6 instead makes the IPv4-only list valid', () => {
    const raw = read(CASE);
    raw.shared.network.ipv6 = false;
    expect(attempt(raw)).not.toBeInstanceOf(ConfigError);
  });
});

describe('an IPv6 range on an IPv4-only network', () => {
  it('is refused: it could never match', () => {
    const raw = read(FIXTURE);
    raw.environments[0].allowedSourceCidrs = ['198.51.100.0/24', '2001:db8::/32'];
    expect((attempt(raw) as ConfigError).issues).toEqual([
      {
        scope: 'environment "qa"',
        field: 'allowedSourceCidrs[1]',
        rule: '"2001:db8::/32" is an IPv6 range but network.ipv6 is off: the ALB has no IPv6 address, so it could never match; remove it or turn on network.ipv6',
      },
    ]);
  });
});

// ---- generators: each item knows whether it is a valid range, independently of model/cidr ----

interface Item {
  readonly text: string;
  readonly valid: boolean;
  readonly family: 4 | 6;
}

/** WHATWG URL serializes IPv6 hosts in RFC 5952 form: an oracle independent of model/cidr. */
const canonical6 = (groups: readonly number[]) => new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(1, -1);
const mask = (groups: readonly number[], prefix: number) =>
  groups.map((g, i) => {
    const bits = Math.max(0, Math.min(16, prefix - 16 * i));
    return bits === 0 ? 0 : g & (0xffff << (16 - bits)) & 0xffff;
  });

const group16 = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
const valid6 = fc.tuple(fc.array(group16, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 })).map(([g, prefix]) => ({ groups: mask(g, prefix), prefix }));
const item6: fc.Arbitrary<Item> = fc.tuple(valid6, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 127 })).map(([{ groups, prefix }, how, bit]) => {
  const text = `${canonical6(groups)}/${prefix}`;
  if (how === 1 && /[a-f]/.test(text)) return { text: text.toUpperCase(), valid: false, family: 6 };
  if (how === 2 && prefix < 128) {
    const b = prefix + (bit % (128 - prefix));
    const host = [...groups];
    host[Math.floor(b / 16)] |= 1 << (15 - (b % 16));
    return { text: `${canonical6(host)}/${prefix}`, valid: false, family: 6 };
  }
  if (how === 3 && text.includes('::')) return { text: `${groups.map((g) => g.toString(16)).join(':')}/${prefix}`, valid: false, family: 6 };
  if (how === 4) return { text: `${canonical6(groups)}/${129 + bit}`, valid: false, family: 6 };
  return { text, valid: true, family: 6 };
});
const item4: fc.Arbitrary<Item> = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 31 }))
  .map(([octets, prefix, how, bit]) => {
    const n = (octets.reduce((a, o) => a * 256 + o, 0) >>> 0);
    const net = prefix === 0 ? 0 : (n & (0xffffffff << (32 - prefix))) >>> 0;
    const dotted = (v: number) => [24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.');
    if (how === 1 && prefix < 32) return { text: `${dotted((net | (1 << (31 - (prefix + (bit % (32 - prefix)))))) >>> 0)}/${prefix}`, valid: false, family: 4 };
    if (how === 2) return { text: `${dotted(net)}/${33 + bit}`, valid: false, family: 4 };
    if (how === 3 && ((net >>> 24) & 255) < 100) return { text: `0${dotted(net)}/${prefix}`, valid: false, family: 4 };
    return { text: `${dotted(net)}/${prefix}`, valid: true, family: 4 };
  });
const allowList = fc.array(fc.oneof(item4, item6), { minLength: 1, maxLength: 3 });

/** What synth must decide, from the items' own validity and families only. */
function shouldAccept(items: readonly Item[], ipv6: boolean): boolean {
  if (!items.every((i) => i.valid)) return false;
  if (new Set(items.map((i) => i.text)).size !== items.length) return false;
  const v4 = items.some((i) => i.family === 4);
  const v6 = items.some((i) => i.family === 6);
  return ipv6 ? !(v4 && !v6) : !v6;
}

describe('allow-lists of both families (property)', () => {
  it('the generators agree with model/cidr on every single range', () => {
    fc.assert(
      fc.property(fc.oneof(item4, item6), (item) => {
        const parsed = parseSourceCidr(item.text);
        expect(typeof parsed !== 'string').toBe(item.valid);
        if (typeof parsed !== 'string') expect(parsed.family).toBe(item.family);
      }),
      { seed: 1605, numRuns: 300 },
    );
  });

  it('a list is accepted exactly when every range is valid, none repeats and its families fit the network', () => {
    fc.assert(
      fc.property(allowList, fc.boolean(), (items, ipv6) => {
        const raw = read(FIXTURE);
        raw.shared.network.ipv6 = ipv6;
        raw.environments[0].allowedSourceCidrs = items.map((i) => i.text);
        const result = attempt(raw);
        expect(!(result instanceof ConfigError)).toBe(shouldAccept(items, ipv6));
        if (!(result instanceof ConfigError)) expect(result.environments[0].allowedSourceCidrs).toEqual(items.map((i) => i.text));
      }),
      { seed: 1605, numRuns: 100 },
    );
  });

  it('a refused list gets one message per wrong entry: an entry that does not parse (non-canonical IPv6) is not also counted as a missing family', () => {
    fc.assert(
      fc.property(allowList, (items) => {
        const raw = read(FIXTURE);
        raw.shared.network.ipv6 = true;
        raw.environments[0].allowedSourceCidrs = items.map((i) => i.text);
        const result = attempt(raw);
        if (!(result instanceof ConfigError) || items.some((i) => !i.valid) === false) return;
        expect(result.issues.filter((i) => i.field === 'allowedSourceCidrs')).toEqual([]);
      }),
      { seed: 1605, numRuns: 100 },
    );
    const raw = read(FIXTURE);
    raw.shared.network.ipv6 = true;
    raw.environments[0].allowedSourceCidrs = ['198.51.100.0/24', '2001:DB8::/32'];
    expect((attempt(raw) as ConfigError).issues.map((i) => i.field)).toEqual(['allowedSourceCidrs[1]']);
  });

  it('the listener rules of an accepted list carry exactly the configured ranges', () => {
    const accepted = fc
      .tuple(allowList, fc.boolean())
      .filter(([items, ipv6]) => shouldAccept(items, ipv6));
    fc.assert(
      fc.property(accepted, ([items, ipv6]) => {
        const raw = read(FIXTURE);
        raw.shared.network.ipv6 = ipv6;
        raw.environments[0].allowedSourceCidrs = items.map((i) => i.text);
        const rules = sourceIps(attempt(raw) as AppConfig, 'qa');
        expect(rules).toHaveLength(2);
        for (const conditions of rules) expect(conditions).toEqual([items.map((i) => i.text)]);
      }),
      { seed: 1605, numRuns: 25 },
    );
  });
});
