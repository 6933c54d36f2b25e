import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { EcsServiceLoadBalancerAdvancedConfiguration } from '@cdktf/provider-aws/lib/ecs-service';
import { Partition } from '../../model/partition';
import { Statement, policyDocument } from '../../model/policy';
import { jsonDocument } from '../json-document';

export interface BlueGreenRoleProps {
  /** From `names.blueGreenRole`. */
  readonly name: string;
  readonly partition: Partition;
  /** The service's two target groups: the primary first, then the alternate. */
  readonly targetGroupArns: readonly [string, string];
  /** The service's rule (one route per blue/green service: validation), then its test rule if any: the only rules ECS may change. */
  readonly listenerRuleArns: readonly string[];
}

/**
 * The infrastructure role ECS assumes to run a blue/green deployment of one service
 * (`load_balancer.advanced_configuration.role_arn`): register the new tasks in the idle target
 * group, move the weights on the service's own listener rules, take the old tasks out. These are
 * the statements of AWS's managed AmazonECSInfrastructureRolePolicyForLoadBalancers, narrowed
 * from every target group, listener and rule of the account to this service's own (the managed
 * policy would let a service's deployment rewrite any environment's rules).
 *
 * The trust names ECS with no condition, as AWS documents it ("Amazon ECS infrastructure IAM
 * role for load balancers"): no other account can make ECS use this role, because iam:PassRole
 * never crosses accounts.
 */
export class BlueGreenRole extends Construct {
  readonly role: IamRole;
  /** The ECS service's `load_balancer.advanced_configuration`: the pair, the rules ECS moves traffic on, this role. */
  readonly advancedConfiguration: EcsServiceLoadBalancerAdvancedConfiguration;

  constructor(scope: Construct, id: string, props: BlueGreenRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.name,
      description: 'ECS blue/green: moves this service between its target groups',
      assumeRolePolicy: jsonDocument(this, policyDocument([{ Sid: 'EcsInfrastructure', Effect: 'Allow', Principal: { Service: props.partition.principal('ecs') }, Action: 'sts:AssumeRole' }])),
    });
    new IamRolePolicy(this, 'policy', { role: this.role.id, name: 'blue-green', policy: jsonDocument(this, policyDocument(blueGreenStatements(props))) });
    const [production, test] = props.listenerRuleArns;
    this.advancedConfiguration = { alternateTargetGroupArn: props.targetGroupArns[1], productionListenerRule: production, testListenerRule: test, roleArn: this.role.arn };
  }
}

/** What ECS may do with the role: reads (no resource-level permissions), then this service's groups and rules only. */
export function blueGreenStatements(props: Pick<BlueGreenRoleProps, 'targetGroupArns' | 'listenerRuleArns'>): Statement[] {
  return [
    {
      Sid: 'ReadLoadBalancing',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
      Resource: '*',
    },
    { Sid: 'MoveTasks', Effect: 'Allow', Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], Resource: [...props.targetGroupArns] },
    { Sid: 'ShiftTraffic', Effect: 'Allow', Action: 'elasticloadbalancing:ModifyRule', Resource: [...props.listenerRuleArns] },
  ];
}
