/**
 * The security invariants as checks: each takes the synthesized app and the configuration it
 * came from and returns the violations it finds ("<where>: <what is wrong>"), [] when it
 * holds. Every expectation is derived from the configuration and the model's tables
 * (model/security-matrix.ts, model/personas.ts, model/names.ts, ...), never from the shipped
 * example, so the same checks run on environments/ (__tests__/invariants/) and on generated
 * configurations (__tests__/properties/).
 */
import { AppConfig } from '../../environments';
import { LOG_RETENTION_DAYS } from '../../model/aws-limits';
import { matrixOptions } from '../../model/security-matrix';
import { names } from '../../model/names';
import { partitionFor } from '../../model/partition';
import { TEARDOWN_SETTINGS } from '../../model/teardown';
import { EnvCapability, PERSONAS, PersonaKey } from '../../model/personas';
import { capabilityIntent } from '../../verify/persona-probes';
import { EvalPolicyDocument, evaluatePolicies } from '../../verify/policy-eval';
import { actualFlows, checkRules, groupLabels } from '../../verify/matrix';
import { checkReachability } from '../../verify/reachability';
import { checkRoutes } from '../../verify/routes';
import { checkIam } from '../../verify/iam-check';
import { Json, Resource, Synthesized } from '../../verify/tfjson';
import { alarmNotifications, alarmsAddNoNetwork, alarmsAsTable, dashboards } from './alarm-invariants';
import { bareLifecycleReferences, flowDiagram, teardownAsConfigured } from './terraform-invariants';

export type Check = (s: Synthesized, config: AppConfig) => string[];

const at = (r: Resource) => `${r.stack}:${r.type}.${r.name}`;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every synthesized rule is a row of the matrix for this configuration and every row has its rule; no inline or legacy rules. */
export const matrixBothWays: Check = (s, config) => checkRules(s, config).map((p) => `${p.where}: ${p.rule}`);

/** What the rules allow, limited by placement, equals what the matrix intends (which includes: no flow between environments). */
export const reachabilityAsIntended: Check = (s, config) => checkReachability(s, config).problems.map((p) => `${p.where}: ${p.rule}`);

/**
 * Exposure: only ALB groups take traffic from a CIDR, on 80 and 443, from ::/0 only on a
 * dual-stack network; an ALB sends to a CIDR only on 443, and only while an environment on that
 * ALB uses OIDC (its identity provider).
 */
export const exposure: Check = (s, config) => {
  const labels = groupLabels(config);
  const out: string[] = [];
  const albOidc = (group: string) => {
    const env = group.startsWith('alb:') ? config.environments.find((e) => e.name === group.slice(4)) : undefined;
    return matrixOptions(config, env).albOidc === true;
  };
  for (const f of actualFlows(s, labels)) {
    if (f.peer.startsWith('sg:')) continue;
    const isAlb = f.group === 'alb' || f.group.startsWith('alb:');
    const ports = f.protocol === '-1' ? 'all' : `${f.fromPort}-${f.toPort}`;
    if (f.peer === '::/0' && !config.shared.network.ipv6) out.push(`${f.source}: ::/0 on a network without IPv6`);
    if (f.direction === 'ingress') {
      if (!isAlb) out.push(`${f.source}: ${f.group} takes traffic from ${f.peer}; only an ALB may`);
      else if (!['80-80', '443-443'].includes(ports) || f.protocol !== 'tcp') out.push(`${f.source}: the ALB takes ${f.protocol} ${ports} from ${f.peer}; only tcp 80 and 443`);
    } else if (isAlb) {
      if (ports !== '443-443' || f.protocol !== 'tcp') out.push(`${f.source}: the ALB sends ${f.protocol} ${ports} to ${f.peer}; only 443 to an identity provider`);
      else if (!albOidc(f.group)) out.push(`${f.source}: ${f.group} sends 443 to ${f.peer} but no environment on it uses OIDC`);
    }
  }
  return out;
};

/** Types an SSH or RDP session needs a host or key for: none may exist. */
export const HOST_TYPES = ['aws_key_pair', 'aws_instance', 'aws_launch_template', 'aws_launch_configuration', 'aws_autoscaling_group', 'aws_ec2_instance_connect_endpoint', 'aws_spot_instance_request'];

/** No SSH: no host or key pair, no rule opening 22 at all, and no remote-admin port (22, 3389) to a CIDR. */
export const noSsh: Check = (s) => {
  const out = HOST_TYPES.flatMap((t) => s.resources(t).map((r) => `${at(r)}: a ${t} (the platform runs no hosts)`));
  const covers = (b: Json, port: number) => b.ip_protocol === '-1' || String(b.ip_protocol) === 'all' || (b.from_port <= port && port <= b.to_port);
  for (const r of s.resources('aws_vpc_security_group_ingress_rule')) {
    if (covers(r.body, 22)) out.push(`${at(r)}: opens port 22`);
    if ((r.body.cidr_ipv4 || r.body.cidr_ipv6 || r.body.prefix_list_id) && covers(r.body, 3389)) out.push(`${at(r)}: opens 3389 to a CIDR`);
  }
  return out;
};

/**
 * Placement: every task in the private tier without a public IP and in its environment's ECS
 * group; no subnet hands out public IPs; data subnets have no route at all; private subnets
 * leave only through NAT; every database in the data tier.
 */
export const placement: Check = (s, config) => {
  const out: string[] = [];
  const tier = (stack: string, ref: string) => /^network\/(public|private|data)-\d+$/.exec(s.mustResolve(stack, ref).path)?.[1] ?? 'unknown';
  for (const env of config.environments) {
    for (const svc of s.resources('aws_ecs_service', env.name)) {
      const net = svc.body.network_configuration ?? {};
      if (net.assign_public_ip !== false) out.push(`${at(svc)}: assign_public_ip must be false`);
      for (const id of list<string>(net.subnets)) if (tier(env.name, id) !== 'private') out.push(`${at(svc)}: runs in a ${tier(env.name, id)} subnet; tasks run in the private tier`);
      const groups = list<string>(net.security_groups).map((g) => s.mustResolve(env.name, g).body.name);
      if (groups.join() !== names.ecsSecurityGroup(config.shared.project, env.name)) out.push(`${at(svc)}: security groups ${groups.join(', ')}; want only ${names.ecsSecurityGroup(config.shared.project, env.name)}`);
    }
    for (const db of s.resources('aws_docdb_cluster', env.name)) {
      const group = s.mustResolve(env.name, db.body.db_subnet_group_name);
      for (const id of list<string>(group.body.subnet_ids)) if (tier(group.stack, id) !== 'data') out.push(`${at(db)}: in a ${tier(group.stack, id)} subnet; databases sit in the data tier`);
    }
  }
  for (const subnet of s.resources('aws_subnet')) if (subnet.body.map_public_ip_on_launch !== false) out.push(`${at(subnet)}: map_public_ip_on_launch must be false`);
  const tables = new Map<string, string[]>();
  for (const a of s.resources('aws_route_table_association')) {
    const t = s.mustResolve(a.stack, a.body.route_table_id);
    tables.set(`${t.stack}/${t.name}`, [...(tables.get(`${t.stack}/${t.name}`) ?? []), tier(a.stack, a.body.subnet_id)]);
  }
  for (const r of s.resources('aws_route')) {
    const t = s.mustResolve(r.stack, r.body.route_table_id);
    const target = s.resolve(r.stack, r.body.gateway_id ?? r.body.nat_gateway_id ?? r.body.transit_gateway_id ?? r.body.vpc_peering_connection_id ?? r.body.vpc_endpoint_id)?.resource.type ?? 'unknown';
    for (const tr of tables.get(`${t.stack}/${t.name}`) ?? []) {
      const allowed = tr === 'public' ? 'aws_internet_gateway' : tr === 'private' ? 'aws_nat_gateway' : undefined;
      if (target !== allowed) out.push(`${at(r)}: a ${tr} subnet routes to ${target}${allowed ? `; only to ${allowed}` : '; data subnets have no route out of the VPC'}`);
    }
  }
  return out;
};

/** The listener rules are exactly the configured routes (with this configuration's priorities, unique per listener); listeners answer 404 and redirect :80. */
export const routes: Check = (s, config) => checkRoutes(s, config).map((p) => `${p.where}: ${p.rule}`);

/** IAM: no wildcard action, no unconditioned "*" resource, no admin policy, no root trust; execution roles reach their own secrets, log group and repository only. */
export const iam: Check = (s, config) => checkIam(s, config).problems.map((p) => `${p.where}: ${p.rule}`);

/** Every service has its own execution and task role, named from the model, trusted by ECS tasks of this account only. */
export const serviceRoles: Check = (s, config) => {
  const out: string[] = [];
  const p = config.shared.project;
  for (const env of config.environments) {
    const roles = new Map(s.resources('aws_iam_role', env.name).map((r) => [r.body.name as string, r]));
    for (const svc of env.services) {
      const td = s.resources('aws_ecs_task_definition', env.name).find((t) => t.body.family === names.taskFamily(p, env.name, svc.name));
      if (!td) {
        out.push(`${env.name}: no task definition for service ${svc.name}`);
        continue;
      }
      for (const [attr, want] of [['execution_role_arn', names.executionRole(p, env.name, svc.name)], ['task_role_arn', names.taskRole(p, env.name, svc.name)]] as const) {
        const role = s.resolve(env.name, td.body[attr])?.resource;
        if (role?.body.name !== want || !roles.has(want)) out.push(`${at(td)}: ${attr} is ${role?.body.name ?? td.body[attr]}; want its own role ${want}`);
        const trust = JSON.parse(role?.body.assume_role_policy ?? '{"Statement":[]}').Statement as Json[];
        const principals = trust.flatMap((t) => list(t.Principal?.Service).concat(list(t.Principal?.AWS)));
        if (principals.some((x) => !/^ecs-tasks\./.test(String(x))) || trust.some((t) => !t.Condition?.StringEquals?.['aws:SourceAccount'])) out.push(`${want}: trusted by ${principals.join(', ')}; only ECS tasks of this account`);
      }
    }
  }
  return out;
};

/** Retention the configuration gives a log group of `stack`, by what it logs. */
function wantedRetention(config: AppConfig, stack: string, name: string): number {
  const env = config.environments.find((e) => e.name === stack);
  if (env) return env.logRetentionDays;
  return name === names.flowLogGroup(config.shared.project) ? config.shared.network.flowLogRetentionDays : config.shared.audit.retentionDays;
}

/**
 * Encryption and retention at rest: every log group with a customer-managed key and the
 * configured retention; every secret with a customer-managed key and its environment's recovery
 * window; every bucket encrypted (KMS, or SSE-S3 only where the writing service accepts nothing
 * else, accepted next to the bucket), versioned, private, TLS-only, with a lifecycle; every
 * database, lock table and repository encrypted.
 */
export const encryptionAndRetention: Check = (s, config) => {
  const out: string[] = [];
  const isKey = (stack: string, ref: unknown) => s.resolve(stack, ref)?.resource.type === 'aws_kms_key';
  for (const g of s.resources('aws_cloudwatch_log_group')) {
    if (!isKey(g.stack, g.body.kms_key_id)) out.push(`${at(g)} (${g.body.name}): not encrypted with a customer-managed key`);
    const want = wantedRetention(config, g.stack, g.body.name);
    if (g.body.retention_in_days !== want || !(LOG_RETENTION_DAYS as readonly number[]).includes(want)) out.push(`${at(g)} (${g.body.name}): retention ${g.body.retention_in_days}; the configuration gives ${want}`);
  }
  for (const sec of s.resources('aws_secretsmanager_secret')) {
    if (!isKey(sec.stack, sec.body.kms_key_id)) out.push(`${at(sec)} (${sec.body.name}): not encrypted with a customer-managed key`);
    const env = config.environments.find((e) => e.name === sec.stack);
    // A sandbox deletes secrets at once (model/teardown.ts); otherwise the environment's window.
    const window = config.shared.sandbox ? TEARDOWN_SETTINGS.recovery_window_in_days.sandbox : env?.secretRecoveryWindowDays;
    if (env && sec.body.recovery_window_in_days !== window) out.push(`${at(sec)}: recovery window ${sec.body.recovery_window_in_days}; the configuration gives ${window}`);
  }
  for (const b of s.resources('aws_s3_bucket')) {
    const of = (type: string) => s.resources(type, b.stack).filter((r) => s.resolve(b.stack, r.body.bucket)?.resource.name === b.name);
    const where = `${at(b)} (${b.body.bucket ?? b.body.bucket_prefix})`;
    const sse = of('aws_s3_bucket_server_side_encryption_configuration')[0]?.body.rule?.[0]?.apply_server_side_encryption_by_default;
    const sseS3Accepted = b.body['//']?.checkov_skip?.CKV_AWS_145 !== undefined;
    if (!sse) out.push(`${where}: no default encryption`);
    else if (sse.sse_algorithm === 'aws:kms' ? !isKey(b.stack, sse.kms_master_key_id) : !(sse.sse_algorithm === 'AES256' && sseS3Accepted)) out.push(`${where}: encrypted with ${sse.sse_algorithm} without a customer-managed key or an accepted reason`);
    if (of('aws_s3_bucket_versioning')[0]?.body.versioning_configuration?.status !== 'Enabled') out.push(`${where}: not versioned`);
    const pab = of('aws_s3_bucket_public_access_block')[0]?.body ?? {};
    if (!['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every((k) => pab[k] === true)) out.push(`${where}: public access not fully blocked`);
    if (of('aws_s3_bucket_lifecycle_configuration').length === 0) out.push(`${where}: no lifecycle (retention) configuration`);
    const policy = of('aws_s3_bucket_policy')[0]?.body.policy;
    if (!policy || !JSON.parse(policy).Statement.some((x: Json) => x.Effect === 'Deny' && x.Condition?.Bool?.['aws:SecureTransport'] === 'false')) out.push(`${where}: does not refuse requests without TLS`);
  }
  for (const db of s.resources('aws_docdb_cluster')) if (db.body.storage_encrypted !== true || !isKey(db.stack, db.body.kms_key_id)) out.push(`${at(db)}: storage not encrypted with a customer-managed key`);
  for (const t of s.resources('aws_dynamodb_table')) if (t.body.server_side_encryption?.enabled !== true || !isKey(t.stack, t.body.server_side_encryption?.kms_key_arn)) out.push(`${at(t)}: not encrypted with a customer-managed key`);
  for (const r of s.resources('aws_ecr_repository')) if (r.body.encryption_configuration?.[0]?.encryption_type !== 'KMS' || !isKey(r.stack, r.body.encryption_configuration[0].kms_key)) out.push(`${at(r)}: not encrypted with a customer-managed key`);
  return out;
};

/** Each stack keeps its state apart: bootstrap locally, every other stack in the configured bucket under `<project>/<stack>/`, locked; environments read only the shared stack's state. */
export const statePerStack: Check = (s, config) => {
  const out: string[] = [];
  const { project, state } = config.shared;
  const stacks = ['shared', ...config.environments.map((e) => e.name)];
  for (const stack of Object.keys(s.stacks)) {
    const backend = s.stack(stack).terraform?.backend ?? {};
    if (stack === 'bootstrap') {
      if (Object.keys(backend).join() !== 'local') out.push(`bootstrap: backend ${Object.keys(backend).join()}; the state bucket's own stack keeps local state`);
      continue;
    }
    if (!stacks.includes(stack)) out.push(`${stack}: a stack the configuration does not name`);
    const want = { bucket: state.bucket, dynamodb_table: state.lockTable, key: `${project}/${stack}/terraform.tfstate`, region: state.region, use_lockfile: true };
    const sorted = (o: Json) => JSON.stringify(o, Object.keys(o).sort());
    if (Object.keys(backend).join() !== 's3' || sorted(backend.s3) !== sorted(want)) out.push(`${stack}: backend ${JSON.stringify(backend)}; want { s3: ${JSON.stringify(want)} }`);
    for (const d of s.data('terraform_remote_state', stack)) {
      if (d.body.config?.key !== `${project}/shared/terraform.tfstate`) out.push(`${stack}: reads the state ${d.body.config?.key}; a stack reads only the shared stack's outputs`);
    }
  }
  for (const stack of stacks) if (!s.stacks[stack]) out.push(`${stack}: no stack synthesized`);
  return out;
};

/** No environment refers to another: its stack references only its own resources and the shared stack's outputs. */
export const noCrossEnvironmentReference: Check = (s, config) => {
  const out: string[] = [];
  for (const env of config.environments) {
    const text = JSON.stringify(s.stack(env.name));
    for (const other of config.environments.filter((e) => e.name !== env.name)) {
      if (text.includes(`cross-stack-reference-input-${other.name}`)) out.push(`${env.name}: reads outputs of environment ${other.name}`);
    }
  }
  return out;
};

/** Resource types whose `name` (or the given attribute) AWS keeps unique per account and region (or per VPC). */
const UNIQUE_NAMES: Readonly<Record<string, string>> = {
  aws_iam_role: 'name',
  aws_iam_policy: 'name',
  aws_kms_alias: 'name',
  aws_cloudwatch_log_group: 'name',
  aws_secretsmanager_secret: 'name',
  aws_lb: 'name',
  aws_lb_target_group: 'name',
  aws_security_group: 'name',
  aws_ecs_cluster: 'name',
  aws_ecs_task_definition: 'family',
  aws_ecr_repository: 'name',
  aws_docdb_cluster: 'cluster_identifier',
  aws_s3_bucket: 'bucket',
  aws_dynamodb_table: 'name',
  aws_wafv2_web_acl: 'name',
  aws_sns_topic: 'name',
  aws_cloudwatch_metric_alarm: 'alarm_name',
  aws_cloudwatch_dashboard: 'dashboard_name',
};

/** Physical names AWS keeps unique are unique across every stack (a clash fails at apply, in whichever stack comes second). */
export const uniquePhysicalNames: Check = (s) => {
  const out: string[] = [];
  for (const [type, attr] of Object.entries(UNIQUE_NAMES)) {
    const seen = new Map<string, Resource>();
    for (const r of s.resources(type)) {
      const name = r.body[attr];
      if (typeof name !== 'string' || name.includes('${')) continue;
      const other = seen.get(name.toLowerCase());
      if (other) out.push(`${at(r)}: ${attr} "${name}" is also ${at(other)}'s`);
      else seen.set(name.toLowerCase(), r);
    }
  }
  return out;
};

/** Every container runs as a non-root user, unprivileged, read-only with every capability dropped unless ECS Exec is on for its environment (never production). */
export const containerHardening: Check = (s, config) => {
  const out: string[] = [];
  for (const env of config.environments) {
    const exec = env.execEnabled && !env.production;
    for (const td of s.resources('aws_ecs_task_definition', env.name)) {
      for (const c of JSON.parse(td.body.container_definitions) as Json[]) {
        const where = `${at(td)} container ${c.name}`;
        if (!/^[1-9]\d*(:\d+)?$/.test(String(c.user))) out.push(`${where}: user ${c.user}; never root`);
        if (c.privileged !== false) out.push(`${where}: privileged`);
        if (c.readonlyRootFilesystem !== !exec) out.push(`${where}: readonlyRootFilesystem ${c.readonlyRootFilesystem} with ECS Exec ${exec ? 'on' : 'off'}`);
        if (!exec && JSON.stringify(c.linuxParameters?.capabilities?.drop) !== '["ALL"]') out.push(`${where}: capabilities not all dropped`);
        for (const sec of list<Json>(c.secrets)) if (!/^\$\{/.test(String(sec.valueFrom))) out.push(`${where}: secret ${sec.name} not referenced by ARN`);
      }
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// Security-group rule fields: what a rule's peer and ports are is decided by which fields it sets.

/**
 * Every standalone security-group rule names its peer in exactly one field, of the peer's kind
 * (an IPv4 CIDR in cidr_ipv4, an IPv6 CIDR in cidr_ipv6, a group in referenced_security_group_id):
 * AWS refuses two peers at apply, and a CIDR in the other family's field is refused or opens the
 * wrong range. Ports are set exactly for TCP rules; each rule is tagged with its matrix row; every
 * group revokes its rules on delete (rules in other stacks reference it) and holds none inline.
 */
export function ruleFieldProblems(s: Synthesized): string[] {
  const out: string[] = [];
  for (const r of [...s.resources('aws_vpc_security_group_ingress_rule'), ...s.resources('aws_vpc_security_group_egress_rule')]) {
    const b = r.body;
    const peers = ['cidr_ipv4', 'cidr_ipv6', 'referenced_security_group_id', 'prefix_list_id'].filter((k) => b[k] !== undefined);
    if (peers.length !== 1) out.push(`${at(r)}: peer in ${peers.join(' and ') || 'no field'}; exactly one of cidr_ipv4, cidr_ipv6, referenced_security_group_id`);
    if (b.cidr_ipv4 !== undefined && !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(b.cidr_ipv4)) out.push(`${at(r)}: cidr_ipv4 holds "${b.cidr_ipv4}", not an IPv4 CIDR`);
    if (b.cidr_ipv6 !== undefined && !/^[0-9a-f:]*:[0-9a-f:]*\/\d{1,3}$/i.test(b.cidr_ipv6)) out.push(`${at(r)}: cidr_ipv6 holds "${b.cidr_ipv6}", not an IPv6 CIDR`);
    const ports = b.from_port !== undefined || b.to_port !== undefined;
    if (b.ip_protocol === 'tcp' && (typeof b.from_port !== 'number' || typeof b.to_port !== 'number' || b.from_port > b.to_port)) out.push(`${at(r)}: a TCP rule needs from_port <= to_port`);
    if (b.ip_protocol === '-1' && ports) out.push(`${at(r)}: an all-protocols rule takes no ports`);
    if (!/^[a-z0-9-]+$/.test(String(b.tags?.Name ?? '')) || !r.path.endsWith(`/${b.tags.Name}`)) out.push(`${at(r)}: tagged Name=${b.tags?.Name}, not its matrix row (${r.path})`);
  }
  for (const g of s.resources('aws_security_group')) {
    if (g.body.revoke_rules_on_delete !== true) out.push(`${at(g)}: must revoke its rules on delete`);
    if (g.body.tags?.Name !== g.body.name) out.push(`${at(g)}: tagged Name=${g.body.tags?.Name}, not its name ${g.body.name}`);
    if (g.body.ingress !== undefined || g.body.egress !== undefined) out.push(`${at(g)}: inline rules`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Personas: the allow/deny table, evaluated with the condition-aware evaluator.

/** The account the synthesized account-ID token stands for in the probes. */
export const PROBE_ACCOUNT_ID = '111122223333';
/** A principal for every persona: synthesize with these to build every persona role. */
export const PROBE_PRINCIPALS: Readonly<Record<PersonaKey, string[]>> = {
  developers: [`arn:aws:iam::${PROBE_ACCOUNT_ID}:role/probe-developers`],
  qa: [`arn:aws:iam::${PROBE_ACCOUNT_ID}:role/probe-qa`],
  admins: [`arn:aws:iam::${PROBE_ACCOUNT_ID}:role/probe-admins`],
};

/** The identity policies of a persona role, account token replaced by the probe account. */
function personaPolicies(s: Synthesized, roleName: string): EvalPolicyDocument[] {
  const role = s.resources('aws_iam_role', 'shared').find((r) => r.body.name === roleName);
  if (!role) return [];
  const docs: EvalPolicyDocument[] = [];
  const concrete = (text: string) => JSON.parse(text.replace(/\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}/g, PROBE_ACCOUNT_ID));
  for (const p of s.resources('aws_iam_role_policy', 'shared')) if (s.resolve('shared', p.body.role)?.resource.name === role.name) docs.push(concrete(p.body.policy));
  for (const a of s.resources('aws_iam_role_policy_attachment', 'shared')) {
    if (s.resolve('shared', a.body.role)?.resource.name !== role.name) continue;
    const target = s.resolve('shared', a.body.policy_arn)?.resource;
    if (target?.type === 'aws_iam_policy') docs.push(concrete(target.body.policy));
  }
  return docs;
}

/**
 * The persona table: every persona role exists exactly when the persona has principals; in
 * each environment, what each capability is meant to allow (verify/persona-probes.ts, on each
 * of its services, with the request context the conditions test) is allowed to exactly the
 * personas its `access` lists; every persona is explicitly denied the actions the table denies.
 * The probes just outside each condition are `checkPersonaProbes`'s (verify/iam-check.ts).
 */
const CAPABILITIES: readonly EnvCapability[] = ['read', 'deploy', 'secrets'];

export const personaTable: Check = (s, config) => {
  const out: string[] = [];
  const { project, region, state } = config.shared;
  const partition = partitionFor(region);
  for (const persona of Object.keys(PERSONAS) as PersonaKey[]) {
    const roleName = names.personaRole(project, PERSONAS[persona].roleSuffix);
    const exists = s.resources('aws_iam_role', 'shared').some((r) => r.body.name === roleName);
    const principals = config.shared.personas[persona] ?? [];
    if (exists !== principals.length > 0) out.push(`${roleName}: ${exists ? 'exists without' : 'missing although the persona has'} principals`);
    if (!exists) continue;
    const identity = personaPolicies(s, roleName);
    const ask = (action: string, resource: string, context: Readonly<Record<string, string | readonly string[]>> = {}) =>
      evaluatePolicies({ identity, requireContext: true }, { principal: { arn: `arn:${partition.id}:iam::${PROBE_ACCOUNT_ID}:role/${roleName}`, account: PROBE_ACCOUNT_ID }, action, resource, context });
    const stateAws = partitionFor(state.region ?? region);
    for (const env of config.environments) {
      for (const cap of CAPABILITIES) {
        const granted = env.access[cap].includes(persona);
        // What the capability is meant to allow (verify/persona-probes.ts, written by hand), on each of the environment's services.
        for (const svc of env.services) {
          const e = { aws: partition, stateAws, account: PROBE_ACCOUNT_ID, project, stateBucket: state.bucket, lockTable: state.lockTable, env: env.name, service: svc.name, exec: env.execEnabled && !env.production, blueGreen: env.blueGreen !== undefined };
          for (const probe of capabilityIntent(cap, e).allowed) {
            const d = ask(probe.action, probe.resource, probe.context);
            if (d.allowed !== granted) out.push(`${roleName} in ${env.name}: ${probe.action} (${probe.what}) on service ${svc.name} is ${d.decision} (${d.reason}); access.${cap} ${granted ? 'lists' : 'does not list'} ${persona}`);
          }
        }
      }
    }
    const denied = persona === 'qa' ? [...PERSONAS.qa.denied] : [...PERSONAS[persona].denied];
    for (const pattern of denied) {
      const action = pattern.replace(/\*$/, 'Anything').replace(/:Anything$/, ':DoAnything');
      const d = ask(action, '*');
      if (d.decision !== 'explicit-deny') out.push(`${roleName}: ${action} is ${d.decision}; the persona table denies ${pattern} explicitly`);
    }
  }
  return out;
};

/** Every check, by name: what the invariant suite and the property suite both run. */
export const ALL_CHECKS: Readonly<Record<string, Check>> = {
  matrixBothWays,
  reachabilityAsIntended,
  exposure,
  noSsh,
  placement,
  routes,
  iam,
  serviceRoles,
  encryptionAndRetention,
  statePerStack,
  noCrossEnvironmentReference,
  uniquePhysicalNames,
  containerHardening,
  personaTable,
  alarmsAsTable,
  alarmNotifications,
  dashboards,
  alarmsAddNoNetwork,
  bareLifecycleReferences,
  teardownAsConfigured,
  flowDiagram,
};

/** The violations of every check, prefixed by the check's name. */
export function violations(s: Synthesized, config: AppConfig): string[] {
  return Object.entries(ALL_CHECKS).flatMap(([name, check]) => check(s, config).map((v) => `${name}: ${v}`));
}
