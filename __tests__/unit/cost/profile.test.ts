/**
 * `npm run cost`: the arithmetic pinned on hand-written stacks priced from a round-number table,
 * the switch savings checked against a pinned fixture configuration synthesized both ways, and
 * one smoke run of the command on the pinned example.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PRICES, Price, PriceTable, RegionPrices, UnknownRegionError, pricesFor } from '../../../cost/prices';
import { Json, Stacks, inventory, price, profile, spotShare } from '../../../cost/profile';
import { loadConfig } from '../../../environments';
import { synth } from '../../helpers/synth';
import { serviceAlarmMetrics } from '../../../model/alarms';

const ROOT = path.resolve(__dirname, '../../..');
const H = 730;

// A price table with round numbers, so each expectation below reads as the arithmetic it pins.
const at = (usd: number): Price => ({ usd, unit: 'unit', source: 'test', verified: true });
const rates = (vcpu: number, gb: number) => ({ vcpuHour: at(vcpu), gbHour: at(gb) });
const R: RegionPrices = {
  name: 'Test',
  natGatewayHour: at(0.1),
  natGatewayGb: at(0.1),
  albHour: at(0.05),
  albLcuHour: at(0.01),
  interfaceEndpointAzHour: at(0.02),
  interfaceEndpointGb: at(0.01),
  publicIpv4Hour: at(0.005),
  fargate: { x86: rates(0.04, 0.004), arm64: rates(0.03, 0.003), spotX86: rates(0.012, 0.0012), spotArm64: rates(0.009, 0.0009) },
  wafWebAclMonth: at(5),
  wafRuleMonth: at(1),
  wafMillionRequests: at(0.6),
  kmsKeyMonth: at(1),
  kmsRotationMonth: at(1),
  kmsTenThousandRequests: at(0.03),
  secretMonth: at(0.4),
  secretTenThousandCalls: at(0.05),
  logsIngestionGb: at(0.5),
  logsStorageGbMonth: at(0.03),
  alarmMetricMonth: at(0.1),
  dashboardMonth: at(3),
  guardDutyRuntimeVcpuMonth: at(1.5),
  guardDutyMillionManagementEvents: at(4),
  guardDutyFlowDnsGb: at(1),
  configItem: at(0.003),
  ecrStorageGbMonth: at(0.1),
  s3StandardGbMonth: at(0.023),
  dynamoDbMillionWrites: at(0.625),
  snsMillionPublishes: at(0.5),
};
const T: PriceTable = { asOf: '2026-11-30', currency: 'USD', hoursPerMonth: H, regions: { 'test-1': R } };

/** A synthesized-like stack: the provider block and resources by type. */
const stack = (resource: Json, region = 'test-1'): Json => ({ provider: { aws: [{ region }] }, resource });

const nat = (i: number) => ({ [`nat${i}`]: { allocation_id: `\${aws_eip.eip${i}.id}`, subnet_id: `\${aws_subnet.public${i}.id}` } });
const eip = (i: number) => ({ [`eip${i}`]: { domain: 'vpc' } });
const subnet = (i: number) => ({ [`public${i}`]: { availability_zone: `test-1${'abc'[i]}` } });
const network = (nats: number, azs = 3) => ({
  aws_subnet: Object.assign({}, ...Array.from({ length: azs }, (_, i) => subnet(i))),
  aws_nat_gateway: Object.assign({}, ...Array.from({ length: nats }, (_, i) => nat(i))),
  aws_eip: Object.assign({}, ...Array.from({ length: nats }, (_, i) => eip(i))),
});

interface SvcSpec {
  cpu?: number;
  memory?: number;
  desired?: number;
  arch?: 'X86_64' | 'ARM64';
  strategy?: Json[];
  scaling?: { min: number; max: number };
}
/** An ECS service with its task definition (and autoscaling target), as the synthesized stacks hold them. */
function service(name: string, s: SvcSpec = {}): Json {
  const r: Json = {
    aws_ecs_task_definition: { [`${name}_task`]: { cpu: String(s.cpu ?? 512), memory: String(s.memory ?? 1024), runtime_platform: { cpu_architecture: s.arch ?? 'X86_64', operating_system_family: 'LINUX' } } },
    aws_ecs_service: {
      [`${name}_service`]: {
        name,
        desired_count: s.desired ?? 2,
        task_definition: `\${aws_ecs_task_definition.${name}_task.arn}`,
        ...(s.strategy ? { capacity_provider_strategy: s.strategy } : { launch_type: 'FARGATE' }),
      },
    },
  };
  if (s.scaling) {
    r.aws_appautoscaling_target = { [`${name}_target`]: { min_capacity: s.scaling.min, max_capacity: s.scaling.max, resource_id: `service/\${aws_ecs_cluster.c.name}/\${aws_ecs_service.${name}_service.name}` } };
  }
  return r;
}

const line = (stacks: Stacks, match: RegExp) => {
  const found = price(inventory(stacks), T).lines.filter((l) => match.test(l.item));
  expect(found).toHaveLength(1);
  return found[0];
};
const close = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 6);

describe('cost profile arithmetic (hand-written stacks, round-number prices)', () => {
  it('prices a NAT gateway by the hour, and per-AZ NAT multiplies by the AZ count, public IPv4 included', () => {
    close(line({ shared: stack(network(1)) }, /^NAT gateway/).monthly, 1 * H * 0.1);
    close(line({ shared: stack(network(3)) }, /^NAT gateways/).monthly, 3 * H * 0.1);
    close(line({ shared: stack(network(3)) }, /^Public IPv4: 3 Elastic IPs \(NAT\)/).monthly, 3 * H * 0.005);
  });

  it('prices interface endpoints per endpoint × AZ; gateway endpoints are free', () => {
    const subnets = ['${aws_subnet.a.id}', '${aws_subnet.b.id}', '${aws_subnet.c.id}'];
    const shared = stack({
      aws_vpc_endpoint: {
        ecr: { service_name: 'com.amazonaws.test-1.ecr.api', vpc_endpoint_type: 'Interface', subnet_ids: subnets },
        logs: { service_name: 'com.amazonaws.test-1.logs', vpc_endpoint_type: 'Interface', subnet_ids: subnets },
        s3: { service_name: 'com.amazonaws.test-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: ['${aws_route_table.p.id}'] },
      },
    });
    const l = line({ shared }, /^Interface VPC endpoints \(ecr\.api, logs\)$/);
    close(l.monthly, 2 * 3 * H * 0.02);
    expect(l.quantity).toBe(`2 × 3 AZs × ${H} h × $0.02`);
    expect(line({ shared }, /^Gateway VPC endpoint \(s3\)$/).monthly).toBe(0);
  });

  it('prices Fargate tasks by vCPU-hours and GB-hours × tasks, at x86_64, ARM64 and Spot rates', () => {
    const x86 = (0.5 * 0.04 + 1 * 0.004) * H;
    close(line({ dev: stack(service('a', { desired: 2 })) }, /^Fargate a$/).monthly, 2 * x86);
    close(line({ dev: stack(service('a', { desired: 2, arch: 'ARM64' })) }, /^Fargate a$/).monthly, 2 * (0.5 * 0.03 + 1 * 0.003) * H);
    close(line({ dev: stack(service('a', { desired: 2, strategy: [{ capacity_provider: 'FARGATE_SPOT', weight: 1 }] })) }, /^Fargate a$/).monthly, 2 * (0.5 * 0.012 + 1 * 0.0012) * H);
    close(
      line({ dev: stack(service('a', { desired: 2, arch: 'ARM64', strategy: [{ capacity_provider: 'FARGATE_SPOT', weight: 1 }] })) }, /^Fargate a$/).monthly,
      2 * (0.5 * 0.009 + 1 * 0.0009) * H,
    );
    close(line({ dev: stack(service('a', { cpu: 1024, memory: 4096, desired: 1 })) }, /^Fargate a$/).monthly, (1 * 0.04 + 4 * 0.004) * H);
  });

  it('splits a mixed capacity provider strategy: base first, the rest by weight', () => {
    const mixed = [
      { capacity_provider: 'FARGATE', base: 1, weight: 1 },
      { capacity_provider: 'FARGATE_SPOT', weight: 3 },
    ];
    expect(spotShare(mixed, 5)).toBe(3);
    close(line({ dev: stack(service('a', { desired: 5, strategy: mixed })) }, /^Fargate a$/).monthly, 2 * (0.5 * 0.04 + 0.004) * H + 3 * (0.5 * 0.012 + 0.0012) * H);
  });

  it('counts the desired count, or the autoscaling minimum when the service scales (the maximum is a usage item)', () => {
    const one = (0.5 * 0.04 + 1 * 0.004) * H;
    close(line({ dev: stack(service('a', { desired: 3 })) }, /^Fargate a$/).monthly, 3 * one);
    const scaled = { dev: stack(service('a', { desired: 5, scaling: { min: 2, max: 6 } })) };
    close(line(scaled, /^Fargate a$/).monthly, 2 * one);
    const headroom = price(inventory(scaled), T).usage.find((u) => u.item === 'Autoscaling headroom: a');
    expect(headroom?.estimate).toBeCloseTo(4 * one, 6);
  });

  it('prices WAF per web ACL and per rule (a managed rule group is one rule), and KMS keys of every spec', () => {
    const shared = stack({
      aws_wafv2_web_acl: {
        acl: {
          name: 'acl',
          rule: [
            { name: 'common', statement: { managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' } } },
            { name: 'rate', statement: { rate_based_statement: { limit: 2000 } } },
          ],
        },
      },
      aws_kms_key: { a: { enable_key_rotation: true }, b: { customer_master_key_spec: 'ECC_NIST_P256', key_usage: 'SIGN_VERIFY' } },
      aws_secretsmanager_secret: { s1: { name: 's1' }, s2: { name: 's2' } },
    });
    close(line({ shared }, /^WAF web ACL acl$/).monthly, 5);
    close(line({ shared }, /^WAF rules \(2, of which 1 AWS managed/).monthly, 2 * 1);
    close(line({ shared }, /^KMS keys \(1 symmetric, 1 asymmetric ECC_NIST_P256\)$/).monthly, 2 * 1);
    close(line({ shared }, /^Secrets Manager secrets \(2\)$/).monthly, 2 * 0.4);
  });

  it('prices the ALB by the hour plus one public IPv4 address per AZ', () => {
    const shared = stack({ aws_lb: { alb: { name: 'alb', internal: false, load_balancer_type: 'application', subnets: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'] } } });
    close(line({ shared }, /^ALB alb$/).monthly, H * 0.05);
    close(line({ shared }, /^Public IPv4: ALB alb/).monthly, 2 * H * 0.005);
  });

  it('fails on an unknown region, naming it, instead of pricing it at zero', () => {
    expect(() => pricesFor('ap-mars-1', T)).toThrow(UnknownRegionError);
    expect(() => profile({ shared: stack(network(1), 'ap-mars-1') }, { table: T })).toThrow(/no prices for region "ap-mars-1"/);
    expect(() => profile({ shared: stack(network(1), 'ap-mars-1') })).toThrow(/"ap-mars-1".*have us-east-1, eu-west-1/);
  });

  it('lists every usage item with its assumption and keeps it out of the total', () => {
    const shared = stack({
      ...network(1),
      aws_lb: { alb: { name: 'alb', subnets: ['a', 'b'] } },
      aws_vpc_endpoint: { kms: { service_name: 'com.amazonaws.test-1.kms', vpc_endpoint_type: 'Interface', subnet_ids: ['a', 'b'] } },
      aws_wafv2_web_acl: { acl: { name: 'acl', rule: [] } },
      aws_cloudwatch_log_group: { lg: { name: '/x', retention_in_days: 30 } },
      aws_guardduty_detector: { gd: { enable: true } },
      aws_guardduty_detector_feature: { rt: { name: 'RUNTIME_MONITORING', status: 'ENABLED', additional_configuration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }] } },
      aws_config_configuration_recorder: { rec: { name: 'rec', recording_group: { all_supported: true } } },
      aws_cloudtrail: { trail: { name: 'trail', is_multi_region_trail: true } },
      ...service('a', { scaling: { min: 1, max: 3 } }),
    });
    const p = price(inventory({ shared }), T);
    const items = p.usage.map((u) => u.item);
    for (const expected of [
      /^NAT gateway data processing$/,
      /^ALB alb capacity units \(LCU\)$/,
      /^Interface endpoint data processing$/,
      /^WAF requests/,
      /^CloudWatch Logs: 1 log group/,
      /^GuardDuty: CloudTrail management events$/,
      /^GuardDuty: ECS Fargate runtime monitoring$/,
      /^AWS Config recorder/,
      /^CloudTrail/,
      /^Autoscaling headroom: a$/,
    ]) {
      expect(items.some((i) => expected.test(i))).toBe(true);
    }
    for (const u of p.usage) {
      expect(u.price).not.toBe('');
      expect(u.assumption).toMatch(/not included in the total/);
    }
    close(p.total, p.lines.reduce((s, l) => s + l.monthly, 0));
    const estimates = p.usage.reduce((s, u) => s + (u.estimate ?? 0), 0);
    expect(estimates).toBeGreaterThan(0);
    // The same stacks without any usage-priced resource cost exactly the same.
    const bare = stack({ ...network(1), aws_lb: { alb: { name: 'alb', subnets: ['a', 'b'] } }, aws_vpc_endpoint: shared.resource.aws_vpc_endpoint, aws_wafv2_web_acl: shared.resource.aws_wafv2_web_acl, ...service('a', { scaling: { min: 1, max: 1 } }) });
    close(price(inventory({ shared: bare }), T).total, p.total);
  });

  it('lists a resource type it has no price rule for instead of counting it as free', () => {
    const p = price(inventory({ shared: stack({ aws_rds_cluster: { db: {} } }) }), T);
    expect(p.unpriced).toEqual([{ stack: 'shared', item: '1 × aws_rds_cluster', why: expect.stringContaining('no price rule') }]);
  });
});

describe('cost profile of a pinned fixture configuration (synthesized)', () => {
  const raw = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/cost/two-environments.json'), 'utf8'));
  const variant = (edit: (c: Json) => void) => {
    const c = structuredClone(raw);
    edit(c);
    return synth(loadConfig(c.shared, c.environments)).stacks;
  };
  const options = { environments: ['dev', 'live'], production: ['live'] };
  let base: ReturnType<typeof profile>;
  beforeAll(() => {
    base = profile(variant(() => undefined), options);
  });
  const P = PRICES.regions['us-east-1'];
  const saving = (name: RegExp) => {
    const s = base.switches.find((x) => name.test(x.name));
    expect(s).toBeDefined();
    return s!.saving;
  };

  it('counts what the fixture deploys and prices it from the us-east-1 table', () => {
    const inv = base.inventory;
    expect(inv.azCount).toBe(3);
    expect(inv.natGateways).toHaveLength(3);
    expect(inv.endpoints.filter((e) => e.type === 'Interface').map((e) => e.azs)).toEqual([3, 3, 3, 3, 3]);
    expect(inv.services.map((s) => [s.stack, s.name, s.vcpu, s.gb, s.tasks, s.maxTasks, s.arch, s.spotTasks])).toEqual([
      ['dev', 'web', 0.25, 0.5, 2, 2, 'x86_64', 0],
      ['dev', 'worker', 0.5, 1, 1, 1, 'x86_64', 0],
      ['live', 'api', 1, 2, 2, 4, 'x86_64', 0],
    ]);
    const x86 = (v: number, g: number) => (v * P.fargate.x86.vcpuHour.usd + g * P.fargate.x86.gbHour.usd) * H;
    const expected =
      3 * H * P.natGatewayHour.usd + // NAT per AZ
      (3 + 3) * H * P.publicIpv4Hour.usd + // three NAT addresses, one ALB address per AZ
      H * P.albHour.usd +
      5 * 3 * H * P.interfaceEndpointAzHour.usd +
      P.wafWebAclMonth.usd +
      5 * P.wafRuleMonth.usd +
      4 * P.kmsKeyMonth.usd + // bootstrap, shared, dev, live
      3 * P.secretMonth.usd +
      2 * x86(0.25, 0.5) +
      x86(0.5, 1) +
      2 * x86(1, 2) +
      4 * P.alarmMetricMonth.usd + // two target-tracking policies, two alarms each
      3 * serviceAlarmMetrics(1) * P.alarmMetricMonth.usd + // every service's alarms (model/alarms.ts), one target group each
      2 * P.dashboardMonth.usd; // a dashboard per environment
    expect(base.total).toBeCloseTo(expected, 6);
    expect(base.unpriced).toEqual([]);
  });

  it('single NAT saves exactly the difference to the fixture synthesized with one NAT gateway', () => {
    const single = profile(variant((c) => (c.shared.network.natGateways = 'single')), options);
    expect(saving(/^Single NAT gateway instead of per-AZ \(3 → 1\)/)).toBeCloseTo(base.total - single.total, 6);
    expect(base.total - single.total).toBeCloseTo(2 * H * (P.natGatewayHour.usd + P.publicIpv4Hour.usd), 6);
    const back = single.switches.find((s) => /^Per-AZ NAT/.test(s.name))!;
    expect(back.saving).toBeCloseTo(single.total - base.total, 6);
  });

  it('endpoints off saves exactly the difference to the fixture synthesized without endpoints', () => {
    const off = profile(variant((c) => (c.shared.network.vpcEndpoints = false)), options);
    expect(saving(/^VPC interface endpoints off/)).toBeCloseTo(base.total - off.total, 6);
    expect(off.inventory.endpoints.filter((e) => e.type === 'Interface')).toEqual([]);
  });

  it('Spot outside production saves exactly the difference to the fixture with spot: true on every non-production service', () => {
    const spot = profile(variant((c) => c.environments.filter((e: Json) => !e.production).forEach((e: Json) => e.services.forEach((s: Json) => (s.spot = true)))), options);
    expect(spot.inventory.services.filter((s) => s.stack === 'dev').map((s) => s.spotTasks)).toEqual([2, 1]);
    expect(saving(/^Fargate Spot outside production \(2 services/)).toBeCloseTo(base.total - spot.total, 6);
  });

  it('WAF off saves exactly the difference to the fixture synthesized without WAF', () => {
    const off = profile(variant((c) => (c.shared.audit.waf = false)), options);
    expect(saving(/^WAF off$/)).toBeCloseTo(base.total - off.total, 6);
    expect(base.switches.find((s) => s.name === 'WAF off')?.warning).toMatch(/security trade/);
  });

  it('ARM64 saves the x86_64 minus ARM64 rate on every task', () => {
    const a = P.fargate.arm64;
    const x = P.fargate.x86;
    const diff = (v: number, g: number) => (v * (x.vcpuHour.usd - a.vcpuHour.usd) + g * (x.gbHour.usd - a.gbHour.usd)) * H;
    expect(saving(/^ARM64/)).toBeCloseTo(2 * diff(0.25, 0.5) + diff(0.5, 1) + 2 * diff(1, 2), 6);
  });

  it('the cheapest sandbox keeps one non-production environment on a single NAT, no interface endpoints, WAF on, ARM64 Spot, one task each', () => {
    const sandbox = base.switches.find((s) => s.name.startsWith('Cheapest sandbox'))!;
    expect(sandbox.name).toContain('"dev" only');
    const sp = P.fargate.spotArm64;
    const task = (v: number, g: number) => (v * sp.vcpuHour.usd + g * sp.gbHour.usd) * H;
    const expected =
      H * (P.natGatewayHour.usd + P.publicIpv4Hour.usd) + H * P.albHour.usd + 3 * H * P.publicIpv4Hour.usd + P.wafWebAclMonth.usd + 5 * P.wafRuleMonth.usd + 3 * P.kmsKeyMonth.usd + 1 * P.secretMonth.usd + task(0.25, 0.5) + task(0.5, 1) +
      2 * serviceAlarmMetrics(1) * P.alarmMetricMonth.usd + P.dashboardMonth.usd; // dev's alarms and dashboard stay
    expect(sandbox.after).toBeCloseTo(expected, 6);
  });
});

describe('price table', () => {
  it('is dated and has a source for every entry of eu-west-1 and us-east-1', () => {
    expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(PRICES.regions)).toEqual(expect.arrayContaining(['eu-west-1', 'us-east-1']));
    const walk = (x: Json, where: string): void => {
      if ('usd' in x) {
        expect({ where, ok: x.usd > 0 && x.source.length > 10 && x.unit.length > 0 }).toEqual({ where, ok: true });
        if (!x.verified) expect(x.source).toContain('from memory, unverified');
      } else for (const [k, v] of Object.entries(x)) if (typeof v === 'object') walk(v as Json, `${where}.${k}`);
    };
    for (const [region, p] of Object.entries(PRICES.regions)) walk(p, region);
  });
});

describe('npm run cost', () => {
  const run = (env: Record<string, string> = {}) => spawnSync('npm', ['run', '--silent', 'cost'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

  it('prints the profile of the pinned example (SF_CONFIG, as every unit test\'s commands) with a total line and exits 0', () => {
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Fixed total per month +\$\d[\d,]*\.\d\d$/m);
    expect(r.stdout).toContain('Usage-based (listed with their assumption, NOT included in the total)');
  });

  it('exits 1 naming a region the price table lacks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-cost-test-'));
    try {
      const file = path.join(dir, 'mars.json');
      const c = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/cost/two-environments.json'), 'utf8'));
      c.shared.region = 'ap-mars-1';
      fs.writeFileSync(file, JSON.stringify(c));
      const r = run({ SF_CONFIG: file });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('no prices for region "ap-mars-1"');
      expect(r.stdout).not.toContain('Fixed total');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
