/**
 * The GitHub workflows plan and deploy exactly the stacks of the synthesized app, each with
 * every variable it declares: tools/ci-stacks.ts derives the stack list (manifest.json) and
 * the variables (each stack's `variable` block), and the workflows use it instead of lists.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import fc from 'fast-check';
import { buildApp } from '../../../constructs/app';
import { AppConfig } from '../../../environments';
import { example, loadConfigFile } from '../../helpers/config-file';
import { MANUAL_STACKS, ciStacks, declaredVariables, githubNames, resolveVariables, stackOrder } from '../../../tools/ci-stacks';

const ROOT = path.resolve(__dirname, '../../..');
const fixture = () => loadConfigFile(path.join(__dirname, '../../fixtures/ci/variables.json'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-ci-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
function synthTo(name: string, config: AppConfig): string {
  const dir = path.join(tmp, name);
  buildApp(config, dir).app.synth();
  return dir;
}

describe('stack order', () => {
  it('puts every stack after its dependencies, whatever the graph', () => {
    const dag = fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 8 }).map((deps) =>
      Object.fromEntries(deps.map((d, i) => [`s${i}`, { dependencies: [...new Set(d.filter((j) => j < i).map((j) => `s${j}`))] }])),
    );
    fc.assert(
      fc.property(dag, (stacks) => {
        const order = stackOrder({ stacks });
        expect([...order].sort()).toEqual(Object.keys(stacks).sort());
        for (const [name, s] of Object.entries(stacks)) for (const d of s.dependencies) expect(order.indexOf(d)).toBeLessThan(order.indexOf(name));
      }),
      { seed: 1010, numRuns: 60 },
    );
    expect(() => stackOrder({ stacks: { a: { dependencies: ['b'] }, b: { dependencies: ['a'] } } })).toThrow(/cycle/);
  });
});

describe.each([
  ['the pinned example', example],
  ['a fixture with every kind of variable', fixture],
])('CI coverage of %s', (name, load) => {
  const config = load();
  let dir: string;
  beforeAll(() => {
    dir = synthTo(name.replace(/\W+/g, '-'), config);
  });

  it('covers every stack but bootstrap: shared first, then the environments in the order they are listed', () => {
    const manifest = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).stacks);
    const { stacks, environments } = ciStacks(dir);
    expect([...stacks].sort()).toEqual(manifest.filter((s) => !MANUAL_STACKS.includes(s)).sort());
    expect(stacks).toEqual(['shared', ...config.environments.map((e) => e.name)]);
    expect(environments).toEqual(config.environments.map((e) => e.name));
  });

  it.each(['shared', ...config.environments.map((e) => e.name)])('passes every variable %s declares from the documented GitHub names, secrets for sensitive ones', (stack) => {
    const declared = declaredVariables(dir, stack);
    expect(declared.length).toBeGreaterThan(0);
    const vars: Record<string, string> = {};
    const secrets: Record<string, string> = {};
    for (const v of declared) (v.sensitive ? secrets : vars)[githubNames(stack, v.name)[0]] = `value-of-${v.name}`;
    const all = resolveVariables(stack, declared, vars, secrets);
    expect(all.missing).toEqual([]);
    expect(all.env).toEqual(Object.fromEntries(declared.map((v) => [`TF_VAR_${v.name}`, `value-of-${v.name}`])));

    // Nothing set: every required variable is reported, naming the stack, the variable and the name to set.
    const none = resolveVariables(stack, declared, {}, {});
    expect(none.env).toEqual({});
    const required = declared.filter((v) => v.required);
    expect(none.missing).toHaveLength(required.length);
    required.forEach((v, i) => {
      expect(none.missing[i]).toContain(`stack "${stack}"`);
      expect(none.missing[i]).toContain(`"${v.name}"`);
      expect(none.missing[i]).toContain(`GitHub ${v.sensitive ? 'secret' : 'variable'} ${githubNames(stack, v.name)[0]}`);
    });
    // A sensitive variable is never read from the (unmasked) variables.
    const swapped = resolveVariables(stack, declared, { ...vars, ...secrets }, {});
    expect(swapped.missing).toHaveLength(declared.filter((v) => v.sensitive && v.required).length);
  });

  if (name.startsWith('a fixture')) {
    it('includes the sensitive OIDC client secret and the optional plan_only among them', () => {
      expect(declaredVariables(dir, 'qa-eu')).toEqual(
        expect.arrayContaining([
          { name: 'oidc_client_secret', sensitive: true, required: true },
          { name: 'certificate_arn', sensitive: false, required: true },
          { name: 'auth_image_tag', sensitive: false, required: true },
          { name: 'plan_only', sensitive: false, required: false },
        ]),
      );
      expect(githubNames('qa-eu', 'oidc_client_secret')).toEqual(['QA_EU_OIDC_CLIENT_SECRET', 'OIDC_CLIENT_SECRET']);
      expect(declaredVariables(dir, 'dev').map((v) => v.name)).toContain('web_app_image_tag');
    });
  }
});

describe('the GitHub workflows', () => {
  const workflow = (file: string) => fs.readFileSync(path.join(ROOT, '.github/workflows', file), 'utf8');
  /** Jobs of a workflow file: name → its text (two-space indented keys under `jobs:`). */
  const jobs = (text: string) => {
    const body = text.slice(text.indexOf('\njobs:\n'));
    return Object.fromEntries(body.split(/\n(?=  [\w-]+:\n)/).slice(1).map((block) => [/^ {2}([\w-]+):/.exec(block)![1], block]));
  };

  it.each(['plan.yml', 'deploy.yml'])('%s sets the Terraform variables from the tool in every job that runs cdktf, for the stack it runs', (file) => {
    const runners = Object.entries(jobs(workflow(file))).filter(([, text]) => /npx cdktf (plan|deploy)/.test(text));
    expect(runners.length).toBeGreaterThan(0);
    for (const [, text] of runners) {
      const stack = /npx cdktf (?:plan|deploy) ("\$STACK"|\w+)/.exec(text)![1];
      const tfvars = text.indexOf(`tools/ci-stacks.ts tfvars ${stack}`);
      expect(tfvars).toBeGreaterThan(-1);
      expect(tfvars).toBeLessThan(text.search(/npx cdktf (plan|deploy)/));
      expect(text).toMatch(/VARS_JSON: \$\{\{ toJSON\(vars\) \}\}/);
      expect(text).toMatch(/SECRETS_JSON: \$\{\{ toJSON\(secrets\) \}\}/);
    }
  });

  it.each(['plan.yml', 'deploy.yml'])('%s lists no stack, environment or Terraform variable by hand: the matrix comes from the manifest', (file) => {
    const text = workflow(file);
    expect(text).toMatch(/fromJSON\(needs\.stacks\.outputs\.(stacks|environments)\)/);
    expect(text.match(/TF_VAR_\w+/g) ?? []).toEqual(file === 'plan.yml' ? ['TF_VAR_plan_only'] : []);
    for (const env of example().environments.map((e) => e.name)) {
      expect(text).not.toMatch(new RegExp(`cdktf (plan|deploy) ${env}\\b|^\\s+${env}:\\s*$|vars\\.${env.toUpperCase()}_`, 'm'));
    }
  });

  it('deploys shared first, then the environments one at a time in the manifest order, each bound to its GitHub environment', () => {
    const deploy = jobs(workflow('deploy.yml'));
    expect(deploy.shared).toMatch(/environment: shared/);
    expect(deploy.environments).toMatch(/needs: \[stacks, shared\]/);
    expect(deploy.environments).toMatch(/max-parallel: 1/);
    expect(deploy.environments).toMatch(/environment: \$\{\{ matrix\.stack \}\}/);
    expect(deploy.environments).toMatch(/cancel-in-progress: false/);
    expect(workflow('deploy.yml')).not.toMatch(/cdktf deploy bootstrap/);
  });
});

describe('tools/ci-stacks.ts on the command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = synthTo('cli', example());
  });
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [path.join(ROOT, 'tools/run.js'), path.join(ROOT, 'tools/ci-stacks.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

  it('writes the matrix outputs, and TF_VAR_ lines to $GITHUB_ENV', () => {
    const output = path.join(tmp, 'out.txt');
    expect(run(['stacks', dir], { GITHUB_OUTPUT: output }).status).toBe(0);
    expect(fs.readFileSync(output, 'utf8')).toBe('stacks=["shared","test","stage","prod"]\nenvironments=["test","stage","prod"]\n');
    const envFile = path.join(tmp, 'env.txt');
    const r = run(['tfvars', 'shared', dir], { GITHUB_ENV: envFile, VARS_JSON: JSON.stringify({ CERTIFICATE_ARN: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc' }), SECRETS_JSON: '{}' });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(envFile, 'utf8')).toBe('TF_VAR_certificate_arn<<SF_EOF\narn:aws:acm:eu-west-1:111122223333:certificate/abc\nSF_EOF\n');
  });

  it('fails naming the stack, the variable and the GitHub variable to set', () => {
    const r = run(['tfvars', 'prod', dir], { GITHUB_ENV: path.join(tmp, 'env2.txt'), VARS_JSON: JSON.stringify({ PROD_AUTH_IMAGE_TAG: '1.4.2' }), SECRETS_JSON: '{}' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error title=Missing Terraform variable::stack "prod" declares variable "reminder_image_tag": set the GitHub variable PROD_REMINDER_IMAGE_TAG (or REMINDER_IMAGE_TAG for every stack)');
    expect(fs.existsSync(path.join(tmp, 'env2.txt'))).toBe(false);
  });
});
