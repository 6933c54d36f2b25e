/**
 * The security-group matrix from security.md, stated once. `TrafficRules` builds one
 * standalone rule resource per row; the tests and `npm run verify` read the same rows.
 *
 * | Component | Ingress                        | Egress                  |
 * |-----------|--------------------------------|-------------------------|
 * | ALB       | 80/443 from internet           | 3000–4000 to ECS tasks  |
 * | ECS tasks | 3000–4000 from ALB SG only     | all                     |
 * | DB        | 27017 from the same env's ECS  | none                    |
 */

/** A security group in the matrix. `alb` is shared (or per environment with a dedicated ALB); `ecs` and `db` exist once per environment; `vpce` (the VPC endpoints) once per VPC. */
export type GroupKey = 'alb' | 'ecs' | 'db' | 'vpce';

/** The other end of a rule: another group of the same environment, or an internet CIDR. */
export type Peer = { readonly group: GroupKey } | { readonly cidr: '0.0.0.0/0' | '::/0' };

export interface MatrixRule {
  /** Stable construct ID of the rule resource: never rename once deployed. */
  readonly id: string;
  readonly group: GroupKey;
  readonly direction: 'ingress' | 'egress';
  /** "-1" means every protocol and port. */
  readonly protocol: 'tcp' | '-1';
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly peer: Peer;
  /** Written into the rule's description: why the flow exists. */
  readonly description: string;
  /** Scanner findings this row is known to raise, with the reason each is accepted. @default none */
  readonly accepted?: Readonly<Record<string, string>>;
}

/** Container ports services may listen on: the only ports the ALB may reach. */
export const APP_PORTS = { from: 3000, to: 4000 } as const;
/** MongoDB / DocumentDB wire protocol. */
export const DB_PORT = 27017;

const HTTP_80 = 'security.md exposes the ALB on 80 and 443; the :80 listener only answers a 301 redirect to HTTPS';
const SG_SOURCE = 'checkov bug: the rule\'s source is the ALB security group (referenced_security_group_id), not a CIDR; checkov ignores that field and treats 3000-4000 (which spans 3389) as internet-open';

export interface MatrixOptions {
  /** Adds the ::/0 twins of the ALB's internet ingress rules (and of its IdP egress). */
  readonly ipv6: boolean;
  /** Adds the VPC endpoints' group: 443 from each environment's tasks. */
  readonly vpcEndpoints?: boolean;
  /**
   * The ALB this view's `alb` group belongs to carries authenticate-oidc listener rules:
   * adds its egress to 443, where the ALB calls the IdP's token and user-info endpoints
   * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html).
   * @default false
   */
  readonly albOidc?: boolean;
}

/** The matrix rows for one environment's view of the network. */
export function securityMatrix(opts: MatrixOptions): readonly MatrixRule[] {
  const rules: MatrixRule[] = [
    { id: 'alb-in-http', group: 'alb', direction: 'ingress', protocol: 'tcp', fromPort: 80, toPort: 80, peer: { cidr: '0.0.0.0/0' }, description: 'HTTP from the internet; the listener only redirects to HTTPS', accepted: { CKV_AWS_260: HTTP_80 } },
    { id: 'alb-in-https', group: 'alb', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, peer: { cidr: '0.0.0.0/0' }, description: 'HTTPS from the internet' },
  ];
  if (opts.ipv6) {
    rules.push(
      // No accepted finding here: checkov 3.3.30's CKV_AWS_260 looks at IPv4 CIDRs only, and the gate refuses a stale suppression.
      { id: 'alb-in-http6', group: 'alb', direction: 'ingress', protocol: 'tcp', fromPort: 80, toPort: 80, peer: { cidr: '::/0' }, description: 'HTTP from the IPv6 internet; the listener only redirects to HTTPS' },
      { id: 'alb-in-https6', group: 'alb', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, peer: { cidr: '::/0' }, description: 'HTTPS from the IPv6 internet' },
    );
  }
  if (opts.albOidc) {
    // The IdP's endpoints are public URLs whose addresses are unknown at synth and change,
    // so 443 to any address is the narrowest rule that works; the ALB opens no other port
    // outward except to its targets.
    rules.push({ id: 'alb-out-idp', group: 'alb', direction: 'egress', protocol: 'tcp', fromPort: 443, toPort: 443, peer: { cidr: '0.0.0.0/0' }, description: 'ALB to the OIDC identity provider (token and user-info endpoints) for authenticate-oidc rules' });
    if (opts.ipv6) {
      rules.push({ id: 'alb-out-idp6', group: 'alb', direction: 'egress', protocol: 'tcp', fromPort: 443, toPort: 443, peer: { cidr: '::/0' }, description: 'ALB to the OIDC identity provider over IPv6 for authenticate-oidc rules' });
    }
  }
  rules.push(
    { id: 'alb-out-ecs', group: 'alb', direction: 'egress', protocol: 'tcp', fromPort: APP_PORTS.from, toPort: APP_PORTS.to, peer: { group: 'ecs' }, description: 'ALB to this environment\'s tasks on container ports' },
    { id: 'ecs-in-alb', group: 'ecs', direction: 'ingress', protocol: 'tcp', fromPort: APP_PORTS.from, toPort: APP_PORTS.to, peer: { group: 'alb' }, description: 'Container ports from the ALB only', accepted: { CKV_AWS_25: SG_SOURCE } },
    { id: 'ecs-out-all', group: 'ecs', direction: 'egress', protocol: '-1', peer: { cidr: '0.0.0.0/0' }, description: 'Tasks reach AWS APIs, the database and updates through NAT or VPC endpoints' },
    { id: 'db-in-ecs', group: 'db', direction: 'ingress', protocol: 'tcp', fromPort: DB_PORT, toPort: DB_PORT, peer: { group: 'ecs' }, description: 'MongoDB from this environment\'s tasks only' },
    // db: no egress rule at all. The provider strips AWS's default allow-all egress,
    // so the database group denies all outbound traffic.
  );
  if (opts.vpcEndpoints) {
    // Not in security.md's table, which routes task egress "via NAT or VPC endpoints":
    // the endpoints answer HTTPS from the tasks and nothing else, and send nothing.
    rules.push({ id: 'vpce-in-ecs', group: 'vpce', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, peer: { group: 'ecs' }, description: 'AWS API calls from this environment\'s tasks to the VPC endpoints' });
  }
  return rules;
}

/** Groups that exist once per environment rather than once per VPC. */
export function isEnvironmentGroup(group: GroupKey, dedicatedAlb: boolean): boolean {
  return group === 'ecs' || group === 'db' || (group === 'alb' && dedicatedAlb);
}

/**
 * A rule lives in the environment stack when it touches an environment's group, so
 * the shared stack never references an environment and `cdktf deploy prod` owns every
 * rule that leads to prod's tasks.
 */
export function ruleScope(rule: MatrixRule, dedicatedAlb: boolean): 'shared' | 'environment' {
  const peerGroup = 'group' in rule.peer ? rule.peer.group : undefined;
  return isEnvironmentGroup(rule.group, dedicatedAlb) || (peerGroup !== undefined && isEnvironmentGroup(peerGroup, dedicatedAlb))
    ? 'environment'
    : 'shared';
}

/** What `matrixOptions` reads from a configuration. */
export interface MatrixConfig {
  readonly shared: { readonly network: { readonly ipv6: boolean; readonly vpcEndpoints: boolean } };
  readonly environments: ReadonlyArray<{ readonly name: string; readonly dedicatedAlb: boolean; readonly oidc?: unknown }>;
}

/**
 * The matrix options a configuration implies, seen from one environment (its `alb` is
 * the ALB that environment's routes are on) or, without one, from the shared ALB. The
 * shared ALB carries OIDC rules when any environment on it has `oidc`; a dedicated ALB
 * only when its own environment has.
 */
export function matrixOptions(config: MatrixConfig, env?: { readonly name: string; readonly dedicatedAlb: boolean }): MatrixOptions {
  const onSameAlb = env?.dedicatedAlb ? config.environments.filter((e) => e.name === env.name) : config.environments.filter((e) => !e.dedicatedAlb);
  return { ipv6: config.shared.network.ipv6, vpcEndpoints: config.shared.network.vpcEndpoints, albOidc: onSameAlb.some((e) => e.oidc !== undefined) };
}
