import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { alarmTopicPolicy } from '../../model/notifications';
import { Partition } from '../../model/partition';
import { policyDocument } from '../../model/policy';
import { jsonDocument } from '../json-document';

export interface AlarmTopicProps {
  /** Topic name, from `names.alarmTopic`. */
  readonly name: string;
  readonly partition: Partition;
  readonly accountId: string;
  /** The environment's CMK; its policy lets CloudWatch alarms of this environment use it (EnvironmentKey). */
  readonly kmsKeyArn: string;
  /** ARN pattern of the alarms that may publish (model/notifications.ts `environmentAlarmArns`). */
  readonly alarmArnPattern: string;
  /** Email addresses to subscribe; each must confirm. @default [] */
  readonly emails?: readonly string[];
  /** HTTPS endpoints to subscribe; each must confirm. @default [] */
  readonly httpsEndpoints?: readonly string[];
}

/**
 * The environment's alarm topic: every alarm's ALARM and OK notifications go here. Encrypted
 * with the environment key; the topic policy refuses requests without TLS and lets only this
 * environment's CloudWatch alarms publish (model/notifications.ts). Subscriptions are the
 * environment's `notifications`: SNS mails each address (or posts to each endpoint) a
 * confirmation first, and Terraform leaves the subscription pending until it is confirmed.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', { name: props.name, kmsMasterKeyId: props.kmsKeyArn });
    this.arn = this.topic.arn;
    new SnsTopicPolicy(this, 'policy', { arn: this.topic.arn, policy: jsonDocument(this, policyDocument(alarmTopicPolicy(props.partition, props.accountId, this.topic.arn, props.alarmArnPattern))) });
    // Construct IDs from the endpoint itself: adding or removing one never touches the others.
    for (const email of props.emails ?? []) new SnsTopicSubscription(this, `email:${email.toLowerCase()}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    for (const url of props.httpsEndpoints ?? []) new SnsTopicSubscription(this, `https:${url.replace(/\//g, '|')}`, { topicArn: this.topic.arn, protocol: 'https', endpoint: url });
  }
}
