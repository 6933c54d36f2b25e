/**
 * ECS Exec and the read-only root filesystem. AWS does not support ECS Exec with
 * `readonlyRootFilesystem` (the SSM agent writes to the root filesystem), so the rule is:
 * a container's root filesystem is writable exactly when ECS Exec is on for its service, which
 * is never in production; and then it also gets the init process and the capabilities the agent
 * needs. Everything else stays read-only with every capability dropped.
 */
import * as path from 'path';
import fc from 'fast-check';
import { AppConfig } from '../../../environments';
import { ResolvedService } from '../../../environments/config';
import { containerDefinition } from '../../../constructs/service/container-definition';
import { Synthesized } from '../../../verify/tfjson';
import { example, loadConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const EXEC_CASE = path.join(__dirname, '../../../../shared/cases/deploy/exec.json');
const TWO_ENVS = path.join(__dirname, '../../fixtures/exec/two-environments.json');

type Container = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every service of every environment stack with its container and whether ECS Exec is on for it. */
function containers(config: AppConfig, out: Synthesized): Array<{ env: string; production: boolean; service: string; exec: boolean; c: Container }> {
  return config.environments.flatMap((env) =>
    out.resources('aws_ecs_service', env.name).map((s) => {
      const [c] = JSON.parse(out.mustResolve(env.name, s.body.task_definition).body.container_definitions) as Container[];
      return { env: env.name, production: env.production, service: s.body.name as string, exec: s.body.enable_execute_command === true, c };
    }),
  );
}

const configs: Array<[string, AppConfig]> = [
  ['the pinned example', example()],
  ['exec.json', loadConfigFile(EXEC_CASE)],
  ['a fixture with exec in two of four environments', loadConfigFile(TWO_ENVS)],
];

describe.each(configs)('ECS Exec and the root filesystem in %s', (_, config) => {
  let all: ReturnType<typeof containers>;
  beforeAll(() => {
    all = containers(config, synth(config));
  });

  it('gives every exec-enabled container a writable root, an init process and the agent its capabilities', () => {
    for (const { exec, c } of all.filter((x) => x.exec)) {
      expect(exec).toBe(true);
      expect(c.readonlyRootFilesystem).toBe(false);
      expect(c.linuxParameters).toEqual({ initProcessEnabled: true });
    }
  });

  it('keeps every other container read-only, with every capability dropped and /tmp its one writable mount', () => {
    for (const { c } of all.filter((x) => !x.exec)) {
      expect(c.readonlyRootFilesystem).toBe(true);
      expect(c.linuxParameters).toEqual({ capabilities: { drop: ['ALL'] } });
      expect(c.mountPoints).toEqual([{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }]);
    }
  });

  it('turns exec on exactly where the environment asks for it, never in production', () => {
    for (const x of all) {
      const env = config.environments.find((e) => e.name === x.env)!;
      expect(x.exec).toBe(env.execEnabled && !env.production);
      if (x.production) expect(x.c.readonlyRootFilesystem).toBe(true);
    }
  });
});

describe('exec.json', () => {
  it('synthesizes exec with a root filesystem the SSM agent can write to', () => {
    const config = loadConfigFile(EXEC_CASE);
    const [auth] = containers(config, synth(config));
    expect(auth).toMatchObject({ env: 'test', service: 'auth', exec: true });
    expect(auth.c).toMatchObject({ readonlyRootFilesystem: false, user: '1000:1000', privileged: false, linuxParameters: { initProcessEnabled: true } });
  });

  it('still refuses exec in a production environment', () => {
    expect(() =>
      loadConfigFile(EXEC_CASE, (raw) => {
        (raw.environments[0] as { production?: boolean }).production = true;
      }),
    ).toThrow('field execEnabled: ECS Exec must stay off in a production environment');
  });
});

describe('containerDefinition', () => {
  const service = (port: number, name: string): ResolvedService =>
    ({ ...example().environments[0].services[0], name, port }) as ResolvedService;

  it('writes readonlyRootFilesystem as the negation of exec, for any service', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 3000, max: 4000 }), fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/), (exec, port, name) => {
        const c = containerDefinition({ service: service(port, name), image: 'i', logGroup: 'g', region: 'eu-west-1', secrets: [], exec });
        expect(c.readonlyRootFilesystem).toBe(!exec);
        expect(c.linuxParameters).toEqual(exec ? { initProcessEnabled: true } : { capabilities: { drop: ['ALL'] } });
        expect(c.privileged).toBe(false);
      }),
      { seed: 10_4, numRuns: 60 },
    );
  });
});
