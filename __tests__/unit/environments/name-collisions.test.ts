/**
 * The classes the property suite found (__tests__/properties/), one example each, so each rule
 * is pinned where a reader looks for it: names that crash synth or collide at apply are
 * configuration errors, an access grant the persona table denies is refused, and verify reads
 * whose execution role it is from the configuration, not by splitting the name.
 */
import { loadConfig } from '../../../environments';
import { verify } from '../../../verify/verify';
import { ConfigFile, fixture, readConfigFile, refusalMessage } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const BASE = fixture('names/two-environments.json');
const refusal = (edit: (c: ConfigFile) => void): string => refusalMessage(BASE, edit);

describe('names that would crash synth or collide at apply', () => {
  it.each(['global', 'managed-0'])('an environment named %s (a persona construct ID) is refused, not a crash', (name) => {
    expect(refusal((c) => (c.environments[0].name = name))).toMatch(new RegExp(`environment "${name}", field name: "${name}" would name the persona roles' resources for it like others they already have: construct IDs \\w+-${name}`));
  });

  it('says which resources the name would collide with, and what each already is', () => {
    expect(refusal((c) => (c.environments[0].name = 'global'))).toContain(
      "construct IDs developers-global (also the developers persona's policy for every environment), developers-global-attach (also the developers persona's attachment of its policy for every environment) and 4 more (model/personas.ts;",
    );
    expect(refusal((c) => (c.environments[0].name = 'managed-0'))).toContain(
      "construct IDs qa-managed-0 (also the qa persona's attachment of job-function/ViewOnlyAccess), admins-managed-0 (also the admins persona's attachment of job-function/ViewOnlyAccess) (model/personas.ts;",
    );
  });

  it('a service named like the ECS Exec log group is refused', () => {
    expect(refusal((c) => (c.environments[0].services[0].name = 'ecs-exec'))).toContain('environment "dev", field services[ecs-exec].name: log group name "/nm/dev/ecs-exec" is also the ECS Exec log group of environment "dev"\'s');
  });

  it('an environment and a service whose names join into another pair\'s is refused (roles, task family), besides the prefix rule', () => {
    const message = refusal((c) => {
      c.environments[0].name = 'dev-web';
      c.environments[0].services[0].name = 'xy';
      c.environments[1].name = 'dev';
      c.environments[1].services[0].name = 'web-xy';
    });
    expect(message).toContain('environment "dev", field services[web-xy].name: IAM role name "nm-dev-web-xy-exec", IAM role name "nm-dev-web-xy-task", task definition family name "nm-dev-web-xy" are also service "xy" in environment "dev-web"\'s');
    expect(message).toContain('environment "dev-web", field name: "dev-web" begins with "dev-"');
  });

  it('an environment whose name is another\'s and "-" is refused: the IAM patterns of the other would match its roles', () => {
    expect(refusal((c) => (c.environments[1].name = 'dev-eu'))).toContain('environment "dev-eu", field name: "dev-eu" begins with "dev-", the name of environment "dev" and "-"');
  });
});

describe('access the persona table cannot honour', () => {
  it.each([
    ['secrets', 'secretsmanager:GetSecretValue'],
    ['deploy', 'kms:Decrypt'],
  ])('QA in access.%s is refused, naming the action QA is denied', (cap, action) => {
    expect(refusal((c) => (c.environments[0].access = { ...c.environments[0].access, [cap]: ['qa'] }))).toMatch(new RegExp(`environment "dev", field access\\.${cap}: "qa" cannot hold ${cap} here: the QA/PMs persona is denied [^;]*${action.replace('.', '\\.')}`));
  });
});

describe('npm run verify', () => {
  it('attributes an execution role to its environment and service from the configuration when the names contain "-"', () => {
    const raw = readConfigFile(BASE);
    raw.environments[0].name = 'dev-x';
    raw.environments[0].services[0].name = 'web-api';
    const config = loadConfig(raw.shared, raw.environments);
    expect(verify(synth(config), config).problems).toEqual([]);
  });
});
