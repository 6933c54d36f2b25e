/**
 * `npm run preflight`: each check finds its fault and says the fix, on pinned configurations
 * synthesized into temporary folders and var files written next to them; and it passes on a
 * filled-in copy of terraform.tfvars.example for a renamed project, which is how the README's
 * walkthrough is checked offline.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { buildApp } from '../../../constructs/app';
import { AppConfig, loadConfig } from '../../../environments';
import { Finding, runChecks } from '../../../preflight/checks';
import { SHIPPED_EXAMPLE, exampleBucketProblem } from '../../../preflight/example';
import { PreflightOptions, gather } from '../../../preflight/inputs';
import { EXAMPLE } from '../../helpers/config-file';
import { ROOT } from '../../helpers/sources';

const RENAMED = path.join(__dirname, '../../fixtures/preflight/renamed.json');
const OIDC_CASE = path.join(__dirname, '../../../../shared/cases/deploy/oidc.json');
const ACCOUNT = '555566667777';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-preflight-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const load = (file: string): AppConfig => {
  const raw = readJson(file);
  return loadConfig(raw.shared, raw.environments);
};

/** Synthesizes a configuration file into `<tmp>/<name>/cdktf.out`, with a root holding the repository's workflows. */
function project(name: string, configFile: string): { root: string; outdir: string; configFile: string } {
  const root = path.join(tmp, name);
  fs.mkdirSync(path.join(root, '.github'), { recursive: true });
  fs.cpSync(path.join(ROOT, '.github/workflows'), path.join(root, '.github/workflows'), { recursive: true });
  const outdir = path.join(root, 'cdktf.out');
  buildApp(load(configFile), outdir).app.synth();
  return { root, outdir, configFile };
}

let renamed: ReturnType<typeof project>;
let oidc: ReturnType<typeof project>;
beforeAll(() => {
  renamed = project('renamed', RENAMED);
  oidc = project('oidc', OIDC_CASE);
});

/** Runs the checks in a fresh copy of `base`'s root with `files` (name → text) written into it. */
let runs = 0;
function preflight(base: { root: string; outdir: string; configFile: string }, files: Record<string, string> = {}, options: Partial<PreflightOptions> = {}): Finding[] {
  const root = path.join(tmp, `run-${++runs}`);
  fs.mkdirSync(root);
  fs.cpSync(path.join(base.root, '.github'), path.join(root, '.github'), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return runChecks(gather({ root, outdir: base.outdir, configFile: base.configFile, env: {}, ...options }));
}

const errors = (fs_: Finding[]) => fs_.filter((f) => f.severity === 'error');
const of = (findings: Finding[], check: string) => findings.filter((f) => f.check === check);
const show = (findings: Finding[]) => findings.map((f) => `${f.severity} [${f.check}] ${f.where}: ${f.problem}`);

/** terraform.tfvars.example as a user fills it in: their certificate, in their account. */
const example = () => fs.readFileSync(path.join(ROOT, 'terraform.tfvars.example'), 'utf8');
const filledIn = () => example().replace(/arn:aws:acm:eu-west-1:123456789012:certificate\/[0-9a-f-]+/, `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/4f3a1c2e-1111-2222-3333-444455556666`);
const BOOTSTRAPPED = { 'terraform.bootstrap.tfstate': '{}' };

describe('the walkthrough, offline', () => {
  it('passes a filled-in copy of terraform.tfvars.example for a renamed project: no error, no warning', () => {
    expect(filledIn()).not.toBe(example());
    expect(show(preflight(renamed, { 'terraform.tfvars': filledIn(), ...BOOTSTRAPPED }))).toEqual([]);
  });

  it('stops on the unfilled copy at exactly its placeholder certificate', () => {
    const found = preflight(renamed, { 'terraform.tfvars': example(), ...BOOTSTRAPPED });
    expect(show(errors(found))).toEqual([expect.stringMatching(/^error \[arns\] variable certificate_arn \(terraform\.tfvars:\d+\): names the documentation's example account 123456789012/)]);
    expect(errors(found)[0].fix).toContain('aws acm list-certificates --region eu-west-1');
  });

  it('through the command line: exit 1 with errors, 0 with warnings only, one fix per finding', () => {
    const run = (files: Record<string, string>) => {
      const root = path.join(tmp, `cli-${++runs}`);
      fs.cpSync(renamed.root, root, { recursive: true, filter: (f) => !f.includes('cdktf.out') });
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, file), text);
      return spawnSync(process.execPath, [path.join(ROOT, 'tools/run.js'), path.join(ROOT, 'preflight/cli.ts'), 'shared', 'test'], {
        cwd: root,
        env: { ...process.env, SF_CONFIG: RENAMED, CDKTF_OUTDIR: renamed.outdir },
        encoding: 'utf8',
      });
    };
    const bad = run({ 'terraform.tfvars': example() });
    expect([bad.status, bad.stdout]).toEqual([1, expect.stringMatching(/✗ error \[arns\][^\n]*\n {4}fix: [^\n]+\n[\s\S]*preflight \(stacks shared, test\): 1 error\(s\)/)]);
    // Nothing else on stderr: tools/ci-stacks.ts, bundled into preflight, does not run its own command line.
    expect(bad.stderr).toBe('');
    const good = run({ 'terraform.tfvars': filledIn() });
    expect([good.status, good.stdout]).toEqual([0, expect.stringMatching(/^! warning \[bootstrap\][^\n]*\n {4}fix: [^\n]+\npreflight \(stacks shared, test\): no errors, 1 warning\(s\) to read/)]);
  });
});

describe('state bucket and project', () => {
  it.each([
    ['acme-tfstate-eu-west-1', 'the shipped example (environments/shared.ts, pinned in fixtures/example/acme.json)'],
    ['acme-tfstate-123456789012-eu-west-1', "the README's SF_STATE_BUCKET example"],
    ['example-tfstate', 'the handed configurations'],
    ['team.acme.state', 'a dotted name with the placeholder'],
    ['state-123456789012', "the documentation's account"],
  ])('refuses %s (%s): someone else owns it', (bucket) => {
    expect(exampleBucketProblem(bucket)).toBeDefined();
    const found = preflight(renamed, { 'terraform.tfvars': filledIn(), ...BOOTSTRAPPED }, { env: { SF_STATE_BUCKET: bucket } });
    const [finding] = of(found, 'state-bucket');
    expect([finding.severity, finding.where, finding.problem]).toEqual(['error', 'shared settings, state.bucket (or SF_STATE_BUCKET)', expect.stringContaining(`"${bucket}"`)]);
    expect(finding.fix).toContain(`shop-tfstate-<your account ID>-eu-west-1`);
  });

  it('refuses every state bucket name the README, docs/, terraform.tfvars.example and the shipped example show', () => {
    // The shipped example's own bucket comes from its pinned copy: a user's environments/shared.ts holds their own name.
    const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, 'docs', f));
    const shown = [path.join(ROOT, 'README.md'), ...docs, path.join(ROOT, 'terraform.tfvars.example'), EXAMPLE].flatMap((f) => fs.readFileSync(f, 'utf8').match(/\b[a-z0-9][a-z0-9.-]*-tfstate[a-z0-9.-]*[a-z0-9]\b/g) ?? []);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((b) => !exampleBucketProblem(b))).toEqual([]);
  });

  it('accepts a name with your account ID, even with the example project in it, and only warns about a short one', () => {
    expect(exampleBucketProblem(`shop-tfstate-${ACCOUNT}-eu-west-1`)).toBeUndefined();
    expect(exampleBucketProblem(`acme-tfstate-${ACCOUNT}-eu-west-1`)).toBeUndefined();
    const found = preflight(renamed, { 'terraform.tfvars': filledIn(), ...BOOTSTRAPPED }, { env: { SF_STATE_BUCKET: 'shop-state' } });
    expect(show(of(found, 'state-bucket'))).toEqual([expect.stringMatching(/^warning .*"shop-state" has no account ID in it/)]);
  });

  it('warns while the project is still the example\'s, and not once it is renamed', () => {
    const withAcme = path.join(tmp, 'acme.json');
    const raw = readJson(RENAMED);
    raw.shared.project = SHIPPED_EXAMPLE.project;
    fs.writeFileSync(withAcme, JSON.stringify(raw));
    const acme = project('acme', withAcme);
    const tfvars = filledIn();
    expect(show(of(preflight(acme, { 'terraform.tfvars': tfvars, ...BOOTSTRAPPED }), 'project'))).toEqual([expect.stringMatching(/^warning \[project\] shared settings, project: still the example's "acme"/)]);
    expect(of(preflight(renamed, { 'terraform.tfvars': tfvars, ...BOOTSTRAPPED }), 'project')).toEqual([]);
  });
});

describe('variables, read from the synthesized stacks', () => {
  const tfvars = (extra: string) => `${filledIn()}\n${extra}\n`;
  /** The line of `extra`'s n-th line (from 0) in tfvars(extra). */
  const line = (n: number) => `terraform.tfvars:${filledIn().split('\n').length + 1 + n}`;

  it('reports a missing certificate, image tag or client secret once per variable, naming its stacks and where it looked', () => {
    const found = preflight(renamed, { 'terraform.tfvars': 'auth_image_tag = "v1.0.0"\n', ...BOOTSTRAPPED });
    expect(show(errors(found))).toEqual([
      expect.stringMatching(/^error \[variables\] variable certificate_arn \(stack shared\): no value: looked in TF_VAR_certificate_arn, terraform\.tfvars;/),
      expect.stringMatching(/^error \[variables\] variable reminder_image_tag \(stacks test, stage, prod\): no value/),
    ]);
    const none = preflight(renamed, BOOTSTRAPPED);
    expect(errors(none).map((f) => f.problem)).toContain(errors(none)[0].problem);
    expect(errors(none)[0].problem).toContain('(there is no terraform.tfvars)');
  });

  it('refuses what the stack\'s own validation refuses: "latest", a build tag in production, a certificate that is not an ACM ARN', () => {
    const found = preflight(renamed, {
      'terraform.tfvars': tfvars('auth_image_tag = "latest"\nreminder_image_tag = "git-3f9c2a1"\ncertificate_arn = "arn:aws:iam::555566667777:server-certificate/site"'),
      ...BOOTSTRAPPED,
    });
    const release = (v: string) => `${v} must be a release tag like v1.4.2 in production prod: build tags may expire from the registry (README, "Image tags").`;
    expect(show(errors(found))).toEqual([
      `error [variables] stack "shared", variable certificate_arn (${line(2)}): "arn:aws:iam::555566667777:server-certificate/site" is refused by the stack: certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>).`,
      ...['test', 'stage'].map((s) => `error [variables] stack "${s}", variable auth_image_tag (${line(0)}): "latest" is refused by the stack: auth_image_tag must be a Docker tag other than "latest".`),
      `error [variables] stack "prod", variable auth_image_tag (${line(0)}): "latest" is refused by the stack: ${release('auth_image_tag')}`,
      `error [variables] stack "prod", variable reminder_image_tag (${line(1)}): "git-3f9c2a1" is refused by the stack: ${release('reminder_image_tag')}`,
    ]);
    // A build tag fine for test and stage but not prod: the fix is a file for prod alone, and that command passes.
    const prodOnly = errors(found).find((f) => f.where.startsWith('stack "prod", variable reminder_image_tag'))!;
    expect(prodOnly.fix).toContain('npx cdktf deploy prod --var-file=$PWD/prod.tfvars');
    const fixed = preflight(renamed, { 'terraform.tfvars': tfvars('reminder_image_tag = "git-3f9c2a1"'), 'prod.tfvars': 'reminder_image_tag = "v2.0.0"\n', ...BOOTSTRAPPED }, { stacks: ['prod'], varFiles: ['prod.tfvars'] });
    expect(show(fixed)).toEqual([]);
  });

  it('evaluates the rules synthesized in cdktf.out, not its own copy: a changed rule changes the verdict', () => {
    const copy = path.join(tmp, 'loosened');
    fs.cpSync(renamed.outdir, copy, { recursive: true });
    const file = path.join(copy, 'stacks/prod/cdk.tf.json');
    const json = readJson(file);
    json.variable.reminder_image_tag.validation[0].condition = '${length(var.reminder_image_tag) > 0}';
    fs.writeFileSync(file, JSON.stringify(json));
    const files = { 'terraform.tfvars': tfvars('reminder_image_tag = "git-3f9c2a1"'), ...BOOTSTRAPPED };
    expect(errors(preflight(renamed, files, { stacks: ['prod'] }))).toHaveLength(1);
    expect(errors(preflight({ ...renamed, outdir: copy }, files, { stacks: ['prod'] }))).toEqual([]);
    // A rule outside what preflight can evaluate is a warning that Terraform will check it, never a pass or a guess.
    json.variable.reminder_image_tag.validation[0].condition = '${cidrhost(var.reminder_image_tag, 1) != ""}';
    fs.writeFileSync(file, JSON.stringify(json));
    expect(show(preflight({ ...renamed, outdir: copy }, files, { stacks: ['prod'] }))).toEqual([expect.stringMatching(/^warning \[variables\] stack "prod", variable reminder_image_tag .*cannot evaluate this stack's rule for it \(function cidrhost\(\)\)/)]);
  });

  it('takes values as the cdktf CLI passes them: TF_VAR_ lowest, then terraform.tfvars, *.auto.tfvars, then each --var-file', () => {
    const tag = (found: Finding[]) => show(errors(found)).join('\n');
    const base = { ...BOOTSTRAPPED, 'terraform.tfvars': filledIn().replace(/auth_image_tag *= *"v1.4.2"/, 'auth_image_tag = "latest"') };
    expect(tag(preflight(renamed, base, { stacks: ['test'] }))).toContain('"latest" is refused');
    expect(tag(preflight(renamed, { ...base, 'z.auto.tfvars': 'auth_image_tag = "git-1"\n' }, { stacks: ['test'] }))).toBe('');
    expect(tag(preflight(renamed, { ...base, 'z.auto.tfvars': 'auth_image_tag = "git-1"\n', 'last.tfvars': 'auth_image_tag = "latest"\n' }, { stacks: ['test'], varFiles: ['last.tfvars'] }))).toContain('(last.tfvars:1)');
    const envOnly = preflight(renamed, { ...BOOTSTRAPPED, 'terraform.tfvars': 'certificate_arn = "x"\n' }, { stacks: ['test'], env: { TF_VAR_auth_image_tag: 'git-1', TF_VAR_reminder_image_tag: 'latest' } });
    expect(show(errors(envOnly))).toEqual([expect.stringContaining('stack "test", variable reminder_image_tag (TF_VAR_reminder_image_tag): "latest" is refused')]);
    expect(tag(preflight(renamed, { ...base }, { stacks: ['test'], env: { TF_VAR_auth_image_tag: 'git-1' } }))).toContain('"latest" is refused');
  });

  it('warns about a name no stack declares, suggesting the one meant', () => {
    const found = preflight(renamed, { 'terraform.tfvars': tfvars('auth_imagetag = "v1.0.0"'), ...BOOTSTRAPPED });
    expect(show(found)).toEqual([expect.stringMatching(/^warning \[variables\] terraform\.tfvars:\d+: auth_imagetag is declared by no stack/)]);
    expect(found[0].fix).toBe('did you mean auth_image_tag?');
  });

  it('says what it cannot read instead of guessing', () => {
    const found = preflight(renamed, { 'terraform.tfvars': tfvars('x = upper("a")\nauth_image_tag = "latest"'), ...BOOTSTRAPPED }, { stacks: ['test'] });
    expect(show(found)).toEqual([
      `warning [variables] terraform.tfvars: preflight cannot read ${line(0).split(':')[0] && `line ${line(0).split(':')[1]}`}: "upper" is not a literal value (tfvars take no references or function calls); that value is not checked here`,
      // The lines after it still count.
      expect.stringContaining(`stack "test", variable auth_image_tag (${line(1)}): "latest" is refused`),
    ]);
  });
});

describe('certificate and ARNs', () => {
  const withCertificate = (arn: string) => ({ 'terraform.tfvars': filledIn().replace(/certificate_arn *= *"[^"]+"/, `certificate_arn = "${arn}"`), ...BOOTSTRAPPED });

  it('refuses a certificate of another region than the ALB', () => {
    const found = preflight(renamed, withCertificate(`arn:aws:acm:us-east-1:${ACCOUNT}:certificate/4f3a1c2e-1111-2222-3333-444455556666`));
    expect(show(found)).toEqual([expect.stringMatching(/^error \[certificate\] variable certificate_arn \(terraform\.tfvars:\d+\): the certificate is in us-east-1, the ALB in eu-west-1/)]);
    expect(found[0].fix).toContain('aws acm request-certificate --region eu-west-1');
  });

  it('refuses another partition once, with the stack\'s own message', () => {
    const found = preflight(renamed, withCertificate(`arn:aws-us-gov:acm:eu-west-1:${ACCOUNT}:certificate/4f3a1c2e-1111-2222-3333-444455556666`));
    expect(show(found)).toEqual([expect.stringMatching(/^error \[variables\] stack "shared", variable certificate_arn .*certificate_arn must be an ACM certificate ARN \(arn:aws:acm:/)]);
  });

  it('warns about a certificate of another account than the configured roles', () => {
    const found = preflight(renamed, withCertificate('arn:aws:acm:eu-west-1:999988887777:certificate/4f3a1c2e-1111-2222-3333-444455556666'));
    expect(show(found)).toEqual([expect.stringMatching(/^warning \[certificate\] .*the certificate is in account 999988887777, the configured roles \(adminRoleArns, ci\) in 555566667777/)]);
  });
});

describe('the documentation\'s example account in the configuration', () => {
  /** Every setting of the renamed fixture that holds an ARN of its account, as preflight names it. */
  const arnSettings = (value: unknown, where: string): string[] =>
    typeof value === 'string'
      ? value.includes(ACCOUNT) ? [where] : []
      : Array.isArray(value)
        ? value.flatMap((v, i) => arnSettings(v, `${where}[${i}]`))
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => (where === '' && k === 'state' ? [] : arnSettings(v, where ? `${where}.${k}` : k)))
          : [];

  it('is an error in every role ARN that still names it (adminRoleArns, ci, personas), one per setting, and nowhere else', () => {
    const raw = readJson(RENAMED);
    const settings = arnSettings(raw.shared, '');
    expect(settings.length).toBeGreaterThanOrEqual(6);
    const file = path.join(tmp, 'example-account.json');
    fs.writeFileSync(file, JSON.stringify({ ...raw, shared: { ...raw.shared, ...JSON.parse(JSON.stringify({ personas: raw.shared.personas, ci: raw.shared.ci, adminRoleArns: raw.shared.adminRoleArns }).split(ACCOUNT).join(SHIPPED_EXAMPLE.account)) } }));
    const found = of(preflight({ ...renamed, configFile: file }, { 'terraform.tfvars': filledIn(), ...BOOTSTRAPPED }), 'arns');
    expect(found.map((f) => `${f.severity} ${f.where}`).sort()).toEqual(settings.map((w) => `error shared settings, ${w}`).sort());
    expect(found.every((f) => f.problem.includes(`names the documentation's example account ${SHIPPED_EXAMPLE.account}`))).toBe(true);
    expect(of(preflight(renamed, { 'terraform.tfvars': filledIn(), ...BOOTSTRAPPED }), 'arns')).toEqual([]);
  });
});

describe('oidc.json (handed case): the client secret a stack with OIDC needs', () => {
  const certificate = `certificate_arn = "arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/4f3a1c2e-1111-2222-3333-444455556666"\nauth_image_tag = "git-1"\n`;

  it('is an error while missing, fixed by TF_VAR_oidc_client_secret, and a warning in a file', () => {
    const missing = preflight(oidc, { 'terraform.tfvars': certificate, ...BOOTSTRAPPED });
    const secret = errors(missing).filter((f) => f.where.includes('oidc_client_secret'));
    expect(secret.map((f) => [f.where, f.fix])).toEqual([['variable oidc_client_secret (stack stage)', expect.stringMatching(/^export TF_VAR_oidc_client_secret=\.\.\. in the shell that deploys/)]]);
    const fromEnv = preflight(oidc, { 'terraform.tfvars': certificate, ...BOOTSTRAPPED }, { env: { TF_VAR_oidc_client_secret: 's3cret' } });
    expect(show(of(fromEnv, 'variables'))).toEqual([]);
    const inFile = preflight(oidc, { 'terraform.tfvars': `${certificate}oidc_client_secret = "s3cret"\n`, ...BOOTSTRAPPED });
    expect(show(of(inFile, 'variables'))).toEqual([expect.stringMatching(/^warning \[variables\] stack "stage", variable oidc_client_secret \(terraform\.tfvars:3\): a secret in a file/)]);
  });

  it('and its state bucket is the handed configurations\' placeholder', () => {
    expect(show(of(preflight(oidc, { 'terraform.tfvars': certificate }), 'state-bucket'))).toEqual([expect.stringMatching(/^error .*"example-tfstate" is the shipped example's name/)]);
  });
});

describe('key administrators and personas', () => {
  it('repeats synth\'s warning when no durable key administrator is configured, and says nothing once one is', () => {
    const config = load(OIDC_CASE);
    const found = of(preflight(oidc, {}), 'key-administrators');
    expect(found.map((f) => f.problem)).toEqual((config.warnings ?? []).map((w) => w.rule));
    expect(found.length).toBeGreaterThan(0);
    expect(of(preflight(renamed, {}), 'key-administrators')).toEqual([]);
  });

  it('warns about each persona without principals, naming the environments whose access then reaches nobody', () => {
    expect(show(of(preflight(oidc, {}), 'personas'))).toEqual(['developers', 'qa', 'admins'].map((p) => expect.stringMatching(new RegExp(`^warning \\[personas\\] shared settings, personas\\.${p}: no principals, so no role acme-${p}`))));
    expect(of(preflight(oidc, {}), 'personas').find((f) => f.where.endsWith('admins'))!.problem).toContain('the access that stage gives it reaches nobody');
    expect(of(preflight(renamed, {}), 'personas')).toEqual([]);
  });
});

describe('workflows', () => {
  const ok = { 'terraform.tfvars': filledIn(), ...BOOTSTRAPPED };
  const workflow = (file: string) => fs.readFileSync(path.join(ROOT, '.github/workflows', file), 'utf8');

  it('finds every stack but bootstrap planned and deployed by the shipped workflows', () => {
    expect(of(preflight(renamed, ok), 'workflows')).toEqual([]);
  });

  it('reports a stack a hand-written list leaves out, and a missing workflow', () => {
    const listed = workflow('deploy.yml').replace('${{ fromJSON(needs.stacks.outputs.environments) }}', '[test, stage]');
    const found = preflight(renamed, { ...ok, '.github/workflows/deploy.yml': listed });
    expect(show(of(found, 'workflows'))).toEqual(['error [workflows] .github/workflows/deploy.yml: does not deploy stack prod']);
    expect(found.find((f) => f.check === 'workflows')!.fix).toContain('fromJSON(needs.stacks.outputs.environments)');
    const root = path.join(tmp, 'no-plan');
    fs.cpSync(renamed.root, root, { recursive: true });
    fs.rmSync(path.join(root, '.github/workflows/plan.yml'));
    const withoutPlan = runChecks(gather({ root, outdir: renamed.outdir, configFile: RENAMED, env: {} }));
    expect(show(of(withoutPlan, 'workflows'))).toEqual(['error [workflows] .github/workflows/plan.yml: does not plan stacks shared, test, stage, prod (no such workflow)']);
  });
});

describe('cdktf.out', () => {
  it('is required', () => {
    const found = preflight({ ...renamed, outdir: path.join(tmp, 'nothing') }, {});
    expect(show(errors(found))).toEqual([expect.stringMatching(/^error \[synth\] .*nothing synthesized yet/)]);
    expect(errors(found)[0].fix).toMatch(/^run `npm run synth`/);
  });

  it('must be newer than the configuration and made from it (stacks, state bucket)', () => {
    const config = path.join(tmp, 'later.json');
    fs.copyFileSync(RENAMED, config);
    const later = project('later', config);
    const ok = { 'terraform.tfvars': filledIn(), ...BOOTSTRAPPED };
    expect(of(preflight(later, ok), 'synth')).toEqual([]);
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(config, future, future);
    expect(show(of(preflight(later, ok), 'synth'))).toEqual([expect.stringMatching(/^error \[synth\] \S*cdktf\.out: older than the configuration \(\S*later\.json changed since\)/)]);
    expect(show(of(preflight(renamed, ok, { env: { SF_STATE_BUCKET: `other-tfstate-${ACCOUNT}` } }), 'synth'))).toEqual([
      expect.stringMatching(/keeps state in bucket "shop-tfstate-555566667777-eu-west-1", the configuration now says "other-tfstate-555566667777"/),
    ]);
    expect(show(of(preflight({ ...renamed, configFile: OIDC_CASE }, ok), 'synth'))).toEqual(expect.arrayContaining([expect.stringMatching(/has no stack .*: it was synthesized from another configuration|keeps state in bucket/)]));
  });
});
