import { example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';
import { Resource, Synthesized } from '../../../verify/tfjson';

const out = synthBeforeAll(example());

/** Route-table targets of the subnets whose construct path starts with `tier-`. */
function routesOf(s: Synthesized, tier: string): Array<{ subnet: string; routes: Resource[] }> {
  const subnets = s.resources('aws_subnet', 'shared').filter((r) => r.path.startsWith(`network/${tier}-`));
  const assocs = s.resources('aws_route_table_association', 'shared');
  const routes = s.resources('aws_route', 'shared');
  return subnets.map((subnet) => {
    const assoc = assocs.filter((a) => s.mustResolve('shared', a.body.subnet_id).name === subnet.name);
    expect(assoc).toHaveLength(1);
    const table = s.mustResolve('shared', assoc[0].body.route_table_id);
    return { subnet: subnet.path, routes: routes.filter((r) => s.mustResolve('shared', r.body.route_table_id).name === table.name) };
  });
}
const targetTypes = (routes: Resource[]) =>
  routes.map((r) => out.mustResolve('shared', r.body.gateway_id ?? r.body.nat_gateway_id ?? r.body.transit_gateway_id ?? r.body.vpc_peering_connection_id).type);

describe('network', () => {
  it('creates a VPC with DNS support and hostnames', () => {
    const [vpc] = out.resources('aws_vpc', 'shared');
    expect(vpc.body).toMatchObject({ cidr_block: '10.40.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
  });

  it('spreads three tiers over two AZs by default', () => {
    const paths = out.resources('aws_subnet', 'shared').map((s) => s.path).sort();
    expect(paths).toEqual(['network/data-0', 'network/data-1', 'network/private-0', 'network/private-1', 'network/public-0', 'network/public-1']);
  });

  it('never maps public IPs on launch, not even in public subnets', () => {
    for (const s of out.resources('aws_subnet', 'shared')) expect(s.body.map_public_ip_on_launch).toBe(false);
  });

  it('routes public subnets to the internet gateway', () => {
    for (const { routes } of routesOf(out, 'public')) {
      expect(targetTypes(routes)).toEqual(['aws_internet_gateway']);
      expect(routes[0].body.destination_cidr_block).toBe('0.0.0.0/0');
    }
  });

  it('routes task subnets to a NAT gateway and never to the internet gateway', () => {
    const tiers = routesOf(out, 'private');
    expect(tiers.length).toBe(2);
    for (const { routes } of tiers) expect(targetTypes(routes)).toEqual(['aws_nat_gateway']);
  });

  it('gives data subnets no route besides the local one', () => {
    const tiers = routesOf(out, 'data');
    expect(tiers.length).toBe(2);
    for (const { routes } of tiers) expect(routes).toEqual([]);
  });

  it('puts NAT gateways in public subnets only', () => {
    for (const nat of out.resources('aws_nat_gateway', 'shared')) {
      expect(out.mustResolve('shared', nat.body.subnet_id).path).toMatch(/^network\/public-/);
    }
  });

  it('uses one NAT gateway by default and one per AZ when asked', () => {
    expect(out.resources('aws_nat_gateway', 'shared')).toHaveLength(1);
    const perAz = synth(example((c) => (c.shared.network.natGateways = 'per-az')));
    expect(perAz.resources('aws_nat_gateway', 'shared')).toHaveLength(2);
    const privateTables = routesOf(perAz, 'private').map(({ routes }) => perAz.mustResolve('shared', routes[0].body.nat_gateway_id).name);
    expect(new Set(privateTables).size).toBe(2);
  });

  it('adopts the default security group and leaves it without rules', () => {
    const [sg] = out.resources('aws_default_security_group', 'shared');
    expect(sg.body.ingress ?? []).toEqual([]);
    expect(sg.body.egress ?? []).toEqual([]);
    expect(out.mustResolve('shared', sg.body.vpc_id).type).toBe('aws_vpc');
  });

  it('logs all VPC traffic to a KMS-encrypted log group with retention', () => {
    const [flow] = out.resources('aws_flow_log', 'shared');
    expect(flow.body.traffic_type).toBe('ALL');
    const group = out.mustResolve('shared', flow.body.log_destination);
    expect(group.type).toBe('aws_cloudwatch_log_group');
    expect(group.body.retention_in_days).toBe(365);
    expect(out.mustResolve('shared', group.body.kms_key_id).type).toBe('aws_kms_key');
  });

  it('carves subnets from the configured VPC block, or takes explicit ones', () => {
    const cfg = example((c) => {
      c.shared.network.vpcCidr = '10.0.0.0/20';
      c.shared.network.subnets = { public: ['10.0.0.0/24', '10.0.1.0/24'], private: ['10.0.4.0/23', '10.0.6.0/23'], data: ['10.0.8.0/24', '10.0.9.0/24'] };
    });
    const cidrs = synth(cfg).resources('aws_subnet', 'shared').map((s) => s.body.cidr_block).sort();
    expect(cidrs).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.4.0/23', '10.0.6.0/23', '10.0.8.0/24', '10.0.9.0/24']);
    // Default layout of 10.40.0.0/16: private in slots 0-1, data in 4-5, public in 8-9 of sixteen /20s.
    expect(out.resources('aws_subnet', 'shared').map((s) => s.body.cidr_block).sort()).toEqual([
      '10.40.0.0/20', '10.40.128.0/20', '10.40.144.0/20', '10.40.16.0/20', '10.40.64.0/20', '10.40.80.0/20',
    ]);
  });
});
