/**
 * Where alarms notify, on the pinned blue/green fixture (subscriptions in every environment:
 * an address in dev, two addresses and an HTTPS endpoint in production): one SNS topic per
 * environment, encrypted with that environment's key; the topic and key policies, evaluated
 * with verify/policy-eval.ts, let CloudWatch publish and encrypt for this account's alarms of
 * this environment only, nothing without TLS (the check of the invariant suite,
 * helpers/alarm-invariants.ts); subscriptions are exactly the configured ones.
 */
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { names } from '../../../model/names';
import { alarmNotifications } from '../../helpers/alarm-invariants';
import { loadConfigFile } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

const FIXTURE = path.join(__dirname, '../../fixtures/alarms/blue-green.json');

describe('alarm notifications of blue-green.json', () => {
  const config: AppConfig = loadConfigFile(FIXTURE);
  const out = synthBeforeAll(config);

  it('one topic per environment on its own key; topic and key policies take this environment\'s alarms only; subscriptions as configured', () => {
    expect(alarmNotifications(out, config)).toEqual([]);
  });

  it('subscribes exactly the fixture\'s addresses and endpoint, each on its environment\'s topic', () => {
    const subs = (env: string) => out.resources('aws_sns_topic_subscription', env).map((s) => `${s.body.protocol} ${s.body.endpoint} -> ${out.resolve(env, s.body.topic_arn)!.resource.body.name}`).sort();
    expect(subs('dev')).toEqual([`email dev-team@example.com -> ${names.alarmTopic('shop', 'dev')}`]);
    expect(subs('qa')).toEqual([]);
    expect(subs('live')).toEqual(
      [`email oncall@example.com -> ${names.alarmTopic('shop', 'live')}`, `email ops@example.org -> ${names.alarmTopic('shop', 'live')}`, `https https://events.example.com/sns/alarms -> ${names.alarmTopic('shop', 'live')}`].sort(),
    );
  });
});
