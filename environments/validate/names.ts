/** Every physical name the configuration implies, checked against its AWS limit before any construct exists. */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { NameError, names } from '../../model/names';

/** Names of one environment: its cluster, its dedicated ALB, and each service's target group, roles and secrets. */
export function checkEnvironmentNames(project: string, env: EnvironmentSchemaOutput, issues: ConfigIssue[]): void {
  const scope = envScope(env.name);
  tryName(issues, scope, 'name', () => names.cluster(project, env.name));
  if (env.dedicatedAlb) tryName(issues, scope, 'name', () => names.alb(project, env.name));
  for (const svc of env.services) {
    const field = `services[${svc.name}].name`;
    tryName(issues, scope, field, () => names.targetGroup(project, env.name, svc.name, svc.port));
    tryName(issues, scope, field, () => names.executionRole(project, env.name, svc.name));
    tryName(issues, scope, field, () => names.taskRole(project, env.name, svc.name));
    for (const key of svc.secrets) tryName(issues, scope, `services[${svc.name}].secrets`, () => names.secret(project, env.name, svc.name, key));
  }
}

/** Records a NameError from `make` as an issue of `field`. */
export function tryName(issues: ConfigIssue[], scope: string, field: string, make: () => string): void {
  try {
    make();
  } catch (e) {
    if (!(e instanceof NameError)) throw e;
    issues.push({ scope, field, rule: e.message });
  }
}
