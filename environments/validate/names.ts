/** Every physical name the configuration implies, checked against its AWS limit before any construct exists. */
import { ConfigIssue, SHARED_SCOPE, envScope } from '../errors';
import { EnvironmentSchemaOutput, SharedSchemaOutput } from '../schema';
import { PERSONAS, PersonaKey, signingKeyAlias } from '../../model/personas';
import { ALARMS } from '../../model/alarms';
import { NameError, names } from '../../model/names';
import { TargetGroupRole, serviceTargetGroup } from '../../model/target-group';

/** A service's target groups: the primary, and in a blue/green environment the alternate. */
export const targetGroupRoles = (env: Pick<EnvironmentSchemaOutput, 'blueGreen'>): TargetGroupRole[] => (env.blueGreen ? ['primary', 'alternate'] : ['primary']);

/**
 * Names of one environment: its cluster, its dedicated ALB, database snapshot, alarm topic and
 * dashboard, and each service's target groups, roles (the blue/green one too), secrets and alarms.
 */
export function checkEnvironmentNames(project: string, vpcCidr: string, env: EnvironmentSchemaOutput, issues: ConfigIssue[]): void {
  const scope = envScope(env.name);
  tryName(issues, scope, 'name', () => names.cluster(project, env.name));
  tryName(issues, scope, 'name', () => names.alarmTopic(project, env.name));
  tryName(issues, scope, 'name', () => names.dashboard(project, env.name));
  if (env.dedicatedAlb) tryName(issues, scope, 'name', () => names.alb(project, env.name));
  if (env.database.enabled && env.production) tryName(issues, scope, 'name', () => names.databaseFinalSnapshotPrefix(project, env.name));
  for (const svc of env.services) {
    const field = `services[${svc.name}].name`;
    for (const role of targetGroupRoles(env)) tryName(issues, scope, field, () => names.targetGroup(project, env.name, svc.name, serviceTargetGroup(svc.port, vpcCidr), role));
    tryName(issues, scope, field, () => names.executionRole(project, env.name, svc.name));
    tryName(issues, scope, field, () => names.taskRole(project, env.name, svc.name));
    if (env.blueGreen) tryName(issues, scope, field, () => names.blueGreenRole(project, env.name, svc.name));
    for (const spec of ALARMS) tryName(issues, scope, field, () => names.alarm(project, env.name, svc.name, spec.suffix));
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

interface Claim {
  readonly kind: string;
  readonly name: string;
  readonly scope: string;
  readonly field: string;
  /** "service "auth" in environment "test"", for the message. */
  readonly owner: string;
}

/**
 * Names AWS keeps unique per account and region must not come out equal for two things of the
 * configuration. Physical names join their parts with "-" or "/", so different parts can make
 * one name ("test" + "a-b" and "test-a" + "b" both give role acme-test-a-b-exec), and a service
 * can be named like a per-environment resource ("ecs-exec" gives the exec log group's name), an
 * environment like a shared key ("image-signing"). Every name the configuration implies is
 * compared with every other of its kind; the first owner keeps it, the second is reported.
 */
export function checkPhysicalNamesUnique(s: SharedSchemaOutput, envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  const p = s.project;
  const claims: Claim[] = [];
  const claim = (kind: string, make: () => string, scope: string, field: string, owner: string) => {
    try {
      claims.push({ kind, name: make(), scope, field, owner });
    } catch {
      // too long or malformed: reported by checkEnvironmentNames
    }
  };
  const shared = (kind: string, make: () => string, owner: string) => claim(kind, make, SHARED_SCOPE, '(shared)', owner);
  shared('KMS alias', () => names.kmsAlias(p, 'tfstate'), 'the state key (bootstrap stack)');
  shared('KMS alias', () => names.kmsAlias(p, 'shared'), 'the shared key');
  if (s.ecr.signing.kmsKey) shared('KMS alias', () => signingKeyAlias(p), 'the image-signing key (ecr.signing.kmsKey)');
  for (const key of Object.keys(PERSONAS) as PersonaKey[]) {
    if (!s.personas[key]?.length) continue;
    // Its policies ("<project>-<persona>-<scope>") clash exactly when their construct IDs do: ./environments checks those.
    shared('IAM role', () => names.personaRole(p, PERSONAS[key].roleSuffix), `the ${PERSONAS[key].title} persona role`);
  }
  for (const env of envs) {
    const scope = envScope(env.name);
    const of = `environment "${env.name}"`;
    claim('KMS alias', () => names.kmsAlias(p, env.name), scope, 'name', `the key of ${of}`);
    claim('ECS cluster', () => names.cluster(p, env.name), scope, 'name', `the cluster of ${of}`);
    claim('log group', () => names.execLogGroup(p, env.name), scope, 'name', `the ECS Exec log group of ${of}`);
    claim('SNS topic', () => names.alarmTopic(p, env.name), scope, 'name', `the alarm topic of ${of}`);
    claim('dashboard', () => names.dashboard(p, env.name), scope, 'name', `the dashboard of ${of}`);
    for (const svc of env.services) {
      const field = `services[${svc.name}].name`;
      const owner = `service "${svc.name}" in ${of}`;
      for (const role of targetGroupRoles(env)) claim('target group', () => names.targetGroup(p, env.name, svc.name, serviceTargetGroup(svc.port, s.network.vpcCidr), role), scope, field, owner);
      claim('IAM role', () => names.executionRole(p, env.name, svc.name), scope, field, owner);
      claim('IAM role', () => names.taskRole(p, env.name, svc.name), scope, field, owner);
      if (env.blueGreen) claim('IAM role', () => names.blueGreenRole(p, env.name, svc.name), scope, field, owner);
      claim('task definition family', () => names.taskFamily(p, env.name, svc.name), scope, field, owner);
      claim('log group', () => names.serviceLogGroup(p, env.name, svc.name), scope, field, owner);
    }
  }
  const seen = new Map<string, Claim>();
  // One message per pair of owners, listing every name they share.
  const clashes = new Map<string, { claim: Claim; first: Claim; names: string[] }>();
  for (const c of claims) {
    const key = `${c.kind} ${c.name.toLowerCase()}`;
    const first = seen.get(key);
    if (!first) seen.set(key, c);
    else if (first.owner !== c.owner) {
      const pair = `${c.scope} ${c.field} ${c.owner} ${first.owner}`;
      const entry = clashes.get(pair) ?? { claim: c, first, names: [] };
      entry.names.push(`${c.kind} name "${c.name}"`);
      clashes.set(pair, entry);
    }
  }
  for (const { claim: c, first, names: clashing } of clashes.values()) {
    issues.push({ scope: c.scope, field: c.field, rule: `${clashing.join(', ')} ${clashing.length === 1 ? 'is' : 'are'} also ${first.owner}'s; AWS needs ${clashing.length === 1 ? 'it' : 'them'} unique per account and region: rename one` });
  }
}
