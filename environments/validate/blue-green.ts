/**
 * ECS native blue/green: every combination that ECS, the ALB or provider 6.25 would refuse at
 * apply, or that would deploy and then not work, refused at synth with the reason.
 *
 * - Bake time 0–1440 minutes (provider validation; ECS requires it with BLUE_GREEN).
 * - No OIDC: ECS blue/green does not support listener rules that mix a forward action with
 *   non-forward ones (authenticate-oidc here); the deployment fails (ECS developer guide,
 *   "Application Load Balancer resources for blue/green deployments", limitations).
 * - One route per service: `advancedConfiguration.productionListenerRule` names one rule, and
 *   ECS moves traffic on that rule only. A second route's rule would keep sending traffic to the
 *   old target group, which ECS empties after the bake time.
 * - The test header is a valid ALB http-header condition, and the test rule (2 path patterns,
 *   the header, the source ranges) stays within the ALB's 5 condition values per rule.
 * - The bake time covers every deployment alarm's window: ECS stops watching once the bake time
 *   is over, so an alarm slower than that can never roll the release back.
 * - Target groups per ALB (100) count two per blue/green service; rules per listener count the
 *   test rules (../validate/routes.ts).
 */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { ALB_LIMITS, BLUE_GREEN_LIMITS } from '../../model/aws-limits';
import { DEPLOYMENT_ALARMS, alarmWindowSeconds } from '../../model/alarms';
import { serviceAlarmSettings } from './alarms';

/** ALB http-header names: an HTTP token; the Host header has its own condition type. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Printable ASCII without the ALB's wildcards `*` and `?` (a value must match exactly). */
const HEADER_VALUE = /^[\x20-\x29\x2b-\x3e\x40-\x7e]+$/;

export function checkBlueGreen(envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  for (const env of envs) {
    const bg = env.blueGreen;
    if (!bg) continue;
    const scope = envScope(env.name);
    const { min, max } = BLUE_GREEN_LIMITS.bakeTimeMinutes;
    if (bg.bakeTimeMinutes < min || bg.bakeTimeMinutes > max) issues.push({ scope, field: 'blueGreen.bakeTimeMinutes', rule: `must be ${min}–${max} minutes (ECS bakeTimeInMinutes); got ${bg.bakeTimeMinutes}` });
    if (env.oidc) {
      issues.push({ scope, field: 'blueGreen', rule: 'ECS blue/green does not support listener rules that authenticate before forwarding (authenticate-oidc + forward); the deployment would fail: turn off "oidc" or "blueGreen"' });
    }
    for (const svc of env.services) {
      if (svc.routes.length !== 1) {
        issues.push({
          scope,
          field: `services[${svc.name}].routes`,
          rule: `has ${svc.routes.length} routes; blue/green moves traffic on one listener rule per service (productionListenerRule), so the other routes would keep forwarding to the old tasks after the switch: give the service one route (it also matches everything below it)`,
        });
      }
      for (const spec of DEPLOYMENT_ALARMS) {
        const window = alarmWindowSeconds(serviceAlarmSettings(spec, env, svc));
        if (bg.bakeTimeMinutes * 60 < window) {
          issues.push({
            scope,
            field: 'blueGreen.bakeTimeMinutes',
            rule: `${bg.bakeTimeMinutes} min is shorter than the ${Math.ceil(window / 60)} min the deployment alarm ${spec.key} of service "${svc.name}" needs to fire (periodSeconds × evaluationPeriods); ECS stops watching after the bake time: raise it to at least ${Math.ceil(window / 60)}`,
          });
        }
      }
    }
    const header = bg.testHeader;
    if (header) {
      if (!HEADER_NAME.test(header.name) || header.name.length > BLUE_GREEN_LIMITS.headerNameLength || header.name.toLowerCase() === 'host') {
        issues.push({ scope, field: 'blueGreen.testHeader.name', rule: `"${header.name}" must be an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-) of at most ${BLUE_GREEN_LIMITS.headerNameLength} characters, not "host"` });
      }
      if (!HEADER_VALUE.test(header.value) || header.value.length > BLUE_GREEN_LIMITS.headerValueLength) {
        issues.push({ scope, field: 'blueGreen.testHeader.value', rule: `must be 1–${BLUE_GREEN_LIMITS.headerValueLength} printable ASCII characters without the ALB wildcards * and ?` });
      }
      const values = 2 + 1 + (env.allowedSourceCidrs?.length ?? 0);
      if (values > ALB_LIMITS.conditionValuesPerRule) {
        issues.push({
          scope,
          field: 'blueGreen.testHeader',
          rule: `the test rule would have ${values} condition values (2 path patterns + the header + ${env.allowedSourceCidrs?.length ?? 0} source CIDRs); ALB allows at most ${ALB_LIMITS.conditionValuesPerRule}: list at most ${ALB_LIMITS.conditionValuesPerRule - 3} allowedSourceCidrs, or drop the test header`,
        });
      }
    }
  }
  checkTargetGroupsPerAlb(envs, issues);
}

/** An ALB holds at most 100 target groups: one per service, two per blue/green service, over every environment on it. */
function checkTargetGroupsPerAlb(envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  const albs = new Map<string, EnvironmentSchemaOutput[]>();
  for (const env of envs) albs.set(env.dedicatedAlb ? env.name : '', [...(albs.get(env.dedicatedAlb ? env.name : '') ?? []), env]);
  for (const [alb, on] of albs) {
    const groups = on.reduce((n, e) => n + e.services.length * (e.blueGreen ? BLUE_GREEN_LIMITS.targetGroupsPerService : 1), 0);
    if (groups <= ALB_LIMITS.targetGroupsPerAlb) continue;
    const bg = on.filter((e) => e.blueGreen).map((e) => `"${e.name}"`);
    issues.push({
      scope: on.length === 1 ? envScope(on[0].name) : `environments ${on.map((e) => `"${e.name}"`).join(', ')}`,
      field: bg.length ? 'blueGreen' : 'services',
      rule: `${alb ? `the dedicated ALB of "${alb}"` : 'the shared ALB'} would hold ${groups} target groups${bg.length ? ` (two per service in blue/green environment${bg.length > 1 ? 's' : ''} ${bg.join(', ')})` : ''}; an ALB holds at most ${ALB_LIMITS.targetGroupsPerAlb}: set "dedicatedAlb: true" on an environment${bg.length ? ' or turn blue/green off' : ''}`,
    });
  }
}
