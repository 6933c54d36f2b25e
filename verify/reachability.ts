/**
 * Effective reachability between the internet, the ALB(s), each environment's tasks and
 * database, and the VPC endpoints: what security-group rules allow in both directions,
 * limited by where each thing is placed (subnets, routes, public IPs).
 */
import { AppConfig } from '../environments/config';
import { Cidr, contains, overlaps, parseCidr } from '../model/cidr';
import { Flow, actualFlows, expectedFlows, groupLabels } from './matrix';
import { Problem } from './routes';
import { Synthesized } from './tfjson';

export const INTERNET = 'internet';

/** A port interval of one protocol; "-1" (all) is expanded to tcp and udp 0–65535. */
interface Range { readonly protocol: string; readonly from: number; readonly to: number }

export interface Reach {
  readonly from: string;
  readonly to: string;
  readonly ranges: readonly Range[];
  /** Rule resources (or matrix rows) that open it. */
  readonly via: readonly string[];
}

export interface Placement {
  /** Actors reachable from / able to reach the internet at the network layer. */
  readonly internetFacing: ReadonlySet<string>;
  readonly internetEgress: ReadonlySet<string>;
}

const ALL: Range[] = [{ protocol: 'tcp', from: 0, to: 65535 }, { protocol: 'udp', from: 0, to: 65535 }];
const rangesOf = (f: Flow): Range[] => (f.protocol === '-1' ? ALL : [{ protocol: f.protocol, from: f.fromPort ?? 0, to: f.toPort ?? 65535 }]);

function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const x of a) for (const y of b) if (x.protocol === y.protocol && Math.max(x.from, y.from) <= Math.min(x.to, y.to)) out.push({ protocol: x.protocol, from: Math.max(x.from, y.from), to: Math.min(x.to, y.to) });
  return merge(out);
}

function merge(rs: readonly Range[]): Range[] {
  const sorted = [...rs].sort((x, y) => x.protocol.localeCompare(y.protocol) || x.from - y.from);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.protocol === r.protocol && r.from <= last.to + 1) out[out.length - 1] = { ...last, to: Math.max(last.to, r.to) };
    else out.push(r);
  }
  return out;
}

export const formatRanges = (rs: readonly Range[]): string =>
  rs.map((r) => (r.from === 0 && r.to === 65535 ? `${r.protocol} all` : r.from === r.to ? `${r.protocol} ${r.from}` : `${r.protocol} ${r.from}-${r.to}`)).join(', ');

/** Does a rule's peer include `actor`? CIDRs outside the VPC are the internet; CIDRs overlapping it include every VPC actor. */
function peerIncludes(peer: string, actor: string, vpc: Cidr): boolean {
  if (peer.startsWith('sg:')) return peer.slice(3) === actor;
  if (peer === '::/0') return actor === INTERNET;
  const c = parseCidr(peer);
  if (typeof c === 'string') return false;
  return actor === INTERNET ? !contains(vpc, c) : overlaps(c, vpc);
}

/** Pairwise reachability from security-group flows, limited by placement. */
export function reachability(flows: readonly Flow[], actors: readonly string[], placement: Placement, vpc: Cidr): Reach[] {
  const out: Reach[] = [];
  const everyone = [INTERNET, ...actors];
  for (const from of everyone) {
    for (const to of everyone) {
      if (from === to || (from === INTERNET && to === INTERNET)) continue;
      if (from === INTERNET && !placement.internetFacing.has(to)) continue;
      if (to === INTERNET && !placement.internetEgress.has(from)) continue;
      const inRules = to === INTERNET ? [] : flows.filter((f) => f.group === to && f.direction === 'ingress' && peerIncludes(f.peer, from, vpc));
      const outRules = from === INTERNET ? [] : flows.filter((f) => f.group === from && f.direction === 'egress' && peerIncludes(f.peer, to, vpc));
      const ingress = to === INTERNET ? ALL : merge(inRules.flatMap(rangesOf));
      const egress = from === INTERNET ? ALL : merge(outRules.flatMap(rangesOf));
      const ranges = intersect(ingress, egress);
      if (ranges.length > 0) out.push({ from, to, ranges, via: [...inRules, ...outRules].map((f) => f.source) });
    }
  }
  return out;
}

/**
 * Where the model says things sit: ALBs public (so they can also reach out, which only an
 * egress rule such as the OIDC IdP row uses), tasks and endpoints private behind NAT,
 * databases isolated.
 */
export function intendedPlacement(actors: readonly string[]): Placement {
  const albs = actors.filter((a) => a === 'alb' || a.startsWith('alb:'));
  return {
    internetFacing: new Set(albs),
    internetEgress: new Set([...albs, ...actors.filter((a) => a.startsWith('ecs:'))]),
  };
}

/** Where the synthesized resources actually sit, with a problem for each misplacement. */
export function actualPlacement(s: Synthesized, labels: ReadonlyMap<string, string>): { placement: Placement; problems: Problem[] } {
  const problems: Problem[] = [];
  const routeTargets = new Map<string, Set<string>>(); // subnet resource name -> target types
  for (const a of s.resources('aws_route_table_association')) {
    const subnet = s.mustResolve(a.stack, a.body.subnet_id);
    const table = s.mustResolve(a.stack, a.body.route_table_id);
    const targets = new Set<string>();
    for (const r of s.resources('aws_route', table.stack).filter((x) => s.resolve(x.stack, x.body.route_table_id)?.resource.name === table.name)) {
      const target = s.resolve(r.stack, r.body.gateway_id ?? r.body.nat_gateway_id ?? r.body.transit_gateway_id ?? r.body.vpc_peering_connection_id);
      targets.add(target?.resource.type ?? 'unknown');
    }
    routeTargets.set(`${subnet.stack}/${subnet.name}`, targets);
  }
  const subnetRoutes = (stack: string, ref: string) => {
    const subnet = s.mustResolve(stack, ref);
    return { subnet, targets: routeTargets.get(`${subnet.stack}/${subnet.name}`) ?? new Set<string>() };
  };
  const groupLabel = (stack: string, ref: string) => labels.get(s.resolve(stack, ref)?.resource.body.name) ?? 'unknown';
  const internetFacing = new Set<string>();
  const internetEgress = new Set<string>();

  for (const lb of s.resources('aws_lb')) {
    const where = `${lb.stack}:aws_lb.${lb.name}`;
    const publicSubnets = (lb.body.subnets ?? []).every((id: string) => subnetRoutes(lb.stack, id).targets.has('aws_internet_gateway'));
    if (!publicSubnets) problems.push({ where, rule: 'an internet-facing ALB must sit in public subnets (route to the internet gateway)' });
    if (publicSubnets) for (const g of lb.body.security_groups ?? []) internetEgress.add(groupLabel(lb.stack, g));
    if (lb.body.internal !== true && publicSubnets) for (const g of lb.body.security_groups ?? []) internetFacing.add(groupLabel(lb.stack, g));
  }
  for (const svc of s.resources('aws_ecs_service')) {
    const where = `${svc.stack}:aws_ecs_service.${svc.name}`;
    const net = svc.body.network_configuration ?? {};
    const subnets = (net.subnets ?? []).map((id: string) => subnetRoutes(svc.stack, id));
    const groups = (net.security_groups ?? []).map((g: string) => groupLabel(svc.stack, g));
    for (const { subnet, targets } of subnets) {
      if (targets.has('aws_internet_gateway')) problems.push({ where, rule: `tasks must run in private subnets; ${subnet.path} routes to the internet gateway` });
      if (targets.has('aws_nat_gateway') || targets.has('aws_internet_gateway')) groups.forEach((g: string) => internetEgress.add(g));
    }
    if (net.assign_public_ip !== false) {
      problems.push({ where, rule: 'tasks must not get a public IP (assign_public_ip = false)' });
      if (subnets.some(({ targets }: { targets: Set<string> }) => targets.has('aws_internet_gateway'))) groups.forEach((g: string) => internetFacing.add(g));
    }
  }
  for (const db of s.resources('aws_docdb_cluster')) {
    const group = s.mustResolve(db.stack, db.body.db_subnet_group_name);
    for (const id of group.body.subnet_ids ?? []) {
      const { subnet, targets } = subnetRoutes(group.stack, id);
      if (targets.size > 0) problems.push({ where: `${db.stack}:aws_docdb_cluster.${db.name}`, rule: `databases sit in isolated subnets; ${subnet.path} routes to ${[...targets].join(', ')}` });
    }
  }
  return { placement: { internetFacing, internetEgress }, problems };
}

/** Compares the reachability the matrix intends with what the synthesized app allows. */
export function checkReachability(s: Synthesized, config: AppConfig): { actual: Reach[]; problems: Problem[] } {
  const labels = groupLabels(config);
  const actors = [...new Set(labels.values())].sort();
  const vpc = parseCidr(config.shared.network.vpcCidr) as Cidr;
  const expected = reachability(expectedFlows(config), actors, intendedPlacement(actors), vpc);
  const { placement, problems } = actualPlacement(s, labels);
  const flows = actualFlows(s, labels);
  for (const f of flows.filter((x) => x.group.startsWith('unknown') || x.peer.includes('unknown') || x.peer.includes('unresolved'))) {
    problems.push({ where: f.source, rule: `rule on a group outside the matrix (${f.group} ↔ ${f.peer})` });
  }
  const intended = intendedPlacement(actors);
  for (const f of flows.filter((x) => x.direction === 'ingress' && !x.peer.startsWith('sg:') && !intended.internetFacing.has(x.group))) {
    problems.push({ where: f.source, rule: `opens ${f.group} to ${f.peer}; only the ALB may take traffic from a CIDR` });
  }
  const actual = reachability(flows, actors, placement, vpc);
  const key = (r: Reach) => `${r.from} → ${r.to}`;
  const want = new Map(expected.map((r) => [key(r), formatRanges(r.ranges)]));
  const got = new Map(actual.map((r) => [key(r), r]));
  for (const [k, r] of got) {
    const ranges = formatRanges(r.ranges);
    if (!want.has(k)) problems.push({ where: r.via.join(', ') || k, rule: `flow ${k} (${ranges}) is not in the security-group matrix` });
    else if (want.get(k) !== ranges) problems.push({ where: r.via.join(', '), rule: `flow ${k} allows ${ranges}; the matrix allows ${want.get(k)}` });
  }
  for (const [k, ranges] of want) if (!got.has(k)) problems.push({ where: k, rule: `flow ${k} (${ranges}) required by the matrix is not possible` });
  return { actual, problems };
}

/** What the diagram needs besides the flows: the VPC, which environments have a database, the NAT gateways. */
export interface DiagramLayout {
  readonly vpcCidr: string;
  /** In configuration order; `database`: a DocumentDB cluster, or anything else attached to the environment's DB group. */
  readonly environments: ReadonlyArray<{ readonly name: string; readonly database: boolean }>;
  /** NAT gateways the shared stack builds. */
  readonly natGateways: number;
}

/**
 * A Mermaid flowchart of the reachability found: one box per environment holding its tasks,
 * its dedicated ALB if any, and its database only when it has one; the shared ALB and the NAT
 * gateway(s) in the public subnets, the VPC endpoints, the internet. Task egress is drawn
 * through the NAT; the ALB's egress (the OIDC identity provider) straight out. A flow from
 * inside the VPC to an internet-facing ALB leaves through the NAT (or the ALB's own address)
 * and comes back in from the internet, so it is drawn as that path (egress, then the
 * internet's arrow to the ALB) and not as a shortcut, which would join an environment to
 * another's dedicated ALB. Flows never join two environments, so no arrow runs between two
 * environment boxes.
 */
export function mermaid(actual: readonly Reach[], layout: DiagramLayout): string {
  const id = (a: string) => a.replace(/[^A-Za-z0-9]/g, '_');
  const envs = layout.environments;
  const shown = (a: string) => !a.startsWith('db:') || envs.some((e) => e.database && a === `db:${e.name}`);
  const viaInternet = (r: Reach) => r.from !== INTERNET && (r.to === 'alb' || r.to.startsWith('alb:'));
  const reach = [...actual].filter((r) => shown(r.from) && shown(r.to) && !viaInternet(r)).sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`));
  const nodes = new Set(reach.flatMap((r) => [r.from, r.to]));
  const egress = reach.some((r) => r.to === INTERNET && r.from.startsWith('ecs:'));
  const databases = envs.filter((e) => nodes.has(`db:${e.name}`)).map((e) => id(`db:${e.name}`));
  // Left to right: the internet and the ALBs, the environments, then what the tasks send to
  // (endpoints, NAT) and the internet again, so that no arrow has to cross an environment.
  const lines = ['flowchart LR', `  ${id(INTERNET)}(("Internet"))`, `  subgraph vpc["VPC ${layout.vpcCidr}"]`];
  if (nodes.has('alb')) lines.push('    subgraph public["Public subnets"]', '      alb["ALB (shared)"]', '    end');
  // Environments on the shared ALB first: a box with a dedicated ALB spans more columns.
  for (const env of [...envs].sort((a, b) => Number(nodes.has(`alb:${a.name}`)) - Number(nodes.has(`alb:${b.name}`)))) {
    lines.push(`    subgraph env_${id(env.name)}["Environment ${env.name}"]`);
    if (nodes.has(`alb:${env.name}`)) lines.push(`      ${id(`alb:${env.name}`)}["ALB (dedicated)"]`);
    lines.push(`      ${id(`ecs:${env.name}`)}["ECS tasks"]`);
    if (nodes.has(`db:${env.name}`)) lines.push(`      ${id(`db:${env.name}`)}[("Database")]`);
    lines.push('    end');
  }
  if (nodes.has('vpce')) lines.push('    vpce["VPC endpoints"]');
  if (egress) lines.push(`    nat["${layout.natGateways > 1 ? `NAT gateways (${layout.natGateways}, one per AZ)` : 'NAT gateway'}"]`);
  lines.push('  end');
  if (egress) lines.push('  outbound(("Internet"))');
  for (const r of reach) {
    const ranges = formatRanges(r.ranges);
    if (r.to === INTERNET && r.from.startsWith('ecs:')) lines.push(`  ${id(r.from)} -->|"${ranges}"| nat`);
    else if (r.to === INTERNET) lines.push(`  ${id(r.from)} -->|"${ranges} to the OIDC IdP"| ${id(INTERNET)}`);
    else lines.push(`  ${id(r.from)} -->|"${ranges}"| ${id(r.to)}`);
  }
  if (egress) lines.push('  nat -->|"via the internet gateway"| outbound');
  // Invisible links (layout only): the databases, then the endpoints, then the NAT, each in a
  // column of its own, so that the tasks' arrows to endpoints and NAT never cross.
  const columns = [nodes.has('vpce') ? 'vpce' : '', egress ? 'nat' : ''].filter(Boolean);
  if (columns.length > 0) for (const db of databases) lines.push(`  ${db} ~~~ ${columns[0]}`);
  if (columns.length === 2) lines.push('  vpce ~~~ nat');
  return lines.join('\n');
}

/** The diagram's layout from the configuration and the synthesized app. */
export function diagramLayout(s: Synthesized, config: AppConfig): DiagramLayout {
  const labels = groupLabels(config);
  return {
    vpcCidr: config.shared.network.vpcCidr,
    environments: config.environments.map((env) => ({ name: env.name, database: env.database.enabled || databaseGroupAttached(s, labels, env.name) })),
    natGateways: s.resources('aws_nat_gateway').length,
  };
}

/** Whether anything but its own rules uses the environment's DB security group (a database of the user's own, say). */
function databaseGroupAttached(s: Synthesized, labels: ReadonlyMap<string, string>, env: string): boolean {
  const group = s.resources('aws_security_group').find((g) => labels.get(g.body.name) === `db:${env}`);
  if (!group) return false;
  const reference = `aws_security_group.${group.name}.`;
  const rules = new Set(['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group']);
  const stack = s.stack(group.stack);
  return Object.entries<Record<string, unknown>>(stack.resource ?? {}).some(([type, byName]) => !rules.has(type) && JSON.stringify(byName).includes(reference));
}
