import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { GroupKey, MatrixRule } from '../../model/security-matrix';
import { suppress } from '../suppress';

export interface TrafficRulesProps {
  /** IDs of the matrix groups this stack can see, by key. */
  readonly groups: Partial<Record<GroupKey, string>>;
  /** The matrix rows to build here (already filtered to this stack). */
  readonly rules: readonly MatrixRule[];
}

/**
 * One standalone `aws_vpc_security_group_{ingress,egress}_rule` per matrix row, with the
 * row's ID as construct ID (never a list index), so adding a row never replaces another.
 */
export class TrafficRules extends Construct {
  constructor(scope: Construct, id: string, props: TrafficRulesProps) {
    super(scope, id);
    for (const rule of props.rules) {
      const groupId = props.groups[rule.group];
      if (!groupId) throw new Error(`matrix rule ${rule.id}: group "${rule.group}" is not in this stack`);
      const peer =
        'group' in rule.peer
          ? { referencedSecurityGroupId: required(props.groups[rule.peer.group], `matrix rule ${rule.id}: peer group "${rule.peer.group}" is not in this stack`) }
          : rule.peer.cidr.includes(':')
            ? { cidrIpv6: rule.peer.cidr }
            : { cidrIpv4: rule.peer.cidr };
      const config = {
        securityGroupId: groupId,
        description: rule.description,
        ipProtocol: rule.protocol,
        fromPort: rule.protocol === '-1' ? undefined : rule.fromPort,
        toPort: rule.protocol === '-1' ? undefined : rule.toPort,
        tags: { Name: rule.id },
        ...peer,
      };
      const resource = rule.direction === 'ingress' ? new VpcSecurityGroupIngressRule(this, rule.id, config) : new VpcSecurityGroupEgressRule(this, rule.id, config);
      for (const [check, reason] of Object.entries(rule.accepted ?? {})) suppress(resource, check, reason);
    }
  }
}

function required<T>(v: T | undefined, message: string): T {
  if (v === undefined) throw new Error(message);
  return v;
}

export interface MatrixGroupProps {
  /** Physical name, from `names`. Changing it replaces the group. */
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
}

/** A security group with no inline rules: every rule is a TrafficRules row. */
export class MatrixGroup extends Construct {
  readonly group: SecurityGroup;
  readonly groupId: string;

  constructor(scope: Construct, id: string, props: MatrixGroupProps) {
    super(scope, id);
    this.group = new SecurityGroup(this, 'sg', {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      // Rules in other stacks reference this group; revoke them so deletion cannot hang.
      revokeRulesOnDelete: true,
      tags: { Name: props.name },
    });
    this.groupId = this.group.id;
  }
}
