import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { AppConfig, EnvironmentConfig } from '../../environments/validate';
import { remoteState } from '../backend';
import { names } from '../names';
import { ruleScope, securityMatrix } from '../security-matrix';
import { MatrixGroup, TrafficRules } from '../traffic-rules';
import { awsProvider } from './aws-provider';
import { SharedStack } from './shared-stack';

/**
 * One environment (test, stage, prod): the unit a user plans and deploys. It owns its
 * task and database security groups and every matrix rule that touches them, so no
 * rule ever connects two environments.
 */
export class EnvironmentStack extends TerraformStack {
  readonly ecsGroup: MatrixGroup;
  readonly dbGroup: MatrixGroup;
  readonly albGroup: MatrixGroup;

  constructor(scope: Construct, id: string, config: AppConfig, env: EnvironmentConfig, shared: SharedStack) {
    super(scope, id);
    const project = config.shared.project;
    awsProvider(this, config.shared, id);
    remoteState(this, config.shared.state, project, id);
    const vpcId = shared.network.vpc.id;

    this.ecsGroup = new MatrixGroup(this, 'ecs-sg', { name: names.ecsSecurityGroup(project, env.name), description: `ECS tasks of ${env.name}`, vpcId });
    this.dbGroup = new MatrixGroup(this, 'db-sg', { name: names.dbSecurityGroup(project, env.name), description: `Database of ${env.name}`, vpcId });
    if (env.dedicatedAlb) {
      this.albGroup = new MatrixGroup(this, 'alb-sg', { name: names.albSecurityGroup(project, env.name), description: `Dedicated ALB of ${env.name}`, vpcId });
    } else if (shared.albGroup) {
      this.albGroup = shared.albGroup;
    } else {
      throw new Error(`environment "${env.name}" uses the shared ALB but the shared stack has none`);
    }

    const rules = securityMatrix({ ipv6: config.shared.network.ipv6 }).filter((r) => ruleScope(r, env.dedicatedAlb) === 'environment');
    new TrafficRules(this, 'rules', {
      groups: { alb: this.albGroup.groupId, ecs: this.ecsGroup.groupId, db: this.dbGroup.groupId },
      rules,
    });
  }
}
