/**
 * The security-group matrix seen two ways: what the typed table says (expected) and
 * what the synthesized Terraform contains (actual), both as comparable flow keys such
 * as "ecs:prod ingress tcp 3000-4000 sg:alb".
 */
import { AppConfig } from '../environments/config';
import { names } from '../model/names';
import { GroupKey, matrixOptions, securityMatrix } from '../model/security-matrix';
import { Resource, Synthesized } from './tfjson';

export interface Flow {
  /** Group label: "alb" (shared), "alb:<env>" (dedicated), "ecs:<env>", "db:<env>". */
  readonly group: string;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** "sg:<label>" or a CIDR. */
  readonly peer: string;
  /** Where it came from: the rule resource, or the matrix row. */
  readonly source: string;
}

export const flowKey = (f: Flow) =>
  `${f.group} ${f.direction} ${f.protocol === '-1' ? 'all' : `${f.protocol} ${f.fromPort}-${f.toPort}`} ${f.peer}`;

function label(env: { name: string; dedicatedAlb: boolean }, key: GroupKey): string {
  if (key === 'vpce') return 'vpce';
  return key === 'alb' && !env.dedicatedAlb ? 'alb' : `${key}:${env.name}`;
}

/** Security-group physical name → matrix label, for every group the config creates. */
export function groupLabels(config: AppConfig): Map<string, string> {
  const p = config.shared.project;
  const m = new Map<string, string>();
  if (config.environments.some((e) => !e.dedicatedAlb)) m.set(names.albSecurityGroup(p, 'shared'), 'alb');
  if (config.shared.network.vpcEndpoints) m.set(names.endpointSecurityGroup(p), 'vpce');
  for (const env of config.environments) {
    m.set(names.ecsSecurityGroup(p, env.name), `ecs:${env.name}`);
    m.set(names.dbSecurityGroup(p, env.name), `db:${env.name}`);
    if (env.dedicatedAlb) m.set(names.albSecurityGroup(p, env.name), `alb:${env.name}`);
  }
  return m;
}

/** Flows the matrix table allows, for every environment of `config`. */
export function expectedFlows(config: AppConfig): Flow[] {
  const byKey = new Map<string, Flow>();
  for (const env of config.environments) {
    for (const r of securityMatrix(matrixOptions(config, env))) {
      const flow: Flow = {
        group: label(env, r.group),
        direction: r.direction,
        protocol: r.protocol,
        fromPort: r.protocol === '-1' ? undefined : r.fromPort,
        toPort: r.protocol === '-1' ? undefined : r.toPort,
        peer: 'group' in r.peer ? `sg:${label(env, r.peer.group)}` : r.peer.cidr,
        source: `matrix row ${r.id}`,
      };
      byKey.set(flowKey(flow), flow);
    }
  }
  return [...byKey.values()];
}

/** Flows the synthesized rule resources create, across all stacks. */
export function actualFlows(synth: Synthesized, labels: ReadonlyMap<string, string>): Flow[] {
  const groupOf = (stack: string, ref: unknown, where: string): string => {
    const sg = synth.resolve(stack, ref)?.resource;
    if (!sg) return `unresolved(${String(ref)})`;
    if (sg.type !== 'aws_security_group') return `${sg.type}.${sg.name}`;
    return labels.get(sg.body.name) ?? `unknown-group(${sg.body.name ?? sg.name} via ${where})`;
  };
  const flows: Flow[] = [];
  for (const [type, direction] of [
    ['aws_vpc_security_group_ingress_rule', 'ingress'],
    ['aws_vpc_security_group_egress_rule', 'egress'],
  ] as const) {
    for (const r of synth.resources(type)) {
      const b = r.body;
      const peer = b.referenced_security_group_id
        ? `sg:${groupOf(r.stack, b.referenced_security_group_id, r.name)}`
        : (b.cidr_ipv4 ?? b.cidr_ipv6 ?? (b.prefix_list_id ? `prefix-list:${b.prefix_list_id}` : 'none'));
      const protocol = String(b.ip_protocol);
      flows.push({
        group: groupOf(r.stack, b.security_group_id, r.name),
        direction,
        protocol: protocol === 'all' ? '-1' : protocol,
        fromPort: protocol === '-1' ? undefined : b.from_port,
        toPort: protocol === '-1' ? undefined : b.to_port,
        peer,
        source: `${r.stack}:${type}.${r.name}`,
      });
    }
  }
  return flows;
}

/** Rule-level comparison: every synthesized rule is a matrix row and every row has its rule. */
export function checkRules(synth: Synthesized, config: AppConfig): Array<{ where: string; rule: string }> {
  const problems: Array<{ where: string; rule: string }> = [];
  const expected = new Map(expectedFlows(config).map((f) => [flowKey(f), f]));
  const actual = actualFlows(synth, groupLabels(config));
  const seen = new Set<string>();
  for (const f of actual) {
    const key = flowKey(f);
    if (!expected.has(key)) problems.push({ where: f.source, rule: `rule "${key}" is not a row of the security-group matrix` });
    else if (seen.has(key)) problems.push({ where: f.source, rule: `rule "${key}" exists twice` });
    seen.add(key);
  }
  for (const [key, f] of expected) if (!seen.has(key)) problems.push({ where: f.source, rule: `no rule implements "${key}"` });
  for (const r of legacyRules(synth)) problems.push({ where: `${r.stack}:${r.type}.${r.name}`, rule: 'inline or aws_security_group_rule rules are not allowed; use the matrix' });
  return problems;
}

/** Rules written in forms the matrix forbids: inline blocks or legacy aws_security_group_rule. */
export function legacyRules(synth: Synthesized): Resource[] {
  return [
    ...synth.resources('aws_security_group_rule'),
    ...synth.resources('aws_security_group').filter((g) => (g.body.ingress ?? []).length > 0 || (g.body.egress ?? []).length > 0),
  ];
}
