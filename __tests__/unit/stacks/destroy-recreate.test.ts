/**
 * Every resource the project names survives destroy → apply of its environment. Two kinds of
 * named resource can block the re-create: a log group an AWS service writes to (and creates if
 * missing) deleted before its writer stops, and a name AWS keeps reserved after deletion (a
 * secret pending deletion). So: every log group of an environment is a dependency of the
 * resource whose service writes to it, and secrets are deleted at once outside production
 * unless a recovery window is configured; production keeps one (default 30 days).
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { AppConfig, ConfigError } from '../../../environments';
import { Resource, Synthesized } from '../../../verify/tfjson';
import { example, loadConfigFile } from '../../helpers/config-file';
import { ROOT } from '../../helpers/sources';
import { synth, synthBeforeAll } from '../../helpers/synth';

const SECRET_RECREATE = path.join(__dirname, '../../../../shared/cases/more/secret-recreate.json');
const AUDIT_CASE = path.join(__dirname, '../../../../shared/cases/more/docdb-audit-loggroup.json');
const DOCDB_PRODUCTION = path.join(__dirname, '../../fixtures/docdb/production.json');
const TWO_ENVS = path.join(__dirname, '../../fixtures/exec/two-environments.json');

/** Whether `writer` is ordered after `group`: it references the group or lists it in depends_on. */
function dependsOn(writer: Resource, group: Resource): boolean {
  const text = JSON.stringify(writer.body);
  return text.includes(`aws_cloudwatch_log_group.${group.name}.`) || (writer.body.depends_on ?? []).includes(`aws_cloudwatch_log_group.${group.name}`);
}

/** The resource types whose AWS service writes to a log group of an environment, by what writes there. */
const WRITERS = ['aws_ecs_task_definition', 'aws_ecs_cluster', 'aws_docdb_cluster'];

const configs: Array<[string, AppConfig]> = [
  ['the pinned example', example()],
  ['docdb-audit-loggroup.json', loadConfigFile(AUDIT_CASE)],
  ['a fixture with a production database', loadConfigFile(DOCDB_PRODUCTION)],
  ['a fixture with ECS Exec in two environments', loadConfigFile(TWO_ENVS)],
];

describe.each(configs)('log groups of %s', (_, config) => {
  const out: Synthesized = synthBeforeAll(config);

  it('each has a writer that is ordered after it (created first, deleted last)', () => {
    for (const env of config.environments) {
      const groups = out.resources('aws_cloudwatch_log_group', env.name);
      expect(groups.length).toBeGreaterThan(0);
      const writers = WRITERS.flatMap((t) => out.resources(t, env.name));
      for (const g of groups) expect([g.body.name, writers.filter((w) => dependsOn(w, g)).length]).not.toEqual([g.body.name, 0]);
    }
  });
});

describe('secret recovery window', () => {
  it('secret-recreate.json: a non-production secret is deleted at once, so re-creating the environment can reuse its name', () => {
    const out = synth(loadConfigFile(SECRET_RECREATE));
    const [secret] = out.resources('aws_secretsmanager_secret', 'test');
    expect(secret.body).toMatchObject({ name: 'acme/test/auth/MONGODB_URI', recovery_window_in_days: 0 });
  });

  it('is 30 days in production and 0 elsewhere by default, or the configured 7–30 days', () => {
    const out = synth(example((c) => (c.environments[1].secretRecoveryWindowDays = 7)));
    const days = (env: string) => [...new Set(out.resources('aws_secretsmanager_secret', env).map((s) => s.body.recovery_window_in_days))];
    expect([days('test'), days('stage'), days('prod')]).toEqual([[0], [7], [30]]);
  });

  const messageFor = (production: boolean, days: number): string => {
    try {
      example((c) => {
        c.environments[0].production = production;
        c.environments[0].secretRecoveryWindowDays = days;
      });
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return '';
  };

  it('accepts 0 or 7–30 outside production and 7–30 in production, naming the field otherwise', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: -5, max: 60 }), (production, days) => {
        const ok = (days >= 7 && days <= 30) || (days === 0 && !production);
        const message = messageFor(production, days);
        if (ok) expect(message).toBe('');
        else expect(message).toContain('environment "test", field secretRecoveryWindowDays: ');
      }),
      { seed: 16_2, numRuns: 80 },
    );
    expect(messageFor(true, 0)).toContain('a production environment keeps deleted secrets recoverable');
  });
});

describe('docs/operations.md teardown', () => {
  it('covers destroy → re-create of a non-production environment', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8');
    const section = readme.split(/\n(?=#{2,4} )/).find((s) => /^#{2,4} Tearing down/.test(s));
    expect(section).toBeDefined();
    for (const term of ['cdktf destroy', 'secretRecoveryWindowDays', 'deletionProtection', 'final snapshot', 'secrets_without_value']) expect(section).toContain(term);
  });
});
