/**
 * The alarm invariants as checks (see ./invariants.ts): every service has the alarms of the
 * alarm table with its settings, wired to its environment's encrypted topic and to deployment
 * rollback; the topic and the key accept CloudWatch alarms of their own environment only;
 * subscriptions are the configured ones; one dashboard per environment shows its own ALB, NAT
 * gateways and services; nothing the alarm, notification, dashboard and blue/green constructs
 * create is a network resource. Expectations come from the configuration and the tables
 * (model/alarms.ts, model/dashboard.ts, model/names.ts), never from the shipped example.
 */
import { AppConfig, EnvironmentConfig, ResolvedService } from '../../environments';
import { ALARMS, resolveAlarmSettings } from '../../model/alarms';
import { ENVIRONMENT_WIDGETS, SERVICE_WIDGETS, dashboardWidgets } from '../../model/dashboard';
import { names } from '../../model/names';
import { partitionFor } from '../../model/partition';
import { serviceTargetGroup } from '../../model/target-group';
import { checkAlarms } from '../../verify/alarms';
import { EvalPolicyDocument, evaluatePolicies } from '../../verify/policy-eval';
import { Json, Resource, Synthesized } from '../../verify/tfjson';

type Check = (s: Synthesized, config: AppConfig) => string[];

const at = (r: Resource) => `${r.stack}:${r.type}.${r.name}`;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The account the synthesized account-ID token stands for in the policy probes. */
const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/** A service's target group names: the primary, and in a blue/green environment the alternate. */
export function serviceTargetGroups(config: AppConfig, env: EnvironmentConfig, svc: ResolvedService): string[] {
  const { project, network } = config.shared;
  const id = serviceTargetGroup(svc.port, network.vpcCidr);
  return [names.targetGroup(project, env.name, svc.name, id), ...(env.blueGreen ? [names.targetGroup(project, env.name, svc.name, id, 'alternate')] : [])];
}

/**
 * Every service has exactly the alarms of the table (verify/alarms.ts: the set, the topic, the
 * rollback, the deployment strategy), each with its environment kind's settings and the
 * service's overrides, each watching its own service's target groups (both of a blue/green
 * pair) and ECS service and nothing else; no alarm outside an environment's stack.
 */
export const alarmsAsTable: Check = (s, config) => {
  const out = checkAlarms(s, config).map((p) => `${p.where}: ${p.rule}`);
  const { project } = config.shared;
  for (const stack of Object.keys(s.stacks).filter((st) => !config.environments.some((e) => e.name === st))) {
    for (const a of s.resources('aws_cloudwatch_metric_alarm', stack)) out.push(`${at(a)}: an alarm outside an environment's stack`);
  }
  for (const env of config.environments) {
    const got = new Map(s.resources('aws_cloudwatch_metric_alarm', env.name).map((a) => [String(a.body.alarm_name), a]));
    for (const svc of env.services) {
      const groups = serviceTargetGroups(config, env, svc).sort();
      for (const spec of ALARMS) {
        const name = names.alarm(project, env.name, svc.name, spec.suffix);
        const alarm = got.get(name)?.body;
        if (!alarm) continue; // checkAlarms reports it
        const want = resolveAlarmSettings(spec, env.production, svc.alarms[spec.key]);
        const is = { threshold: alarm.threshold, evaluations: alarm.evaluation_periods, treat: alarm.treat_missing_data, enabled: alarm.actions_enabled };
        const should = { threshold: want.threshold, evaluations: want.evaluationPeriods, treat: spec.treatMissingData, enabled: true };
        if (JSON.stringify(is) !== JSON.stringify(should)) out.push(`${name}: ${JSON.stringify(is)}; the table and the service's overrides give ${JSON.stringify(should)}`);
        const metrics = list<Json>(alarm.metric_query).filter((q) => q.metric);
        for (const q of metrics) if (q.metric.period !== want.periodSeconds) out.push(`${name}: a metric over ${q.metric.period} s; the settings give ${want.periodSeconds}`);
        const watched = metrics.filter((q) => q.metric.dimensions?.TargetGroup).map((q) => String(s.resolve(env.name, q.metric.dimensions.TargetGroup)?.resource.body.name));
        const perGroup = spec.metrics.filter((m) => m.scope === 'targetGroup').length;
        const wantGroups = perGroup ? groups : [];
        if (JSON.stringify([...new Set(watched)].sort()) !== JSON.stringify(wantGroups) || watched.length !== perGroup * groups.length) {
          out.push(`${name}: watches target groups ${watched.join(', ') || 'none'}; want ${perGroup} metric(s) on each of ${wantGroups.join(', ') || 'none'}`);
        }
        for (const q of metrics.filter((x) => x.metric.dimensions?.ServiceName)) {
          if (q.metric.dimensions.ServiceName !== names.ecsService(svc.name)) out.push(`${name}: watches ECS service ${q.metric.dimensions.ServiceName}; want its own ${names.ecsService(svc.name)}`);
        }
      }
    }
  }
  return out;
};

/** A policy with the account ID and topic ARNs of the stack replaced by probe values. */
function concretePolicy(s: Synthesized, stack: string, text: string, topicArn: (name: string) => string): EvalPolicyDocument {
  return JSON.parse(
    text.replace(/\$\{[^}]+\}/g, (token) => {
      if (/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/.test(token)) return ACCOUNT;
      const ref = s.resolve(stack, token);
      if (ref?.resource.type === 'aws_sns_topic' && ref.attribute === 'arn') return topicArn(ref.resource.body.name);
      return token;
    }),
  );
}

/**
 * Where alarms notify: one topic per environment, encrypted with that environment's key; the
 * topic takes SNS:Publish from CloudWatch for this account's alarms of this environment only
 * (never another environment's, even one whose name begins with this one's; never without TLS;
 * no other service); the environment key lets CloudWatch encrypt for exactly those alarms;
 * subscriptions are exactly the environment's `notifications`.
 */
export const alarmNotifications: Check = (s, config) => {
  const out: string[] = [];
  const { project, region } = config.shared;
  const p = partitionFor(region).id;
  const topicArn = (name: string) => `arn:${p}:sns:${region}:${ACCOUNT}:${name}`;
  const alarmArn = (env: string, svc: string, suffix: string, account = ACCOUNT) => `arn:${p}:cloudwatch:${region}:${account}:alarm:${names.alarm(project, env, svc, suffix)}`;
  for (const stack of Object.keys(s.stacks).filter((st) => !config.environments.some((e) => e.name === st))) {
    for (const t of s.resources('aws_sns_topic', stack)) out.push(`${at(t)}: a topic outside an environment's stack`);
  }
  for (const env of config.environments) {
    const topics = s.resources('aws_sns_topic', env.name);
    if (topics.length !== 1 || topics[0].body.name !== names.alarmTopic(project, env.name)) {
      out.push(`${env.name}: topics ${topics.map((t) => t.body.name).join(', ') || 'none'}; want one, ${names.alarmTopic(project, env.name)}`);
      continue;
    }
    const topic = topics[0];
    const keyOfTopic = s.resolve(env.name, topic.body.kms_master_key_id)?.resource;
    const envKeys = s.resources('aws_kms_key', env.name);
    if (keyOfTopic?.type !== 'aws_kms_key' || envKeys.length !== 1 || keyOfTopic.name !== envKeys[0].name) out.push(`${at(topic)}: not encrypted with its environment's own key`);
    const own = (spec = ALARMS[0]) => alarmArn(env.name, env.services[0].name, spec.suffix);
    const others = [...config.environments.filter((e) => e.name !== env.name).map((e) => e.name), `${env.name}-x`];

    const attached = s.resources('aws_sns_topic_policy', env.name).filter((x) => s.resolve(env.name, x.body.arn)?.resource.name === topic.name);
    if (attached.length !== 1) out.push(`${at(topic)}: ${attached.length} topic policies; want 1`);
    else {
      const doc = concretePolicy(s, env.name, attached[0].body.policy, topicArn);
      const arn = topicArn(topic.body.name);
      const publish = (service: string, sourceArn: string, sourceAccount = ACCOUNT, tls = true) =>
        evaluatePolicies({ resource: { name: 'topic policy', document: doc }, resourceMustAllow: true }, { principal: { service }, action: 'SNS:Publish', resource: arn, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount, 'aws:SecureTransport': tls } }).allowed;
      if (!publish(CLOUDWATCH, own())) out.push(`${at(topic)}: CloudWatch may not publish for the environment's own alarms`);
      if (publish(CLOUDWATCH, own(), ACCOUNT, false)) out.push(`${at(topic)}: accepts publishing without TLS`);
      if (publish(CLOUDWATCH, alarmArn(env.name, env.services[0].name, ALARMS[0].suffix, OTHER_ACCOUNT), OTHER_ACCOUNT)) out.push(`${at(topic)}: accepts alarms of another account`);
      if (publish('events.amazonaws.com', own())) out.push(`${at(topic)}: accepts publishing from a service other than CloudWatch`);
      for (const other of others) if (publish(CLOUDWATCH, alarmArn(other, env.services[0].name, ALARMS[0].suffix))) out.push(`${at(topic)}: accepts alarms of environment "${other}"`);
      for (const action of ['SNS:Subscribe', 'SNS:GetTopicAttributes', 'SNS:SetTopicAttributes']) {
        const d = evaluatePolicies({ resource: { name: 'topic policy', document: doc } }, { principal: { arn: `arn:${p}:iam::${ACCOUNT}:role/admin`, account: ACCOUNT }, action, resource: arn, context: { 'aws:SecureTransport': false } });
        if (d.allowed || !/deny/i.test(d.reason)) out.push(`${at(topic)}: ${action} without TLS is ${d.decision}; every action is denied without TLS`);
      }
    }

    if (envKeys.length === 1) {
      const doc = concretePolicy(s, env.name, envKeys[0].body.policy, topicArn);
      const keyArn = `arn:${p}:kms:${region}:${ACCOUNT}:key/${env.name}`;
      const use = (action: string, sourceArn: string, sourceAccount = ACCOUNT) =>
        evaluatePolicies({ resource: { name: 'key policy', document: doc }, resourceMustAllow: true }, { principal: { service: CLOUDWATCH }, action, resource: keyArn, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount } }).allowed;
      const last = ALARMS[ALARMS.length - 1];
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) if (!use(action, own(last))) out.push(`${at(envKeys[0])}: CloudWatch may not ${action} for the environment's own alarms`);
      for (const action of ['kms:Encrypt', 'kms:ScheduleKeyDeletion']) if (use(action, own(last))) out.push(`${at(envKeys[0])}: CloudWatch may ${action}`);
      if (use('kms:GenerateDataKey', own(last), OTHER_ACCOUNT)) out.push(`${at(envKeys[0])}: CloudWatch of another account may use the key`);
      for (const other of others) if (use('kms:GenerateDataKey', alarmArn(other, env.services[0].name, last.suffix))) out.push(`${at(envKeys[0])}: CloudWatch may use the key for alarms of environment "${other}"`);
    }

    const subs = s.resources('aws_sns_topic_subscription', env.name);
    for (const sub of subs) if (s.resolve(env.name, sub.body.topic_arn)?.resource.name !== topic.name) out.push(`${at(sub)}: subscribes to another topic than the environment's`);
    const got = subs.map((x) => `${x.body.protocol} ${x.body.endpoint}`).sort();
    const want = [...env.notifications.emails.map((e) => `email ${e}`), ...env.notifications.httpsEndpoints.map((u) => `https ${u}`)].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${env.name}: subscriptions ${JSON.stringify(got)}; notifications configure ${JSON.stringify(want)}`);
  }
  return out;
};

/**
 * One dashboard per environment, named by the model, with the environment row and a row per
 * service on CloudWatch's 24-column grid without overlap; the environment row shows its ALB
 * (its own or the shared one) and every NAT gateway of the VPC; each service row its own target
 * groups (both of a blue/green pair) and its own ECS service.
 */
export const dashboards: Check = (s, config) => {
  const out: string[] = [];
  const { project, region } = config.shared;
  const nats = s.resources('aws_nat_gateway').map((n) => `aws_nat_gateway:${n.body.tags?.Name}`).sort();
  for (const env of config.environments) {
    const boards = s.resources('aws_cloudwatch_dashboard', env.name);
    if (boards.length !== 1 || boards[0].body.dashboard_name !== names.dashboard(project, env.name)) {
      out.push(`${env.name}: dashboards ${boards.map((d) => d.body.dashboard_name).join(', ') || 'none'}; want one, ${names.dashboard(project, env.name)}`);
      continue;
    }
    const where = at(boards[0]);
    const target = (value: string) => {
      const r = s.resolve(env.name, value)?.resource;
      return r ? `${r.type}:${r.body.name ?? r.body.tags?.Name ?? r.name}` : value;
    };
    const widgets = (JSON.parse(boards[0].body.dashboard_body) as { widgets: Json[] }).widgets;
    if (widgets.length !== dashboardWidgets(env.services.length)) out.push(`${where}: ${widgets.length} widgets; want ${dashboardWidgets(env.services.length)}`);
    const cells = new Set<string>();
    for (const w of widgets) {
      if (w.x + w.width > 24) out.push(`${where}: a widget beyond the 24-column grid`);
      if (w.properties?.region !== region) out.push(`${where}: a widget in region ${w.properties?.region}`);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          if (cells.has(`${x},${y}`)) out.push(`${where}: widgets overlap at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
      }
    }
    const metrics = (ws: Json[]) => ws.flatMap((w) => (w.properties?.metrics ?? []) as string[][]);
    const envRow = metrics(widgets.slice(0, ENVIRONMENT_WIDGETS));
    const albs = [...new Set(envRow.filter((m) => m[0] === 'AWS/ApplicationELB').map((m) => target(m[3])))];
    const alb = `aws_lb:${names.alb(project, env.dedicatedAlb ? env.name : 'shared')}`;
    if (albs.join() !== alb) out.push(`${where}: the environment row shows ALBs ${albs.join(', ')}; want ${alb}`);
    const natShown = [...new Set(envRow.filter((m) => m[0] === 'AWS/NATGateway').map((m) => target(m[3])))].sort();
    if (JSON.stringify(natShown) !== JSON.stringify(nats)) out.push(`${where}: the environment row shows NAT gateways ${natShown.join(', ')}; the VPC has ${nats.join(', ')}`);
    env.services.forEach((svc, i) => {
      const row = metrics(widgets.slice(ENVIRONMENT_WIDGETS + i * SERVICE_WIDGETS, ENVIRONMENT_WIDGETS + (i + 1) * SERVICE_WIDGETS));
      const shown = [...new Set(row.filter((m) => m[4] === 'TargetGroup').map((m) => target(m[5])))].sort();
      const groups = serviceTargetGroups(config, env, svc).map((g) => `aws_lb_target_group:${g}`).sort();
      if (JSON.stringify(shown) !== JSON.stringify(groups)) out.push(`${where}: the row of service ${svc.name} shows target groups ${shown.join(', ')}; want ${groups.join(', ')}`);
      const ecs = row.filter((m) => m[0] === 'AWS/ECS');
      if (ecs.map((m) => m[1]).sort().join() !== 'CPUUtilization,MemoryUtilization') out.push(`${where}: the row of service ${svc.name} shows ECS metrics ${ecs.map((m) => m[1]).join(', ')}`);
      for (const m of ecs) if (target(m[3]) !== `aws_ecs_cluster:${names.cluster(project, env.name)}` || m[5] !== names.ecsService(svc.name)) out.push(`${where}: the row of service ${svc.name} shows ${m[1]} of ${target(m[3])}/${m[5]}`);
      const shownMetrics = new Set(row.map((m) => m[1]));
      for (const metric of ['RequestCount', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'HealthyHostCount', 'UnHealthyHostCount']) if (!shownMetrics.has(metric)) out.push(`${where}: the row of service ${svc.name} lacks ${metric}`);
    });
  }
  return out;
};

/** Types that make or change a network path. */
export const NETWORK_TYPES = /^aws_(security_group|vpc_security_group_|default_security_group|vpc$|vpc_endpoint|subnet|route|network|nat_gateway|eip|internet_gateway|egress_only|lb$|lb_listener$|flow_log)/;
/** Construct paths of the alarm, notification, dashboard and blue/green constructs. */
const ALARM_CONSTRUCTS = /(^|\/)(alarms|alarm-topic|dashboard|blue-green|tg-alternate|deployment-strategy)(\/|$)/;
/** What those constructs may create: none of it a network resource. */
export const ALARM_CONSTRUCT_TYPES = ['aws_cloudwatch_metric_alarm', 'aws_sns_topic', 'aws_sns_topic_policy', 'aws_sns_topic_subscription', 'aws_cloudwatch_dashboard', 'aws_iam_role', 'aws_iam_role_policy', 'aws_lb_target_group', 'terraform_data'];

/** Alarms, notifications, dashboards and blue/green add no network path: nothing their constructs create is a network resource. */
export const alarmsAddNoNetwork: Check = (s) => {
  const out: string[] = [];
  for (const stack of Object.keys(s.stacks)) {
    for (const type of s.resourceTypes(stack)) {
      for (const r of s.resources(type, stack).filter((x) => ALARM_CONSTRUCTS.test(x.path))) {
        if (NETWORK_TYPES.test(r.type) || !ALARM_CONSTRUCT_TYPES.includes(r.type)) out.push(`${at(r)} (${r.path}): an alarm, notification, dashboard or blue/green construct creates a ${r.type}`);
      }
    }
  }
  return out;
};
