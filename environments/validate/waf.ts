/**
 * The web ACL settings: managed rules set to count everywhere (`audit.wafCountRules`) and
 * per-route exemptions (`wafExemptions`). Each named rule must exist in the web ACL's
 * managed groups and may be relaxed; each exempted path must be one this environment
 * serves and no other environment serves (the one web ACL guards every ALB, and its
 * exemption matches the path alone); and the web ACL must fit AWS's default capacity.
 */
import { ConfigIssue, SHARED_SCOPE, envScope } from '../errors';
import { EnvironmentSchemaOutput, SharedSchemaOutput } from '../schema';
import { MANAGED_GROUPS, MANAGED_RULE_NAMES, WAF_CAPACITY, countedEverywhere, findManagedRule, planWebAcl, wafExemptionPaths } from '../../model/waf';
import { firstDuplicate } from './util';
import { closest } from './zod-issues';

/** Two paths' request spaces ("/a" and everything below it) meet. */
const meets = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

function ruleProblem(name: string): string | undefined {
  const found = findManagedRule(name);
  if (!found) {
    const hint = MANAGED_RULE_NAMES.find((n) => n.toLowerCase() === name.toLowerCase()) ?? closest(name, MANAGED_RULE_NAMES);
    return `"${name}" is not a rule of the web ACL's managed groups${hint ? ` (did you mean "${hint}"?)` : ''}; they are: ${MANAGED_GROUPS.map((g) => `${g.name} (${g.rules.map((r) => r.name).join(', ')})`).join('; ')}`;
  }
  return found.rule.locked ? `"${name}" cannot be relaxed: ${found.rule.locked}` : undefined;
}

export function checkWaf(audit: SharedSchemaOutput['audit'], envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  audit.wafCountRules.forEach((name, i) => {
    const problem = ruleProblem(name);
    if (problem) issues.push({ scope: SHARED_SCOPE, field: `audit.wafCountRules[${i}]`, rule: problem });
  });
  const dup = firstDuplicate(audit.wafCountRules);
  if (dup) issues.push({ scope: SHARED_SCOPE, field: 'audit.wafCountRules', rule: `"${dup}" is listed twice` });
  const everywhere = countedEverywhere({ countRules: audit.wafCountRules, blockHostingProviders: audit.wafBlockHostingProviders });

  for (const env of envs) {
    const scope = envScope(env.name);
    const routes = env.services.flatMap((s) => s.routes.map((r) => (typeof r === 'string' ? r : r.path)));
    for (const [name, paths] of Object.entries(env.wafExemptions)) {
      const field = `wafExemptions.${name}`;
      const problem = ruleProblem(name);
      if (problem) issues.push({ scope, field, rule: problem });
      else if (everywhere.has(name)) issues.push({ scope, field, rule: `"${name}" already counts for every request (audit.wafCountRules, or HostingProviderIPList while audit.wafBlockHostingProviders is off); remove this exemption` });
      const dupPath = firstDuplicate(paths);
      if (dupPath) issues.push({ scope, field, rule: `"${dupPath}" is listed twice` });
      paths.forEach((p, i) => {
        if (!routes.some((r) => p === r || p.startsWith(`${r}/`))) {
          issues.push({ scope, field: `${field}[${i}]`, rule: `"${p}" is not one of this environment's routes (${routes.join(', ')}) or a path below one` });
          return;
        }
        const full = `${env.routePrefix}${p}`;
        for (const other of envs.filter((e) => e !== env)) {
          if ((other.wafExemptions[name] ?? []).some((q) => `${other.routePrefix}${q}` === full)) continue; // exempted there too
          const clash = other.services.flatMap((s) => s.routes.map((r) => `${other.routePrefix}${typeof r === 'string' ? r : r.path}`)).find((q) => meets(full, q));
          if (clash) {
            issues.push({ scope, field: `${field}[${i}]`, rule: `"${full}" is also served by environment "${other.name}" (route "${clash}"); the one web ACL guards every ALB and matches the path alone, so the exemption would relax it there too: exempt a path only this environment serves` });
          }
        }
      });
    }
  }

  const plan = planWebAcl({
    rateLimit: audit.wafRateLimit,
    countRules: audit.wafCountRules,
    blockHostingProviders: audit.wafBlockHostingProviders,
    exemptions: wafExemptionPaths(envs),
  });
  if (audit.waf && plan.wcu > WAF_CAPACITY.webAcl) {
    const managed = MANAGED_GROUPS.reduce((sum, g) => sum + g.wcu, 0);
    issues.push({
      scope: SHARED_SCOPE,
      field: 'wafExemptions',
      rule: `the web ACL would need ${plan.wcu} WCU; AWS allows ${WAF_CAPACITY.webAcl} by default (managed groups ${managed}, rate limit ${WAF_CAPACITY.rateBased}, ${WAF_CAPACITY.labelMatch} per exempted rule and ${2 * WAF_CAPACITY.stringMatch} per exempted path): exempt fewer paths, or a shorter path that covers several`,
    });
  }
}
