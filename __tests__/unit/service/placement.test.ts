/**
 * Placement of ECS services. Rule: a service is always placed by a capacity-provider strategy
 * (one provider, FARGATE or FARGATE_SPOT), never by launch_type, with force_new_deployment on
 * (hashicorp/aws 6.25 refuses any change of the strategy of an existing service without it:
 * "force_new_deployment should be true when capacity_provider_strategy is being updated"),
 * and only after the cluster's capacity-provider association exists. Toggling Spot is then an
 * in-place change of one value.
 */
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { Json } from '../../../verify/tfjson';
import { example, loadConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const CASES = {
  association: path.join(__dirname, '../../../../shared/cases/more/spot-capacity-association.json'),
  before: path.join(__dirname, '../../../../shared/cases/more/spot-toggle-before.json'),
  after: path.join(__dirname, '../../../../shared/cases/more/spot-toggle-after.json'),
};
const TWO_ENVS = path.join(__dirname, '../../fixtures/exec/two-environments.json');

/** ECS service attributes the provider replaces the service for (ForceNew in 6.25's service.go). */
const REPLACING = ['name', 'cluster', 'launch_type', 'iam_role', 'scheduling_strategy'];

function services(config: AppConfig) {
  const out = synth(config);
  return config.environments.flatMap((env) =>
    out.resources('aws_ecs_service', env.name).map((s) => ({ env, svc: env.services.find((x) => x.name === s.body.name)!, body: s.body, out })),
  );
}

const configs: Array<[string, AppConfig]> = [
  ['the pinned example', example()],
  ['spot-capacity-association.json', loadConfigFile(CASES.association)],
  ['a fixture with Spot, ARM64 and four environments', loadConfigFile(TWO_ENVS)],
  ['the example with Spot on every non-production service', example((c) => c.environments.forEach((e) => e.production || e.services.forEach((s) => (s.spot = true))))],
];

describe.each(configs)('placement in %s', (_, config) => {
  let all: ReturnType<typeof services>;
  beforeAll(() => {
    all = services(config);
  });

  it('is one capacity-provider strategy per service, FARGATE_SPOT exactly where Spot is asked for outside production, never launch_type', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const { env, svc, body } of all) {
      expect(body.launch_type).toBeUndefined();
      expect(body.capacity_provider_strategy).toEqual([{ capacity_provider: svc.spot && !env.production ? 'FARGATE_SPOT' : 'FARGATE', weight: 1 }]);
      expect(body.force_new_deployment).toBe(true);
    }
  });

  it('orders every service after the cluster\'s capacity-provider association that offers its provider', () => {
    for (const { env, body, out } of all) {
      const [association] = out.resources('aws_ecs_cluster_capacity_providers', env.name);
      expect(association.body.capacity_providers).toContain(body.capacity_provider_strategy[0].capacity_provider);
      expect(out.mustResolve(env.name, association.body.cluster_name).body.name).toBe(out.mustResolve(env.name, `\${${body.cluster.slice(2, -1).replace(/\.arn$/, '.name')}}`).body.name);
      expect(body.depends_on).toContain(`aws_ecs_cluster_capacity_providers.${association.name}`);
    }
  });
});

describe('spot-toggle-before.json → spot-toggle-after.json', () => {
  let before: ReturnType<typeof services>[number];
  let after: ReturnType<typeof services>[number];
  beforeAll(() => {
    [before] = services(loadConfigFile(CASES.before));
    [after] = services(loadConfigFile(CASES.after));
  });
  const changed = (a: Json, b: Json) => [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== '//' && JSON.stringify(a[k]) !== JSON.stringify(b[k]));

  it('changes only the capacity provider of the same service', () => {
    expect(changed(before.body, after.body)).toEqual(['capacity_provider_strategy']);
    expect(before.body.capacity_provider_strategy).toEqual([{ capacity_provider: 'FARGATE', weight: 1 }]);
    expect(after.body.capacity_provider_strategy).toEqual([{ capacity_provider: 'FARGATE_SPOT', weight: 1 }]);
  });

  it('is an update the provider accepts: nothing that replaces the service changes, and force_new_deployment is on in both states', () => {
    for (const attr of REPLACING) expect(after.body[attr]).toEqual(before.body[attr]);
    expect([before.body.force_new_deployment, after.body.force_new_deployment]).toEqual([true, true]);
  });

  it('keeps the construct path, so Terraform updates the service in place', () => {
    expect(Object.keys(after.out.stack('test').resource.aws_ecs_service)).toEqual(Object.keys(before.out.stack('test').resource.aws_ecs_service));
  });
});
