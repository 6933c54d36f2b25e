import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';

export interface ServiceAutoscalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly min: number;
  readonly max: number;
  /** Average CPU to hold (%). */
  readonly cpuPercent: number;
  /** ALB requests per target to hold. */
  readonly requestsPerTarget: number;
  /** `<alb arn_suffix>/<target group arn_suffix>`. */
  readonly requestCountLabel: string;
}

/** Target tracking on CPU and on ALB requests per target, whichever asks for more tasks. */
export class ServiceAutoscaling extends Construct {
  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    const target = new AppautoscalingTarget(this, 'target', {
      serviceNamespace: 'ecs',
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: props.min,
      maxCapacity: props.max,
    });
    const policy = (id: string, metric: string, value: number, label?: string) =>
      new AppautoscalingPolicy(this, id, {
        name: `${props.serviceName}-${id}`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        resourceId: target.resourceId,
        scalableDimension: target.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: value,
          predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel: label },
          scaleInCooldown: 120,
          scaleOutCooldown: 60,
        },
      });
    policy('cpu', 'ECSServiceAverageCPUUtilization', props.cpuPercent);
    policy('requests', 'ALBRequestCountPerTarget', props.requestsPerTarget, props.requestCountLabel);
  }
}
