/** Every IAM role of the synthesized app against the model: scoped execution roles and the persona table. */
import { AppConfig } from '../environments/config';
import { names } from '../model/names';
import { partitionFor } from '../model/partition';
import { CAPABILITY_PROBES, EnvCapability, PERSONAS, PersonaKey } from '../model/personas';
import { PROBE_ACCOUNT, PolicyStatement, evaluate, rolePolicies } from './iam';
import { Problem } from './routes';
import { Synthesized } from './tfjson';

/** Actions AWS grants only on "*": allowed with a wildcard resource. */
const RESOURCE_LESS = new Set([
  'ecr:GetAuthorizationToken',
  'ecs:RegisterTaskDefinition',
  'ecs:DescribeTaskDefinition',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'logs:DescribeLogGroups',
  'logs:GetQueryResults',
  // Metric reads of the personas' read capability, and what ECS's blue/green role looks up.
  'cloudwatch:GetMetricData',
  'cloudwatch:GetMetricStatistics',
  'cloudwatch:ListMetrics',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
]);
const FORBIDDEN_MANAGED = /AdministratorAccess|PowerUserAccess|IAMFullAccess/;

export interface RoleSummary {
  readonly stack: string;
  readonly name: string;
  readonly grants: string[];
  readonly managed: string[];
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function checkIam(s: Synthesized, config: AppConfig): { roles: RoleSummary[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const roles: RoleSummary[] = [];
  const project = config.shared.project;
  const execRoles = new Map(config.environments.flatMap((e) => e.services.map((svc) => [`${e.name} ${names.executionRole(project, e.name, svc.name)}`, { env: e.name, service: svc.name }] as const)));
  for (const role of s.resources('aws_iam_role')) {
    const name: string = role.body.name;
    const where = `${role.stack}:aws_iam_role.${role.name} (${name})`;
    const { statements, managed } = rolePolicies(s, role.stack, name);
    const allows = statements.filter((x) => x.Effect === 'Allow');
    roles.push({ stack: role.stack, name, managed, grants: allows.map((x) => `${list(x.Action).join(' ')} on ${list(x.Resource).map((r) => describeRef(s, role.stack, r)).join(', ')}`) });

    for (const m of managed) if (FORBIDDEN_MANAGED.test(m)) problems.push({ where, rule: `attaches ${m}` });
    for (const x of allows) {
      for (const a of list(x.Action)) if (a === '*' || /^[a-z0-9-]+:\*$/.test(a)) problems.push({ where, rule: `allows the wildcard action "${a}"` });
      const wild = list(x.Action).filter((a) => !RESOURCE_LESS.has(a));
      if (list(x.Resource).includes('*') && wild.length > 0 && !x.Condition) problems.push({ where, rule: `allows ${wild.join(', ')} on Resource "*"` });
    }
    const trust = JSON.parse(role.body.assume_role_policy ?? '{}').Statement ?? [];
    for (const t of trust) {
      for (const p of list(t.Principal?.AWS)) if (/:root$|^\d{12}$|^\*$/.test(String(p))) problems.push({ where, rule: `trust policy lets ${p} assume the role` });
    }

    // Whose execution role it is comes from the configuration: names join parts with "-", and
    // environment and service names may contain "-" themselves.
    const owner = execRoles.get(`${role.stack} ${name}`);
    if (owner) problems.push(...checkExecutionRole(s, role.stack, where, owner.env, owner.service, allows, project));
  }
  problems.push(...checkPersonas(s, config));
  return { roles, problems };
}

function describeRef(s: Synthesized, stack: string, ref: string): string {
  const r = s.resolve(stack, ref.replace(/:\*$/, '').replace(/:(username|password)::$/, ''));
  return r ? `${r.resource.type}.${r.resource.body.name ?? r.resource.name}${r.resource.stack === stack ? '' : ` (${r.resource.stack})`}` : ref;
}

/** An execution role reads only its own service's secrets, log group and repository. */
function checkExecutionRole(s: Synthesized, stack: string, where: string, env: string, svc: string, allows: PolicyStatement[], project: string): Problem[] {
  const problems: Problem[] = [];
  for (const x of allows) {
    for (const ref of list(x.Resource)) {
      if (ref === '*') continue;
      const target = s.resolve(stack, ref.replace(/:\*$/, ''))?.resource;
      const actions = list(x.Action);
      if (actions.some((a) => a.startsWith('secretsmanager:'))) {
        const ok = target?.type === 'aws_docdb_cluster' || (target?.type === 'aws_secretsmanager_secret' && String(target.body.name).startsWith(`${project}/${env}/${svc}/`));
        if (!ok) problems.push({ where, rule: `reads secret ${describeRef(s, stack, ref)}, which is not one of ${env}/${svc}'s` });
      }
      if (actions.some((a) => a.startsWith('logs:')) && target?.body.name !== `/${project}/${env}/${svc}`) problems.push({ where, rule: `writes logs to ${describeRef(s, stack, ref)}, not its own log group` });
      const guardDutyAgent = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\*:repository\/aws-guardduty-agent-fargate$/.test(ref);
      if (actions.some((a) => a.startsWith('ecr:Batch')) && !guardDutyAgent && target?.body.name !== `${project}/${svc}`) problems.push({ where, rule: `pulls from ${describeRef(s, stack, ref)}, not its own repository` });
    }
  }
  return problems;
}

/** Probes each persona role with the table: allowed exactly where an environment's `access` says. */
function checkPersonas(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [];
  const { project, region, state } = config.shared;
  for (const persona of Object.keys(PERSONAS) as PersonaKey[]) {
    const roleName = `${project}-${PERSONAS[persona].roleSuffix}`;
    if (!s.resources('aws_iam_role', 'shared').some((r) => r.body.name === roleName)) continue;
    const { statements } = rolePolicies(s, 'shared', roleName);
    for (const env of config.environments) {
      const ctx = { partition: partitionFor(region).id, project, region, accountId: PROBE_ACCOUNT, stateBucket: state.bucket, lockTable: state.lockTable, stateRegion: state.region, env: env.name };
      for (const cap of Object.keys(CAPABILITY_PROBES) as EnvCapability[]) {
        const should = env.access[cap].includes(persona);
        for (const probe of CAPABILITY_PROBES[cap]) {
          const got = evaluate(statements, probe.action, probe.resource(ctx, env.services[0].name)) === 'allow';
          if (got !== should) problems.push({ where: `shared:aws_iam_role ${roleName}`, rule: `${PERSONAS[persona].title} ${got ? 'may' : 'may not'} ${probe.action} in ${env.name}; the persona table says ${cap} is ${should ? 'granted' : 'not granted'} there` });
        }
      }
    }
  }
  return problems;
}
