/**
 * Alarms and their notifications: every service's alarm overrides against the alarm table and
 * CloudWatch's limits (model/alarms.ts), the physical names the alarms, the topic and the
 * dashboard get, and the environment's subscriptions (duplicates; the formats are the schema's).
 */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { ALARMS, AlarmSpec, alarmSettingsProblems, resolveAlarmSettings } from '../../model/alarms';
import { MAX_DASHBOARD_WIDGETS, SERVICE_WIDGETS, dashboardWidgets } from '../../model/dashboard';
import { names } from '../../model/names';
import { tryName } from './names';
import { firstDuplicate } from './util';

/** Each service's alarm settings, its alarms' names, and the environment's topic, dashboard and subscriptions. */
export function checkAlarms(project: string, envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  for (const env of envs) {
    const scope = envScope(env.name);
    tryName(issues, scope, 'name', () => names.alarmTopic(project, env.name));
    tryName(issues, scope, 'name', () => names.dashboard(project, env.name));
    if (dashboardWidgets(env.services.length) > MAX_DASHBOARD_WIDGETS) {
      issues.push({ scope, field: 'services', rule: `the environment's dashboard would hold ${dashboardWidgets(env.services.length)} widgets (${SERVICE_WIDGETS} per service); CloudWatch allows at most ${MAX_DASHBOARD_WIDGETS}: split the services over two environments` });
    }
    for (const svc of env.services) {
      for (const spec of ALARMS) {
        const field = `services[${svc.name}].alarms.${spec.key}`;
        for (const problem of alarmSettingsProblems(spec, serviceAlarmSettings(spec, env, svc))) issues.push({ scope, field, rule: problem });
        tryName(issues, scope, `services[${svc.name}].name`, () => names.alarm(project, env.name, svc.name, spec.suffix));
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
