/**
 * One CloudWatch dashboard per environment, as data: a row per service (requests, 5xx,
 * p99 latency, healthy and unhealthy targets, CPU, memory) and a row for what the environment
 * shares (its ALB and the VPC's NAT gateways). constructs/service/environment-dashboard.ts renders
 * it with `jsonDocument` (constructs/json-document.ts); the tests check it against the configuration.
 *
 * Source: CloudWatch API Reference, "Dashboard Body Structure and Syntax" (a body holds 0–500
 * widgets; a metric is `[namespace, name, dimension, value, ..., { options }]`; widgets sit on
 * a 24-column grid).
 */

/** What one service's row shows. */
export interface DashboardService {
  readonly name: string;
  /** `TargetGroup` dimension of each of the service's target groups (two with blue/green). */
  readonly targetGroups: readonly string[];
}

export interface DashboardInput {
  readonly region: string;
  /** `LoadBalancer` dimension of the environment's ALB, and what to call it. */
  readonly loadBalancer: { readonly dimension: string; readonly label: string };
  readonly cluster: string;
  readonly services: readonly DashboardService[];
  /** `NatGatewayId` of each NAT gateway the environment's tasks leave the VPC through. */
  readonly natGateways: readonly string[];
}

type MetricLine = readonly (string | { readonly stat?: string; readonly label?: string })[];

export interface MetricWidget {
  readonly type: 'metric';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: 'timeSeries';
    readonly stacked: false;
    readonly period: number;
    readonly stat: string;
    readonly metrics: readonly MetricLine[];
  };
}

export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: 'auto';
  readonly widgets: readonly MetricWidget[];
}

/** Widgets per service row, and in the environment's row. */
export const SERVICE_WIDGETS = 6;
export const ENVIRONMENT_WIDGETS = 6;
/** "An array of between 0 and 500 widget objects." */
export const MAX_DASHBOARD_WIDGETS = 500;

const GRID = 24;
const HEIGHT = 6;

/** Widgets a dashboard of `services` services has. */
export const dashboardWidgets = (services: number): number => ENVIRONMENT_WIDGETS + SERVICE_WIDGETS * services;

/** The dashboard body: the environment's row first, then one row per service, in configuration order. */
export function dashboardBody(input: DashboardInput): DashboardBody {
  const { region } = input;
  const lb = input.loadBalancer.dimension;
  const row = (y: number, specs: ReadonlyArray<[string, string, MetricLine[]]>): MetricWidget[] => {
    const width = GRID / specs.length;
    return specs.map(([title, stat, metrics], i) => ({
      type: 'metric',
      x: i * width,
      y,
      width,
      height: HEIGHT,
      properties: { title, region, view: 'timeSeries', stacked: false, period: 60, stat, metrics },
    }));
  };
  const alb = (name: string, extra: MetricLine[number][] = []): MetricLine => ['AWS/ApplicationELB', name, 'LoadBalancer', lb, ...extra];
  const nat = (name: string) => input.natGateways.map((id): MetricLine => ['AWS/NATGateway', name, 'NatGatewayId', id, { label: `${name} ${id}` }]);
  const environment = row(0, [
    [`${input.loadBalancer.label}: requests`, 'Sum', [alb('RequestCount')]],
    [`${input.loadBalancer.label}: 5xx from the ALB and the targets`, 'Sum', [alb('HTTPCode_ELB_5XX_Count'), alb('HTTPCode_Target_5XX_Count')]],
    [`${input.loadBalancer.label}: response time p99`, 'p99', [alb('TargetResponseTime')]],
    [`${input.loadBalancer.label}: active connections`, 'Sum', [alb('ActiveConnectionCount')]],
    ['NAT: bytes out and port allocation errors', 'Sum', [...nat('BytesOutToDestination'), ...nat('ErrorPortAllocation')]],
    ['NAT: dropped packets', 'Sum', nat('PacketsDropCount')],
  ]);
  const services = input.services.flatMap((svc, i) => {
    const tg = (name: string, options: { stat?: string } = {}) =>
      svc.targetGroups.map((g, n): MetricLine => ['AWS/ApplicationELB', name, 'LoadBalancer', lb, 'TargetGroup', g, { label: `${name}${svc.targetGroups.length > 1 ? ` (group ${n + 1})` : ''}`, ...options }]);
    const ecs = (name: string): MetricLine => ['AWS/ECS', name, 'ClusterName', input.cluster, 'ServiceName', svc.name];
    return row((i + 1) * HEIGHT, [
      [`${svc.name}: requests`, 'Sum', tg('RequestCount')],
      [`${svc.name}: 5xx and connection errors`, 'Sum', [...tg('HTTPCode_Target_5XX_Count'), ...tg('TargetConnectionErrorCount')]],
      [`${svc.name}: response time p99`, 'p99', tg('TargetResponseTime')],
      [`${svc.name}: healthy and unhealthy targets`, 'Minimum', [...tg('HealthyHostCount'), ...tg('UnHealthyHostCount', { stat: 'Maximum' })]],
      [`${svc.name}: CPU %`, 'Average', [ecs('CPUUtilization')]],
      [`${svc.name}: memory %`, 'Average', [ecs('MemoryUtilization')]],
    ]);
  });
  return { start: '-PT6H', periodOverride: 'auto', widgets: [...environment, ...services] };
}
