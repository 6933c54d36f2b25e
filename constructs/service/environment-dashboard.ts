import { Construct } from 'constructs';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { DashboardInput, dashboardBody } from '../../model/dashboard';
import { jsonDocument } from '../json-document';

export interface EnvironmentDashboardProps extends DashboardInput {
  /** From `names.dashboard`. */
  readonly name: string;
}

/** The environment's CloudWatch dashboard (model/dashboard.ts): its ALB and NAT, then a row per service. */
export class EnvironmentDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: EnvironmentDashboardProps) {
    super(scope, id);
    const { name, ...input } = props;
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: name, dashboardBody: jsonDocument(this, dashboardBody(input)) });
  }
}
