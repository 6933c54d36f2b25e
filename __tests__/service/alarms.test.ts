/**
 * Every service of every environment has the alarms of the alarm table, wired to the
 * environment's topic and to deployment rollback. The expectations are derived from the table
 * (model/alarms.ts) and the configuration alone, for the shipped configuration, the pinned
 * fixtures (rolling and blue/green) and any generated configuration: none missing, none extra,
 * each with its environment kind's settings and the service's overrides, each watching its own
 * service's target groups (both of a blue/green pair) and nothing else.
 */
import * as path from 'path';
import fc from 'fast-check';
import { AppConfig, EnvironmentConfig, ResolvedService, defaultConfig, loadConfig } from '../../environments';
import { ALARMS, AlarmSpec, DEPLOYMENT_ALARMS, resolveAlarmSettings } from '../../model/alarms';
import { names } from '../../model/names';
import { serviceTargetGroup } from '../../model/target-group';
import { Json, Synthesized } from '../../verify/tfjson';
import { loadConfigFile } from '../helpers/config-file';
import { synth } from '../helpers/synth';

const FIXTURES = path.join(__dirname, '../fixtures/alarms');

interface Expected {
  env: EnvironmentConfig;
  svc: ResolvedService;
  spec: AlarmSpec;
}

/** Every alarm the table and the configuration call for, by environment and alarm name. */
function expectedAlarms(config: AppConfig): Map<string, Map<string, Expected>> {
  return new Map(
    config.environments.map((env) => [
      env.name,
      new Map(env.services.flatMap((svc) => ALARMS.map((spec) => [names.alarm(config.shared.project, env.name, svc.name, spec.suffix), { env, svc, spec }] as const))),
    ]),
  );
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The invariant, on one synthesized configuration. */
function checkAlarms(config: AppConfig, out: Synthesized): void {
  const { project, network } = config.shared;
  const expected = expectedAlarms(config);
  // No alarm in a stack that is not an environment's.
  for (const stack of ['bootstrap', 'shared']) expect(out.resources('aws_cloudwatch_metric_alarm', stack)).toEqual([]);
  for (const env of config.environments) {
    const want = expected.get(env.name)!;
    const got = new Map(out.resources('aws_cloudwatch_metric_alarm', env.name).map((a) => [String(a.body.alarm_name), a]));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    const topic = out.resources('aws_sns_topic', env.name);
    expect(topic.map((t) => t.body.name)).toEqual([names.alarmTopic(project, env.name)]);
    const groupsOf = (svc: ResolvedService) => {
      const id = serviceTargetGroup(svc.port, network.vpcCidr);
      return [names.targetGroup(project, env.name, svc.name, id), ...(env.blueGreen ? [names.targetGroup(project, env.name, svc.name, id, 'alternate')] : [])];
    };
    for (const [name, { svc, spec }] of want) {
      const alarm = got.get(name)!.body;
      const s = resolveAlarmSettings(spec, env.production, svc.alarms[spec.key]);
      expect({ name, threshold: alarm.threshold, evaluations: alarm.evaluation_periods, treat: alarm.treat_missing_data, enabled: alarm.actions_enabled }).toEqual({
        name,
        threshold: s.threshold,
        evaluations: s.evaluationPeriods,
        treat: spec.treatMissingData,
        enabled: true,
      });
      const queries: Json[] = alarm.metric_query;
      const metrics = queries.filter((q) => q.metric);
      for (const q of metrics) expect([name, q.metric.period]).toEqual([name, s.periodSeconds]);
      // Its own service only: the ALB metrics of each of the service's target groups, the ECS metrics of its service.
      const groups = metrics.filter((q) => q.metric.dimensions.TargetGroup).map((q) => out.resolve(env.name, q.metric.dimensions.TargetGroup)!.resource.body.name);
      const perGroup = spec.metrics.filter((m) => m.scope === 'targetGroup').length;
      expect([name, [...new Set(groups)].sort(), groups.length]).toEqual([name, perGroup ? groupsOf(svc).sort() : [], perGroup * groupsOf(svc).length]);
      for (const q of metrics.filter((x) => x.metric.dimensions.ServiceName)) expect([name, q.metric.dimensions.ServiceName]).toEqual([name, names.ecsService(svc.name)]);
      // Notifies the environment's topic when it fires and when it recovers, nothing else.
      for (const field of ['alarm_actions', 'ok_actions']) {
        expect([name, field, list<string>(alarm[field]).map((a) => out.resolve(env.name, a)?.resource.name)]).toEqual([name, field, [topic[0].name]]);
      }
    }
    // Each ECS service rolls back on its deployment alarms; the circuit breaker stays on.
    for (const svc of env.services) {
      const service = out.resources('aws_ecs_service', env.name).find((x) => x.body.name === names.ecsService(svc.name))!.body;
      const rollbackOn = list<string>(service.alarms.alarm_names).map((ref) => out.resolve(env.name, ref)!.resource.body.alarm_name);
      expect({ svc: svc.name, rollbackOn: rollbackOn.sort(), enable: service.alarms.enable, rollback: service.alarms.rollback, breaker: service.deployment_circuit_breaker }).toEqual({
        svc: svc.name,
        rollbackOn: DEPLOYMENT_ALARMS.map((a) => names.alarm(project, env.name, svc.name, a.suffix)).sort(),
        enable: true,
        rollback: true,
        breaker: { enable: true, rollback: true },
      });
    }
  }
}

const CONFIGS: Array<[string, () => AppConfig]> = [
  ['the shipped configuration', () => defaultConfig()],
  ['rolling.json', () => loadConfigFile(path.join(FIXTURES, 'rolling.json'))],
  ['blue-green.json', () => loadConfigFile(path.join(FIXTURES, 'blue-green.json'))],
];

describe.each(CONFIGS)('alarms of %s', (_, load) => {
  let config: AppConfig;
  let out: Synthesized;
  beforeAll(() => {
    config = load();
    out = synth(config);
  });

  it('every service has every alarm of the table with its settings, wired to its topic and its deployments; none missing, none extra', () => {
    checkAlarms(config, out);
  });

  it('an override changes that alarm of that service only', () => {
    const overridden = config.environments.flatMap((e) => e.services.flatMap((s) => Object.keys(s.alarms).map((k) => `${e.name}/${s.name}/${k}`)));
    const differing = config.environments.flatMap((e) =>
      e.services.flatMap((s) =>
        ALARMS.filter((spec) => JSON.stringify(resolveAlarmSettings(spec, e.production, s.alarms[spec.key])) !== JSON.stringify(resolveAlarmSettings(spec, e.production))).map((spec) => `${e.name}/${s.name}/${spec.key}`),
      ),
    );
    expect(differing.sort()).toEqual(overridden.sort());
  });
});

/** Generated configurations: 1–3 environments (any may be production or blue/green), 1–3 services each, random overrides within the table's ranges. */
const slug = (max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{1,${max - 1}}$`));
const override = fc.constantFrom(...ALARMS).chain((spec) =>
  fc.record({
    key: fc.constant(spec.key),
    value: fc.record(
      {
        threshold: spec.thresholdRange.integer ? fc.integer({ min: spec.thresholdRange.min, max: Math.min(spec.thresholdRange.max, 1000) }) : fc.double({ min: spec.thresholdRange.min, max: spec.thresholdRange.max, noNaN: true }),
        periodSeconds: fc.constantFrom(60, 120, 300),
        evaluationPeriods: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: [] },
    ),
  }),
);
const service = fc.record({ name: slug(8), port: fc.integer({ min: 3000, max: 4000 }), overrides: fc.array(override, { maxLength: 2 }) });
const environment = fc.record({ name: slug(6), production: fc.boolean(), blueGreen: fc.boolean(), services: fc.uniqueArray(service, { minLength: 1, maxLength: 3, selector: (s) => s.name }) });
const configs = fc.uniqueArray(environment, { minLength: 1, maxLength: 3, selector: (e) => e.name }).map((envs) => ({
  shared: { project: 'gen', region: 'eu-west-1', network: { vpcCidr: '10.70.0.0/16' }, state: { bucket: 'gen-tfstate-example', lockTable: 'gen-tflock' } },
  environments: envs.map((e) => ({
    name: e.name,
    production: e.production,
    routePrefix: `/${e.name}`,
    ...(e.blueGreen ? { blueGreen: { bakeTimeMinutes: 1440 } } : {}),
    services: e.services.map((s) => ({ name: s.name, port: s.port, routes: [`/${s.name}`], alarms: Object.fromEntries(s.overrides.map((o) => [o.key, o.value])) })),
  })),
}));

it('holds for any configuration: every service, every alarm of the table, nothing else (property, synthesized)', () => {
  fc.assert(
    fc.property(configs, (raw) => {
      const config = loadConfig(raw.shared, raw.environments);
      checkAlarms(config, synth(config));
    }),
    // Each run synthesizes a whole app (about a second): few runs, fixed seed.
    { seed: 15, numRuns: 8 },
  );
});
