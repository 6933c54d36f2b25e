/**
 * The region's partition decides every ARN the project writes (model/partition.ts). Here:
 * the region must be in a partition the project supports, the state region in the same one,
 * every ARN the configuration supplies in that partition, and no feature turned on that the
 * partition lacks.
 */
import { ConfigIssue, SHARED_SCOPE, envScope } from '../errors';
import { EnvironmentSchemaOutput, SharedSchemaOutput } from '../schema';
import { PARTITIONS, PartitionSpec, REFUSED_PARTITIONS, RefusedPartition, arnPartition, inPartition } from '../../model/partition';

const regionsOf = (p: PartitionSpec | RefusedPartition) => (p.regions instanceof RegExp ? 'commercial regions' : p.regions.join(', '));

/** The partition of the configured region, or an issue saying why it cannot be used. */
export function checkPartition(
  s: SharedSchemaOutput,
  envs: readonly EnvironmentSchemaOutput[],
  stateRegion: { readonly value: string; readonly field: string },
  issues: ConfigIssue[],
  table: Readonly<Record<string, PartitionSpec>> = PARTITIONS,
): PartitionSpec | undefined {
  // `table` is a parameter so that tests can check the rules against partitions with gaps.
  const partitions = [...Object.values(table), ...REFUSED_PARTITIONS];
  const of = (region: string) => partitions.find((p) => inPartition(p, region));
  const spec = of(s.region);
  if (!spec) {
    const known = partitions.map((p) => `${p.id} (${p.title}): ${regionsOf(p)}`).join('; ');
    issues.push({ scope: SHARED_SCOPE, field: 'region', rule: `"${s.region}" is in no AWS partition this project knows (${known})` });
    return undefined;
  }
  if ('reason' in spec) {
    issues.push({ scope: SHARED_SCOPE, field: 'region', rule: `"${s.region}" is in the ${spec.id} partition (${spec.title}), which this project does not support: ${spec.reason}` });
    return undefined;
  }
  const stateSpec = of(stateRegion.value);
  if (stateSpec && stateSpec.id !== spec.id) {
    issues.push({ scope: SHARED_SCOPE, field: stateRegion.field, rule: `"${stateRegion.value}" is in the ${stateSpec.id} partition, but region ${s.region} is in ${spec.id}: state must live in the same partition` });
  }

  const arnIn = (scope: string, field: string, arn: string) => {
    const got = arnPartition(arn);
    if (got !== undefined && got !== spec.id) {
      issues.push({ scope, field, rule: `"${arn}" is an ARN of the ${got} partition, but region ${s.region} is in ${spec.id}: write it as arn:${spec.id}:...` });
    }
  };
  for (const [persona, principals] of Object.entries(s.personas)) (principals ?? []).forEach((p, i) => arnIn(SHARED_SCOPE, `personas.${persona}[${i}]`, p));
  if (s.ci.deployRoleArn) arnIn(SHARED_SCOPE, 'ci.deployRoleArn', s.ci.deployRoleArn);
  if (s.ci.planRoleArn) arnIn(SHARED_SCOPE, 'ci.planRoleArn', s.ci.planRoleArn);
  s.adminRoleArns.forEach((a, i) => arnIn(SHARED_SCOPE, `adminRoleArns[${i}]`, a));
  for (const env of envs) {
    for (const svc of env.services) {
      const base = `services[${svc.name}]`;
      for (const [key, r] of Object.entries(svc.secretRotation)) arnIn(envScope(env.name), `${base}.secretRotation.${key}.lambdaArn`, r.lambdaArn);
      svc.taskRoleStatements.forEach((st, i) => st.resources.forEach((r, j) => arnIn(envScope(env.name), `${base}.taskRoleStatements[${i}].resources[${j}]`, r)));
    }
  }

  for (const gap of spec.gaps) {
    const service = /^services\[\]\.(\w+)$/.exec(gap.field);
    const rule = (field: string) => ({ field, rule: `${gap.feature} is not available in ${spec.title} (${s.region}); turn it off (source: ${gap.source})` });
    if (service) {
      for (const env of envs) for (const svc of env.services) if (valueAt(svc, [service[1]])) issues.push({ scope: envScope(env.name), ...rule(`services[${svc.name}].${service[1]}`) });
    } else if (valueAt(s, gap.field.split('.'))) {
      issues.push({ scope: SHARED_SCOPE, ...rule(gap.field) });
    }
  }
  return spec;
}

/** A switch is on when the value at its path is truthy. */
function valueAt(obj: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}
