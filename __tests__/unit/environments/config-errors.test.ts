/**
 * Errors a user can act on: every problem is one message naming the file the value came from,
 * the environment, the field and the rule; one run reports every problem (schema errors and
 * the cross-field checks together, and a check that needs a refused value says it did not
 * run); "did you mean" for keys, names and allowed values; an environment file that the list
 * leaves out is reported, not ignored.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, ConfigSources, loadConfig } from '../../../environments';
import { environmentFiles } from '../../../environments/files';
import { ConfigFile, EXAMPLE, readConfigFile } from '../../helpers/config-file';
import { runMain } from '../../helpers/run-main';
import { scratchRunProject } from '../../helpers/scratch-run-project';

/** The example as if read from environments/: shared.ts, then one file per environment. */
const FILES: ConfigSources = { shared: 'environments/shared.ts', environments: ['environments/test.ts', 'environments/stage.ts', 'environments/prod.ts'], list: 'environments/index.ts' };

function refusal(edit: (c: ConfigFile) => void, sources: ConfigSources = FILES): ConfigError {
  const raw = readConfigFile(EXAMPLE);
  edit(raw);
  try {
    loadConfig(raw.shared, raw.environments, {}, undefined, sources);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('configuration unexpectedly validated');
}

/** The eight common mistakes, one each, all in one configuration. */
function eightMistakes(c: ConfigFile): void {
  const [test, stage, prod] = c.environments;
  c.shared.project = 'acme-web-platform-production-eu-west-1x'; // 40 characters
  test.services[0].cpu = 300;
  test.services[1].port = 8080;
  const typo = stage.services[0] as unknown as Record<string, unknown>;
  typo.memroy = typo.memory;
  delete typo.memory;
  stage.services[1].routes = ['/auth']; // also auth's route in stage
  prod.name = 'Prod';
  prod.services[1].name = 'reminder_svc';
  prod.services[0].secrets = ['MONGODB_URI', 'JWT SIGNING KEY'];
}

const EIGHT = [
  'environments/shared.ts: shared settings, field project: project name must be at most 12 characters (got "acme-web-platform-production-eu-west-1x")',
  'environments/test.ts: environment "test", field services[auth].cpu: invalid Fargate cpu 300: cpu must be one of 256, 512, 1024',
  'environments/test.ts: environment "test", field services[reminder].port: container port must be within 3000–4000 (the only ports the ALB may reach) (got 8080)',
  'environments/stage.ts: environment "stage", field services[auth].memroy: unknown key "memroy" (did you mean "memory"?)',
  'environments/stage.ts: environment "stage", field services[reminder].routes: duplicate route "/stage/auth" on the shared ALB: also served by service "auth" in environment "stage"',
  'environments/prod.ts: environment "Prod", field name: environment name must be lowercase letters, digits and "-", starting with a letter (got "Prod") (did you mean "prod"?)',
  'environments/prod.ts: environment "Prod", field services[reminder_svc].name: service name must be lowercase letters, digits and "-", starting with a letter (got "reminder_svc") (did you mean "reminder-svc"?)',
  'environments/prod.ts: environment "Prod", field services[auth].secrets[1]: must be an environment variable name like MONGODB_URI (got "JWT SIGNING KEY") (did you mean "JWT_SIGNING_KEY"?)',
];

describe('the eight common mistakes', () => {
  it('each get one message naming file, environment, field and rule, all in a single run', () => {
    const e = refusal(eightMistakes);
    expect(e.issues).toHaveLength(8);
    const lines = e.message.split('\n').filter((l) => l.startsWith('  - environments/'));
    expect(lines).toHaveLength(8);
    for (const expected of EIGHT) expect(lines.filter((l) => l.includes(expected))).toHaveLength(1);
    expect(e.message).toMatch(/^Invalid configuration \(8 problems\); nothing was synthesized:/);
  });

  it('say which check could not run because it needs a value refused above', () => {
    expect(refusal(eightMistakes).notChecked).toEqual(['physical names of the environments and services (length and uniqueness) (it needs a valid project in shared settings)']);
  });

  it('name the SF_CONFIG file on every line when synth reads one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-errors-'));
    try {
      const raw = readConfigFile(EXAMPLE);
      eightMistakes(raw);
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(file, JSON.stringify(raw));
      const r = runMain({ SF_CONFIG: file, CDKTF_OUTDIR: path.join(dir, 'out') });
      expect(r.status).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
      expect(lines.slice(0, 8).every((l) => l.startsWith(`  - ${file}: `))).toBe(true);
      for (const expected of EIGHT) expect(r.stderr).toContain(expected.replace(/^environments\/\w+\.ts: /, `${file}: `));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('one run', () => {
  it('reports schema problems and cross-field problems together', () => {
    const e = refusal((c) => {
      c.environments[2].services[0].port = 80; // schema
      c.environments[2].services[1].routes = ['/auth']; // cross-field: duplicate route
      c.environments[0].execEnabled = true;
      c.environments[0].production = true; // cross-field: exec in production
    });
    expect(e.issues.map((i) => `${i.file} ${i.field}`)).toEqual([
      'environments/test.ts execEnabled',
      'environments/prod.ts services[auth].port',
      'environments/prod.ts services[reminder].routes',
    ]);
  });

  it('does not report again what follows from a refused value (a refused name is not also too long, nor are the names made from it)', () => {
    const e = refusal((c) => (c.environments[0].services[0].name = `Auth_${'x'.repeat(30)}`));
    expect(e.issues.map((i) => i.field)).toEqual([`services[Auth_${'x'.repeat(30)}].name`]);
    const env = refusal((c) => {
      c.environments[2].name = 'prod_eu';
      (c.environments[1] as Record<string, unknown>).name = 42;
    });
    expect(env.issues.map((i) => `${i.scope} ${i.field}`)).toEqual(['environment "#2" name', 'environment "prod_eu" name']);
  });
});

describe('the newer checks (alarms, notifications, blue/green, sandbox, and the names they imply)', () => {
  it('name their file too, all in the same run as the schema\'s problems', () => {
    const e = refusal((c) => {
      const [test, stage, prod] = c.environments;
      (c.shared as Record<string, unknown>).sandbox = true; // next to production
      test.services[0].alarms = { cpuHigh: { periodSeconds: 90 } };
      stage.notifications = { emails: ['ops@example.com', 'OPS@example.com'] };
      stage.blueGreen = { bakeTimeMinutes: 1 };
      prod.services[1].name = 'x'.repeat(26); // the blue/green and alarm names are checked with the others: too long for a target group
      test.services[1].port = 80; // the schema's
    });
    expect(e.issues.map((i) => `${i.file}: ${i.scope}, field ${i.field}`)).toEqual(
      expect.arrayContaining([
        'environments/test.ts: environment "test", field services[auth].alarms.cpuHigh',
        'environments/test.ts: environment "test", field services[reminder].port',
        'environments/stage.ts: environment "stage", field notifications.emails',
        'environments/stage.ts: environment "stage", field blueGreen.bakeTimeMinutes',
        'environments/prod.ts: environment "prod", field production',
        `environments/prod.ts: environment "prod", field services[${'x'.repeat(26)}].name`,
      ]),
    );
    expect(e.issues.every((i) => i.file !== undefined)).toBe(true);
  });
});

describe('did you mean', () => {
  it.each([
    ['an environment name', (c: ConfigFile) => (c.environments[1].name = 'Stage'), 'environment "Stage", field name', '(did you mean "stage"?)'],
    ['a service name', (c: ConfigFile) => (c.environments[1].services[1].name = 'Reminder Service'), 'field services[Reminder Service].name', '(did you mean "reminder-service"?)'],
    ['a persona', (c: ConfigFile) => (c.environments[0].access = { deploy: ['developer' as 'developers'] }), 'field access.deploy[0]', '(did you mean "developers"?)'],
    ['a CPU architecture', (c: ConfigFile) => (c.environments[0].services[0].cpuArchitecture = 'arm64' as 'ARM64'), 'field services[auth].cpuArchitecture', '(did you mean "ARM64"?)'],
    ['a variable name', (c: ConfigFile) => (c.environments[0].services[0].environment = { 'log-level': 'debug' }), 'field services[auth].environment.log-level', '(did you mean "LOG_LEVEL"?)'],
    ['a key', (c: ConfigFile) => ((c.shared.network as Record<string, unknown>).ipV6 = true), 'shared settings, field network.ipV6', '(did you mean "ipv6"?)'],
  ])('suggests the intended value for %s', (_, edit, where, hint) => {
    const line = refusal(edit).message.split('\n').find((l) => l.includes(where));
    expect(line).toContain(hint);
  });
});

describe('environment files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-envfiles-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, body: string) => fs.writeFileSync(path.join(dir, name), body);
  write('test.js', "exports.test = { name: 'test', routePrefix: '/test', services: [] };");
  write('qa.js', "exports.qa = { name: 'qa', routePrefix: '/qa', services: [] };");
  write('common.js', "exports.web = { name: 'web', port: 3000, routes: ['/'] }; exports.make = () => ({});");
  write('index.js', "exports.all = [];");

  it('map each listed environment to its file and find the ones the list leaves out, ignoring helper files', () => {
    const listed = [require(path.join(dir, 'test.js')).test];
    expect(environmentFiles(listed, dir)).toEqual({ listed: ['environments/test.ts'], unregistered: [{ file: 'environments/qa.ts', name: 'qa' }] });
  });

  it('are found the same inside the synth bundle (tools/run.js), which has no TypeScript loader at run time: listed files are the modules index.ts imported', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-envfiles-bundle-'));
    try {
      const ROOT = path.resolve(__dirname, '../../..');
      scratchRunProject(project);
      fs.mkdirSync(path.join(project, 'environments'));
      fs.copyFileSync(path.join(ROOT, 'environments', 'files.ts'), path.join(project, 'environments', 'files.ts'));
      // files.ts imports only the schema's types: a stand-in is enough.
      fs.writeFileSync(path.join(project, 'environments', 'schema.ts'), 'export type EnvironmentInput = { name: string; services: unknown[] };\n');
      fs.writeFileSync(path.join(project, 'environments', 'test.ts'), "export const test = { name: 'test', routePrefix: '/test', services: [] };\n");
      fs.writeFileSync(path.join(project, 'environments', 'common.ts'), "export const web = { name: 'web', port: 3000 };\n");
      fs.writeFileSync(path.join(project, 'environments', 'README.md'), '# not code\n');
      fs.writeFileSync(path.join(project, 'environments', 'index.ts'), "import { test } from './test';\nimport { environmentFiles } from './files';\nconsole.log(JSON.stringify(environmentFiles([test])));\n");
      const run = () => spawnSync(process.execPath, [path.join(project, 'tools', 'run.js'), 'environments/index.ts'], { cwd: project, encoding: 'utf8' });
      expect([run().stderr, JSON.parse(run().stdout)]).toEqual(['', { listed: ['environments/test.ts'], unregistered: [] }]);
      // A file added next to them is in the next bundle (run.js keys on the folder's listing).
      fs.writeFileSync(path.join(project, 'environments', 'qa.ts'), "export const qa = { name: 'qa', routePrefix: '/qa', services: [] };\n");
      expect([run().stderr, JSON.parse(run().stdout)]).toEqual(['', { listed: ['environments/test.ts'], unregistered: [{ file: 'environments/qa.ts', name: 'qa' }] }]);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('stop synth with a message naming the unlisted file and what to do', () => {
    const e = refusal(() => undefined, { ...FILES, unregistered: [{ file: 'environments/qa.ts', name: 'qa' }] });
    expect(e.message).toContain('environments/qa.ts: environment "qa", field (file): environments/qa.ts exports an environment that environments/index.ts does not list, so it would never be synthesized or deployed: add it to the list there');
  });
});
