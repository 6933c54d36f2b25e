import { DB_PORT, securityMatrix } from '../../../model/security-matrix';
import { defaultConfig } from '../../../environments';
import { Flow, actualFlows, expectedFlows, flowKey, groupLabels, legacyRules } from '../../../verify/matrix';
import { ENVIRONMENTS, configWith, synth } from '../../helpers/synth';

const config = defaultConfig();
const out = synth(config);
const flows = actualFlows(out, groupLabels(config));
const keys = (fs: readonly Flow[]) => fs.map(flowKey).sort();

describe('security-group matrix', () => {
  it('synthesizes exactly the flows of the matrix table: none missing, none extra', () => {
    expect(keys(flows)).toEqual(keys(expectedFlows(config)));
  });

  it('creates each flow once', () => {
    expect(new Set(keys(flows)).size).toBe(flows.length);
  });

  it('uses only standalone rule resources, each with a description', () => {
    expect(legacyRules(out)).toEqual([]);
    const rules = [...out.resources('aws_vpc_security_group_ingress_rule'), ...out.resources('aws_vpc_security_group_egress_rule')];
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r.body.description).toMatch(/\w{3,}/);
  });

  it('opens the internet only to the shared ALB on 80 and 443', () => {
    const open = flows.filter((f) => f.direction === 'ingress' && (f.peer === '0.0.0.0/0' || f.peer === '::/0'));
    expect(open.map((f) => `${f.group} ${f.fromPort}-${f.toPort}`).sort()).toEqual(['alb 443-443', 'alb 80-80']);
  });

  it('never opens port 22', () => {
    const covers22 = (f: Flow) => f.protocol === '-1' || ((f.fromPort ?? 0) <= 22 && 22 <= (f.toPort ?? 65535));
    expect(flows.filter((f) => f.direction === 'ingress' && covers22(f))).toEqual([]);
  });

  it('adds the ::/0 twins of the ALB ingress only on a dual-stack network', () => {
    const dual = configWith((c) => (c.shared.network.ipv6 = true));
    const dualFlows = actualFlows(synth(dual), groupLabels(dual));
    expect(keys(dualFlows)).toEqual(keys(expectedFlows(dual)));
    expect(dualFlows.filter((f) => f.peer === '::/0').map((f) => f.fromPort).sort()).toEqual([443, 80]);
    expect(flows.some((f) => f.peer === '::/0')).toBe(false);
  });
});

describe.each(ENVIRONMENTS)('environment %s', (env) => {
  const mine = (label: string) => label === `ecs:${env}` || label === `db:${env}`;

  it('lets the ALB reach its tasks on 3000–4000 only, in both directions', () => {
    expect(keys(flows.filter((f) => f.peer === `sg:ecs:${env}` && f.group === 'alb'))).toEqual([`alb egress tcp 3000-4000 sg:ecs:${env}`]);
    expect(keys(flows.filter((f) => f.group === `ecs:${env}` && f.direction === 'ingress'))).toEqual([`ecs:${env} ingress tcp 3000-4000 sg:alb`]);
  });

  it('lets tasks out everywhere', () => {
    expect(keys(flows.filter((f) => f.group === `ecs:${env}` && f.direction === 'egress'))).toEqual([`ecs:${env} egress all 0.0.0.0/0`]);
  });

  it(`opens the database on ${DB_PORT} to this environment's tasks only, and gives it no egress`, () => {
    expect(keys(flows.filter((f) => f.group === `db:${env}`))).toEqual([`db:${env} ingress tcp ${DB_PORT}-${DB_PORT} sg:ecs:${env}`]);
  });

  it('has no flow to or from another environment', () => {
    const crossing = flows.filter((f) => {
      const ends = [f.group, f.peer.replace(/^sg:/, '')].filter((l) => /^(ecs|db|alb):/.test(l));
      return ends.some(mine) && ends.some((l) => !mine(l) && l !== `alb:${env}`);
    });
    expect(crossing).toEqual([]);
  });

  it('keeps every rule that touches its groups in its own stack', () => {
    const touching = flows.filter((f) => mine(f.group) || mine(f.peer.replace(/^sg:/, '')));
    expect(touching.length).toBeGreaterThan(0);
    for (const f of touching) expect(f.source.split(':')[0]).toBe(env);
  });
});

describe('dedicated ALB per environment', () => {
  const cfg = configWith((c) => (c.environments[2].dedicatedAlb = true));
  const dflows = actualFlows(synth(cfg), groupLabels(cfg));

  it('gives that environment its own ALB group with the same matrix', () => {
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
