/**
 * Invariant: placement in your configuration (environments/). Every service's tasks run in the
 * private subnets, without a public IP, in their environment's ECS group; no subnet hands out
 * public IPs; data subnets have no route out of the VPC; private subnets leave only through NAT;
 * databases sit in the data subnets.
 */
import { Testing } from 'cdktf';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { names } from '../../model/names';
import { placement } from '../helpers/invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

Testing.setupJest();
const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);

describe('placement', () => {
  it('puts tasks in private subnets without public IPs, databases in data subnets, and routes each tier as the model says', () => {
    expect(placement(app.out, config)).toEqual([]);
  });

  it('maps no public IP on launch in any subnet', () => {
    expect(app.stack('shared')).toHaveResource(Subnet);
    expect(app.stack('shared')).not.toHaveResourceWithProperties(Subnet, { map_public_ip_on_launch: true });
  });
});

describe.each(config.environments.map((e) => [e.name, e] as const))('services of %s', (name, env) => {
  it.each(env.services.map((s) => s.name))('%s runs without a public IP in its environment\'s ECS group', (service) => {
    const group = app.out.resources('aws_security_group', name).find((g) => g.body.name === names.ecsSecurityGroup(config.shared.project, name))!;
    expect(app.stack(name)).toHaveResourceWithProperties(EcsService, {
      name: names.ecsService(service),
      network_configuration: expect.objectContaining({ assign_public_ip: false, security_groups: [`\${aws_security_group.${group.name}.id}`] }),
    });
  });

  it('runs exactly the configured services', () => {
    expect(app.out.resources('aws_ecs_service', name).map((s) => s.body.name).sort()).toEqual(env.services.map((s) => names.ecsService(s.name)).sort());
  });
});
