import { Construct } from 'constructs';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { TargetGroupIdentity } from '../../model/target-group';
import { suppress } from '../suppress';

export interface ServiceTargetGroupProps {
  /** From `names.targetGroup` (with the group's role). */
  readonly name: string;
  /** Every replacement-forcing attribute (model/target-group.ts). */
  readonly identity: TargetGroupIdentity;
  readonly vpcId: string;
  readonly healthCheckPath: string;
}

/**
 * A service's target group. Both groups of a blue/green pair are built here, so they differ in
 * name only: ECS moves the tasks from one to the other at each deployment.
 */
export function serviceTargetGroup(scope: Construct, id: string, props: ServiceTargetGroupProps): LbTargetGroup {
  const tg = props.identity;
  const group = new LbTargetGroup(scope, id, {
    // Carries a digest of every replacement-forcing attribute below, so create_before_destroy never meets its own name.
    name: props.name,
    port: tg.port,
    // TLS ends at the ALB; inside the VPC the hop to the task is HTTP (docs/architecture.md).
    protocol: tg.protocol,
    protocolVersion: tg.protocolVersion,
    targetType: tg.targetType,
    ipAddressType: tg.ipAddressType,
    vpcId: props.vpcId,
    deregistrationDelay: '30',
    healthCheck: { enabled: true, path: props.healthCheckPath, protocol: 'HTTP', port: 'traffic-port', matcher: '200-399', healthyThreshold: 2, unhealthyThreshold: 3, interval: 15, timeout: 5 },
    lifecycle: { createBeforeDestroy: true },
  });
  suppress(group, 'CKV_AWS_378', 'TLS terminates at the ALB (TLS 1.3 policy); the hop to the task stays inside the VPC, task ingress limited to the ALB security group');
  return group;
}
