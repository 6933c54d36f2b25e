/**
 * The security-group matrix on the pinned example and its options (dual stack, dedicated ALB).
 * The matrix on whatever configuration is in environments/ is the invariant suite's
 * (__tests__/invariants/security-groups.test.ts).
 */
import { DB_PORT, securityMatrix } from '../../../model/security-matrix';
import { Flow, actualFlows, expectedFlows, flowKey, groupLabels } from '../../../verify/matrix';
import { EXAMPLE_ENVIRONMENTS, example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';
import { ruleFieldProblems } from '../../helpers/invariants';
import { TerraformStack, Testing } from 'cdktf';
import { TrafficRules } from '../../../constructs/network/traffic-rules';

const config = example();
const out = synthBeforeAll(config);
const flows = () => actualFlows(out, groupLabels(config));
const keys = (fs: readonly Flow[]) => fs.map(flowKey).sort();

describe('security-group matrix', () => {
  it('synthesizes exactly the flows of the matrix table: none missing, none extra', () => {
    expect(keys(flows())).toEqual(keys(expectedFlows(config)));
  });

  it('opens the internet only to the shared ALB on 80 and 443', () => {
    const open = flows().filter((f) => f.direction === 'ingress' && (f.peer === '0.0.0.0/0' || f.peer === '::/0'));
    expect(open.map((f) => `${f.group} ${f.fromPort}-${f.toPort}`).sort()).toEqual(['alb 443-443', 'alb 80-80']);
  });

  it('names each rule\'s peer in exactly one field of its kind, on IPv4 and dual stack, with and without a dedicated ALB', () => {
    expect(ruleFieldProblems(out)).toEqual([]);
    expect(ruleFieldProblems(synth(example((c) => ((c.shared.network.ipv6 = true), (c.environments[2].dedicatedAlb = true)))))).toEqual([]);
  });

  it('adds the ::/0 twins of the ALB ingress only on a dual-stack network', () => {
    const dual = example((c) => (c.shared.network.ipv6 = true));
    const dualFlows = actualFlows(synth(dual), groupLabels(dual));
    expect(keys(dualFlows)).toEqual(keys(expectedFlows(dual)));
    expect(dualFlows.filter((f) => f.peer === '::/0').map((f) => f.fromPort).sort()).toEqual([443, 80]);
    expect(flows().some((f) => f.peer === '::/0')).toBe(false);
  });
});

describe('TrafficRules', () => {
  const stack = () => new TerraformStack(Testing.app(), 'probe');
  it('refuses a row whose group, or whose peer group, is not in the stack, naming the row and the group', () => {
    const row = { id: 'x-in', group: 'ecs', direction: 'ingress', protocol: 'tcp', fromPort: 1, toPort: 2, peer: { group: 'alb' }, description: 'probe' } as const;
    expect(() => new TrafficRules(stack(), 'r', { groups: { alb: 'sg-1' }, rules: [row] })).toThrow('matrix rule x-in: group "ecs" is not in this stack');
    expect(() => new TrafficRules(stack(), 'r', { groups: { ecs: 'sg-1' }, rules: [row] })).toThrow('matrix rule x-in: peer group "alb" is not in this stack');
  });
});

describe.each(EXAMPLE_ENVIRONMENTS)('environment %s', (env) => {
  it('lets the ALB reach its tasks on 3000–4000 only, in both directions', () => {
    expect(keys(flows().filter((f) => f.peer === `sg:ecs:${env}` && f.group === 'alb'))).toEqual([`alb egress tcp 3000-4000 sg:ecs:${env}`]);
    expect(keys(flows().filter((f) => f.group === `ecs:${env}` && f.direction === 'ingress'))).toEqual([`ecs:${env} ingress tcp 3000-4000 sg:alb`]);
  });

  it('lets tasks out everywhere', () => {
    expect(keys(flows().filter((f) => f.group === `ecs:${env}` && f.direction === 'egress'))).toEqual([`ecs:${env} egress all 0.0.0.0/0`]);
  });

  it(`opens the database on ${DB_PORT} to this environment's tasks only, and gives it no egress`, () => {
    expect(keys(flows().filter((f) => f.group === `db:${env}`))).toEqual([`db:${env} ingress tcp ${DB_PORT}-${DB_PORT} sg:ecs:${env}`]);
  });
});

describe('dedicated ALB per environment', () => {
  const cfg = example((c) => (c.environments[2].dedicatedAlb = true));
  const dedicated = synthBeforeAll(cfg);

  it('gives that environment its own ALB group with the same matrix', () => {
    const dflows = actualFlows(dedicated, groupLabels(cfg));
    expect(keys(dflows)).toEqual(keys(expectedFlows(cfg)));
    expect(keys(dflows.filter((f) => f.group === 'alb:prod'))).toEqual([
      'alb:prod egress tcp 3000-4000 sg:ecs:prod',
      'alb:prod ingress tcp 443-443 0.0.0.0/0',
      'alb:prod ingress tcp 80-80 0.0.0.0/0',
    ]);
    expect(dflows.some((f) => f.group === 'alb' && f.peer === 'sg:ecs:prod')).toBe(false);
  });
});

describe('matrix table', () => {
  it('lists the database with ingress only', () => {
    expect(securityMatrix({ ipv6: false }).filter((r) => r.group === 'db').map((r) => r.direction)).toEqual(['ingress']);
  });
});
