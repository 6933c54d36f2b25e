/**
 * Alarms against the alarm table and the configuration: every service of every environment has
 * each alarm of model/alarms.ts and no other, each notifies its environment's encrypted topic
 * when it fires and when it recovers, and each ECS service rolls back on its deployment alarms
 * with the circuit breaker still on.
 */
import { AppConfig } from '../environments/config';
import { ALARMS, DEPLOYMENT_ALARMS } from '../model/alarms';
import { names } from '../model/names';
import { Problem } from './routes';
import { Synthesized } from './tfjson';

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function checkAlarms(s: Synthesized, config: AppConfig): Problem[] {
  const problems: Problem[] = [];
  const { project } = config.shared;
  for (const env of config.environments) {
    const topicName = names.alarmTopic(project, env.name);
    const topics = s.resources('aws_sns_topic', env.name).filter((t) => t.body.name === topicName);
    if (topics.length !== 1) {
      problems.push({ where: `${env.name}:aws_sns_topic`, rule: `the environment needs one alarm topic "${topicName}", found ${topics.length}` });
      continue;
    }
    const topic = topics[0];
    const key = s.resolve(env.name, topic.body.kms_master_key_id)?.resource;
    if (key?.type !== 'aws_kms_key') problems.push({ where: `${env.name}:aws_sns_topic.${topic.name}`, rule: 'the alarm topic must be encrypted with the environment key' });

    const alarms = new Map(s.resources('aws_cloudwatch_metric_alarm', env.name).map((a) => [String(a.body.alarm_name), a]));
    const expected = new Set(env.services.flatMap((svc) => ALARMS.map((spec) => names.alarm(project, env.name, svc.name, spec.suffix))));
    for (const name of expected) if (!alarms.has(name)) problems.push({ where: `${env.name}:aws_cloudwatch_metric_alarm`, rule: `alarm "${name}" of the alarm table is missing` });
    for (const [name, alarm] of alarms) {
      const where = `${env.name}:aws_cloudwatch_metric_alarm.${alarm.name}`;
      if (!expected.has(name)) problems.push({ where, rule: `alarm "${name}" is not in the alarm table for this configuration` });
      for (const field of ['alarm_actions', 'ok_actions'] as const) {
        const targets = list<string>(alarm.body[field]).map((a) => s.resolve(env.name, a)?.resource);
        if (targets.length !== 1 || targets[0]?.type !== 'aws_sns_topic' || targets[0].name !== topic.name) problems.push({ where, rule: `${field} must be exactly the environment's alarm topic` });
      }
    }

    for (const svc of env.services) {
      const service = s.resources('aws_ecs_service', env.name).find((x) => x.body.name === names.ecsService(svc.name));
      if (!service) continue; // a missing service is someone else's finding
      const where = `${env.name}:aws_ecs_service.${service.name}`;
      const block = service.body.alarms;
      const named = list<string>(block?.alarm_names).map((ref) => s.resolve(env.name, ref)?.resource.body.alarm_name ?? ref);
      const want = DEPLOYMENT_ALARMS.map((spec) => names.alarm(project, env.name, svc.name, spec.suffix));
      if (block?.enable !== true || block?.rollback !== true || named.length !== want.length || want.some((n) => !named.includes(n))) {
        problems.push({ where, rule: `deployments must roll back on exactly ${want.join(', ')} (alarms { enable = true, rollback = true })` });
      }
      const breaker = service.body.deployment_circuit_breaker;
      if (breaker?.enable !== true || breaker?.rollback !== true) problems.push({ where, rule: 'the deployment circuit breaker must stay on with rollback' });
      const strategy = service.body.deployment_configuration?.strategy;
      if (strategy !== (env.blueGreen ? 'BLUE_GREEN' : 'ROLLING')) problems.push({ where, rule: `deployment strategy "${strategy}" is not the configuration's ${env.blueGreen ? 'BLUE_GREEN' : 'ROLLING'}` });
    }
  }
  return problems;
}
