/**
 * The arithmetic of `npm run cost`: what the synthesized stacks deploy (read from their
 * cdk.tf.json, so the profile follows the code as it grows), priced from cost/prices.ts.
 *
 * Pure: it takes the parsed stacks and returns numbers. Three steps, each exported for tests:
 *   inventory(stacks)          -> what is deployed, per stack (counts, sizes, AZs)
 *   price(inventory, table)    -> fixed monthly lines, usage items (never in the total), unpriced items
 *   switches(inventory, ...)   -> what each cost switch saves: the inventory is changed as the
 *                                 switch would change it and priced again, so every saving is the
 *                                 difference of two totals.
 */
import { FargateRates, PRICES, Price, PriceTable, RegionPrices, pricesFor } from './prices';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** Stack name (the folder under cdktf.out/stacks) -> its parsed cdk.tf.json. */
export type Stacks = Readonly<Record<string, Json>>;

export type Arch = 'x86_64' | 'arm64';

export interface FargateService {
  readonly stack: string;
  readonly name: string;
  readonly vcpu: number;
  readonly gb: number;
  /** Tasks that run all month: the autoscaling minimum, else `desired_count`. */
  readonly tasks: number;
  /** The autoscaling maximum (= tasks without autoscaling). */
  readonly maxTasks: number;
  readonly arch: Arch;
  /** How many of `tasks` run on FARGATE_SPOT (from the capacity provider strategy; may be fractional). */
  readonly spotTasks: number;
  /** Each task gets a public IPv4 address. */
  readonly publicIp: boolean;
}

export interface Inventory {
  /** Stacks in report order, with their region. */
  readonly stacks: ReadonlyArray<{ readonly name: string; readonly region: string }>;
  /** Availability zones of the VPC (distinct zones of its subnets): what per-AZ NAT multiplies by. */
  readonly azCount: number;
  readonly natGateways: ReadonlyArray<{ readonly stack: string; readonly name: string }>;
  /** Elastic IPs; `nat` when a NAT gateway uses it. */
  readonly eips: ReadonlyArray<{ readonly stack: string; readonly name: string; readonly nat: boolean }>;
  readonly albs: ReadonlyArray<{ readonly stack: string; readonly name: string; readonly publicIps: number }>;
  readonly endpoints: ReadonlyArray<{ readonly stack: string; readonly service: string; readonly type: 'Interface' | 'Gateway'; readonly azs: number }>;
  readonly webAcls: ReadonlyArray<{ readonly stack: string; readonly name: string; readonly rules: number; readonly managedGroups: number }>;
  readonly kmsKeys: ReadonlyArray<{ readonly stack: string; readonly spec: string; readonly rotation: boolean }>;
  readonly secrets: ReadonlyArray<{ readonly stack: string; readonly name: string; readonly copies: number }>;
  readonly services: readonly FargateService[];
  /** Standard-resolution alarm metrics (metric alarms plus the two alarms each target-tracking policy creates). */
  readonly alarmMetrics: ReadonlyArray<{ readonly stack: string; readonly what: string; readonly metrics: number }>;
  readonly dashboards: ReadonlyArray<{ readonly stack: string; readonly name: string }>;
  /** Resources that cost nothing by themselves but are shown so the reader sees they were counted. */
  readonly free: ReadonlyArray<{ readonly stack: string; readonly item: string }>;
  /** Usage-priced resources, by kind (priced as usage items; never in the total). */
  readonly usage: ReadonlyArray<UsageResource>;
  /** Billable (or possibly billable) resources this tool has no price for. */
  readonly unpriced: ReadonlyArray<Unpriced>;
}

export type UsageKind =
  | 'logGroup'
  | 'flowLog'
  | 's3Bucket'
  | 'dynamoDbTable'
  | 'ecrRepository'
  | 'enhancedScanning'
  | 'snsTopic'
  | 'guardDuty'
  | 'guardDutyRuntime'
  | 'configRecorder'
  | 'cloudTrail'
  | 'containerInsights'
  | 'secretRotation'
  | 'docdbCluster';

export interface UsageResource {
  readonly stack: string;
  readonly kind: UsageKind;
  readonly name: string;
  readonly detail?: string;
}

export interface Unpriced {
  readonly stack: string;
  readonly item: string;
  readonly why: string;
}

export interface Line {
  readonly stack: string;
  readonly item: string;
  /** How the amount is made up, e.g. "2 × 730 h × $0.048". */
  readonly quantity: string;
  readonly monthly: number;
  readonly note?: string;
}

export interface UsageItem {
  readonly stack: string;
  readonly item: string;
  /** The unit price(s), e.g. "$0.048 per GB processed". */
  readonly price: string;
  /** What drives it and why it is not in the total. */
  readonly assumption: string;
  /** A rough monthly figure where the configuration determines it (still not in the total). */
  readonly estimate?: number;
  /** What the estimate assumes, e.g. "at the configured size". */
  readonly estimateBasis?: string;
}

export interface Priced {
  readonly lines: readonly Line[];
  readonly usage: readonly UsageItem[];
  readonly unpriced: readonly Unpriced[];
  readonly byStack: ReadonlyArray<{ readonly stack: string; readonly monthly: number }>;
  /** Sum of the fixed lines: usage items are never in it. */
  readonly total: number;
}

export interface Switch {
  readonly name: string;
  /** Total before minus total after (negative: the switch costs more). */
  readonly saving: number;
  readonly after: number;
  readonly note?: string;
  readonly warning?: string;
}

export interface Profile extends Priced {
  readonly asOf: string;
  readonly hoursPerMonth: number;
  readonly regions: readonly string[];
  readonly inventory: Inventory;
  readonly switches: readonly Switch[];
}

export interface ProfileOptions {
  readonly table?: PriceTable;
  /** Environment stacks that are production (never moved to Spot). Unknown when omitted. */
  readonly production?: readonly string[];
  /** Environment stacks in configuration order; default: every stack but bootstrap and shared. */
  readonly environments?: readonly string[];
}

/** The whole profile: inventory, fixed and usage prices, and what each switch saves. */
export function profile(stacks: Stacks, options: ProfileOptions = {}): Profile {
  const table = options.table ?? PRICES;
  const inv = inventory(stacks, options.environments);
  const priced = price(inv, table);
  return {
    ...priced,
    asOf: table.asOf,
    hoursPerMonth: table.hoursPerMonth,
    regions: [...new Set(inv.stacks.map((s) => s.region))],
    inventory: inv,
    switches: switches(inv, table, options),
  };
}

// ---------------------------------------------------------------------------------------------
// Inventory: read the synthesized resources.

/** Resource types that are never billed by themselves. */
const FREE_TYPES = new Set([
  'aws_vpc',
  'aws_subnet',
  'aws_route',
  'aws_route_table',
  'aws_route_table_association',
  'aws_internet_gateway',
  'aws_egress_only_internet_gateway',
  'aws_default_security_group',
  'aws_default_network_acl',
  'aws_default_route_table',
  'aws_network_acl',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy',
  'aws_iam_openid_connect_provider',
  'aws_kms_alias',
  'aws_lb_listener',
  'aws_lb_listener_rule',
  'aws_lb_listener_certificate',
  'aws_lb_target_group',
  'aws_ecs_cluster',
  'aws_ecs_cluster_capacity_providers',
  'aws_ecs_task_definition',
  'aws_appautoscaling_target',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_notification',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_ecr_lifecycle_policy',
  'aws_ecr_repository_policy',
  'aws_config_configuration_recorder_status',
  'aws_config_delivery_channel',
  'aws_guardduty_detector_feature',
  'aws_wafv2_web_acl_association',
  'aws_wafv2_web_acl_logging_configuration',
  'aws_wafv2_ip_set',
  'aws_wafv2_regex_pattern_set',
  'aws_docdb_subnet_group',
  'aws_docdb_cluster_parameter_group',
  'aws_secretsmanager_secret_version',
  'aws_secretsmanager_secret_policy',
  'aws_sns_topic_subscription',
  'aws_sns_topic_policy',
  'aws_cloudwatch_log_resource_policy',
  'aws_cloudwatch_log_metric_filter',
  // Terraform's own state-only resource (the deployment-strategy marker): no AWS resource at all.
  'terraform_data',
]);

/** AWS managed rule groups that carry a subscription and per-request fee on top of the rule charge. */
const PAID_RULE_GROUPS = new Set(['AWSManagedRulesBotControlRuleSet', 'AWSManagedRulesATPRuleSet', 'AWSManagedRulesACFPRuleSet', 'AWSManagedRulesAntiDDoSRuleSet']);

const resourcesOf = (stack: Json, type: string): Array<[string, Json]> => Object.entries<Json>(stack.resource?.[type] ?? {});
const refName = (value: unknown, type: string): string | undefined => {
  const m = typeof value === 'string' ? new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.[\\w]+\\}$`).exec(value) : null;
  return m?.[1];
};
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function regionOf(name: string, stack: Json): string {
  const providers = asArray<Json>(stack.provider?.aws);
  const main = providers.find((p) => !p.alias) ?? providers[0];
  const region = main?.region;
  if (typeof region !== 'string' || !region) throw new Error(`stack "${name}" has no AWS provider region: cannot price it`);
  return region;
}

function orderStacks(names: string[], environments?: readonly string[]): string[] {
  const first = ['bootstrap', 'shared'].filter((n) => names.includes(n));
  const envs = (environments ?? []).filter((n) => names.includes(n) && !first.includes(n));
  const rest = names.filter((n) => !first.includes(n) && !envs.includes(n)).sort();
  return [...first, ...envs, ...rest];
}

/** What the synthesized stacks deploy, per stack. */
export function inventory(stacks: Stacks, environments?: readonly string[]): Inventory {
  const order = orderStacks(Object.keys(stacks), environments);
  const out = {
    stacks: order.map((name) => ({ name, region: regionOf(name, stacks[name]) })),
    azCount: 0,
    natGateways: [] as Array<Inventory['natGateways'][number]>,
    eips: [] as Array<Inventory['eips'][number]>,
    albs: [] as Array<Inventory['albs'][number]>,
    endpoints: [] as Array<Inventory['endpoints'][number]>,
    webAcls: [] as Array<Inventory['webAcls'][number]>,
    kmsKeys: [] as Array<Inventory['kmsKeys'][number]>,
    secrets: [] as Array<Inventory['secrets'][number]>,
    services: [] as FargateService[],
    alarmMetrics: [] as Array<Inventory['alarmMetrics'][number]>,
    dashboards: [] as Array<Inventory['dashboards'][number]>,
    free: [] as Array<Inventory['free'][number]>,
    usage: [] as UsageResource[],
    unpriced: [] as Unpriced[],
  };
  const zones = new Set<string>();

  for (const stackName of order) {
    const stack = stacks[stackName];
    const natEips = new Set(resourcesOf(stack, 'aws_nat_gateway').map(([, b]) => refName(b.allocation_id, 'aws_eip')).filter(Boolean));
    const handled = new Set<string>();
    const use = (type: string) => (handled.add(type), resourcesOf(stack, type));
    const usage = (kind: UsageKind, name: string, detail?: string) => out.usage.push({ stack: stackName, kind, name, detail });

    for (const [, b] of use('aws_subnet')) if (typeof b.availability_zone === 'string') zones.add(b.availability_zone);
    for (const [name, b] of use('aws_nat_gateway')) {
      if (b.connectivity_type === 'private') out.unpriced.push({ stack: stackName, item: `private NAT gateway ${name}`, why: 'private NAT gateways are not in the price table' });
      else out.natGateways.push({ stack: stackName, name: b.tags?.Name ?? name });
    }
    for (const [name, b] of use('aws_eip')) out.eips.push({ stack: stackName, name: b.tags?.Name ?? name, nat: natEips.has(name) });

    for (const type of ['aws_lb', 'aws_alb']) {
      for (const [name, b] of use(type)) {
        const kind = b.load_balancer_type ?? 'application';
        if (kind !== 'application') {
          out.unpriced.push({ stack: stackName, item: `${kind} load balancer ${b.name ?? name}`, why: 'only Application Load Balancers are in the price table' });
          continue;
        }
        const azs = asArray(b.subnets).length || asArray(b.subnet_mapping).length;
        const publicIps = b.internal === true || b.ip_address_type === 'dualstack-without-public-ipv4' ? 0 : azs;
        out.albs.push({ stack: stackName, name: b.name ?? name, publicIps });
      }
    }

    for (const [name, b] of use('aws_vpc_endpoint')) {
      const type = b.vpc_endpoint_type ?? 'Gateway';
      const service = String(b.service_name ?? name).replace(/^com\.amazonaws\.[a-z0-9-]+\./, '');
      if (type === 'Interface') out.endpoints.push({ stack: stackName, service, type, azs: Math.max(1, asArray(b.subnet_ids).length) });
      else if (type === 'Gateway') out.endpoints.push({ stack: stackName, service, type, azs: 0 });
      else out.unpriced.push({ stack: stackName, item: `${type} VPC endpoint ${service}`, why: 'only Interface and Gateway endpoints are in the price table' });
    }

    for (const [name, b] of use('aws_wafv2_web_acl')) {
      const rules = asArray<Json>(b.rule);
      const managed = rules.map((r) => r.statement?.managed_rule_group_statement).filter(Boolean) as Json[];
      out.webAcls.push({ stack: stackName, name: b.name ?? name, rules: rules.length, managedGroups: managed.length });
      for (const m of managed.filter((g) => PAID_RULE_GROUPS.has(g.name))) {
        out.unpriced.push({ stack: stackName, item: `WAF managed rule group ${m.name}`, why: 'carries a monthly subscription and a per-request fee on top of the $1 rule charge; not in the price table' });
      }
    }

    for (const type of ['aws_kms_key', 'aws_kms_replica_key']) {
      for (const [, b] of use(type)) out.kmsKeys.push({ stack: stackName, spec: b.customer_master_key_spec ?? b.key_spec ?? 'SYMMETRIC_DEFAULT', rotation: b.enable_key_rotation === true });
    }
    for (const [name, b] of use('aws_secretsmanager_secret')) out.secrets.push({ stack: stackName, name: b.name ?? name, copies: 1 + asArray(b.replica).length });
    for (const [name] of use('aws_secretsmanager_secret_rotation')) usage('secretRotation', name);

    out.services.push(...fargateServices(stackName, stack, out.unpriced, handled));

    for (const [name, b] of use('aws_cloudwatch_metric_alarm')) {
      const metrics = asArray<Json>(b.metric_query).filter((q) => q.metric).length || 1;
      if (typeof b.period === 'number' && b.period < 60) out.unpriced.push({ stack: stackName, item: `high-resolution alarm ${b.alarm_name ?? name}`, why: 'high-resolution alarms are priced higher than the table’s standard alarm' });
      else out.alarmMetrics.push({ stack: stackName, what: `alarm ${b.alarm_name ?? name}`, metrics });
    }
    for (const [name, b] of use('aws_appautoscaling_policy')) {
      if (b.policy_type === 'TargetTrackingScaling') out.alarmMetrics.push({ stack: stackName, what: `target-tracking policy ${name}`, metrics: 2 });
    }
    for (const [name, b] of use('aws_cloudwatch_dashboard')) out.dashboards.push({ stack: stackName, name: b.dashboard_name ?? name });

    for (const [name, b] of use('aws_cloudwatch_log_group')) usage('logGroup', b.name ?? name, b.retention_in_days ? `${b.retention_in_days} d` : 'never expires');
    for (const [name, b] of use('aws_flow_log')) usage('flowLog', name, `${b.traffic_type ?? 'ALL'} traffic to ${b.log_destination_type ?? 'cloud-watch-logs'}`);
    for (const [name, b] of use('aws_s3_bucket')) usage('s3Bucket', b.bucket ?? (b.bucket_prefix ? `${b.bucket_prefix}*` : name));
    for (const [name, b] of use('aws_dynamodb_table')) {
      if ((b.billing_mode ?? 'PROVISIONED') === 'PAY_PER_REQUEST') usage('dynamoDbTable', b.name ?? name);
      else out.unpriced.push({ stack: stackName, item: `DynamoDB table ${b.name ?? name} (provisioned capacity)`, why: 'provisioned capacity is not in the price table' });
    }
    for (const [name, b] of use('aws_ecr_repository')) usage('ecrRepository', b.name ?? name);
    for (const [name, b] of use('aws_ecr_registry_scanning_configuration')) if (b.scan_type === 'ENHANCED') usage('enhancedScanning', name);
    for (const [name, b] of use('aws_sns_topic')) usage('snsTopic', b.name ?? name);
    for (const [name, b] of use('aws_guardduty_detector')) if (b.enable !== false) usage('guardDuty', name);
    for (const [name, b] of resourcesOf(stack, 'aws_guardduty_detector_feature')) {
      if (b.name === 'RUNTIME_MONITORING' && b.status === 'ENABLED' && asArray<Json>(b.additional_configuration).some((c) => c.name === 'ECS_FARGATE_AGENT_MANAGEMENT' && c.status === 'ENABLED')) usage('guardDutyRuntime', name);
    }
    for (const [name, b] of use('aws_config_configuration_recorder')) usage('configRecorder', b.name ?? name, b.recording_group?.all_supported ? 'all supported resource types' : undefined);
    for (const [name, b] of use('aws_cloudtrail')) {
      usage('cloudTrail', b.name ?? name, [b.is_multi_region_trail ? 'multi-region' : 'single-region', b.event_selector || b.advanced_event_selector ? 'with data event selectors' : 'management events'].join(', '));
      out.free.push({ stack: stackName, item: `CloudTrail trail ${b.name ?? name}: the first copy of management events is free` });
    }
    for (const [name, b] of use('aws_ecs_cluster')) {
      const insights = asArray<Json>(b.setting).find((s) => s.name === 'containerInsights')?.value;
      if (insights === 'enabled' || insights === 'enhanced') usage('containerInsights', b.name ?? name, insights);
    }
    for (const [name, b] of use('aws_docdb_cluster_instance')) {
      out.unpriced.push({ stack: stackName, item: `DocumentDB instance ${b.identifier ?? name} (${b.instance_class})`, why: 'instance-hours, storage, I/O and the managed master-user secret are not in the price table: see https://aws.amazon.com/documentdb/pricing/' });
    }
    for (const [name, b] of use('aws_docdb_cluster')) usage('docdbCluster', b.cluster_identifier ?? name);
    for (const [name, b] of use('aws_signer_signing_profile')) {
      out.unpriced.push({ stack: stackName, item: `AWS Signer profile ${b.name ?? name}`, why: 'believed free for container image signing (from memory, unverified): check https://aws.amazon.com/signer/pricing/' });
    }

    // Everything else: free by construction, or flagged so a new resource never costs a silent zero.
    for (const type of Object.keys(stack.resource ?? {})) {
      if (handled.has(type) || FREE_TYPES.has(type)) continue;
      const count = Object.keys(stack.resource[type]).length;
      out.unpriced.push({ stack: stackName, item: `${count} × ${type}`, why: 'no price rule for this resource type in cost/profile.ts: check whether it is billed' });
    }
  }
  out.azCount = zones.size || Math.max(0, ...out.albs.map((a) => a.publicIps));
  return out;
}

function fargateServices(stackName: string, stack: Json, unpriced: Unpriced[], handled: Set<string>): FargateService[] {
  handled.add('aws_ecs_service');
  const taskDefs = stack.resource?.aws_ecs_task_definition ?? {};
  const targets = resourcesOf(stack, 'aws_appautoscaling_target');
  const clusterDefaults = new Map<string, Json[]>();
  for (const [, b] of resourcesOf(stack, 'aws_ecs_cluster_capacity_providers')) {
    const cluster = refName(b.cluster_name, 'aws_ecs_cluster');
    if (cluster) clusterDefaults.set(cluster, asArray(b.default_capacity_provider_strategy));
  }
  const services: FargateService[] = [];
  for (const [logical, b] of resourcesOf(stack, 'aws_ecs_service')) {
    const name = String(b.name ?? logical);
    const td = taskDefs[refName(b.task_definition, 'aws_ecs_task_definition') ?? ''];
    if (b.launch_type && b.launch_type !== 'FARGATE') {
      unpriced.push({ stack: stackName, item: `ECS service ${name} (${b.launch_type} launch type)`, why: 'only Fargate is in the price table' });
      continue;
    }
    if (!td || td.cpu === undefined || td.memory === undefined) {
      unpriced.push({ stack: stackName, item: `ECS service ${name}`, why: 'its task definition (with task-level cpu and memory) is not in this stack' });
      continue;
    }
    if (String(td.runtime_platform?.operating_system_family ?? 'LINUX') !== 'LINUX') {
      unpriced.push({ stack: stackName, item: `ECS service ${name} (${td.runtime_platform.operating_system_family})`, why: 'only Linux Fargate is in the price table' });
      continue;
    }
    const target = targets.find(([, t]) => String(t.resource_id ?? '').includes(`aws_ecs_service.${logical}.name`))?.[1];
    const tasks = target ? runningCount(target.min_capacity) : runningCount(b.desired_count ?? 0);
    const maxTasks = target ? Math.max(tasks, runningCount(target.max_capacity)) : tasks;
    const strategy = b.capacity_provider_strategy ? asArray<Json>(b.capacity_provider_strategy) : b.launch_type ? [] : (clusterDefaults.get(refName(b.cluster, 'aws_ecs_cluster') ?? '') ?? []);
    services.push({
      stack: stackName,
      name,
      vcpu: Number(td.cpu) / 1024,
      gb: Number(td.memory) / 1024,
      tasks,
      maxTasks,
      arch: td.runtime_platform?.cpu_architecture === 'ARM64' ? 'arm64' : 'x86_64',
      spotTasks: spotShare(strategy, tasks),
      publicIp: b.network_configuration?.assign_public_ip === true,
    });
  }
  return services;
}

/**
 * A task count as synthesized: a number, or the start gate's `${... ? N : 0}` (a service waits
 * at 0 tasks until its secrets have a value, constructs/service/start-gate.ts), priced at N:
 * what the environment runs once it is set up.
 */
export function runningCount(value: unknown): number {
  if (typeof value === 'number') return value;
  const gated = /\?\s*(\d+)\s*:\s*0\s*\}$/.exec(String(value));
  return gated ? Number(gated[1]) : Number(value);
}

/** Tasks on FARGATE_SPOT under a capacity provider strategy: each provider's `base` first, the rest by weight. */
export function spotShare(strategy: readonly Json[], tasks: number): number {
  if (strategy.length === 0) return 0;
  let left = tasks;
  let spot = 0;
  for (const s of strategy) {
    const base = Math.min(left, Number(s.base ?? 0));
    left -= base;
    if (s.capacity_provider === 'FARGATE_SPOT') spot += base;
  }
  const weight = (s: Json) => Number(s.weight ?? 0);
  const total = strategy.reduce((sum, s) => sum + weight(s), 0);
  if (total > 0) spot += (left * strategy.filter((s) => s.capacity_provider === 'FARGATE_SPOT').reduce((sum, s) => sum + weight(s), 0)) / total;
  return spot;
}

// ---------------------------------------------------------------------------------------------
// Pricing.

/** A unit price: cents as "$0.40", smaller amounts with every significant digit ("$0.0252"). */
export const usd = (n: number) => (Math.abs(Math.round(n * 100) - n * 100) < 1e-9 ? `$${n.toFixed(2)}` : `$${+n.toPrecision(8)}`);
const per = (p: Price) => `${usd(p.usd)} per ${p.unit}`;
const plural = (n: number, word: string) => `${Number.isInteger(n) ? n : n.toFixed(2)} ${n === 1 ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
const money = (n: number) => `$${n.toFixed(2)}`;

/** Monthly cost of one task of `svc` at the given rates. */
const taskMonth = (svc: { vcpu: number; gb: number }, r: FargateRates, hours: number) => hours * (svc.vcpu * r.vcpuHour.usd + svc.gb * r.gbHour.usd);

function rates(p: RegionPrices, arch: Arch, spot: boolean): FargateRates {
  if (arch === 'arm64') return spot ? p.fargate.spotArm64 : p.fargate.arm64;
  return spot ? p.fargate.spotX86 : p.fargate.x86;
}

/** The monthly Fargate cost of a service's steady tasks. */
export function serviceMonthly(svc: FargateService, p: RegionPrices, hours: number): number {
  return (svc.tasks - svc.spotTasks) * taskMonth(svc, rates(p, svc.arch, false), hours) + svc.spotTasks * taskMonth(svc, rates(p, svc.arch, true), hours);
}

/** Fixed monthly lines, usage items and unpriced items of an inventory. */
export function price(inv: Inventory, table: PriceTable = PRICES): Priced {
  const H = table.hoursPerMonth;
  const lines: Line[] = [];
  const usage: UsageItem[] = [];
  const totalTaskVcpus = inv.services.reduce((s, svc) => s + svc.tasks * svc.vcpu, 0);

  for (const { name: stack, region } of inv.stacks) {
    const p = pricesFor(region, table);
    const add = (item: string, quantity: string, monthly: number, note?: string) => lines.push({ stack, item, quantity, monthly, note });
    const hourly = (n: number, pr: Price) => `${n} × ${H} h × ${usd(pr.usd)}`;
    const mine = <T extends { stack: string }>(xs: readonly T[]) => xs.filter((x) => x.stack === stack);
    const addUsage = (item: string, price: string, assumption: string, estimate?: number, estimateBasis?: string) =>
      usage.push({ stack, item, price, assumption, ...(estimate === undefined ? {} : { estimate, estimateBasis }) });

    const nats = mine(inv.natGateways);
    if (nats.length) {
      add(`NAT gateway${nats.length > 1 ? 's' : ''} (${nats.map((n) => n.name).join(', ')})`, hourly(nats.length, p.natGatewayHour), nats.length * H * p.natGatewayHour.usd);
      addUsage('NAT gateway data processing', per(p.natGatewayGb), 'every GB the tasks send or receive through NAT (image pulls, AWS APIs without an endpoint, third parties), plus data transfer out; not included in the total');
    }
    const eips = mine(inv.eips);
    if (eips.length) {
      const nat = eips.filter((e) => e.nat).length;
      add(`Public IPv4: ${plural(eips.length, 'Elastic IP')}${nat ? ` (${nat === eips.length ? 'NAT' : `${nat} NAT`})` : ''}`, hourly(eips.length, p.publicIpv4Hour), eips.length * H * p.publicIpv4Hour.usd, 'billed hourly since February 2024');
    }
    for (const alb of mine(inv.albs)) {
      add(`ALB ${alb.name}`, hourly(1, p.albHour), H * p.albHour.usd);
      if (alb.publicIps) add(`Public IPv4: ALB ${alb.name} (one per AZ)`, hourly(alb.publicIps, p.publicIpv4Hour), alb.publicIps * H * p.publicIpv4Hour.usd, 'at least one per enabled AZ; the ALB adds nodes (and addresses) as it scales');
      addUsage(`ALB ${alb.name} capacity units (LCU)`, per(p.albLcuHour), 'an LCU-hour is the highest of 25 new connections/s, 3,000 active connections/min, 1 GB/h processed or 1,000 rule evaluations/s; a quiet ALB uses a fraction of one LCU; not included in the total');
    }
    const iface = mine(inv.endpoints).filter((e) => e.type === 'Interface');
    if (iface.length) {
      const azHours = iface.reduce((s, e) => s + e.azs, 0);
      const azs = [...new Set(iface.map((e) => e.azs))];
      add(
        `Interface VPC endpoints (${iface.map((e) => e.service).join(', ')})`,
        azs.length === 1 ? `${iface.length} × ${azs[0]} AZs × ${H} h × ${usd(p.interfaceEndpointAzHour.usd)}` : hourly(azHours, p.interfaceEndpointAzHour),
        azHours * H * p.interfaceEndpointAzHour.usd,
        'billed per endpoint per AZ',
      );
      addUsage('Interface endpoint data processing', per(p.interfaceEndpointGb), 'per GB through the endpoints (image layers, logs, secrets, KMS calls); not included in the total');
    }
    for (const gw of mine(inv.endpoints).filter((e) => e.type === 'Gateway')) add(`Gateway VPC endpoint (${gw.service})`, 'free', 0, 'gateway endpoints have no hourly or data charge');

    for (const acl of mine(inv.webAcls)) {
      add(`WAF web ACL ${acl.name}`, `1 × ${usd(p.wafWebAclMonth.usd)}/month`, p.wafWebAclMonth.usd);
      if (acl.rules) add(`WAF rules (${acl.rules}, of which ${acl.managedGroups} AWS managed rule groups)`, `${acl.rules} × ${usd(p.wafRuleMonth.usd)}/month`, acl.rules * p.wafRuleMonth.usd, 'each managed rule group is billed as one rule');
      addUsage(`WAF requests (${acl.name})`, per(p.wafMillionRequests), 'every request the web ACL inspects, allowed or blocked (attack traffic included); not included in the total');
    }

    const keys = mine(inv.kmsKeys);
    if (keys.length) {
      const specs = new Map<string, number>();
      for (const k of keys) specs.set(k.spec, (specs.get(k.spec) ?? 0) + 1);
      const kinds = [...specs].map(([spec, n]) => `${n} ${spec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : spec.startsWith('HMAC') ? `HMAC ${spec}` : `asymmetric ${spec}`}`).join(', ');
      const rotating = keys.filter((k) => k.rotation).length;
      add(
        `KMS keys (${kinds})`,
        `${keys.length} × ${usd(p.kmsKeyMonth.usd)}/month`,
        keys.length * p.kmsKeyMonth.usd,
        rotating ? `first-year price; ${rotating === keys.length ? 'rotating' : `${rotating} rotating`} yearly, each key costs ${usd(p.kmsRotationMonth.usd)}/month more after each of its first two rotations` : undefined,
      );
      addUsage('KMS requests', per(p.kmsTenThousandRequests), 'encrypt/decrypt calls by CloudWatch Logs, Secrets Manager, S3 and ECS on these keys (20,000 a month are free); not included in the total');
    }
    const secrets = mine(inv.secrets);
    if (secrets.length) {
      const copies = secrets.reduce((s, x) => s + x.copies, 0);
      add(`Secrets Manager secrets (${secrets.length}${copies > secrets.length ? `, ${copies - secrets.length} replicas` : ''})`, `${copies} × ${usd(p.secretMonth.usd)}/month`, copies * p.secretMonth.usd);
      addUsage('Secrets Manager API calls', per(p.secretTenThousandCalls), 'ECS reads each secret when a task starts: a few calls per task launch; not included in the total');
    }

    for (const svc of mine(inv.services)) {
      const monthly = serviceMonthly(svc, p, H);
      const spot = svc.spotTasks === 0 ? 'on-demand' : svc.spotTasks === svc.tasks ? 'Fargate Spot' : `${svc.spotTasks} on Fargate Spot`;
      add(
        `Fargate ${svc.name}`,
        `${plural(svc.tasks, 'task')} × (${svc.vcpu} vCPU + ${svc.gb} GB) × ${H} h, ${svc.arch === 'arm64' ? 'ARM64' : 'x86_64'}, ${spot}`,
        monthly,
        svc.spotTasks ? 'Spot prices vary; Spot tasks can be interrupted with two minutes’ notice' : undefined,
      );
      if (svc.publicIp) add(`Public IPv4: ${svc.name} tasks`, hourly(svc.tasks, p.publicIpv4Hour), svc.tasks * H * p.publicIpv4Hour.usd);
      if (svc.maxTasks > svc.tasks) {
        const extra = ((svc.maxTasks - svc.tasks) * monthly) / Math.max(1, svc.tasks);
        addUsage(
          `Autoscaling headroom: ${svc.name}`,
          svc.tasks ? `${money(monthly / svc.tasks)} per extra task-month` : 'as the tasks above',
          `scales from ${svc.tasks} to ${svc.maxTasks} tasks on load; not included in the total`,
          svc.tasks ? extra : undefined,
          'if at the maximum all month',
        );
      }
    }

    const alarms = mine(inv.alarmMetrics);
    if (alarms.length) {
      const metrics = alarms.reduce((s, a) => s + a.metrics, 0);
      const tt = alarms.filter((a) => a.what.startsWith('target-tracking')).length;
      add(`CloudWatch alarms (${metrics} alarm metrics${tt ? `, ${2 * tt} of them created by ${tt} target-tracking policies` : ''})`, `${metrics} × ${usd(p.alarmMetricMonth.usd)}/month`, metrics * p.alarmMetricMonth.usd);
    }
    const dashboards = mine(inv.dashboards);
    if (dashboards.length) add(`CloudWatch dashboards (${dashboards.length})`, `${dashboards.length} × ${usd(p.dashboardMonth.usd)}/month`, dashboards.length * p.dashboardMonth.usd, 'the first three dashboards of an account are free; not deducted here');

    for (const f of mine(inv.free)) add(f.item, 'free', 0);

    const used = mine(inv.usage);
    const of = (kind: UsageKind) => used.filter((u) => u.kind === kind);
    const logs = of('logGroup');
    if (logs.length) {
      const retention = [...new Set(logs.map((l) => l.detail))].join(', ');
      addUsage(`CloudWatch Logs: ${plural(logs.length, 'log group')} (retention ${retention})`, `${per(p.logsIngestionGb)}; ${per(p.logsStorageGbMonth)}`, 'volume depends on what the applications and AWS services write; storage grows for the whole retention period; not included in the total');
    }
    if (of('flowLog').length) addUsage(`VPC flow logs (${of('flowLog').map((f) => f.detail).join('; ')})`, per(p.logsIngestionGb), 'one record per connection per minute; grows with traffic, billed as log ingestion (vended-log tiers) and storage above; not included in the total');
    if (of('containerInsights').length) addUsage(`Container Insights on the ECS cluster${of('containerInsights').length > 1 ? 's' : ''}`, `${per(p.logsIngestionGb)} for its performance events, plus CloudWatch metrics`, 'per task and service metrics; grows with the number of tasks; not included in the total');
    if (of('s3Bucket').length) addUsage(`S3 storage: ${of('s3Bucket').map((b) => b.name).join(', ')}`, per(p.s3StandardGbMonth), 'logs, state and audit records accumulate until their lifecycle rules expire them; versioned buckets keep old versions; requests extra; not included in the total');
    if (of('dynamoDbTable').length) addUsage(`DynamoDB on-demand: ${of('dynamoDbTable').map((b) => b.name).join(', ')}`, per(p.dynamoDbMillionWrites), 'the Terraform lock table sees a few requests per plan or apply: cents; not included in the total');
    if (of('ecrRepository').length) addUsage(`ECR storage: ${plural(of('ecrRepository').length, 'repository')}`, per(p.ecrStorageGbMonth), 'image layers kept by the lifecycle policy; not included in the total');
    if (of('enhancedScanning').length) addUsage('ECR enhanced scanning (Amazon Inspector)', 'per image scanned (Inspector pricing; not in the price table)', 'continuous scanning of pushed images; not included in the total');
    if (of('snsTopic').length) addUsage(`SNS: ${of('snsTopic').map((t) => t.name).join(', ')}`, per(p.snsMillionPublishes), 'per publish and delivery; alarm notifications are few; not included in the total');
    if (of('docdbCluster').length) addUsage(`DocumentDB storage and I/O: ${of('docdbCluster').map((c) => c.name).join(', ')}`, 'per GB-month, per million I/Os and per GB of backup beyond the cluster size (not in the price table)', 'grows with the data; not included in the total');
    if (of('secretRotation').length) addUsage(`Secret rotation (${of('secretRotation').length})`, 'Lambda invocations (Lambda pricing)', 'one rotation Lambda run per secret per rotation period: cents; not included in the total');
    if (of('guardDuty').length) {
      addUsage('GuardDuty: CloudTrail management events', per(p.guardDutyMillionManagementEvents), 'every management API call in the account and region is analysed; the first 30 days are a free trial; not included in the total');
      addUsage('GuardDuty: VPC flow and DNS logs', per(p.guardDutyFlowDnsGb), 'analysed from AWS’s own copy, grows with traffic; not included in the total');
    }
    if (of('guardDutyRuntime').length) {
      addUsage('GuardDuty: ECS Fargate runtime monitoring', per(p.guardDutyRuntimeVcpuMonth), 'the vCPUs of monitored tasks (all stacks); not included in the total', totalTaskVcpus * p.guardDutyRuntimeVcpuMonth.usd, `for the ${totalTaskVcpus} vCPUs of the steady tasks`);
    }
    if (of('configRecorder').length) addUsage(`AWS Config recorder (${of('configRecorder').map((c) => [c.name, c.detail].filter(Boolean).join(': ')).join(', ')})`, per(p.configItem), 'one configuration item per recorded change; each Fargate task start and stop changes an ENI, so deployments and scaling add items; not included in the total');
    if (of('cloudTrail').length) addUsage(`CloudTrail (${of('cloudTrail').map((c) => `${c.name}: ${c.detail}`).join('; ')})`, 'first copy of management events free; S3 storage and CloudWatch Logs ingestion as above', 'assumes this is the account’s first trail of management events and no data events; a second copy is billed per 100,000 events; not included in the total');
  }

  const byStack = inv.stacks.map(({ name }) => ({ stack: name, monthly: lines.filter((l) => l.stack === name).reduce((s, l) => s + l.monthly, 0) }));
  const total = lines.reduce((s, l) => s + l.monthly, 0);
  return { lines, usage, unpriced: inv.unpriced, byStack, total };
}

// ---------------------------------------------------------------------------------------------
// Switches: change the inventory as the configuration switch would, price it again.

const total = (inv: Inventory, table: PriceTable) => price(inv, table).total;

/** The inventory with a single NAT gateway (and its address) instead of one per AZ. */
export function singleNat(inv: Inventory): Inventory {
  const keep = inv.natGateways[0];
  const natEips = inv.eips.filter((e) => e.nat);
  return { ...inv, natGateways: keep ? [keep] : [], eips: [...inv.eips.filter((e) => !e.nat), ...natEips.slice(0, 1)] };
}

/** The inventory with one NAT gateway (and address) per AZ. */
export function perAzNat(inv: Inventory): Inventory {
  const first = inv.natGateways[0];
  if (!first) return inv;
  const extra = Math.max(0, inv.azCount - inv.natGateways.length);
  const added = Array.from({ length: extra }, (_, i) => ({ stack: first.stack, name: `nat-${inv.natGateways.length + i}` }));
  return { ...inv, natGateways: [...inv.natGateways, ...added], eips: [...inv.eips, ...added.map((n) => ({ stack: n.stack, name: n.name, nat: true }))] };
}

export const withoutInterfaceEndpoints = (inv: Inventory): Inventory => ({ ...inv, endpoints: inv.endpoints.filter((e) => e.type !== 'Interface') });
export const withoutWaf = (inv: Inventory): Inventory => ({ ...inv, webAcls: [] });
export const allArm64 = (inv: Inventory): Inventory => ({ ...inv, services: inv.services.map((s) => ({ ...s, arch: 'arm64' as const })) });
export const spotOutside = (inv: Inventory, production: readonly string[]): Inventory => ({
  ...inv,
  services: inv.services.map((s) => (production.includes(s.stack) ? s : { ...s, spotTasks: s.tasks })),
});

/** Environment stacks of an inventory: as configured, else everything but bootstrap and shared. */
const envStacks = (inv: Inventory, options: ProfileOptions) =>
  inv.stacks.map((s) => s.name).filter((n) => (options.environments ? options.environments.includes(n) : n !== 'bootstrap' && n !== 'shared'));

/**
 * The cheapest sandbox from the same code: one environment (the first non-production one), a
 * single NAT gateway, no interface endpoints, WAF kept, every task on ARM64 Fargate Spot, and one
 * task per service.
 */
export function cheapestSandbox(inv: Inventory, options: ProfileOptions = {}): { inventory: Inventory; environment?: string } {
  const envs = envStacks(inv, options);
  const keep = envs.find((e) => !(options.production ?? []).includes(e)) ?? envs[0];
  const drop = new Set(envs.filter((e) => e !== keep));
  const kept = <T extends { stack: string }>(xs: readonly T[]) => xs.filter((x) => !drop.has(x.stack));
  const one: Inventory = {
    ...inv,
    stacks: inv.stacks.filter((s) => !drop.has(s.name)),
    natGateways: kept(inv.natGateways),
    eips: kept(inv.eips),
    albs: kept(inv.albs),
    endpoints: kept(inv.endpoints),
    webAcls: kept(inv.webAcls),
    kmsKeys: kept(inv.kmsKeys),
    secrets: kept(inv.secrets),
    services: kept(inv.services).map((s) => ({ ...s, tasks: Math.min(1, s.tasks), maxTasks: Math.min(1, s.tasks), spotTasks: Math.min(1, s.tasks), arch: 'arm64' as const })),
    alarmMetrics: kept(inv.alarmMetrics).filter((a) => !a.what.startsWith('target-tracking')),
    dashboards: kept(inv.dashboards),
    free: kept(inv.free),
    usage: kept(inv.usage),
    unpriced: kept(inv.unpriced),
  };
  return { inventory: withoutInterfaceEndpoints(singleNat(one)), environment: keep };
}

/** What each switch saves against the current inventory. */
export function switches(inv: Inventory, table: PriceTable = PRICES, options: ProfileOptions = {}): Switch[] {
  const now = total(inv, table);
  const vs = (name: string, after: Inventory, extra: { note?: string; warning?: string } = {}): Switch => {
    const t = total(after, table);
    return { name, saving: now - t, after: t, ...extra };
  };
  const out: Switch[] = [];
  const nats = inv.natGateways.length;
  if (nats > 1) out.push(vs(`Single NAT gateway instead of per-AZ (${nats} → 1)`, singleNat(inv), { note: 'private subnets lose egress while that one AZ is down; cross-AZ traffic to it is billed per GB' }));
  else if (nats === 1 && inv.azCount > 1) out.push(vs(`Per-AZ NAT gateways instead of a single one (1 → ${inv.azCount})`, perAzNat(inv), { note: 'costs more: the price of egress that survives the loss of an AZ' }));

  const iface = inv.endpoints.filter((e) => e.type === 'Interface').length;
  if (!iface) out.push(vs('VPC interface endpoints off (already off)', inv));
  else out.push(vs(`VPC interface endpoints off (${iface} endpoints)`, withoutInterfaceEndpoints(inv), { note: 'their traffic (image pulls, logs, secrets, KMS) then goes through the NAT gateway and is billed per GB there; the S3 gateway endpoint stays (free)' }));

  const envs = envStacks(inv, options);
  const production = options.production;
  const nonProd = inv.services.filter((s) => envs.includes(s.stack) && !(production ?? []).includes(s.stack) && s.spotTasks < s.tasks);
  out.push(
    vs(nonProd.length ? `Fargate Spot outside production (${plural(nonProd.length, 'service')} not yet on Spot)` : 'Fargate Spot outside production (already: nothing to move)', spotOutside(inv, production ?? inv.stacks.map((s) => s.name).filter((n) => !envs.includes(n))), {
      note: production ? 'the `spot: true` service switch; Spot tasks can be interrupted with two minutes’ notice, and production refuses Spot' : 'production environments unknown: every environment counted',
    }),
  );
  const x86 = inv.services.filter((s) => s.arch === 'x86_64').length;
  out.push(vs(`ARM64 (Graviton) for all services (${x86} of ${inv.services.length} on x86_64 now)`, allArm64(inv), { note: 'set cpuArchitecture: "ARM64" per service; needs arm64 or multi-arch images (docker build --platform linux/arm64)' }));

  if (!inv.webAcls.length) out.push(vs('WAF off (already off)', inv));
  else {
    out.push(vs('WAF off', withoutWaf(inv), { warning: 'security trade, not a cost fix: removes the managed threat rules and the per-IP rate limit in front of every route' }));
  }

  const sandbox = cheapestSandbox(inv, options);
  out.push(
    vs(`Cheapest sandbox: ${sandbox.environment ? `"${sandbox.environment}" only` : 'no environment'}, single NAT, no interface endpoints, WAF on, ARM64 Spot, 1 task per service`, sandbox.inventory, {
      note: 'bootstrap and shared stay; audit (GuardDuty, Config, CloudTrail) stays on',
    }),
  );
  return out;
}
