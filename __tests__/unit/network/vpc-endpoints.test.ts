import { INTERFACE_ENDPOINTS } from '../../../constructs/network/vpc-endpoints';
import { actualFlows, groupLabels } from '../../../verify/matrix';
import { EXAMPLE_ENVIRONMENTS, example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';

describe('VPC endpoints', () => {
  const cfg = example();
  const on = synthBeforeAll(cfg);

  it('are on by default because an environment is production ("auto")', () => {
    expect(cfg.shared.network.vpcEndpoints).toBe(true);
    const eps = on.resources('aws_vpc_endpoint', 'shared');
    expect(eps.map((e) => e.body.service_name).sort()).toEqual(['s3', ...INTERFACE_ENDPOINTS].map((s) => `com.amazonaws.eu-west-1.${s}`).sort());
  });

  it('put interface endpoints in the task subnets with private DNS and their own group', () => {
    for (const e of on.resources('aws_vpc_endpoint', 'shared').filter((x) => x.body.vpc_endpoint_type === 'Interface')) {
      expect(e.body.private_dns_enabled).toBe(true);
      expect(e.body.subnet_ids.map((s: string) => on.mustResolve('shared', s).path).sort()).toEqual(['network/private-0', 'network/private-1']);
      expect(e.body.security_group_ids.map((g: string) => on.mustResolve('shared', g).body.name)).toEqual(['acme-vpc-endpoints']);
    }
    const [s3] = on.resources('aws_vpc_endpoint', 'shared').filter((x) => x.body.vpc_endpoint_type === 'Gateway');
    expect(s3.body.route_table_ids.map((t: string) => on.mustResolve('shared', t).path)).toEqual(['network/private-rt-0']);
  });

  it('accept 443 from each environment\'s tasks only, and send nothing', () => {
    const flows = actualFlows(on, groupLabels(cfg)).filter((f) => f.group === 'vpce');
    expect(flows.map((f) => `${f.direction} ${f.fromPort}-${f.toPort} ${f.peer}`).sort()).toEqual(EXAMPLE_ENVIRONMENTS.map((e) => `ingress 443-443 sg:ecs:${e}`).sort());
  });

  it('can be switched off explicitly', () => {
    const off = example((c) => (c.shared.network.vpcEndpoints = false));
    const s = synth(off);
    expect(s.resources('aws_vpc_endpoint')).toEqual([]);
    expect(actualFlows(s, groupLabels(off)).filter((f) => f.group === 'vpce')).toEqual([]);
  });

  it('stay off on "auto" when no environment is production', () => {
    const cfgNoProd = example((c) => (c.environments = c.environments.filter((e) => !e.production)));
    expect(cfgNoProd.shared.network.vpcEndpoints).toBe(false);
    expect(synth(cfgNoProd).resources('aws_vpc_endpoint')).toEqual([]);
  });
});
