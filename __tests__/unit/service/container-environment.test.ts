/**
 * A service declares only its own variables: a name the platform sets in the container (PORT;
 * DB_* with a database; ECS's credentials and metadata endpoints; static AWS keys that would
 * shadow the task role) is refused at synth in `environment` and in `secrets`, naming the
 * environment and the field, and every accepted configuration synthesizes containers in which
 * no variable is defined twice. Base: the handed case shared/cases/deploy/docdb.json (one
 * service with the database on).
 */
import * as path from 'path';
import fc from 'fast-check';
import { ECS_VARIABLES, PROJECT_VARIABLES } from '../../../model/container-environment';
import { ConfigFile, attemptConfig, readConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';
import { AppConfig, ConfigError } from '../../../environments';

const CASE = path.join(__dirname, '../../../../shared/cases/deploy/docdb.json');
type Svc = { name: string; port?: number; database?: boolean; secrets?: string[]; environment?: Record<string, string> };

const PLATFORM = [...Object.keys(ECS_VARIABLES), PROJECT_VARIABLES.port, ...PROJECT_VARIABLES.database];
const OWN = ['APP_MODE', 'LOG_LEVEL', 'MONGODB_URI', 'FEATURE_FLAGS', 'AWS_REGION', 'DB_NAME'];

function attempt(edit: (svc: Svc) => void): AppConfig | ConfigError {
  const raw: ConfigFile = readConfigFile(CASE);
  edit(raw.environments[0].services[0] as Svc);
  return attemptConfig(raw);
}
const containers = (config: AppConfig) =>
  synth(config)
    .resources('aws_ecs_task_definition', config.environments[0].name)
    .flatMap((t) => JSON.parse(String(t.body.container_definitions)) as Array<{ environment: Array<{ name: string }>; secrets?: Array<{ name: string }> }>);

describe('variables the platform sets', () => {
  it('the handed case is valid and its container gets PORT and DB_* from the platform, each once', () => {
    const config = attempt(() => undefined) as AppConfig;
    expect(config).not.toBeInstanceOf(ConfigError);
    const [c] = containers(config);
    const names = [...c.environment, ...(c.secrets ?? [])].map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['PORT', ...PROJECT_VARIABLES.database]));
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(Object.keys(ECS_VARIABLES))('%s is refused in environment and in secrets', (name) => {
    const env = attempt((s) => (s.environment = { ...s.environment, [name]: 'x' }));
    const sec = attempt((s) => (s.secrets = [...(s.secrets ?? []), name]));
    expect((env as ConfigError).issues?.map((i) => i.field)).toEqual([`services[auth].environment.${name}`]);
    expect((sec as ConfigError).issues?.map((i) => i.field)).toEqual([expect.stringMatching(/^services\[auth\]\.secrets\[\d+\]$/)]);
    expect((sec as ConfigError).message).toContain(`environment "test", field services[auth].secrets`);
  });

  it('PORT as a secret is refused; as a plain variable only with another value than the port', () => {
    expect((attempt((s) => (s.secrets = ['PORT'])) as ConfigError).message).toMatch(/field services\[auth\]\.secrets\[0\]: the platform sets PORT to the service's port \d+; remove "PORT" from secrets/);
    const port = String((readConfigFile(CASE).environments[0].services[0] as Svc).port ?? 3000);
    expect(attempt((s) => (s.environment = { PORT: port }))).not.toBeInstanceOf(ConfigError);
  });

  it('any mix of names is refused exactly when one is the platform\'s, and an accepted one defines each variable once (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...PLATFORM, ...OWN), { maxLength: 3 }),
        fc.uniqueArray(fc.constantFrom(...PLATFORM, ...OWN), { maxLength: 3 }),
        fc.boolean(),
        (envNames, secretNames, database) => {
          const secrets = secretNames.filter((n) => !envNames.includes(n));
          const result = attempt((s) => {
            s.database = database;
            s.environment = Object.fromEntries(envNames.map((n) => [n, n === 'PORT' ? '1' : 'v']));
            s.secrets = secrets;
          });
          const reserved = (n: string) => n in ECS_VARIABLES || n === 'PORT' || (database && (PROJECT_VARIABLES.database as readonly string[]).includes(n));
          const shouldRefuse = [...envNames, ...secrets].some(reserved);
          expect(result instanceof ConfigError).toBe(shouldRefuse);
          if (!(result instanceof ConfigError)) {
            const [c] = containers(result);
            const names = [...c.environment, ...(c.secrets ?? [])].map((v) => v.name);
            expect(new Set(names).size).toBe(names.length);
          }
        },
      ),
      { seed: 4711, numRuns: 25 },
    );
  });
});
