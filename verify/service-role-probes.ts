/**
 * Execution and task roles probed with the condition-aware evaluator, expectations from the
 * configuration: an execution role pulls its own repository, writes its own log group and reads
 * its own secrets (and the environment's key only when it has any); every other repository, log
 * group, secret and key of the app is denied, and so is everything no role may do.
 */
import { AppConfig, EnvironmentConfig } from '../environments/config';
import { names } from '../model/names';
import { partitionFor } from '../model/partition';
import { NEVER_ALLOWED_PROBES, Probe } from './persona-probes';
import { PolicyEvalError } from './policy-eval';
import { PROBE_ACCOUNT, SECRET_SUFFIX, askRole, probeRoleArn, rolePolicies } from './role-policies';
import { Problem } from './routes';
import { Synthesized } from './tfjson';

interface Expected extends Probe {
  readonly allowed: boolean;
  /** The resource is another account's: only the role's identity policies are evaluated. */
  readonly crossAccount?: boolean;
}

/** The probe ARN role-policies.ts gives the environment's own key (by its alias), if the stack has one. */
function environmentKeyArn(s: Synthesized, config: AppConfig, env: EnvironmentConfig): string | undefined {
  const alias = s.resources('aws_kms_alias', env.name).find((a) => a.body.name === `alias/${config.shared.project}-${env.name}`);
  const key = alias && s.resolve(env.name, alias.body.target_key_id)?.resource;
  return key ? partitionFor(config.shared.region).regional('kms', PROBE_ACCOUNT, `key/${key.stack}-${key.name}`) : undefined;
}

/** What one service's execution role must and must not do, from the configuration and the app's resources. */
export function executionRoleExpectations(s: Synthesized, config: AppConfig, env: EnvironmentConfig, svc: EnvironmentConfig['services'][number]): Expected[] {
  const { project, region } = config.shared;
  const aws = partitionFor(region);
  const r = (service: string, resource: string) => aws.regional(service, PROBE_ACCOUNT, resource);
  const own = `${project}/${env.name}/${svc.name}/`;
  const hasSecrets = svc.secrets.length > 0 || Boolean(svc.database);
  const out: Expected[] = [
    { what: 'log in to ECR', action: 'ecr:GetAuthorizationToken', resource: '*', allowed: true },
    { what: 'pull its repository', action: 'ecr:BatchGetImage', resource: r('ecr', `repository/${names.repository(project, svc.name)}`), allowed: true },
    { what: "pull another project's repository", action: 'ecr:BatchGetImage', resource: r('ecr', `repository/${project}-other/${svc.name}`), allowed: false },
    // GuardDuty runtime monitoring's agent sidecar comes from AWS's per-region account, pulled with this role.
    { what: "pull GuardDuty's agent image", action: 'ecr:BatchGetImage', resource: aws.regional('ecr', '206278770380', 'repository/aws-guardduty-agent-fargate'), allowed: config.shared.audit.guardDuty, crossAccount: true },
    { what: "pull another image from GuardDuty's account", action: 'ecr:BatchGetImage', resource: aws.regional('ecr', '206278770380', 'repository/other'), allowed: false, crossAccount: true },
    { what: 'create a log stream in its log group', action: 'logs:CreateLogStream', resource: r('logs', `log-group:${names.serviceLogGroup(project, env.name, svc.name)}:log-stream:app/0`), allowed: true },
    { what: 'write its log group', action: 'logs:PutLogEvents', resource: r('logs', `log-group:${names.serviceLogGroup(project, env.name, svc.name)}:log-stream:app/0`), allowed: true },
    { what: 'delete its log group', action: 'logs:DeleteLogGroup', resource: r('logs', `log-group:${names.serviceLogGroup(project, env.name, svc.name)}`), allowed: false },
    { what: 'pass a role', action: 'iam:PassRole', resource: aws.role(PROBE_ACCOUNT, `${project}-${env.name}-${svc.name}-task`), context: { 'iam:PassedToService': aws.principal('ecs-tasks') }, allowed: false },
    ...NEVER_ALLOWED_PROBES.map((action) => ({ what: 'a never-allowed action', action, resource: '*', allowed: false })),
  ];
  for (const other of config.environments.flatMap((e) => e.services.map((x) => ({ e, x })))) {
    if (other.e.name === env.name && other.x.name === svc.name) continue;
    out.push({ what: `write ${other.e.name}/${other.x.name}'s log group`, action: 'logs:PutLogEvents', resource: r('logs', `log-group:${names.serviceLogGroup(project, other.e.name, other.x.name)}:log-stream:app/0`), allowed: false });
    if (other.x.name !== svc.name) out.push({ what: `pull ${other.x.name}'s repository`, action: 'ecr:BatchGetImage', resource: r('ecr', `repository/${names.repository(project, other.x.name)}`), allowed: false });
  }
  for (const secret of s.resources('aws_secretsmanager_secret')) {
    const name = String(secret.body.name);
    out.push({ what: `read secret ${name}`, action: 'secretsmanager:GetSecretValue', resource: r('secretsmanager', `secret:${name}${SECRET_SUFFIX}`), allowed: name.startsWith(own) });
  }
  for (const db of s.resources('aws_docdb_cluster')) {
    const mine = db.stack === env.name && Boolean(svc.database);
    out.push({ what: `read ${db.stack}'s database secret`, action: 'secretsmanager:GetSecretValue', resource: r('secretsmanager', `secret:rds!cluster-${db.body.cluster_identifier}${SECRET_SUFFIX}`), allowed: mine });
  }
  // A secret of the service that does not exist (yet) is still not another service's.
  out.push({ what: "read a secret under another service's prefix", action: 'secretsmanager:GetSecretValue', resource: r('secretsmanager', `secret:${project}/${env.name}/${svc.name}-x/KEY${SECRET_SUFFIX}`), allowed: false });
  const envKey = environmentKeyArn(s, config, env);
  if (envKey) out.push({ what: "decrypt with the environment's key", action: 'kms:Decrypt', resource: envKey, allowed: hasSecrets });
  out.push({ what: 'decrypt with another key', action: 'kms:Decrypt', resource: r('kms', 'key/0000-other'), allowed: false });
  return out;
}

/**
 * What one service's blue/green load-balancer role (ECS assumes it to shift traffic) must and must
 * not do: register targets in its own two target groups and modify its own listener rules (by
 * the priorities the configuration gives its routes), look up load balancing, and nothing else.
 */
export function blueGreenRoleExpectations(s: Synthesized, config: AppConfig, env: EnvironmentConfig, svc: EnvironmentConfig['services'][number]): Expected[] {
  const aws = partitionFor(config.shared.region);
  const r = (resource: string) => aws.regional('elasticloadbalancing', PROBE_ACCOUNT, resource);
  const prefix = `${config.shared.project}-${env.name}-${svc.name}-`;
  const priorities = new Set(svc.routes.flatMap((x) => [x.priority, ...(x.testPriority !== undefined ? [x.testPriority] : [])]));
  const out: Expected[] = [
    { what: 'look up target health', action: 'elasticloadbalancing:DescribeTargetHealth', resource: '*', allowed: true },
    { what: 'delete a load balancer', action: 'elasticloadbalancing:DeleteLoadBalancer', resource: r('loadbalancer/app/probe/0123456789abcdef'), allowed: false },
    { what: 'change a listener', action: 'elasticloadbalancing:ModifyListener', resource: r('listener/app/probe/0123456789abcdef/0123456789abcdef'), allowed: false },
    ...NEVER_ALLOWED_PROBES.map((action) => ({ what: 'a never-allowed action', action, resource: '*', allowed: false })),
  ];
  for (const tg of s.resources('aws_lb_target_group', env.name)) {
    const name = String(tg.body.name);
    out.push({ what: `register targets in ${name}`, action: 'elasticloadbalancing:RegisterTargets', resource: r(`targetgroup/${name}/0123456789abcdef`), allowed: name.startsWith(prefix) });
  }
  for (const rule of s.resources('aws_lb_listener_rule', env.name)) {
    const p = Number(rule.body.priority);
    out.push({ what: `modify the rule at priority ${p}`, action: 'elasticloadbalancing:ModifyRule', resource: r(`listener-rule/app/probe/0123456789abcdef/0123456789abcdef/p${p}`), allowed: priorities.has(p) });
  }
  return out;
}

/** Every execution and task role against its expectations. */
export function checkServiceRoleProbes(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [];
  for (const env of config.environments) {
    for (const svc of env.services) {
      const exec = names.executionRole(config.shared.project, env.name, svc.name);
      const task = names.taskRole(config.shared.project, env.name, svc.name);
      const tables: Array<[string, Expected[]]> = [
        [exec, executionRoleExpectations(s, config, env, svc)],
        // The task role gets what the configuration grants the application (and ECS Exec's channels): never any of this.
        [
          task,
          [
            // What the configuration grants the application (concrete actions; a wildcard action is the lint's and the structural check's).
            ...svc.taskRoleStatements.flatMap((st) => st.actions.filter((a) => !/[*?]/.test(a)).flatMap((action) => st.resources.map((resource) => ({ what: `use ${resource} as taskRoleStatements says`, action, resource, allowed: st.effect === 'Allow' })))),
            ...NEVER_ALLOWED_PROBES.map((action) => ({ what: 'a never-allowed action', action, resource: '*', allowed: false })),
          ],
        ],
        ...(env.blueGreen ? [[names.blueGreenRole(config.shared.project, env.name, svc.name), blueGreenRoleExpectations(s, config, env, svc)] as [string, Expected[]]] : []),
      ];
      for (const [role, expected] of tables) {
        if (!s.resources('aws_iam_role', env.name).some((x) => x.body.name === role)) continue;
        const { documents } = rolePolicies(s, env.name, role, config.shared.region);
        for (const probe of expected) {
          let got: boolean;
          try {
            got = askRole(documents, probeRoleArn(config, role), probe.action, probe.resource, probe.context, probe.crossAccount).allowed;
          } catch (e) {
            if (!(e instanceof PolicyEvalError)) throw e;
            problems.push({ where: `${env.name}:aws_iam_role ${role}`, rule: `cannot evaluate ${probe.action} (${probe.what}): ${e.message}` });
            continue;
          }
          if (got !== probe.allowed) problems.push({ where: `${env.name}:aws_iam_role ${role}`, rule: `${got ? 'may' : 'may not'} ${probe.what} (${probe.action} on ${probe.resource}); it ${probe.allowed ? 'must' : 'must not'}` });
        }
      }
    }
  }
  return problems;
}
