/**
 * Alarms on the pinned fixtures (rolling and blue/green, with overrides in production and
 * outside it): every service has the alarms of the alarm table with its settings, wired to its
 * topic and its deployments, watching both groups of a blue/green pair (the check of the
 * invariant suite, helpers/alarm-invariants.ts); an override changes that alarm of that service
 * only. Any generated configuration: properties/configurations.test.ts.
 */
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { ALARMS, resolveAlarmSettings } from '../../../model/alarms';
import { names } from '../../../model/names';
import { alarmsAsTable } from '../../helpers/alarm-invariants';
import { loadConfigFile } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

const FIXTURES = path.join(__dirname, '../../fixtures/alarms');

describe.each(['rolling.json', 'blue-green.json'])('alarms of %s', (file) => {
  const config: AppConfig = loadConfigFile(path.join(FIXTURES, file));
  const out = synthBeforeAll(config);

  it('every service has every alarm of the table with its settings, wired to its topic and its deployments; none missing, none extra', () => {
    expect(alarmsAsTable(out, config)).toEqual([]);
    expect(out.resources('aws_cloudwatch_metric_alarm')).toHaveLength(config.environments.reduce((n, e) => n + e.services.length * ALARMS.length, 0));
  });

  it('an override changes that alarm of that service only', () => {
    const overridden = config.environments.flatMap((e) => e.services.flatMap((s) => Object.keys(s.alarms).map((k) => `${e.name}/${s.name}/${k}`)));
    // blue-green.json overrides alarms in production and outside it; rolling.json none.
    expect(overridden.length > 0).toBe(file === 'blue-green.json');
    const differing = config.environments.flatMap((e) =>
      e.services.flatMap((s) =>
        ALARMS.filter((spec) => JSON.stringify(resolveAlarmSettings(spec, e.production, s.alarms[spec.key])) !== JSON.stringify(resolveAlarmSettings(spec, e.production))).map((spec) => `${e.name}/${s.name}/${spec.key}`),
      ),
    );
    expect(differing.sort()).toEqual(overridden.sort());
    for (const key of overridden) {
      const [env, svc, alarm] = key.split('/');
      const spec = ALARMS.find((a) => a.key === alarm)!;
      const e = config.environments.find((x) => x.name === env)!;
      const body = out.resources('aws_cloudwatch_metric_alarm', env).find((a) => a.body.alarm_name === names.alarm(config.shared.project, env, svc, spec.suffix))!.body;
      expect([key, body.threshold]).toEqual([key, resolveAlarmSettings(spec, e.production, e.services.find((s) => s.name === svc)!.alarms[spec.key]).threshold]);
    }
  });
});
