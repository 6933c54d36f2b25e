/**
 * Invariant: the security groups of your configuration (environments/) are exactly the
 * security-group matrix (model/security-matrix.ts) for it, in both directions: every rule is
 * a row and every row has its rule; only ALBs take traffic from the internet, on 80 and 443;
 * an ALB sends to the internet only 443, only while an environment on it uses OIDC; no flow
 * joins two environments. Expected values come from the configuration and the matrix table.
 */
import { Testing } from 'cdktf';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { matrixOptions, securityMatrix } from '../../model/security-matrix';
import { names } from '../../model/names';
import { actualFlows, groupLabels } from '../../verify/matrix';
import { exposure, matrixBothWays, reachabilityAsIntended, ruleFieldProblems } from '../helpers/invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

Testing.setupJest();
const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);
const ENVIRONMENTS = config.environments.map((e) => e.name);

describe('security groups', () => {
  it('are exactly the matrix rows for this configuration: none missing, none extra, none inline', () => {
    expect(matrixBothWays(app.out, config)).toEqual([]);
  });

  it('allow, together with placement, exactly the flows the matrix intends (no flow between environments)', () => {
    expect(reachabilityAsIntended(app.out, config)).toEqual([]);
  });

  it('take internet traffic only on an ALB, on 80 and 443 (::/0 only on a dual-stack network); an ALB sends out only 443, only for OIDC', () => {
    expect(exposure(app.out, config)).toEqual([]);
  });

  it('name each rule\'s peer in exactly one field of its kind (IPv4, IPv6 or group), ports only for TCP, tagged with its row; groups revoke rules on delete', () => {
    expect(ruleFieldProblems(app.out)).toEqual([]);
  });

  it('give every rule a description saying why the flow exists', () => {
    const rules = [...app.out.resources('aws_vpc_security_group_ingress_rule'), ...app.out.resources('aws_vpc_security_group_egress_rule')];
    expect(rules.filter((r) => !/\w{3,}/.test(r.body.description ?? '')).map((r) => `${r.stack}:${r.name}`)).toEqual([]);
  });
});

describe.each(ENVIRONMENTS)('environment %s', (name) => {
  const env = config.environments.find((e) => e.name === name)!;
  const project = config.shared.project;

  it('has its ECS group reachable from its ALB only, on the container ports of the matrix, and its groups open to no CIDR', () => {
    const row = securityMatrix(matrixOptions(config, env)).find((r) => r.group === 'ecs' && r.direction === 'ingress')!;
    const group = (n: string) => `\${aws_security_group.${app.out.resources('aws_security_group', name).find((g) => g.body.name === n)!.name}.id}`;
    const ecs = group(names.ecsSecurityGroup(project, name));
    expect(app.stack(name)).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { security_group_id: ecs, from_port: row.fromPort, to_port: row.toPort, ip_protocol: row.protocol, referenced_security_group_id: expect.any(String) });
    for (const g of [ecs, group(names.dbSecurityGroup(project, name))]) {
      expect(app.stack(name)).not.toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { security_group_id: g, cidr_ipv4: expect.anything() });
      expect(app.stack(name)).not.toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { security_group_id: g, cidr_ipv6: expect.anything() });
    }
  });

  it('keeps every rule that touches its groups in its own stack, and no flow to or from another environment', () => {
    const mine = new Set([names.ecsSecurityGroup(project, name), names.dbSecurityGroup(project, name)].map((n) => groupLabels(config).get(n)));
    const touching = actualFlows(app.out, groupLabels(config)).filter((f) => mine.has(f.group) || mine.has(f.peer.replace(/^sg:/, '')));
    expect(touching.length).toBeGreaterThan(0);
    expect(touching.filter((f) => f.source.split(':')[0] !== name).map((f) => f.source)).toEqual([]);
    const otherEnvGroups = touching.flatMap((f) => [f.group, f.peer.replace(/^sg:/, '')]).filter((l) => /^(ecs|db|alb):/.test(l) && !l.endsWith(`:${name}`));
    expect(otherEnvGroups).toEqual([]);
  });
});
