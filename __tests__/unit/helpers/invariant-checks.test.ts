/**
 * The invariant checks (__tests__/helpers/invariants.ts) can fail: each holds on the pinned
 * example and reports a deliberate breakage of the synthesized JSON of the kind it guards,
 * naming the resource. (The invariant and property suites only ever see them pass.)
 */
import { Json, Synthesized } from '../../../verify/tfjson';
import { ALL_CHECKS, Check, PROBE_PRINCIPALS } from '../../helpers/invariants';
import { example } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

const config = example((c) => (c.shared.personas = PROBE_PRINCIPALS));
const good = synthBeforeAll(config);

/** A copy of the example's output with `edit` applied. */
function broken(edit: (st: Record<string, Json>) => void): Synthesized {
  const stacks = structuredClone(good.stacks) as Record<string, Json>;
  edit(stacks);
  return new Synthesized(stacks);
}
const named = (section: Json, prefix: string) => Object.keys(section).find((k) => k.startsWith(prefix))!;
const groupRef = (st: Record<string, Json>, stack: string, prefix: string) => `\${aws_security_group.${named(st[stack].resource.aws_security_group, prefix)}.id}`;

const BREAKAGES: Array<[string, (st: Record<string, Json>) => void, RegExp]> = [
  ['matrixBothWays', (st) => (st.prod.resource.aws_vpc_security_group_ingress_rule[named(st.prod.resource.aws_vpc_security_group_ingress_rule, 'rules_ecs-in-alb')].to_port = 5000), /ecs:prod ingress tcp 3000-5000 sg:alb" is not a row/],
  ['reachabilityAsIntended', (st) => {
    const rules = st.prod.resource.aws_vpc_security_group_ingress_rule;
    rules.db_from_anywhere = { ...structuredClone(rules[named(rules, 'rules_db-in-ecs')]), referenced_security_group_id: undefined, cidr_ipv4: '10.40.0.0/16' };
  }, /flow .* → db:prod .* is not in the security-group matrix|opens db:prod to 10\.40\.0\.0\/16/],
  ['exposure', (st) => {
    const rules = st.stage.resource.aws_vpc_security_group_ingress_rule;
    rules.open_to_world = { security_group_id: groupRef(st, 'stage', 'ecs-sg'), cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 3000, to_port: 3000, description: 'hand-added' };
  }, /stage:aws_vpc_security_group_ingress_rule\.open_to_world: ecs:stage takes traffic from 0\.0\.0\.0\/0; only an ALB may/],
  ['exposure', (st) => {
    st.shared.resource.aws_vpc_security_group_egress_rule = { idp: { security_group_id: groupRef(st, 'shared', 'alb-sg'), cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443, description: 'no oidc' } };
  }, /alb sends 443 to 0\.0\.0\.0\/0 but no environment on it uses OIDC/],
  ['noSsh', (st) => {
    const rules = st.test.resource.aws_vpc_security_group_ingress_rule;
    rules.ssh = { ...structuredClone(rules[named(rules, 'rules_ecs-in-alb')]), from_port: 22, to_port: 22 };
  }, /test:aws_vpc_security_group_ingress_rule\.ssh: opens port 22/],
  ['noSsh', (st) => (st.shared.resource.aws_instance = { bastion: { ami: 'ami-1' } }), /aws_instance\.bastion: a aws_instance/],
  ['placement', (st) => (st.test.resource.aws_ecs_service[named(st.test.resource.aws_ecs_service, 'svc-auth')].network_configuration.assign_public_ip = true), /assign_public_ip must be false/],
  ['placement', (st) => {
    const nat = named(st.shared.resource.aws_nat_gateway, '');
    const table = st.shared.resource.aws_route_table_association[named(st.shared.resource.aws_route_table_association, 'network_data-rta-0')].route_table_id;
    st.shared.resource.aws_route.data_out = { route_table_id: table, destination_cidr_block: '0.0.0.0/0', nat_gateway_id: `\${aws_nat_gateway.${nat}.id}` };
  }, /a data subnet routes to aws_nat_gateway; data subnets have no route out of the VPC/],
  ['routes', (st) => {
    const rules = st.prod.resource.aws_lb_listener_rule;
    rules.catch_all = { ...structuredClone(rules[Object.keys(rules)[0]]), condition: [{ path_pattern: { values: ['/*'] } }], priority: 49999 };
  }, /catch_all: listener rule .* is not on the route allow-list/],
  ['iam', (st) => {
    const policies = st.prod.resource.aws_iam_role_policy;
    const key = named(policies, 'svc-auth_roles_execution-policy');
    const doc = JSON.parse(policies[key].policy);
    doc.Statement.find((x: Json) => x.Sid === 'Secrets').Resource = '*';
    policies[key].policy = JSON.stringify(doc);
  }, /acme-prod-auth-exec\): allows secretsmanager:GetSecretValue on Resource "\*"/],
  ['serviceRoles', (st) => {
    const tds = st.test.resource.aws_ecs_task_definition;
    tds[named(tds, 'svc-auth')].execution_role_arn = tds[named(tds, 'svc-reminder')].execution_role_arn;
  }, /execution_role_arn is acme-test-reminder-exec; want its own role acme-test-auth-exec/],
  ['encryptionAndRetention', (st) => delete st.prod.resource.aws_cloudwatch_log_group[named(st.prod.resource.aws_cloudwatch_log_group, 'svc-auth')].kms_key_id, /\/acme\/prod\/auth\): not encrypted with a customer-managed key/],
  ['encryptionAndRetention', (st) => (st.stage.resource.aws_cloudwatch_log_group[named(st.stage.resource.aws_cloudwatch_log_group, 'svc-auth')].retention_in_days = 7), /\/acme\/stage\/auth\): retention 7; the configuration gives 365/],
  ['encryptionAndRetention', (st) => (st.shared.resource.aws_s3_bucket_versioning[named(st.shared.resource.aws_s3_bucket_versioning, 'config')].versioning_configuration.status = 'Suspended'), /acme-config-\): not versioned/],
  ['statePerStack', (st) => (st.stage.terraform.backend.s3.key = 'acme/shared/terraform.tfstate'), /stage: backend .*; want/],
  ['noCrossEnvironmentReference', (st) => (st.prod.data.terraform_remote_state['cross-stack-reference-input-test'] = { backend: 's3', config: {} }), /prod: reads outputs of environment test/],
  ['uniquePhysicalNames', (st) => (st.stage.resource.aws_iam_role[named(st.stage.resource.aws_iam_role, 'svc-auth_roles_execution')].name = 'acme-test-auth-exec'), /name "acme-test-auth-exec" is also .*'s/],
  ['containerHardening', (st) => {
    const tds = st.prod.resource.aws_ecs_task_definition;
    const td = tds[named(tds, 'svc-auth')];
    const [c] = JSON.parse(td.container_definitions);
    td.container_definitions = JSON.stringify([{ ...c, user: '0' }]);
  }, /container auth: user 0; never root/],
  ['personaTable', (st) => {
    const policies = st.shared.resource.aws_iam_policy;
    const key = named(policies, 'personas_developers-stage');
    const doc = JSON.parse(policies[key].policy);
    doc.Statement.push({ Sid: 'Oops', Effect: 'Allow', Action: 'ecs:UpdateService', Resource: '*' });
    policies[key].policy = JSON.stringify(doc);
  }, /acme-developers in prod: ecs:UpdateService \(update its service\) on service auth is allow/],
  ['alarmsAsTable', (st) => (st.prod.resource.aws_cloudwatch_metric_alarm[named(st.prod.resource.aws_cloudwatch_metric_alarm, 'svc-auth_alarms_cpu-high')].threshold = 99.5), /acme\/prod\/auth\/cpu-high: .*the table and the service's overrides give/],
  ['alarmsAsTable', (st) => delete st.stage.resource.aws_cloudwatch_metric_alarm[named(st.stage.resource.aws_cloudwatch_metric_alarm, 'svc-reminder_alarms_memory-high')], /alarm "acme\/stage\/reminder\/memory-high" of the alarm table is missing/],
  ['alarmNotifications', (st) => (st.test.resource.aws_sns_topic_subscription = { extra: { topic_arn: `\${aws_sns_topic.${named(st.test.resource.aws_sns_topic, '')}.arn}`, protocol: 'email', endpoint: 'someone@example.com' } }), /test: subscriptions \["email someone@example\.com"\]; notifications configure \[\]/],
  ['alarmNotifications', (st) => {
    const policies = st.prod.resource.aws_sns_topic_policy;
    const p = policies[named(policies, '')];
    const doc = JSON.parse(p.policy);
    for (const x of doc.Statement) if (x.Condition?.ArnLike) x.Condition.ArnLike['aws:SourceArn'] = x.Condition.ArnLike['aws:SourceArn'].replace(/alarm:.*$/, 'alarm:*');
    p.policy = JSON.stringify(doc);
  }, /accepts alarms of environment "(test|stage)"/],
  ['alarmNotifications', (st) => delete st.stage.resource.aws_sns_topic[named(st.stage.resource.aws_sns_topic, '')].kms_master_key_id, /stage:aws_sns_topic\..*: not encrypted with its environment's own key/],
  ['dashboards', (st) => {
    const d = st.test.resource.aws_cloudwatch_dashboard[named(st.test.resource.aws_cloudwatch_dashboard, '')];
    const body = JSON.parse(d.dashboard_body);
    body.widgets.pop();
    d.dashboard_body = JSON.stringify(body);
  }, /test:aws_cloudwatch_dashboard\..*: 17 widgets; want 18/],
  ['alarmsAddNoNetwork', (st) => {
    const rules = st.prod.resource.aws_vpc_security_group_ingress_rule;
    const rule = structuredClone(rules[named(rules, 'rules_ecs-in-alb')]);
    rule['//'] = { metadata: { path: 'prod/svc-auth/alarms/probe' } };
    rules.from_alarms = rule;
  }, /from_alarms \(svc-auth\/alarms\/probe\): .* creates a aws_vpc_security_group_ingress_rule/],
  ['bareLifecycleReferences', (st) => {
    const tgs = st.prod.resource.aws_lb_target_group;
    tgs[named(tgs, '')].lifecycle = { ...tgs[named(tgs, '')].lifecycle, replace_triggered_by: ['${terraform_data.x}'] };
  }, /replace_triggered_by "\$\{terraform_data\.x\}" is not the bare address/],
  ['teardownAsConfigured', (st) => (st.shared.resource.aws_s3_bucket[named(st.shared.resource.aws_s3_bucket, 'trail')].force_destroy = true), /shared:aws_s3_bucket\..*: force_destroy outside a sandbox/],
  ['teardownAsConfigured', (st) => delete st.bootstrap.resource.aws_s3_bucket[named(st.bootstrap.resource.aws_s3_bucket, 'state')].lifecycle, /the state bucket must be kept from destroy/],
  ['flowDiagram', (st) => {
    const rules = st.prod.resource.aws_vpc_security_group_ingress_rule;
    rules.from_vpc = { security_group_id: groupRef(st, 'prod', 'ecs-sg'), cidr_ipv4: '10.40.0.0/16', ip_protocol: 'tcp', from_port: 3000, to_port: 3000, description: 'hand-added' };
  }, /ecs_test -> ecs_prod: an arrow between environments test and prod/],
];

describe('invariant checks', () => {
  it.each(Object.keys(ALL_CHECKS))('%s holds on the pinned example', (name) => {
    expect(ALL_CHECKS[name](good, config)).toEqual([]);
  });

  it('are each broken by at least one breakage below', () => {
    expect(new Set(BREAKAGES.map(([name]) => name))).toEqual(new Set(Object.keys(ALL_CHECKS)));
  });

  it.each(BREAKAGES.map(([name, edit, expected], i) => [`${name} #${i}`, ALL_CHECKS[name], edit, expected] as const))('%s reports its breakage', (_, check: Check, edit, expected) => {
    expect(check(broken(edit), config).join('\n')).toMatch(expected);
  });
});
