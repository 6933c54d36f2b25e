/**
 * Invariant: no SSH anywhere in your configuration (environments/): no host, key pair or
 * bastion in any stack, no rule that opens port 22, no remote-admin port (22, 3389) open to a
 * CIDR. Containers are reached through ECS only (ECS Exec, never in production).
 */
import { Testing } from 'cdktf';
import { KeyPair } from '@cdktf/provider-aws/lib/key-pair';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Ec2InstanceConnectEndpoint } from '@cdktf/provider-aws/lib/ec2-instance-connect-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { noSsh } from '../helpers/invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

Testing.setupJest();
const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);
const STACKS = ['bootstrap', 'shared', ...config.environments.map((e) => e.name)];

describe.each(STACKS)('stack %s', (stack) => {
  it('has no host to log in to: no key pair, instance, launch template or instance-connect endpoint', () => {
    for (const type of [KeyPair, Instance, LaunchTemplate, Ec2InstanceConnectEndpoint]) expect(app.stack(stack)).not.toHaveResource(type);
  });

  it('opens port 22 nowhere', () => {
    expect(app.stack(stack)).not.toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { from_port: 22 });
    expect(app.stack(stack)).not.toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { to_port: 22 });
  });
});

describe('remote administration', () => {
  it('has no rule covering 22 and none opening 22 or 3389 to a CIDR, in any stack', () => {
    expect(noSsh(app.out, config)).toEqual([]);
  });

  it.each(config.environments.filter((e) => e.production).map((e) => e.name))('keeps ECS Exec off in the production environment %s', (env) => {
    expect(app.stack(env)).not.toHaveResourceWithProperties(EcsService, { enable_execute_command: true });
  });
});
