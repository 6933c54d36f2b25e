/**
 * Dashboards on the pinned fixtures (rolling with a dedicated ALB, blue/green with pairs of
 * target groups; NAT per AZ): one per environment with a row for the environment's ALB and
 * every NAT gateway, then a row per service with its requests, 5xx, p99 latency, healthy
 * targets (both groups of a blue/green pair), CPU and memory, on CloudWatch's 24-column grid
 * without overlap (the check of the invariant suite, helpers/alarm-invariants.ts).
 */
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { SERVICE_WIDGETS, ENVIRONMENT_WIDGETS } from '../../../model/dashboard';
import { names } from '../../../model/names';
import { Json } from '../../../verify/tfjson';
import { dashboards } from '../../helpers/alarm-invariants';
import { loadConfigFile } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

const FIXTURES = path.join(__dirname, '../../fixtures/alarms');

describe.each(['rolling.json', 'blue-green.json'])('dashboards of %s', (file) => {
  const config: AppConfig = loadConfigFile(path.join(FIXTURES, file));
  const out = synthBeforeAll(config);

  it('one per environment: its ALB and the NAT gateways, then a row per service with its own target groups and ECS service, on the grid without overlap', () => {
    expect(dashboards(out, config)).toEqual([]);
  });

  it('the environment row of an environment with a dedicated ALB shows that ALB, the others the shared one; every NAT gateway of the VPC (per AZ here)', () => {
    expect(out.resources('aws_nat_gateway', 'shared').length).toBeGreaterThan(1);
    for (const env of config.environments) {
      const body = JSON.parse(out.resources('aws_cloudwatch_dashboard', env.name)[0].body.dashboard_body) as { widgets: Json[] };
      const metrics = body.widgets.slice(0, ENVIRONMENT_WIDGETS).flatMap((w) => w.properties.metrics as string[][]);
      const albs = [...new Set(metrics.filter((m) => m[0] === 'AWS/ApplicationELB').map((m) => out.resolve(env.name, m[3])!.resource.body.name))];
      expect([env.name, albs]).toEqual([env.name, [names.alb('shop', env.dedicatedAlb ? env.name : 'shared')]]);
      expect(new Set(metrics.filter((m) => m[0] === 'AWS/NATGateway').map((m) => m[3])).size).toBe(out.resources('aws_nat_gateway', 'shared').length);
      // Blue/green: each service row shows two target groups.
      const tgs = body.widgets.slice(ENVIRONMENT_WIDGETS, ENVIRONMENT_WIDGETS + SERVICE_WIDGETS).flatMap((w) => w.properties.metrics as string[][]).filter((m) => m[4] === 'TargetGroup').map((m) => m[5]);
      expect([env.name, new Set(tgs).size]).toEqual([env.name, env.blueGreen ? 2 : 1]);
    }
    expect(config.environments.some((e) => e.dedicatedAlb)).toBe(file === 'rolling.json');
  });
});
