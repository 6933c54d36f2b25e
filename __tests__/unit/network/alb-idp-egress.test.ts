/**
 * An ALB that carries authenticate-oidc rules must reach the identity provider's token and
 * user-info endpoints: the matrix gains an ALB egress row to 443 (IPv4, and IPv6 on a
 * dual-stack network) in the stack that owns that ALB's rules, and nothing else changes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppConfig, loadConfig } from '../../../environments';
import { securityMatrix } from '../../../model/security-matrix';
import { Flow, actualFlows, expectedFlows, flowKey, groupLabels } from '../../../verify/matrix';
import { Json, Synthesized } from '../../../verify/tfjson';
import { verify } from '../../../verify/verify';
import { synth, synthBeforeAll } from '../../helpers/synth';

const CASE = path.join(__dirname, '../../../../shared/cases/deploy/oidc.json');
const FIXTURE = path.join(__dirname, '../../fixtures/oidc-egress/two-albs.json');
const OIDC = {
  issuer: 'https://idp.example.org',
  authorizationEndpoint: 'https://idp.example.org/authorize',
  tokenEndpoint: 'https://idp.example.org/token',
  userInfoEndpoint: 'https://idp.example.org/userinfo',
  clientId: 'fixture-client',
};

type Raw = { shared: Json; environments: Json[] };
const read = (file: string): Raw => JSON.parse(fs.readFileSync(file, 'utf8'));
const load = (raw: Raw): AppConfig => loadConfig(raw.shared, raw.environments);
const keys = (fs: readonly Flow[]) => fs.map(flowKey).sort();
/** ALB rules towards a CIDR: the only ones the IdP row adds. */
const albToInternet = (flows: readonly Flow[]) => flows.filter((f) => f.group.startsWith('alb') && f.direction === 'egress' && !f.peer.startsWith('sg:'));

describe('handed case deploy/oidc.json', () => {
  const raw = read(CASE);
  const config = load(raw);
  const out = synthBeforeAll(config);
  const flows = () => actualFlows(out, groupLabels(config));

  it('gives the shared ALB egress to 443 on 0.0.0.0/0, in the shared stack, with its reason', () => {
    const idp = albToInternet(flows());
    expect(keys(idp)).toEqual(['alb egress tcp 443-443 0.0.0.0/0']);
    expect(idp[0].source.split(':')[0]).toBe('shared');
    const rule = out.resources('aws_vpc_security_group_egress_rule', 'shared').find((r) => r.body.cidr_ipv4 === '0.0.0.0/0');
    expect(rule?.body.description).toMatch(/identity provider/);
  });

  it('changes nothing else: the same config without oidc has every other rule and no ALB egress to the internet', () => {
    const plain = structuredClone(raw);
    delete plain.environments[0].oidc;
    const plainConfig = load(plain);
    const plainFlows = actualFlows(synth(plainConfig), groupLabels(plainConfig));
    expect(albToInternet(plainFlows)).toEqual([]);
    const all = flows();
    expect(keys(all.filter((f) => !albToInternet(all).includes(f)))).toEqual(keys(plainFlows));
  });

  it('keeps the egress while the ALB also serves an environment without OIDC (one OIDC environment is enough)', () => {
    const mixed = structuredClone(raw);
    const other = structuredClone(mixed.environments[0]);
    delete other.oidc;
    other.name = 'qa';
    other.routePrefix = '/qa';
    mixed.environments.push(other);
    const mixedConfig = load(mixed);
    expect(mixedConfig.environments.filter((e) => e.oidc !== undefined)).toHaveLength(1);
    expect(keys(albToInternet(actualFlows(synth(mixedConfig), groupLabels(mixedConfig))))).toEqual(['alb egress tcp 443-443 0.0.0.0/0']);
  });

  it('passes npm run verify, which shows the ALB reaching the internet on 443 only', () => {
    const verdict = verify(out, config);
    expect(verdict.problems).toEqual([]);
    expect(verdict.report).toContain('alb → internet: tcp 443');
  });
});

describe.each([false, true])('OIDC on the shared and on a dedicated ALB (ipv6 %s)', (ipv6) => {
  const cases = [
    { name: 'neither', oidc: [] as string[] },
    { name: 'shared ALB', oidc: ['qa'] },
    { name: 'dedicated ALB', oidc: ['live'] },
    { name: 'both', oidc: ['qa', 'live'] },
  ];
  const families = ipv6 ? ['0.0.0.0/0', '::/0'] : ['0.0.0.0/0'];

  it.each(cases)('$name: the synthesized rules equal the matrix, and ALB egress to 443 exists exactly for ALBs with OIDC, in their own stack', ({ oidc }) => {
    const raw = read(FIXTURE);
    raw.shared.network.ipv6 = ipv6;
    for (const env of raw.environments) if (oidc.includes(env.name)) env.oidc = OIDC;
    const config = load(raw);
    const out = synth(config);
    const flows = actualFlows(out, groupLabels(config));
    expect(keys(flows)).toEqual(keys(expectedFlows(config)));

    // Expected from the config: the shared ALB label for an environment without a dedicated ALB, its own otherwise.
    const expected = config.environments
      .filter((e) => e.oidc)
      .flatMap((e) => families.map((cidr) => `${e.dedicatedAlb ? `alb:${e.name}` : 'alb'} egress tcp 443-443 ${cidr}`));
    const idp = albToInternet(flows);
    expect(keys(idp)).toEqual([...new Set(expected)].sort());
    for (const f of idp) expect(f.source.split(':')[0]).toBe(f.group === 'alb' ? 'shared' : f.group.split(':')[1]);
    expect(verify(out, config).problems).toEqual([]);
  });
});

describe('verify catches a missing IdP egress', () => {
  it('reports the matrix row without a rule and the ALB that cannot reach the IdP', () => {
    const config = load(read(CASE));
    const good = synth(config);
    const stacks = structuredClone(good.stacks) as Record<string, Json>;
    const rules = stacks.shared.resource.aws_vpc_security_group_egress_rule;
    for (const [name, body] of Object.entries<Json>(rules)) if (body.cidr_ipv4 === '0.0.0.0/0') delete rules[name];
    const text = verify(new Synthesized(stacks), config).problems.map((p) => `${p.where}: ${p.rule}`).join('\n');
    expect(text).toContain('matrix row alb-out-idp: no rule implements "alb egress tcp 443-443 0.0.0.0/0"');
    expect(text).toContain('flow alb → internet (tcp 443) required by the matrix is not possible');
  });
});

describe('matrix table', () => {
  it.each([false, true])('has the IdP rows only with albOidc (ipv6 %s)', (ipv6) => {
    const idp = (albOidc: boolean) => securityMatrix({ ipv6, albOidc }).filter((r) => r.group === 'alb' && r.direction === 'egress' && 'cidr' in r.peer);
    expect(idp(false)).toEqual([]);
    expect(idp(true).map((r) => ('cidr' in r.peer ? `${r.fromPort}-${r.toPort} ${r.peer.cidr}` : ''))).toEqual(ipv6 ? ['443-443 0.0.0.0/0', '443-443 ::/0'] : ['443-443 0.0.0.0/0']);
    for (const r of idp(true)) expect(r.description).toMatch(/identity provider/);
  });
});
