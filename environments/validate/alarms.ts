/**
 * Alarms and their notifications: every service's alarm overrides against the alarm table and
 * CloudWatch's limits (model/alarms.ts), the dashboard's size, and the environment's
 * subscriptions (duplicates; the formats are the schema's). The physical names the alarms, the
 * topic and the dashboard get are checked with the environment's other names (./names).
 */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { ALARMS, AlarmSpec, alarmSettingsProblems, resolveAlarmSettings } from '../../model/alarms';
import { MAX_DASHBOARD_WIDGETS, SERVICE_WIDGETS, dashboardWidgets } from '../../model/dashboard';
import { firstDuplicate } from './util';

/** Each service's alarm settings, and the environment's dashboard and subscriptions. */
export function checkAlarms(envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  for (const env of envs) {
    const scope = envScope(env.name);
    if (dashboardWidgets(env.services.length) > MAX_DASHBOARD_WIDGETS) {
      issues.push({ scope, field: 'services', rule: `the environment's dashboard would hold ${dashboardWidgets(env.services.length)} widgets (${SERVICE_WIDGETS} per service); CloudWatch allows at most ${MAX_DASHBOARD_WIDGETS}: split the services over two environments` });
    }
    for (const svc of env.services) {
      for (const spec of ALARMS) {
        const field = `services[${svc.name}].alarms.${spec.key}`;
        for (const problem of alarmSettingsProblems(spec, serviceAlarmSettings(spec, env, svc))) issues.push({ scope, field, rule: problem });
      }
    }
    const emails = firstDuplicate(env.notifications.emails.map((e) => e.toLowerCase()));
    if (emails) issues.push({ scope, field: 'notifications.emails', rule: `"${emails}" is listed twice (addresses compare without case); SNS would subscribe it once and Terraform would fight over the second` });
    const endpoints = firstDuplicate(env.notifications.httpsEndpoints);
    if (endpoints) issues.push({ scope, field: 'notifications.httpsEndpoints', rule: `"${endpoints}" is listed twice` });
  }
}

/** The settings one alarm of one service gets: the environment kind's defaults, then the service's overrides. */
export function serviceAlarmSettings(spec: AlarmSpec, env: Pick<EnvironmentSchemaOutput, 'production'>, svc: Pick<EnvironmentSchemaOutput['services'][number], 'alarms'>) {
  return resolveAlarmSettings(spec, env.production, svc.alarms[spec.key]);
}
