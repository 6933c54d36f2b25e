/**
 * Invariant: every service of your configuration (environments/) has the alarms of the alarm
 * table (model/alarms.ts) with its settings, wired to its environment's topic and to deployment
 * rollback; each environment has one topic encrypted with its own key, taking alarms of that
 * environment only, with exactly the configured subscriptions, and one dashboard of its own
 * ALB, NAT gateways and services; none of it adds a network path. Expected values come from
 * the configuration and the tables.
 */
import { Testing } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { ALARMS } from '../../model/alarms';
import { names } from '../../model/names';
import { alarmNotifications, alarmsAddNoNetwork, alarmsAsTable, dashboards } from '../helpers/alarm-invariants';
import { matrixBothWays } from '../helpers/invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

Testing.setupJest();
const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);
const p = config.shared.project;

describe('alarms', () => {
  it('are the alarm table for every service: its settings and overrides, its own target groups and ECS service, its topic, its rollback; none missing, none extra', () => {
    expect(alarmsAsTable(app.out, config)).toEqual([]);
  });

  it('notify one topic per environment, encrypted with its own key, that takes this environment\'s alarms only; subscriptions are the configured ones', () => {
    expect(alarmNotifications(app.out, config)).toEqual([]);
  });

  it('have one dashboard per environment showing its ALB, the NAT gateways and each of its services', () => {
    expect(dashboards(app.out, config)).toEqual([]);
  });

  it('add no network path: their constructs create no network resource, and the security groups stay the matrix', () => {
    expect(alarmsAddNoNetwork(app.out, config)).toEqual([]);
    expect(matrixBothWays(app.out, config)).toEqual([]);
  });
});

describe.each(config.environments.map((e) => [e.name, e] as const))('environment %s', (name, env) => {
  it.each(env.services.map((s) => [s.name] as const))('service %s rolls its deployments back on its alarms, with the circuit breaker on', (svc) => {
    expect(app.stack(name)).toHaveResourceWithProperties(EcsService, { name: names.ecsService(svc), alarms: expect.objectContaining({ enable: true, rollback: true }), deployment_circuit_breaker: { enable: true, rollback: true } });
    for (const spec of ALARMS) expect(app.stack(name)).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_name: names.alarm(p, name, svc, spec.suffix), actions_enabled: true });
  });
});
