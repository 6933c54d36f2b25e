/** Every physical name the configuration implies, checked against its AWS limit before any construct exists. */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { NameError, names } from '../../model/names';
import { TargetGroupRole, serviceTargetGroup } from '../../model/target-group';

/** A service's target groups: the primary, and in a blue/green environment the alternate. */
export const targetGroupRoles = (env: Pick<EnvironmentSchemaOutput, 'blueGreen'>): TargetGroupRole[] => (env.blueGreen ? ['primary', 'alternate'] : ['primary']);

/** Names of one environment: its cluster, its dedicated ALB, database snapshot, and each service's target group, roles and secrets. */
export function checkEnvironmentNames(project: string, vpcCidr: string, env: EnvironmentSchemaOutput, issues: ConfigIssue[]): void {
  const scope = envScope(env.name);
  tryName(issues, scope, 'name', () => names.cluster(project, env.name));
  if (env.dedicatedAlb) tryName(issues, scope, 'name', () => names.alb(project, env.name));
  if (env.database.enabled && env.production) tryName(issues, scope, 'name', () => names.databaseFinalSnapshotPrefix(project, env.name));
  for (const svc of env.services) {
    const field = `services[${svc.name}].name`;
    for (const role of targetGroupRoles(env)) tryName(issues, scope, field, () => names.targetGroup(project, env.name, svc.name, serviceTargetGroup(svc.port, vpcCidr), role));
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

/**
 * Target group names are unique per account and region, across every environment. The
 * `<project>-<env>-<service>` part can coincide ("test" + "a-b" and "test-a" + "b"), so the
 * whole names are compared.
 */
export function checkTargetGroupNamesUnique(project: string, vpcCidr: string, envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  const seen = new Map<string, string>();
  for (const env of envs) {
    for (const svc of env.services) {
      for (const role of targetGroupRoles(env)) {
        let name: string;
        try {
          name = names.targetGroup(project, env.name, svc.name, serviceTargetGroup(svc.port, vpcCidr), role);
        } catch {
          continue; // too long: reported by checkEnvironmentNames
        }
        const where = `service "${svc.name}" in environment "${env.name}"${role === 'alternate' ? ' (its blue/green alternate)' : ''}`;
        const other = seen.get(name);
        if (other && other !== where) issues.push({ scope: envScope(env.name), field: `services[${svc.name}].name`, rule: `target group name "${name}" is also the name of ${other}'s; AWS needs it unique per account and region: rename one` });
        else seen.set(name, where);
      }
    }
  }
}
