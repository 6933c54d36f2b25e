/** `npm run verify`: proves the security model from cdktf.out alone (no terraform, no AWS, no network). */
import { AppConfig } from '../environments/config';
import { checkAlarms } from './alarms';
import { checkIam } from './iam-check';
import { checkRules } from './matrix';
import { LintFinding, formatFinding, lintPolicies, policyDocuments } from './policy-lint';
import { checkReachability, diagramLayout, formatRanges, mermaid } from './reachability';
import { Problem, checkRoutes } from './routes';
import { Synthesized } from './tfjson';

export interface Verdict {
  readonly problems: Problem[];
  readonly report: string;
  readonly mermaid: string;
}

export function verify(s: Synthesized, config: AppConfig): Verdict {
  const reach = checkReachability(s, config);
  const routes = checkRoutes(s, config);
  const iam = checkIam(s, config);
  const problems = [...checkRules(s, config), ...reach.problems, ...routes, ...iam.problems, ...checkAlarms(s, config)];
  const lines: string[] = ['Reachability (security groups ∩ placement):'];
  for (const r of [...reach.actual].sort((a, b) => `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`))) lines.push(`  ${r.from} → ${r.to}: ${formatRanges(r.ranges)}`);
  lines.push('', 'Routes forwarded:');
  for (const env of config.environments) for (const svc of env.services) for (const r of svc.routes) lines.push(`  ${r.path} (+ /*) → ${env.name}/${svc.name} (priority ${r.priority})`);
  lines.push('', 'IAM roles:');
  for (const role of iam.roles) {
    lines.push(`  ${role.stack}/${role.name}${role.managed.length ? ` [+ ${role.managed.map((m) => m.split('/').pop()).join(', ')}]` : ''}`);
    for (const g of role.grants) lines.push(`    ${g}`);
  }
  lines.push('', problems.length === 0 ? 'verify: the synthesized app matches the model' : `verify: ${problems.length} difference(s) from the model:`);
  for (const p of problems) lines.push(`  ✗ ${p.where}: ${p.rule}`);
  return { problems, report: lines.join('\n'), mermaid: mermaid(reach.actual, diagramLayout(s, config)) };
}

/** Every policy document of the app linted against AWS's action and condition-key catalog (verify/policy-lint.ts). */
export async function lintApp(s: Synthesized): Promise<{ findings: LintFinding[]; report: string }> {
  const docs = policyDocuments(s.stacks);
  const findings = await lintPolicies(docs);
  const head = `Policy lint (AWS service authorization reference): ${docs.length} documents, ${findings.length === 0 ? 'every action and condition key exists and applies' : `${findings.length} finding(s):`}`;
  return { findings, report: [head, ...findings.map((f) => `  ✗ ${formatFinding(f)}`)].join('\n') };
}
