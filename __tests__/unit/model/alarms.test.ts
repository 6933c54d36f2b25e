/**
 * The alarm table (model/alarms.ts) on its own: what each alarm reads is well formed for any
 * number of target groups and any dimension values (every query used, each metric once per
 * target group, one series returned, within CloudWatch's query limit); every alarm's defaults
 * pass CloudWatch's limits and production's are never laxer; and the settings check refuses
 * exactly what PutMetricAlarm refuses.
 */
import fc from 'fast-check';
import { ALARMS, ALARM_EXPRESSION_ID, ALARM_LIMITS, DEPLOYMENT_ALARMS, alarmMetricCount, alarmQueries, alarmSettingsProblems, alarmWindowSeconds } from '../../../model/alarms';

const SEED = 15;
const token = fc.stringMatching(/^[A-Za-z0-9/_-]{1,24}$/);
const targets = fc.record({ loadBalancer: token, targetGroups: fc.uniqueArray(token, { minLength: 1, maxLength: 2 }), cluster: token, service: token });

describe('alarm table', () => {
  it('every alarm reads well-formed queries for any target groups (property)', () => {
    fc.assert(
      fc.property(targets, fc.constantFrom(...ALARMS), fc.integer({ min: 1, max: 1440 }).map((m) => m * 60), (t, spec, period) => {
        const queries = alarmQueries(spec, t, period);
        const ids = queries.map((q) => q.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(queries.length).toBeLessThanOrEqual(ALARM_LIMITS.maxQueries);
        // CloudWatch query IDs: a lowercase letter first, then letters, digits and "_".
        for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9_]*$/);
        expect(queries.filter((q) => q.returnData)).toHaveLength(1);
        const metrics = queries.filter((q) => q.metric);
        expect(metrics).toHaveLength(alarmMetricCount(spec, t.targetGroups.length));
        for (const m of spec.metrics) {
          const of = metrics.filter((q) => q.metric!.metricName === m.metricName);
          if (m.scope === 'targetGroup') {
            // Once per target group of the service, each with the ALB: after a blue/green switch the other group is live.
            expect(of.map((q) => q.metric!.dimensions)).toEqual(t.targetGroups.map((g) => ({ LoadBalancer: t.loadBalancer, TargetGroup: g })));
          } else {
            expect(of.map((q) => q.metric!.dimensions)).toEqual([{ ClusterName: t.cluster, ServiceName: t.service }]);
          }
          for (const q of of) expect([q.metric!.namespace, q.metric!.stat, q.metric!.periodSeconds]).toEqual([m.namespace, m.stat, period]);
        }
        const expression = queries.find((q) => q.expression !== undefined);
        if (expression) {
          expect(expression.id).toBe(ALARM_EXPRESSION_ID);
          // Every metric feeds the expression, and the expression names nothing else.
          const used = new Set(expression.expression!.match(/\b[a-z][A-Za-z0-9_]*\b/g)!.filter((w) => !/^(IF|FILL|MAX)$/i.test(w)));
          expect([...used].sort()).toEqual(metrics.map((q) => q.id).sort());
        } else {
          expect(metrics).toHaveLength(1);
          expect(metrics[0].returnData).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('every alarm’s defaults pass CloudWatch’s limits, and production’s are never laxer (threshold and window)', () => {
    for (const spec of ALARMS) {
      const { production: p, nonProduction: n } = spec.defaults;
      expect([spec.key, alarmSettingsProblems(spec, p), alarmSettingsProblems(spec, n)]).toEqual([spec.key, [], []]);
      expect([spec.key, p.threshold <= n.threshold, alarmWindowSeconds(p) <= alarmWindowSeconds(n)]).toEqual([spec.key, true, true]);
    }
  });

  it('rolls deployments back on the 5xx rate and unhealthy hosts only', () => {
    expect(DEPLOYMENT_ALARMS.map((a) => a.key).sort()).toEqual(['target5xxRate', 'unhealthyHosts']);
  });

  it('every alarm says why it treats missing data as it does, and what to do when it fires', () => {
    for (const spec of ALARMS) {
      expect(['notBreaching', 'breaching', 'missing', 'ignore']).toContain(spec.treatMissingData);
      expect(spec.missingData.length).toBeGreaterThan(20);
      expect(spec.action.length).toBeGreaterThan(20);
    }
  });

  it('refuses exactly the periods and windows PutMetricAlarm refuses (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALARMS), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 0, max: 2000 }), (spec, period, evaluations) => {
        const s = { threshold: spec.thresholdRange.min, periodSeconds: period, evaluationPeriods: evaluations };
        const window = period * evaluations;
        const valid = period % 60 === 0 && evaluations >= 1 && window <= (period < 3600 ? 86_400 : 604_800);
        expect(alarmSettingsProblems(spec, s).length === 0).toBe(valid);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('refuses thresholds outside the alarm’s range, and fractions where it counts whole things (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALARMS), fc.double({ min: -10, max: 2_000_000, noNaN: true }), (spec, threshold) => {
        const { min, max, integer } = spec.thresholdRange;
        const s = { ...spec.defaults.production, threshold };
        const valid = threshold >= min && threshold <= max && (!integer || Number.isInteger(threshold));
        expect(alarmSettingsProblems(spec, s).length === 0).toBe(valid);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
