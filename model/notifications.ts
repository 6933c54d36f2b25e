/**
 * Where an environment's alarms notify: one SNS topic per environment, encrypted with the
 * environment's key, whose policy refuses every request not made over TLS and lets only
 * CloudWatch alarms of this account and environment publish. Subscriptions come from the
 * environment's `notifications` (email addresses and HTTPS endpoints).
 *
 * Sources: SNS Developer Guide, "Amazon SNS security best practices: enforce encryption of data
 * in transit" (the `aws:SecureTransport` deny) and "Key management" (CloudWatch as an event
 * source of an encrypted topic); CloudWatch User Guide, "Using Amazon SNS topics with alarms".
 */
import { alarmSourceCondition } from './key-policy';
import { names } from './names';
import { Partition } from './partition';
import { Statement } from './policy';

/** Actions of a topic's own policy (the set AWS's default topic policy names): all refused without TLS. */
export const TOPIC_ACTIONS = [
  'SNS:GetTopicAttributes',
  'SNS:SetTopicAttributes',
  'SNS:AddPermission',
  'SNS:RemovePermission',
  'SNS:DeleteTopic',
  'SNS:Subscribe',
  'SNS:ListSubscriptionsByTopic',
  'SNS:Publish',
] as const;

/** ARN pattern of every alarm of one environment: names.alarm puts them all under names.alarmPrefix. */
export function environmentAlarmArns(aws: Partition, accountId: string, project: string, env: string): string {
  return aws.regional('cloudwatch', accountId, `alarm:${names.alarmPrefix(project, env)}*`);
}

/** The topic policy: TLS only, and CloudWatch alarms of this account and environment may publish. */
export function alarmTopicPolicy(aws: Partition, accountId: string, topicArn: string, alarmArnPattern: string): Statement[] {
  return [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: [...TOPIC_ACTIONS],
      Resource: topicArn,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: aws.principal('cloudwatch') },
      Action: 'SNS:Publish',
      Resource: topicArn,
      Condition: alarmSourceCondition(accountId, alarmArnPattern),
    },
  ];
}

/** SNS subscription protocols the configuration offers. */
export type SubscriptionProtocol = 'email' | 'https';
