import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { ALARMS, AlarmKey, AlarmSettings, AlarmTargets, alarmQueries, resolveAlarmSettings } from '../../model/alarms';
import { names } from '../../model/names';

export interface ServiceAlarmsProps {
  readonly project: string;
  readonly environment: string;
  /** Production's defaults are stricter (model/alarms.ts). */
  readonly production: boolean;
  /** The service's overrides, by alarm (`services[].alarms`). */
  readonly overrides: Readonly<Partial<Record<AlarmKey, Partial<AlarmSettings>>>>;
  /** Dimensions: the ALB, the service's target groups (two with blue/green), cluster and service. */
  readonly targets: AlarmTargets;
  /** The environment's alarm topic: ALARM and OK notifications go there. */
  readonly topicArn: string;
}

/**
 * One CloudWatch alarm per row of the alarm table (model/alarms.ts) for one service, each
 * notifying the environment's topic when it fires and when it recovers.
 */
export class ServiceAlarms extends Construct {
  readonly alarms: ReadonlyMap<AlarmKey, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.alarms = new Map(
      ALARMS.map((spec) => {
        const s = resolveAlarmSettings(spec, props.production, props.overrides[spec.key]);
        const alarm = new CloudwatchMetricAlarm(this, spec.suffix, {
          alarmName: names.alarm(props.project, props.environment, props.targets.service, spec.suffix),
          alarmDescription: `${spec.title} of service ${props.targets.service}: ${spec.meaning}. What to do: docs/alarms.md#${spec.suffix}`.slice(0, 1024),
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: s.threshold,
          evaluationPeriods: s.evaluationPeriods,
          datapointsToAlarm: s.evaluationPeriods,
          treatMissingData: spec.treatMissingData,
          actionsEnabled: true,
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
          metricQuery: alarmQueries(spec, props.targets, s.periodSeconds).map((q) => ({
            id: q.id,
            expression: q.expression,
            label: q.label,
            returnData: q.returnData,
            metric: q.metric ? { namespace: q.metric.namespace, metricName: q.metric.metricName, stat: q.metric.stat, period: q.metric.periodSeconds, dimensions: { ...q.metric.dimensions } } : undefined,
          })),
        });
        return [spec.key, alarm] as const;
      }),
    );
  }
}
