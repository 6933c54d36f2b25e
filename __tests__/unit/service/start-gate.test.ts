/**
 * First deploy with empty secrets. Rule: while an environment runs no task (its first deploy,
 * or after destroy → re-create), a service starts at 0 tasks until every one of its secrets
 * has a value, and the stack's outputs list the empty secrets and the commands to set them;
 * once the environment runs, counts are the configured ones (adding a secret to a live service
 * never scales it to zero). Whether a secret has a value comes from version metadata only: no
 * secret value is ever read into Terraform state.
 */
import * as path from 'path';
import fc from 'fast-check';
import { AppConfig } from '../../../environments';
import { Json, Synthesized } from '../../../verify/tfjson';
import { World, evaluate } from '../../helpers/hcl-eval';
import { example, loadConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const SECRET_RECREATE = path.join(__dirname, '../../../../shared/cases/more/secret-recreate.json');
const TWO_ENVS = path.join(__dirname, '../../fixtures/exec/two-environments.json');

interface Row {
  env: string;
  service: string;
  /** The service's secrets: name → data source that lists its versions. */
  secrets: Map<string, string>;
  configured: { desired: number; min?: number; max?: number };
  body: Json;
  target?: Json;
}

/** Every ECS service with its configured counts, the data source of each of its secrets, and its autoscaling target. */
function rows(config: AppConfig, out: Synthesized): Row[] {
  return config.environments.flatMap((env) => {
    const versions = out.data('aws_secretsmanager_secret_versions', env.name);
    return env.services.map((svc) => {
      const body = out.resources('aws_ecs_service', env.name).find((s) => s.body.name === svc.name)!.body;
      const secrets = new Map(
        svc.secrets.map((key) => {
          const secret = out.resources('aws_secretsmanager_secret', env.name).find((s) => s.body.name === `${config.shared.project}/${env.name}/${svc.name}/${key}`)!;
          const ds = versions.filter((v) => v.body.secret_id === `\${aws_secretsmanager_secret.${secret.name}.arn}`);
          expect(ds).toHaveLength(1);
          return [secret.body.name as string, ds[0].name] as const;
        }),
      );
      const target = out.resources('aws_appautoscaling_target', env.name).find((t) => String(t.body.resource_id).includes(`/${svc.name}`))?.body;
      const configured = svc.autoscaling ? { desired: svc.autoscaling.min, min: svc.autoscaling.min, max: svc.autoscaling.max } : { desired: svc.desiredCount };
      return { env: env.name, service: svc.name, secrets, configured, body, target };
    });
  });
}

const world = (withValue: ReadonlySet<string>, clusterTasks: number): World => ({ hasValue: (ds) => withValue.has(ds), clusterTasks });

const configs: Array<[string, AppConfig]> = [
  ['the pinned example', example()],
  ['secret-recreate.json', loadConfigFile(SECRET_RECREATE)],
  ['a fixture of four environments', loadConfigFile(TWO_ENVS)],
];

describe.each(configs)('start gate in %s', (_, config) => {
  let out: Synthesized;
  let all: ReturnType<typeof rows>;
  let everyDataSource: string[];
  beforeAll(() => {
    out = synth(config);
    all = rows(config, out);
    everyDataSource = all.flatMap((r) => [...r.secrets.values()]);
  });

  it('starts every service with a secret at 0 on a fresh environment, and at its configured count once its secrets have values', () => {
    for (const r of all) {
      const fresh = world(new Set(), 0);
      const ready = world(new Set(r.secrets.values()), 0);
      expect(evaluate(r.body.desired_count, ready)).toBe(r.configured.desired);
      expect(evaluate(r.body.desired_count, fresh)).toBe(r.secrets.size ? 0 : r.configured.desired);
      if (r.target) {
        expect([evaluate(r.target.min_capacity, ready), evaluate(r.target.max_capacity, ready)]).toEqual([r.configured.min, r.configured.max]);
        expect([evaluate(r.target.min_capacity, fresh), evaluate(r.target.max_capacity, fresh)]).toEqual(r.secrets.size ? [0, 0] : [r.configured.min, r.configured.max]);
      }
    }
  });

  it('in any state: a service runs its count exactly when all its secrets have a value or the environment already runs tasks', () => {
    fc.assert(
      fc.property(fc.subarray(everyDataSource), fc.nat(5), (withValue, tasks) => {
        const w = world(new Set(withValue), tasks);
        for (const r of all) {
          const mayRun = [...r.secrets.values()].every((ds) => withValue.includes(ds)) || tasks > 0;
          expect(evaluate(r.body.desired_count, w)).toBe(mayRun ? r.configured.desired : 0);
          if (r.target) expect(evaluate(r.target.max_capacity, w)).toBe(mayRun ? r.configured.max : 0);
        }
      }),
      { seed: 10_11, numRuns: 80 },
    );
  });

  it('lists exactly the empty secrets, and what to run, in the outputs of each environment', () => {
    for (const env of config.environments) {
      const mine = all.filter((r) => r.env === env.name);
      const secrets = new Map(mine.flatMap((r) => [...r.secrets]));
      const outputs = out.stack(env.name).output;
      fc.assert(
        fc.property(fc.subarray([...secrets.keys()]), (setNames) => {
          const w = world(new Set(setNames.map((n) => secrets.get(n)!)), 0);
          const empty = [...secrets.keys()].filter((n) => !setNames.includes(n));
          expect(evaluate(outputs.secrets_without_value.value, w)).toEqual(empty);
          const steps = evaluate(outputs.set_secrets_then_apply_again.value, w) as string[];
          if (empty.length === 0) expect(steps).toEqual([]);
          else {
            expect(steps.slice(0, -1)).toEqual(empty.map((n) => `aws secretsmanager put-secret-value --secret-id ${n} --secret-string file://<file with the value>`));
            expect(steps[steps.length - 1]).toMatch(new RegExp(`^npx cdktf deploy ${env.name} `));
          }
        }),
        { seed: 10_11, numRuns: 20 },
      );
    }
  });

  it('reads version metadata only: no secret value source anywhere in the app', () => {
    for (const stack of Object.keys(out.stacks)) {
      expect(out.resources('aws_secretsmanager_secret_version', stack)).toEqual([]);
      expect(out.data('aws_secretsmanager_secret_version', stack)).toEqual([]);
      expect(out.stack(stack).ephemeral).toBeUndefined();
      expect(JSON.stringify(out.stack(stack))).not.toMatch(/secret_string|secret_binary/);
    }
  });

  it('renders no "undefined" into any stack', () => {
    for (const stack of Object.keys(out.stacks)) expect(JSON.stringify(out.stack(stack))).not.toContain('undefined');
  });
});

describe('secret-recreate.json', () => {
  it('first apply: auth waits at 0 tasks and the outputs name its empty secret; after the value is set: 2 tasks and nothing to do', () => {
    const config = loadConfigFile(SECRET_RECREATE);
    const out = synth(config);
    const [auth] = rows(config, out);
    const outputs = out.stack('test').output;
    const fresh = world(new Set(), 0);
    expect(evaluate(auth.body.desired_count, fresh)).toBe(0);
    expect(evaluate(outputs.secrets_without_value.value, fresh)).toEqual(['acme/test/auth/MONGODB_URI']);
    const set = world(new Set(auth.secrets.values()), 0);
    expect(evaluate(auth.body.desired_count, set)).toBe(2);
    expect(evaluate(outputs.secrets_without_value.value, set)).toEqual([]);
    expect(evaluate(outputs.set_secrets_then_apply_again.value, set)).toEqual([]);
  });
});
