/**
 * Source allow-lists (`allowedSourceCidrs`): each range parsed strictly (either family,
 * canonical form, no host bits), no range twice, and the families matched to the network.
 * An ALB source-ip condition takes IPv4 and IPv6 ranges side by side
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SourceIpConditionConfig.html),
 * but a client reaches a dual-stack ALB over either family, so a list without an IPv6
 * range shuts every IPv6 client out (404), and on an IPv4-only ALB an IPv6 range can never
 * match.
 */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { parseSourceCidr } from '../../model/cidr';

export function checkAllowLists(envs: readonly EnvironmentSchemaOutput[], ipv6: boolean, issues: ConfigIssue[]): void {
  for (const env of envs) {
    const list = env.allowedSourceCidrs ?? [];
    if (list.length === 0) continue;
    const scope = envScope(env.name);
    const families = new Set<number>();
    const seen = new Set<string>();
    // An entry that does not parse has no family yet: judge the list's families once it does.
    let unreadable = false;
    list.forEach((text, i) => {
      const field = `allowedSourceCidrs[${i}]`;
      const c = parseSourceCidr(text);
      if (typeof c === 'string') {
        unreadable = true;
        return void issues.push({ scope, field, rule: `malformed CIDR: ${c}` });
      }
      if (seen.has(c.text)) issues.push({ scope, field, rule: `"${text}" is listed twice` });
      seen.add(c.text);
      families.add(c.family);
      if (c.family === 6 && !ipv6) {
        issues.push({ scope, field, rule: `"${text}" is an IPv6 range but network.ipv6 is off: the ALB has no IPv6 address, so it could never match; remove it or turn on network.ipv6` });
      }
    });
    if (ipv6 && !unreadable && families.has(4) && !families.has(6)) {
      issues.push({
        scope,
        field: 'allowedSourceCidrs',
        rule: 'lists only IPv4 ranges but the network is dual-stack (network.ipv6): IPv6 clients would always get 404; add your network\'s IPv6 range (e.g. 2001:db8:1234::/48) or turn off network.ipv6',
      });
    }
  }
}
