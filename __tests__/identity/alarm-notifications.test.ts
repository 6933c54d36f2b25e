/**
 * Where alarms notify: one SNS topic per environment, encrypted with that environment's key.
 * The topic policy and the key policy are evaluated with verify/policy-eval.ts (Terraform
 * tokens replaced by probe values): CloudWatch may publish, and use the key, for this account's
 * alarms of this environment only; nothing is accepted without TLS; no other service and no
 * other environment's alarms get in. Subscriptions are exactly the environment's
 * `notifications`, for the shipped configuration (none) and the pinned fixture.
 */
import * as path from 'path';
import { AppConfig, defaultConfig } from '../../environments';
import { names } from '../../model/names';
import { EvalPolicyDocument, evaluatePolicies } from '../../verify/policy-eval';
import { Synthesized } from '../../verify/tfjson';
import { loadConfigFile } from '../helpers/config-file';
import { synth } from '../helpers/synth';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/** A policy with the account ID and resource ARNs of the stack replaced by probe values. */
function policy(out: Synthesized, stack: string, text: string, region: string): EvalPolicyDocument {
  return JSON.parse(
    text.replace(/\$\{[^}]+\}/g, (token) => {
      if (/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/.test(token)) return ACCOUNT;
      const ref = out.resolve(stack, token);
      if (ref?.resource.type === 'aws_sns_topic' && ref.attribute === 'arn') return topicArn(region, ref.resource.body.name);
      return token;
    }),
  );
}
const topicArn = (region: string, name: string) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
const alarmArn = (region: string, name: string, account = ACCOUNT) => `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;

const CONFIGS: Array<[string, () => AppConfig]> = [
  ['the shipped configuration', () => defaultConfig()],
  ['blue-green.json', () => loadConfigFile(path.join(__dirname, '../fixtures/alarms/blue-green.json'))],
];

describe.each(CONFIGS)('alarm notifications of %s', (_, load) => {
  let config: AppConfig;
  let out: Synthesized;
  beforeAll(() => {
    config = load();
    out = synth(config);
  });

  it('each environment has one alarm topic, encrypted with its own key', () => {
    for (const env of config.environments) {
      const topics = out.resources('aws_sns_topic', env.name);
      expect(topics.map((t) => t.body.name)).toEqual([names.alarmTopic(config.shared.project, env.name)]);
      const key = out.resolve(env.name, topics[0].body.kms_master_key_id)!.resource;
      expect([key.type, key.path]).toEqual(['aws_kms_key', 'key/key']);
    }
    for (const stack of ['bootstrap', 'shared']) expect(out.resources('aws_sns_topic', stack)).toEqual([]);
  });

  it('the topic accepts publishing from this account’s CloudWatch alarms of this environment only, and nothing without TLS', () => {
    const { project, region } = config.shared;
    for (const env of config.environments) {
      const topic = out.resources('aws_sns_topic', env.name)[0];
      const attached = out.resources('aws_sns_topic_policy', env.name).filter((p) => out.resolve(env.name, p.body.arn)?.resource.name === topic.name);
      expect(attached).toHaveLength(1);
      const doc = policy(out, env.name, attached[0].body.policy, region);
      const arn = topicArn(region, topic.body.name);
      const own = alarmArn(region, names.alarm(project, env.name, env.services[0].name, 'target-5xx-rate'));
      const publish = (service: string, sourceArn: string, sourceAccount = ACCOUNT, tls = true) =>
        evaluatePolicies({ resource: { name: 'topic policy', document: doc }, resourceMustAllow: true }, { principal: { service }, action: 'SNS:Publish', resource: arn, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount, 'aws:SecureTransport': tls } }).allowed;
      expect(publish(CLOUDWATCH, own)).toBe(true);
      expect(publish(CLOUDWATCH, own, ACCOUNT, false)).toBe(false);
      expect(publish(CLOUDWATCH, alarmArn(region, names.alarm(project, env.name, 'any', 'cpu-high'), OTHER_ACCOUNT), OTHER_ACCOUNT)).toBe(false);
      expect(publish('events.amazonaws.com', own)).toBe(false);
      // Another environment's alarms, even one whose name starts like this one's.
      for (const other of [...config.environments.filter((e) => e.name !== env.name).map((e) => e.name), `${env.name}-eu`]) {
        expect([other, publish(CLOUDWATCH, alarmArn(region, names.alarm(project, other, 'api', 'target-5xx-rate')))]).toEqual([other, false]);
      }
      // Every topic action is refused without TLS, to anyone.
      for (const action of ['SNS:Subscribe', 'SNS:GetTopicAttributes', 'SNS:SetTopicAttributes']) {
        const d = evaluatePolicies({ resource: { name: 'topic policy', document: doc } }, { principal: { arn: `arn:aws:iam::${ACCOUNT}:role/admin`, account: ACCOUNT }, action, resource: arn, context: { 'aws:SecureTransport': false } });
        expect([action, d.allowed, d.reason]).toEqual([action, false, expect.stringMatching(/deny/i)]);
      }
    }
  });

  it('the environment key lets CloudWatch encrypt notifications for this account’s alarms of this environment only', () => {
    const { project, region } = config.shared;
    for (const env of config.environments) {
      const key = out.resources('aws_kms_key', env.name)[0];
      const doc = policy(out, env.name, key.body.policy, region);
      const keyArn = `arn:aws:kms:${region}:${ACCOUNT}:key/${env.name}`;
      const use = (action: string, sourceArn: string, sourceAccount = ACCOUNT) =>
        evaluatePolicies({ resource: { name: 'key policy', document: doc }, resourceMustAllow: true }, { principal: { service: CLOUDWATCH }, action, resource: keyArn, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount } }).allowed;
      const own = alarmArn(region, names.alarm(project, env.name, env.services[0].name, 'unhealthy-hosts'));
      expect([use('kms:GenerateDataKey', own), use('kms:Decrypt', own)]).toEqual([true, true]);
      expect(use('kms:Encrypt', own)).toBe(false);
      expect(use('kms:ScheduleKeyDeletion', own)).toBe(false);
      expect(use('kms:GenerateDataKey', own, OTHER_ACCOUNT)).toBe(false);
      for (const other of [...config.environments.filter((e) => e.name !== env.name).map((e) => e.name), `${env.name}-eu`]) {
        expect([other, use('kms:GenerateDataKey', alarmArn(region, names.alarm(project, other, 'api', 'unhealthy-hosts')))]).toEqual([other, false]);
      }
    }
  });

  it('subscriptions are exactly the environment’s email addresses and HTTPS endpoints, on its topic', () => {
    for (const env of config.environments) {
      const topic = out.resources('aws_sns_topic', env.name)[0];
      const subs = out.resources('aws_sns_topic_subscription', env.name);
      for (const s of subs) expect(out.resolve(env.name, s.body.topic_arn)!.resource.name).toBe(topic.name);
      const got = subs.map((s) => `${s.body.protocol} ${s.body.endpoint}`).sort();
      const want = [...env.notifications.emails.map((e) => `email ${e}`), ...env.notifications.httpsEndpoints.map((u) => `https ${u}`)].sort();
      expect([env.name, got]).toEqual([env.name, want]);
    }
  });
});
