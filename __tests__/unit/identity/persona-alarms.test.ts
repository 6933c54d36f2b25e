/**
 * On the pinned example and the blue/green fixture: the `read` capability of an environment sees that environment's alarms (DescribeAlarms and
 * their history, resource-level on alarm ARNs), its dashboard (GetDashboard on its ARN) and
 * metrics (GetMetricData and friends have no resource-level permissions): exactly where the
 * environment's `access.read` names the persona, and never another environment's alarms or
 * dashboard, even one whose name begins with this one's. Deployers of a blue/green environment
 * may pass its services' load-balancer roles to ECS.
 */
import * as path from 'path';
import fc from 'fast-check';
import { ALARMS } from '../../../model/alarms';
import { names } from '../../../model/names';
import { ArnContext, ENV_CAPABILITIES, PERSONAS, PersonaKey } from '../../../model/personas';
import { PROBE_ACCOUNT, decide, roleOf } from '../../helpers/role-eval';
import { example, loadConfigFile } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

const principals = {
  developers: ['arn:aws:iam::123456789012:role/dev-sso'],
  qa: ['arn:aws:iam::123456789012:role/qa-sso'],
  admins: ['arn:aws:iam::123456789012:role/admin-sso'],
};
const REGION = 'eu-west-1';
const alarmArn = (project: string, env: string, service: string, suffix: string) => `arn:aws:cloudwatch:${REGION}:${PROBE_ACCOUNT}:alarm:${names.alarm(project, env, service, suffix)}`;
const dashboardArn = (project: string, env: string) => `arn:aws:cloudwatch::${PROBE_ACCOUNT}:dashboard/${names.dashboard(project, env)}`;

describe('persona roles read alarms, dashboards and metrics where they may read', () => {
  const config = example((c) => (c.shared.personas = principals));
  const out = synthBeforeAll(config);
  const { project } = config.shared;

  it.each(Object.keys(PERSONAS) as PersonaKey[])('%s: every alarm and the dashboard of exactly the environments whose access.read names it', (persona) => {
    const role = roleOf(out, 'shared', `${project}-${PERSONAS[persona].roleSuffix}`);
    for (const env of config.environments) {
      const may = env.access.read.includes(persona);
      for (const svc of env.services) {
        for (const spec of ALARMS) {
          for (const action of ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory']) {
            expect([env.name, svc.name, spec.key, action, role.ask(action, alarmArn(project, env.name, svc.name, spec.suffix)) === 'allow']).toEqual([env.name, svc.name, spec.key, action, may]);
          }
        }
      }
      expect([env.name, role.ask('cloudwatch:GetDashboard', dashboardArn(project, env.name)) === 'allow']).toEqual([env.name, may]);
      // Reading alarms is not changing them.
      expect(role.ask('cloudwatch:PutMetricAlarm', alarmArn(project, env.name, env.services[0].name, 'cpu-high'))).not.toBe('allow');
      expect(role.ask('cloudwatch:DeleteAlarms', alarmArn(project, env.name, env.services[0].name, 'cpu-high'))).not.toBe('allow');
    }
    const readsSomewhere = config.environments.some((e) => e.access.read.includes(persona));
    expect(role.ask('cloudwatch:GetMetricData', '*') === 'allow').toBe(readsSomewhere);
  });
});

describe('one environment’s read never reaches another environment’s alarms or dashboard (property)', () => {
  const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((s) => !s.includes('--'));
  it('for any two environment names, including one that extends the other', () => {
    fc.assert(
      fc.property(slug, slug, fc.boolean(), (a, b0, extend) => {
        const b = extend ? `${a}-${b0}`.slice(0, 12).replace(/-$/, 'x') : b0;
        fc.pre(a !== b);
        const ctx = (env: string): ArnContext => ({ partition: 'aws', project: 'acme', region: REGION, accountId: PROBE_ACCOUNT, stateBucket: 'b', lockTable: 't', env });
        const documents = [{ Statement: ENV_CAPABILITIES.read(ctx(a)) }];
        const ask = (action: string, resource: string) => decide(documents, `arn:aws:iam::${PROBE_ACCOUNT}:role/probe`, action, resource);
        expect(ask('cloudwatch:DescribeAlarms', alarmArn('acme', a, 'api', 'cpu-high'))).toBe('allow');
        expect(ask('cloudwatch:DescribeAlarms', alarmArn('acme', b, 'api', 'cpu-high'))).not.toBe('allow');
        expect(ask('cloudwatch:GetDashboard', dashboardArn('acme', a))).toBe('allow');
        expect(ask('cloudwatch:GetDashboard', dashboardArn('acme', b))).not.toBe('allow');
      }),
      { seed: 15, numRuns: 100 },
    );
  });
});

describe('deployers of a blue/green environment may pass its services’ load-balancer roles to ECS, and only there', () => {
  const config = loadConfigFile(path.join(__dirname, '../../fixtures/alarms/blue-green.json'), (raw) => {
    (raw.shared as { personas: unknown }).personas = { developers: principals.developers };
    for (const e of raw.environments as Array<{ name: string; access: unknown; blueGreen?: unknown }>) {
      e.access = { deploy: ['developers', 'admins'], read: ['admins'], secrets: ['admins'] };
      if (e.name === 'qa') delete e.blueGreen;
    }
  });
  const out = synthBeforeAll(config);

  it('iam:PassRole on <project>-<env>-*-lb, to ECS only, in blue/green environments only', () => {
    const role = roleOf(out, 'shared', 'shop-developers');
    const statements = role.documents.flatMap((d) => [d.Statement].flat());
    for (const env of config.environments) {
      for (const svc of env.services) {
        const lbRole = `arn:aws:iam::${PROBE_ACCOUNT}:role/${names.blueGreenRole('shop', env.name, svc.name)}`;
        expect([env.name, role.ask('iam:PassRole', lbRole, { 'iam:PassedToService': 'ecs.amazonaws.com' }) === 'allow', role.ask('iam:PassRole', lbRole, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })]).toEqual([env.name, env.blueGreen !== undefined, 'implicit-deny']);
      }
    }
    const pass = statements.filter((s) => s.Sid?.endsWith('BlueGreenRoles'));
    expect(pass.length).toBe(config.environments.filter((e) => e.blueGreen).length);
    for (const s of pass) expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } });
  });
});
