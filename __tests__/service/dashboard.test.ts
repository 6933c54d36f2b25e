/**
 * One dashboard per environment, derived from the configuration: a row for the environment's
 * ALB (its own, or the shared one) and every NAT gateway of the VPC, then a row per service
 * with its requests, 5xx, p99 latency, healthy targets (both groups of a blue/green pair), CPU
 * and memory. Widgets sit on CloudWatch's 24-column grid without overlapping.
 */
import * as path from 'path';
import { AppConfig, defaultConfig } from '../../environments';
import { SERVICE_WIDGETS, dashboardWidgets } from '../../model/dashboard';
import { names } from '../../model/names';
import { serviceTargetGroup } from '../../model/target-group';
import { Json, Synthesized } from '../../verify/tfjson';
import { loadConfigFile } from '../helpers/config-file';
import { synth } from '../helpers/synth';

const FIXTURES = path.join(__dirname, '../fixtures/alarms');
const CONFIGS: Array<[string, () => AppConfig]> = [
  ['the shipped configuration', () => defaultConfig()],
  ['rolling.json', () => loadConfigFile(path.join(FIXTURES, 'rolling.json'))],
  ['blue-green.json', () => loadConfigFile(path.join(FIXTURES, 'blue-green.json'))],
];

describe.each(CONFIGS)('dashboards of %s', (_, load) => {
  let config: AppConfig;
  let out: Synthesized;
  beforeAll(() => {
    config = load();
    out = synth(config);
  });
  const body = (env: string) => {
    const boards = out.resources('aws_cloudwatch_dashboard', env);
    expect(boards.map((d) => d.body.dashboard_name)).toEqual([names.dashboard(config.shared.project, env)]);
    return JSON.parse(boards[0].body.dashboard_body) as { widgets: Json[] };
  };
  /** What a dimension value in the body points at: the resource's type and name. */
  const target = (env: string, value: string) => {
    const r = out.resolve(env, value)?.resource;
    return r ? `${r.type}:${r.body.name ?? r.body.tags?.Name ?? r.name}` : value;
  };

  it('one per environment, with the environment row and one row per service, on the grid without overlap', () => {
    for (const env of config.environments) {
      const { widgets } = body(env.name);
      expect(widgets).toHaveLength(dashboardWidgets(env.services.length));
      const cells = new Set<string>();
      for (const w of widgets) {
        expect(w.x + w.width).toBeLessThanOrEqual(24);
        expect(w.properties.region).toBe(config.shared.region);
        for (let x = w.x; x < w.x + w.width; x++) {
          for (let y = w.y; y < w.y + w.height; y++) {
            expect([env.name, `${x},${y}`, cells.has(`${x},${y}`)]).toEqual([env.name, `${x},${y}`, false]);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });

  it('the environment row shows its ALB and every NAT gateway of the VPC', () => {
    const nats = out.resources('aws_nat_gateway', 'shared').map((n) => `aws_nat_gateway:${n.body.tags.Name}`).sort();
    for (const env of config.environments) {
      const { widgets } = body(env.name);
      const metrics = widgets.slice(0, 6).flatMap((w) => w.properties.metrics as string[][]);
      const albs = new Set(metrics.filter((m) => m[0] === 'AWS/ApplicationELB').map((m) => target(env.name, m[3])));
      expect(albs).toEqual(new Set([`aws_lb:${names.alb(config.shared.project, env.dedicatedAlb ? env.name : 'shared')}`]));
      const natIds = [...new Set(metrics.filter((m) => m[0] === 'AWS/NATGateway').map((m) => target(env.name, m[3])))].sort();
      expect(natIds).toEqual(nats);
    }
  });

  it('each service row shows its own target groups (both of a blue/green pair) and its own ECS service', () => {
    const { project, network } = config.shared;
    for (const env of config.environments) {
      const { widgets } = body(env.name);
      env.services.forEach((svc, i) => {
        const row = widgets.slice(6 + i * SERVICE_WIDGETS, 6 + (i + 1) * SERVICE_WIDGETS);
        const metrics = row.flatMap((w) => w.properties.metrics as string[][]);
        const id = serviceTargetGroup(svc.port, network.vpcCidr);
        const groups = [names.targetGroup(project, env.name, svc.name, id), ...(env.blueGreen ? [names.targetGroup(project, env.name, svc.name, id, 'alternate')] : [])];
        const shown = new Set(metrics.filter((m) => m[4] === 'TargetGroup').map((m) => target(env.name, m[5])));
        expect([svc.name, shown]).toEqual([svc.name, new Set(groups.map((g) => `aws_lb_target_group:${g}`))]);
        const ecs = metrics.filter((m) => m[0] === 'AWS/ECS');
        expect(ecs.map((m) => m[1]).sort()).toEqual(['CPUUtilization', 'MemoryUtilization']);
        for (const m of ecs) expect([target(env.name, m[3]), m[5]]).toEqual([`aws_ecs_cluster:${names.cluster(project, env.name)}`, names.ecsService(svc.name)]);
        const names_ = new Set(metrics.map((m) => m[1]));
        for (const metric of ['RequestCount', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'HealthyHostCount', 'UnHealthyHostCount']) expect(names_.has(metric)).toBe(true);
      });
    }
  });
});
