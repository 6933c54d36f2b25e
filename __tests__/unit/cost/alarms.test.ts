/**
 * `npm run cost` prices what the alarms add, derived from the alarm table and the
 * configuration: each environment's alarms by the metrics they read (two target groups per
 * blue/green service), its dashboard, and its topic as a usage item; the blue/green role, the
 * second target group, the test rules, the topic policy, the subscriptions and the strategy
 * marker cost nothing; nothing is left unpriced.
 */
import * as path from 'path';
import { profile } from '../../../cost/profile';
import { PRICES } from '../../../cost/prices';
import { serviceAlarmMetrics } from '../../../model/alarms';
import { names } from '../../../model/names';
import { loadConfigFile } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

describe('cost of alarms, dashboards and notifications', () => {
  // The price table knows eu-west-1 and us-east-1; the fixture's region is not what is tested here.
  const config = loadConfigFile(path.join(__dirname, '../../fixtures/alarms/blue-green.json'), (raw) => ((raw.shared as { region: string }).region = 'eu-west-1'));
  const out = synthBeforeAll(config);
  let p: ReturnType<typeof profile>;
  beforeAll(() => {
    p = profile(out.stacks, { environments: config.environments.map((e) => e.name), production: config.environments.filter((e) => e.production).map((e) => e.name) });
  });
  const P = PRICES.regions['eu-west-1'];

  it('prices every environment’s alarms by the metrics the table says they read, and its dashboard', () => {
    for (const env of config.environments) {
      // Each target-tracking policy (autoscaling, not this feature) brings two alarms of its own.
      const targetTracking = out.resources('aws_appautoscaling_policy', env.name).filter((x) => x.body.policy_type === 'TargetTrackingScaling').length * 2;
      const metrics = env.services.length * serviceAlarmMetrics(env.blueGreen ? 2 : 1) + targetTracking;
      const alarms = p.lines.find((l) => l.stack === env.name && l.item.startsWith('CloudWatch alarms'));
      expect([env.name, alarms?.monthly]).toEqual([env.name, expect.closeTo(metrics * P.alarmMetricMonth.usd, 6)]);
      const dashboards = p.lines.find((l) => l.stack === env.name && l.item.startsWith('CloudWatch dashboards'));
      expect([env.name, dashboards?.monthly]).toEqual([env.name, P.dashboardMonth.usd]);
    }
    expect(p.lines.filter((l) => /alarms|dashboards/.test(l.item) && ['bootstrap', 'shared'].includes(l.stack))).toEqual([]);
  });

  it('lists each alarm topic as a usage item, and leaves nothing unpriced', () => {
    for (const env of config.environments) {
      expect(p.usage.some((u) => u.stack === env.name && u.item.includes(names.alarmTopic(config.shared.project, env.name)))).toBe(true);
    }
    expect(p.unpriced).toEqual([]);
  });
});
