import { Construct } from 'constructs';
import { IResolvable, Op } from 'cdktf';
import { DataAwsEcsCluster } from '@cdktf/provider-aws/lib/data-aws-ecs-cluster';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';

export interface EnvironmentClusterProps {
  /** Cluster name, from `names.cluster`. */
  readonly name: string;
  /** Log group for ECS Exec session transcripts. */
  readonly execLogGroupName: string;
  /** The environment's CMK: exec sessions and their logs. */
  readonly kmsKeyArn: string;
  readonly logRetentionDays: number;
}

/**
 * The environment's cluster, with Container Insights. ECS Exec sessions (where exec is
 * allowed at all) are encrypted with the environment key and logged to CloudWatch.
 */
export class EnvironmentCluster extends Construct {
  readonly cluster: EcsCluster;
  readonly execLogGroup: CloudwatchLogGroup;
  /**
   * The FARGATE and FARGATE_SPOT association. A service names one of them in its strategy,
   * and ECS rejects a strategy whose provider is not associated yet, so services depend on it.
   */
  readonly capacityProviders: EcsClusterCapacityProviders;
  /** Terraform boolean, read at plan: the cluster runs or starts at least one task (false for a new cluster). */
  readonly runsTasks: IResolvable;

  constructor(scope: Construct, id: string, props: EnvironmentClusterProps) {
    super(scope, id);
    this.execLogGroup = new CloudwatchLogGroup(this, 'exec-logs', {
      name: props.execLogGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      configuration: {
        executeCommandConfiguration: {
          kmsKeyId: props.kmsKeyArn,
          logging: 'OVERRIDE',
          logConfiguration: { cloudWatchLogGroupName: this.execLogGroup.name, cloudWatchEncryptionEnabled: true },
        },
      },
    });
    this.capacityProviders = new EcsClusterCapacityProviders(this, 'capacity', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
    });
    // Task counts only (DescribeClusters); a new cluster is read after it exists, at apply.
    const state = new DataAwsEcsCluster(this, 'state', { clusterName: this.cluster.name });
    // Op renders a literal 0 as "undefined" (cdktf 0.21), hence ">= 1".
    this.runsTasks = Op.gte(Op.add(state.runningTasksCount, state.pendingTasksCount), 1);
  }
}
