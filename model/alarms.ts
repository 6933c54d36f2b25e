/**
 * The alarms every service gets, as one table (ALARM_SPECS): what each watches, its
 * thresholds, periods and evaluation periods per environment kind (production stricter), how it
 * treats missing data and why, whether it rolls a deployment back, and what to do when it fires.
 * Constructs build one `aws_cloudwatch_metric_alarm` per row and service from it
 * (constructs/service/service-alarms.ts), validation checks a service's overrides against it
 * (environments/validate/alarms.ts), the tests derive the expected alarms from it, and
 * docs/alarms.md describes the same rows.
 *
 * Sources:
 * - ALB metrics and their dimensions: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 *   (HTTPCode_ELB_5XX_Count is published per LoadBalancer and per AvailabilityZone only, never per
 *   TargetGroup; ELB metrics are reported only while requests flow, and count metrics only when
 *   non-zero).
 * - ECS service metrics (CPUUtilization, MemoryUtilization: "if a service has no RUNNING tasks, no
 *   metrics are sent"): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 * - Container Insights (RunningTaskCount, DesiredTaskCount by ClusterName, ServiceName):
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 * - PutMetricAlarm limits (period 10, 20, 30 or a multiple of 60; Period × EvaluationPeriods at
 *   most one day below a one-hour period, else seven days): https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * - Metric math (FILL, IF, MAX of an array of series): https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */

export const ALARM_KEYS = ['target5xxRate', 'targetConnectionErrors', 'latencyP99', 'unhealthyHosts', 'runningBelowDesired', 'cpuHigh', 'memoryHigh'] as const;
export type AlarmKey = (typeof ALARM_KEYS)[number];

export type EnvironmentKind = 'production' | 'nonProduction';
export type TreatMissingData = 'notBreaching' | 'breaching' | 'missing' | 'ignore';

/** What a service may override per alarm (services[].alarms.<key>). */
export interface AlarmSettings {
  /** In the alarm's unit (see `unit`). */
  readonly threshold: number;
  /** Seconds per datapoint: a multiple of 60 (the metrics are one-minute metrics). */
  readonly periodSeconds: number;
  /** Consecutive breaching periods before the alarm fires. */
  readonly evaluationPeriods: number;
}

/** One metric series: per target group (an ALB metric) or per service (ECS, Container Insights). */
export interface AlarmMetric {
  /** Query ID prefix (metric math variable); per target group it gets the group's index. */
  readonly id: string;
  readonly namespace: 'AWS/ApplicationELB' | 'AWS/ECS' | 'ECS/ContainerInsights';
  readonly metricName: string;
  /** CloudWatch statistic, e.g. "Sum" or "p99". */
  readonly stat: string;
  readonly scope: 'targetGroup' | 'service';
}

/** How the series combine into the one series the alarm compares (target groups summed, or worst). */
export type Combine =
  | { readonly kind: 'sum'; readonly metric: string }
  | { readonly kind: 'max'; readonly metric: string }
  | { readonly kind: 'rate'; readonly errors: string; readonly requests: string; readonly minRequests: number }
  | { readonly kind: 'difference'; readonly minuend: string; readonly subtrahend: string }
  | { readonly kind: 'single'; readonly metric: string };

export interface AlarmSpec {
  readonly key: AlarmKey;
  /** Last part of the alarm's name (names.alarm). */
  readonly suffix: string;
  readonly title: string;
  /** Unit of the threshold, in words. */
  readonly unit: string;
  /** Thresholds that make sense (and that validation accepts). */
  readonly thresholdRange: { readonly min: number; readonly max: number; readonly integer: boolean };
  readonly defaults: Readonly<Record<EnvironmentKind, AlarmSettings>>;
  readonly treatMissingData: TreatMissingData;
  /** Why `treatMissingData` is what it is. */
  readonly missingData: string;
  /** Named in the ECS service's deployment `alarms`: firing during a deployment rolls it back. */
  readonly deployment: boolean;
  readonly metrics: readonly AlarmMetric[];
  readonly combine: Combine;
  /** What it means when it fires. */
  readonly meaning: string;
  /** What to do. */
  readonly action: string;
}

/** Requests a period must have before the 5xx rate counts: one failed request of one is not a 100 % outage. */
export const MIN_REQUESTS_FOR_RATE = 10;

const minutes = (n: number) => n * 60;
const tg = (id: string, metricName: string, stat: string): AlarmMetric => ({ id, namespace: 'AWS/ApplicationELB', metricName, stat, scope: 'targetGroup' });

export const ALARM_SPECS: Readonly<Record<AlarmKey, AlarmSpec>> = {
  target5xxRate: {
    key: 'target5xxRate',
    suffix: 'target-5xx-rate',
    title: 'Target 5xx rate',
    unit: 'percent of requests',
    thresholdRange: { min: 0.1, max: 100, integer: false },
    defaults: { production: { threshold: 1, periodSeconds: 60, evaluationPeriods: 3 }, nonProduction: { threshold: 5, periodSeconds: 60, evaluationPeriods: 5 } },
    treatMissingData: 'notBreaching',
    missingData: 'the ALB reports nothing while no request flows: no requests, no errors',
    deployment: true,
    metrics: [tg('errors', 'HTTPCode_Target_5XX_Count', 'Sum'), tg('requests', 'RequestCount', 'Sum')],
    combine: { kind: 'rate', errors: 'errors', requests: 'requests', minRequests: MIN_REQUESTS_FOR_RATE },
    meaning: 'the service itself answers 5xx to this share of its requests (periods with fewer than 10 requests count as 0 %)',
    action: 'read the service log group for the errors; during a deployment ECS rolls back by itself; otherwise roll back to the previous image tag or fix forward',
  },
  targetConnectionErrors: {
    key: 'targetConnectionErrors',
    suffix: 'target-connection-errors',
    title: 'ALB cannot reach the tasks',
    unit: 'failed connections per period',
    thresholdRange: { min: 1, max: 1_000_000, integer: true },
    defaults: { production: { threshold: 5, periodSeconds: 60, evaluationPeriods: 3 }, nonProduction: { threshold: 20, periodSeconds: 60, evaluationPeriods: 5 } },
    treatMissingData: 'notBreaching',
    missingData: 'the metric is reported only when non-zero',
    deployment: false,
    // HTTPCode_ELB_5XX_Count exists per load balancer only, shared by every service (and, on the
    // shared ALB, every environment). The ALB's own 5xx for one target group come from here: a
    // failed connection to a target is answered 502 (Bad Gateway) by the ALB itself.
    metrics: [tg('connerrors', 'TargetConnectionErrorCount', 'Sum')],
    combine: { kind: 'sum', metric: 'connerrors' },
    meaning: 'the ALB could not open connections to the service’s tasks and answered 502 itself: tasks stopped, not listening on their port, or the security group no longer lets the ALB in',
    action: 'check that the tasks run and listen on the container port (ECS service events, task stopped reasons) and that the matrix rule ALB → tasks exists',
  },
  latencyP99: {
    key: 'latencyP99',
    suffix: 'latency-p99',
    title: 'p99 response time',
    unit: 'seconds',
    thresholdRange: { min: 0.01, max: 4000, integer: false },
    defaults: { production: { threshold: 1.5, periodSeconds: 60, evaluationPeriods: 5 }, nonProduction: { threshold: 3, periodSeconds: 60, evaluationPeriods: 5 } },
    treatMissingData: 'notBreaching',
    missingData: 'no requests, no response times',
    deployment: false,
    metrics: [tg('latency', 'TargetResponseTime', 'p99')],
    combine: { kind: 'max', metric: 'latency' },
    meaning: 'one request in a hundred takes longer than this to be answered by the tasks',
    action: 'look for slow dependencies (database, external APIs) and CPU or memory pressure; scale out if the service is saturated',
  },
  unhealthyHosts: {
    key: 'unhealthyHosts',
    suffix: 'unhealthy-hosts',
    title: 'Unhealthy targets',
    unit: 'targets',
    thresholdRange: { min: 1, max: 1000, integer: true },
    defaults: { production: { threshold: 1, periodSeconds: 60, evaluationPeriods: 2 }, nonProduction: { threshold: 1, periodSeconds: 60, evaluationPeriods: 3 } },
    treatMissingData: 'notBreaching',
    missingData: 'nothing registered, nothing unhealthy; tasks that are missing altogether are the running-below-desired alarm',
    deployment: true,
    metrics: [tg('unhealthy', 'UnHealthyHostCount', 'Maximum')],
    combine: { kind: 'sum', metric: 'unhealthy' },
    meaning: 'this many tasks fail the target group’s health check (healthCheckPath)',
    action: 'read the failing tasks’ logs and the health-check path’s answer; during a deployment ECS rolls back by itself',
  },
  runningBelowDesired: {
    key: 'runningBelowDesired',
    suffix: 'running-below-desired',
    title: 'Running tasks below desired',
    unit: 'missing tasks',
    thresholdRange: { min: 1, max: 1000, integer: true },
    defaults: { production: { threshold: 1, periodSeconds: 60, evaluationPeriods: 5 }, nonProduction: { threshold: 1, periodSeconds: 60, evaluationPeriods: 10 } },
    treatMissingData: 'breaching',
    missingData: 'this alarm answers "does the service run at all", so silence must not look healthy: Container Insights stops reporting when it is turned off or the service has nothing to report',
    deployment: false,
    metrics: [
      { id: 'desired', namespace: 'ECS/ContainerInsights', metricName: 'DesiredTaskCount', stat: 'Average', scope: 'service' },
      { id: 'running', namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', stat: 'Average', scope: 'service' },
    ],
    combine: { kind: 'difference', minuend: 'desired', subtrahend: 'running' },
    meaning: 'ECS keeps failing to start or keep as many tasks as it should run',
    action: 'read the ECS service events and the stopped tasks’ reasons (image pull, secrets without a value, out of memory, failed health checks)',
  },
  cpuHigh: {
    key: 'cpuHigh',
    suffix: 'cpu-high',
    title: 'CPU utilization high',
    unit: 'percent of the task CPU',
    thresholdRange: { min: 1, max: 100, integer: false },
    defaults: { production: { threshold: 80, periodSeconds: minutes(5), evaluationPeriods: 3 }, nonProduction: { threshold: 90, periodSeconds: minutes(5), evaluationPeriods: 3 } },
    treatMissingData: 'notBreaching',
    missingData: 'ECS sends no utilization while the service runs no task: no tasks, no load',
    deployment: false,
    metrics: [{ id: 'cpu', namespace: 'AWS/ECS', metricName: 'CPUUtilization', stat: 'Average', scope: 'service' }],
    combine: { kind: 'single', metric: 'cpu' },
    meaning: 'the tasks use this share of their CPU on average',
    action: 'raise `cpu`, add tasks (`desiredCount` or `autoscaling`), or find the hot path',
  },
  memoryHigh: {
    key: 'memoryHigh',
    suffix: 'memory-high',
    title: 'Memory utilization high',
    unit: 'percent of the task memory',
    thresholdRange: { min: 1, max: 100, integer: false },
    defaults: { production: { threshold: 80, periodSeconds: minutes(5), evaluationPeriods: 3 }, nonProduction: { threshold: 90, periodSeconds: minutes(5), evaluationPeriods: 3 } },
    treatMissingData: 'notBreaching',
    missingData: 'ECS sends no utilization while the service runs no task: no tasks, no memory in use',
    deployment: false,
    metrics: [{ id: 'memory', namespace: 'AWS/ECS', metricName: 'MemoryUtilization', stat: 'Average', scope: 'service' }],
    combine: { kind: 'single', metric: 'memory' },
    meaning: 'the tasks use this share of their memory on average; at 100 % a task is stopped (OutOfMemoryError)',
    action: 'raise `memory`, or look for a leak (memory that only grows between deployments)',
  },
};

/** The alarms in table order. */
export const ALARMS: readonly AlarmSpec[] = ALARM_KEYS.map((k) => ALARM_SPECS[k]);
/** The alarms named in every service's deployment `alarms` block. */
export const DEPLOYMENT_ALARMS: readonly AlarmSpec[] = ALARMS.filter((a) => a.deployment);

/** CloudWatch alarm limits (PutMetricAlarm). */
export const ALARM_LIMITS = {
  /** Seconds per datapoint of a one-minute metric must be a multiple of this. */
  periodStep: 60,
  /** Period × evaluation periods below a one-hour period. */
  maxWindowShortPeriod: 86_400,
  /** Period × evaluation periods from a one-hour period up. */
  maxWindowLongPeriod: 604_800,
  /** Metric-math queries (metrics and expressions) one alarm may hold. */
  maxQueries: 10,
} as const;

/** The settings of one alarm of one service: the environment kind's defaults, then the service's overrides. */
export function resolveAlarmSettings(spec: AlarmSpec, production: boolean, override?: Partial<AlarmSettings>): AlarmSettings {
  return { ...spec.defaults[production ? 'production' : 'nonProduction'], ...(override ?? {}) };
}

/** How long the metric must breach before the alarm fires (seconds). */
export const alarmWindowSeconds = (s: AlarmSettings): number => s.periodSeconds * s.evaluationPeriods;

/** What PutMetricAlarm (or common sense, for the threshold) would refuse in these settings, in words; empty when fine. */
export function alarmSettingsProblems(spec: AlarmSpec, s: AlarmSettings): string[] {
  const problems: string[] = [];
  const { min, max, integer } = spec.thresholdRange;
  if (!(s.threshold >= min && s.threshold <= max) || (integer && !Number.isInteger(s.threshold))) {
    problems.push(`threshold ${s.threshold} is outside ${min}–${max} ${spec.unit}${integer ? ' (a whole number)' : ''}`);
  }
  if (!Number.isInteger(s.periodSeconds) || s.periodSeconds < ALARM_LIMITS.periodStep || s.periodSeconds % ALARM_LIMITS.periodStep !== 0) {
    problems.push(`periodSeconds ${s.periodSeconds} must be a multiple of ${ALARM_LIMITS.periodStep} (these are one-minute metrics; 10, 20 and 30 are for high-resolution metrics only)`);
  }
  if (!Number.isInteger(s.evaluationPeriods) || s.evaluationPeriods < 1) problems.push(`evaluationPeriods ${s.evaluationPeriods} must be a whole number of at least 1`);
  const limit = s.periodSeconds < 3600 ? ALARM_LIMITS.maxWindowShortPeriod : ALARM_LIMITS.maxWindowLongPeriod;
  if (alarmWindowSeconds(s) > limit) {
    problems.push(`periodSeconds × evaluationPeriods is ${alarmWindowSeconds(s)} s; CloudWatch allows at most ${limit} s ${s.periodSeconds < 3600 ? 'below a one-hour period' : 'for periods of an hour or more'}`);
  }
  return problems;
}

/** The dimension values one service's alarms need. */
export interface AlarmTargets {
  /** `LoadBalancer`: the ALB's ARN suffix. */
  readonly loadBalancer: string;
  /** `TargetGroup`: the ARN suffix of each of the service's target groups (two for blue/green: ECS swaps which one is live). */
  readonly targetGroups: readonly string[];
  readonly cluster: string;
  readonly service: string;
}

/** One entry of an alarm's `metric_query`. */
export interface AlarmQuery {
  readonly id: string;
  readonly expression?: string;
  readonly label?: string;
  readonly returnData: boolean;
  readonly metric?: {
    readonly namespace: string;
    readonly metricName: string;
    readonly stat: string;
    readonly periodSeconds: number;
    readonly dimensions: Readonly<Record<string, string>>;
  };
}

/** ID of the expression an alarm compares, when it is an expression. */
export const ALARM_EXPRESSION_ID = 'value';

/**
 * The `metric_query` of one alarm: one query per metric and target group, and the expression
 * that combines them (or the one metric itself). Every target group of the service is watched:
 * after a blue/green deployment the live one is the other of the pair.
 */
export function alarmQueries(spec: AlarmSpec, t: AlarmTargets, periodSeconds: number): AlarmQuery[] {
  const series = new Map<string, string[]>();
  const queries: AlarmQuery[] = [];
  for (const m of spec.metrics) {
    const scopes: Array<Record<string, string>> =
      m.scope === 'targetGroup' ? t.targetGroups.map((g) => ({ LoadBalancer: t.loadBalancer, TargetGroup: g })) : [{ ClusterName: t.cluster, ServiceName: t.service }];
    const ids = scopes.map((_, i) => (m.scope === 'targetGroup' ? `${m.id}${i}` : m.id));
    series.set(m.id, ids);
    scopes.forEach((dimensions, i) => queries.push({ id: ids[i], returnData: false, metric: { namespace: m.namespace, metricName: m.metricName, stat: m.stat, periodSeconds, dimensions } }));
  }
  const ids = (id: string) => series.get(id) ?? [];
  const filled = (id: string) => ids(id).map((x) => `FILL(${x}, 0)`).join(' + ');
  const c = spec.combine;
  let expression: string | undefined;
  if (c.kind === 'rate') expression = `IF(${filled(c.requests)} >= ${c.minRequests}, 100 * (${filled(c.errors)}) / (${filled(c.requests)}), 0)`;
  else if (c.kind === 'difference') expression = `${c.minuend} - ${c.subtrahend}`;
  else if (ids(c.metric).length > 1) expression = c.kind === 'sum' ? filled(c.metric) : `MAX([${ids(c.metric).join(', ')}])`;
  if (expression === undefined) {
    // One series: the metric itself is what the alarm compares.
    const only = c.kind === 'sum' || c.kind === 'max' || c.kind === 'single' ? ids(c.metric)[0] : undefined;
    return queries.map((q) => (q.id === only ? { ...q, returnData: true } : q));
  }
  return [...queries, { id: ALARM_EXPRESSION_ID, expression, label: spec.title, returnData: true }];
}

/** Metrics one alarm reads (what CloudWatch bills an alarm by): per target group for ALB metrics. */
export const alarmMetricCount = (spec: AlarmSpec, targetGroups: number): number => spec.metrics.reduce((n, m) => n + (m.scope === 'targetGroup' ? targetGroups : 1), 0);

/** Metrics all alarms of one service read: `targetGroups` is 1, or 2 for a blue/green service. */
export const serviceAlarmMetrics = (targetGroups: number): number => ALARMS.reduce((n, spec) => n + alarmMetricCount(spec, targetGroups), 0);
