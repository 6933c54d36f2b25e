/**
 * Every IAM role of the synthesized app against the model, evaluated with the condition-aware
 * evaluator (verify/policy-eval.ts): no wildcard action, unconditioned "*" resource, admin
 * policy or root trust; execution and task roles probed with what the configuration gives each
 * service (verify/service-role-probes.ts); the persona roles probed with the hand-written intent
 * of each capability both ways (verify/persona-probes.ts) and the persona table.
 */
import { AppConfig } from '../environments/config';
import { names } from '../model/names';
import { partitionFor } from '../model/partition';
import { EnvCapability, PERSONAS, PersonaKey } from '../model/personas';
import { IMAGE_PUSHERS, NEVER_ALLOWED_PROBES, Probe, QA_DENIED_PROBES, capabilityIntent, deployAnywhereIntent, pushImagesIntent, signImagesIntent } from './persona-probes';
import { Decision, PolicyEvalError } from './policy-eval';
import { PROBE_ACCOUNT, askRole, probeRoleArn, rolePolicies, statementsOf } from './role-policies';
import { Problem } from './routes';
import { checkServiceRoleProbes } from './service-role-probes';
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
const CAPABILITIES: readonly EnvCapability[] = ['read', 'deploy', 'secrets'];

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
  for (const role of s.resources('aws_iam_role')) {
    const name: string = role.body.name;
    const where = `${role.stack}:aws_iam_role.${role.name} (${name})`;
    const { documents, managed } = rolePolicies(s, role.stack, name, config.shared.region);
    const allows = statementsOf(documents).filter((x) => x.Effect === 'Allow');
    roles.push({ stack: role.stack, name, managed, grants: allows.map((x) => `${list(x.Action).join(' ')} on ${list(x.Resource).join(', ')}${x.Condition ? ` if ${JSON.stringify(x.Condition)}` : ''}`) });

    for (const m of managed) if (FORBIDDEN_MANAGED.test(m)) problems.push({ where, rule: `attaches ${m}` });
    for (const x of allows) {
      for (const a of list<string>(x.Action)) if (a === '*' || /^[a-z0-9-]+:\*$/.test(a)) problems.push({ where, rule: `allows the wildcard action "${a}"` });
      const wild = list<string>(x.Action).filter((a) => !RESOURCE_LESS.has(a));
      if (list(x.Resource).includes('*') && wild.length > 0 && !x.Condition) problems.push({ where, rule: `allows ${wild.join(', ')} on Resource "*"` });
    }
    for (const p of s.resources('aws_iam_role_policy', role.stack)) {
      // PutRolePolicy refuses any other name (IAM API reference, PolicyName): caught here, not at apply.
      if (s.resolve(role.stack, p.body.role)?.resource.name === role.name && !/^[\w+=,.@-]{1,128}$/.test(String(p.body.name ?? ''))) problems.push({ where, rule: `inline policy name ${JSON.stringify(p.body.name)} is not 1-128 of letters, digits and +=,.@_-` });
    }
    const trust = JSON.parse(role.body.assume_role_policy ?? '{}').Statement ?? [];
    for (const t of trust) {
      for (const p of list(t.Principal?.AWS)) if (/:root$|^\d{12}$|^\*$/.test(String(p))) problems.push({ where, rule: `trust policy lets ${p} assume the role` });
    }
  }
  problems.push(...checkServiceRoleProbes(s, config), ...checkPersonaProbes(s, config));
  return { roles, problems };
}

/**
 * Each persona role against the persona table: in every environment, each capability's intended
 * requests are allowed exactly where the environment's `access` gives it, the requests just
 * outside its conditions are denied to every persona, and the never-allowed actions (and QA's
 * secret reads) are explicitly denied one by one.
 */
export function checkPersonaProbes(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [];
  const { project, region, state } = config.shared;
  const aws = partitionFor(region);
  const stateAws = partitionFor(state.region ?? region);
  for (const persona of Object.keys(PERSONAS) as PersonaKey[]) {
    const roleName = names.personaRole(project, PERSONAS[persona].roleSuffix);
    if (!s.resources('aws_iam_role', 'shared').some((r) => r.body.name === roleName)) continue;
    const where = `shared:aws_iam_role ${roleName}`;
    const { documents } = rolePolicies(s, 'shared', roleName, region);
    const ask = (probe: Probe): Decision | undefined => {
      try {
        return askRole(documents, probeRoleArn(config, roleName), probe.action, probe.resource, probe.context);
      } catch (e) {
        if (!(e instanceof PolicyEvalError)) throw e;
        problems.push({ where, rule: `cannot evaluate ${probe.action} (${probe.what}): ${e.message}` });
        return undefined;
      }
    };
    const expect = (probe: Probe, allowed: boolean, why: string) => {
      const d = ask(probe);
      if (d && d.allowed !== allowed) problems.push({ where, rule: `${PERSONAS[persona].title} ${d.allowed ? 'may' : 'may not'} ${probe.what} (${probe.action} on ${probe.resource}${probe.context ? ` with ${JSON.stringify(probe.context)}` : ''}): ${why}` });
    };
    for (const env of config.environments) {
      const e = { aws, stateAws, account: PROBE_ACCOUNT, project, stateBucket: state.bucket, lockTable: state.lockTable, env: env.name, service: env.services[0].name, exec: env.execEnabled && !env.production, blueGreen: env.blueGreen !== undefined };
      for (const cap of CAPABILITIES) {
        const granted = env.access[cap].includes(persona);
        const intent = capabilityIntent(cap, e);
        for (const probe of intent.allowed) expect(probe, granted, `access.${cap} of ${env.name} ${granted ? 'lists' : 'does not list'} ${persona}`);
        for (const probe of intent.denied) expect(probe, false, `outside what ${cap} in ${env.name} means, for any persona`);
      }
    }
    const pushes = IMAGE_PUSHERS.includes(persona);
    const images = pushImagesIntent({ aws, account: PROBE_ACCOUNT, project, service: config.environments[0].services[0].name });
    for (const probe of images.allowed) expect(probe, pushes, `security.md ${pushes ? 'lets' : 'does not let'} ${persona} push images`);
    for (const probe of images.denied) expect(probe, false, 'outside what pushing images means');
    const signs = signImagesIntent({ aws, account: PROBE_ACCOUNT, project }, config.shared.ecr.signing);
    for (const probe of signs.allowed) expect(probe, pushes, `the personas that push images sign them (ecr.signing); ${persona} ${pushes ? 'pushes' : 'does not push'}`);
    for (const probe of signs.denied) expect(probe, false, 'outside what signing images means, or signing the configuration does not turn on');
    const deploys = config.environments.some((env) => env.access.deploy.includes(persona));
    for (const probe of deployAnywhereIntent({ stateAws, account: PROBE_ACCOUNT, project, stateBucket: state.bucket }).allowed) expect(probe, deploys, `${persona} ${deploys ? 'deploys' : 'deploys nowhere'}`);
    const deniedActions = [...NEVER_ALLOWED_PROBES, ...(persona === 'qa' ? QA_DENIED_PROBES : [])];
    for (const action of deniedActions) {
      const d = ask({ what: action, action, resource: '*' });
      if (d && d.decision !== 'explicit-deny') problems.push({ where, rule: `${action} is ${d.decision}; no ${persona === 'qa' ? 'QA/PM' : 'persona'} may ever hold it, so it must be denied explicitly` });
    }
  }
  return problems;
}
