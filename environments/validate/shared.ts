/** The shared settings: state location, availability zones, VPC endpoints and the subnet layout. */
import { SharedConfig, StateOverrides, SubnetLayout } from '../config';
import { ConfigIssue, SHARED_SCOPE } from '../errors';
import { EnvironmentSchemaOutput, SharedSchemaOutput } from '../schema';
import { Cidr, carve, contains, findOverlaps, parseCidr } from '../../model/cidr';
import { names } from '../../model/names';
import { tryName } from './names';
import { firstDuplicate } from './util';

/** The shared settings resolved: state location (with the SF_STATE_* overrides), zones, VPC endpoints, subnets. */
export function resolveShared(s: SharedSchemaOutput, envs: readonly EnvironmentSchemaOutput[], overrides: StateOverrides, issues: ConfigIssue[]): SharedConfig {
  const state = {
    bucket: overrides.bucket ?? s.state.bucket,
    lockTable: overrides.lockTable ?? s.state.lockTable,
    region: overrides.region ?? s.state.region ?? s.region,
  };
  tryName(issues, SHARED_SCOPE, overrides.bucket ? 'state.bucket (from SF_STATE_BUCKET)' : 'state.bucket', () => names.stateBucket(state.bucket));
  tryName(issues, SHARED_SCOPE, overrides.lockTable ? 'state.lockTable (from SF_STATE_TABLE)' : 'state.lockTable', () => names.lockTable(state.lockTable));
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(state.region)) {
    issues.push({ scope: SHARED_SCOPE, field: overrides.region ? 'state.region (from SF_STATE_REGION)' : 'state.region', rule: `"${state.region}" is not an AWS region like eu-west-1` });
  }
  tryName(issues, SHARED_SCOPE, 'project', () => names.alb(s.project, 'shared'));
  tryName(issues, SHARED_SCOPE, 'project', () => names.flowLogRole(s.project));
  const vpcEndpoints = s.network.vpcEndpoints === 'auto' ? envs.some((e) => e.production) : s.network.vpcEndpoints;
  const availabilityZones = s.network.availabilityZones ?? Array.from({ length: s.network.azCount }, (_, i) => `${s.region}${String.fromCharCode(97 + i)}`);
  if (availabilityZones.length !== s.network.azCount) {
    issues.push({ scope: SHARED_SCOPE, field: 'network.availabilityZones', rule: `lists ${availabilityZones.length} zones but azCount is ${s.network.azCount}` });
  }
  availabilityZones.forEach((az, i) => {
    if (!az.startsWith(s.region)) issues.push({ scope: SHARED_SCOPE, field: `network.availabilityZones[${i}]`, rule: `zone "${az}" is not in region ${s.region}` });
  });
  const dupAz = firstDuplicate(availabilityZones);
  if (dupAz) issues.push({ scope: SHARED_SCOPE, field: 'network.availabilityZones', rule: `zone "${dupAz}" is listed twice` });
  return { ...s, state, network: { ...s.network, vpcEndpoints }, subnets: resolveSubnets(s.network, issues), availabilityZones };
}

/** The subnet blocks per tier: carved from the VPC block, or the configured ones checked for fit and overlap. */
function resolveSubnets(n: SharedSchemaOutput['network'], issues: ConfigIssue[]): SubnetLayout {
  const empty: SubnetLayout = { public: [], private: [], data: [] };
  const vpc = parseCidr(n.vpcCidr);
  if (typeof vpc === 'string') {
    issues.push({ scope: SHARED_SCOPE, field: 'network.vpcCidr', rule: `malformed CIDR: ${vpc}` });
    return empty;
  }
  if (vpc.prefix < 16 || vpc.prefix > 24) {
    issues.push({ scope: SHARED_SCOPE, field: 'network.vpcCidr', rule: `"${n.vpcCidr}": a VPC block must be /16 to /24 (AWS allows /16–/28; we need room for three subnet tiers)` });
    return empty;
  }
  if (!n.subnets) {
    // 16 equal slots: private 0–3, data 4–7, public 8–11; 12–15 stay free for growth.
    const slots = carve(vpc, 4);
    const tier = (offset: number) => slots.slice(offset, offset + n.azCount);
    return { private: tier(0), data: tier(4), public: tier(8) };
  }
  const blocks: Array<{ label: string; cidr: Cidr }> = [];
  for (const tier of ['public', 'private', 'data'] as const) {
    const list = n.subnets[tier];
    if (list.length !== n.azCount) {
      issues.push({ scope: SHARED_SCOPE, field: `network.subnets.${tier}`, rule: `needs exactly one block per availability zone: ${n.azCount} (azCount), got ${list.length}` });
    }
    list.forEach((text, i) => {
      const field = `network.subnets.${tier}[${i}]`;
      const c = parseCidr(text);
      if (typeof c === 'string') issues.push({ scope: SHARED_SCOPE, field, rule: `malformed CIDR: ${c}` });
      else if (!contains(vpc, c)) issues.push({ scope: SHARED_SCOPE, field, rule: `subnet "${text}" lies outside the VPC block ${n.vpcCidr}` });
      else if (c.prefix > 28) issues.push({ scope: SHARED_SCOPE, field, rule: `subnet "${text}" is smaller than /28, the smallest subnet AWS allows` });
      else blocks.push({ label: field, cidr: c });
    });
  }
  for (const [a, b] of findOverlaps(blocks)) {
    issues.push({ scope: SHARED_SCOPE, field: b, rule: `overlaps ${a}; subnet blocks must not overlap` });
  }
  return n.subnets;
}
