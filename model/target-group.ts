/**
 * What makes a target group a *different* target group. In hashicorp/aws 6.25,
 * `aws_lb_target_group` forces replacement when any of `port`, `protocol`,
 * `protocol_version`, `target_type`, `ip_address_type` or `vpc_id` changes (ForceNew in
 * internal/service/elbv2/target_group.go), besides `name` itself. With
 * `create_before_destroy`, the replacement is created while the old group still holds its
 * name, so a name that stays the same fails with "a target group with the same name already
 * exists". The name therefore carries a digest of exactly these attributes (see
 * `names.targetGroup`), and the construct sets every one of them explicitly, so none is left
 * to a provider default that could shift.
 */

/** The replacement-forcing attributes of one target group, as the construct sets them. */
export interface TargetGroupIdentity {
  /** `port`: the container port. */
  readonly port: number;
  /** `protocol`. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** `protocol_version`. */
  readonly protocolVersion: 'HTTP1' | 'HTTP2' | 'GRPC';
  /** `target_type`. */
  readonly targetType: 'ip' | 'instance' | 'alb' | 'lambda';
  /** `ip_address_type`. */
  readonly ipAddressType: 'ipv4' | 'ipv6';
  /**
   * Stands in for `vpc_id`, which is unknown at synth: the shared VPC's own
   * replacement-forcing input, its IPv4 block (`aws_vpc.cidr_block` is ForceNew). The VPC
   * cannot be replaced any other way while an environment stack exists: its security groups
   * keep the VPC from being deleted.
   */
  readonly vpcCidr: string;
}

/**
 * Which of a service's target groups: every service has its `primary` group; a blue/green
 * service also has an `alternate` one. ECS swaps their roles at each blue/green deployment,
 * so the names say only that they are a pair, never which one is live.
 */
export type TargetGroupRole = 'primary' | 'alternate';

/** Terraform attribute names of the fields above, in the provider's words (for tests and messages). */
export const TARGET_GROUP_REPLACING_ATTRIBUTES = {
  port: 'port',
  protocol: 'protocol',
  protocolVersion: 'protocol_version',
  targetType: 'target_type',
  ipAddressType: 'ip_address_type',
  vpcCidr: 'vpc_id',
} as const satisfies Record<keyof TargetGroupIdentity, string>;

/** How every service's target group is built: HTTP/1.1 to the task's IP on its container port (TLS ends at the ALB). */
export function serviceTargetGroup(port: number, vpcCidr: string): TargetGroupIdentity {
  return { port, protocol: 'HTTP', protocolVersion: 'HTTP1', targetType: 'ip', ipAddressType: 'ipv4', vpcCidr };
}
