/**
 * The README and docs/ point at things that exist: every command in their shell code blocks
 * (and every command or repository path quoted inline) names an npm script of package.json, a
 * file of the repository, a stack of the app, a cdktf subcommand and flag, and environment and
 * Terraform variables the code reads or declares. Every relative link resolves, anchor included.
 * The README stays a landing page: at most 250 lines, linking every docs/ page.
 *
 * Expected values come from the repository (package.json, the files, the variables the
 * constructs declare) and from the pinned example (fixtures/example/acme.json), whose stacks
 * the documentation shows; never from a list written here, except cdktf's own command line.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE, readConfigFile } from '../../helpers/config-file';
import { ROOT } from '../../helpers/sources';
import { imageTagVariable } from '../../../constructs/service/image-tag';

const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const DOCS = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
const PAGES = ['README.md', ...DOCS];

// ---------------------------------------------------------------------------------------------
// What exists

const SCRIPTS = new Set(Object.keys(JSON.parse(read('package.json')).scripts));
/** npm's own commands the documentation uses. */
const NPM_COMMANDS = new Set(['ci', 'install', 'test', 'install-scripts']);
const example = readConfigFile(EXAMPLE);
/** The stacks of the documented app: bootstrap, shared and one per environment of the pinned example. */
const STACKS = new Set(['bootstrap', 'shared', ...example.environments.map((e) => e.name)]);
/**
 * A repository path the documentation may name: a file of the checkout, or an environment file
 * of the example it walks through (`environments/stage.ts`), which a team that replaced the
 * example no longer has. Their own environments/ must not turn the documentation tests red.
 */
const EXAMPLE_FILES = new Set(example.environments.map((e) => `environments/${e.name}.ts`));
const exists = (rel: string) => EXAMPLE_FILES.has(path.normalize(rel)) || fs.existsSync(path.join(ROOT, rel));
/** cdktf 0.21's subcommands and their flags (`npx cdktf <cmd> --help`), and how many stacks each takes. */
const RUN_FLAGS = ['--var', '--var-file', '--skip-synth', '--no-color', '--migrate-state', '--skip-provider-lock', '--terraform-parallelism', '--log-level'];
const CDKTF: Record<string, { flags: string[]; stacks: 'none' | 'one' | 'many' }> = {
  deploy: { flags: [...RUN_FLAGS, '--ignore-missing-stack-dependencies', '--auto-approve', '--parallelism', '--refresh-only', '--outputs-file'], stacks: 'many' },
  destroy: { flags: [...RUN_FLAGS, '--ignore-missing-stack-dependencies', '--auto-approve', '--parallelism'], stacks: 'many' },
  plan: { flags: [...RUN_FLAGS, '--refresh-only'], stacks: 'one' },
  diff: { flags: [...RUN_FLAGS, '--refresh-only'], stacks: 'one' },
  output: { flags: ['--outputs-file', '--skip-synth'], stacks: 'many' },
  synth: { flags: ['--hcl', '--log-level'], stacks: 'none' },
  list: { flags: [], stacks: 'none' },
};
/** Terraform variables the constructs declare (`new TerraformVariable(scope, '<name>'`), and the image tags of the example's services. */
const DECLARED = new Set([
  ...[...sourceFiles('constructs')].flatMap((f) => [...read(f).matchAll(/new TerraformVariable\([^,]+, '([a-z_]+)'/g)].map((m) => m[1])),
  'plan_only',
  ...example.environments.flatMap((e) => e.services.map((s) => imageTagVariable(s.name))),
]);
/** Where the environment variables the documentation names are read: main.ts for synth and every cdktf command (and what it hands the process environment to), the tools for the rest. */
const MAIN_READS = ['main.ts', 'constructs/startup.ts'].map(read).join('\n');
const TOOL_READS = ['.ci/run', 'verify/checkov-gate.ts', 'tools/run.js', 'tools/synth.js', 'preflight/inputs.ts', 'cost/cli.ts', ...sourceFiles('__tests__/helpers'), ...sourceFiles('__tests__/properties')].map(read).join('\n');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|js)$/.test(f)).map((f) => `${dir}/${f}`);
}

/** Top-level folders and files of the repository: a token starting with one of them is a path that must exist. */
const TOP = new Set(fs.readdirSync(ROOT).filter((f) => !['node_modules', 'cdktf.out', '.git'].includes(f)));
const isPlaceholder = (s: string) => /[<>*$]|\.\.\./.test(s);
const looksLikePath = (s: string) => /^\.?[\w-]+(\/[\w.-]*)+$|^[\w-]+\.(ts|js|sh|json|md|example|yml)$/.test(s) && TOP.has(s.split('/')[0]) && !isPlaceholder(s);

// ---------------------------------------------------------------------------------------------
// Reading the documentation

/** The lines of every ```sh / ```bash block, continuation lines joined, with the page and line they start on. */
function shellLines(page: string): { where: string; line: string }[] {
  const out: { where: string; line: string }[] = [];
  let inShell = false;
  let pending = '';
  read(page).split('\n').forEach((raw, i) => {
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      inShell = !inShell && ['sh', 'bash', 'shell'].includes(fence[1]);
      return;
    }
    if (!inShell) return;
    pending += raw.trim();
    if (pending.endsWith('\\')) {
      pending = pending.slice(0, -1) + ' ';
      return;
    }
    if (pending) out.push({ where: `${page}:${i + 1}`, line: pending });
    pending = '';
  });
  return out;
}

/** Inline code spans that are commands (`npm ...`, `npx cdktf ...`, `node <file>`, `bash <file>`). */
function inlineCommands(page: string): { where: string; line: string }[] {
  const text = read(page).replace(/```[\s\S]*?```/g, '');
  // `npm warn ...` is npm's output, quoted as such.
  return [...text.matchAll(/`((?:[A-Z_]+=\S+ )*(?:npm(?! warn)|npx cdktf|node|bash) [^`]+)`/g)].map((m) => ({ where: `${page} (inline)`, line: m[1] }));
}

/** Words of a shell command line, quotes respected, comments dropped. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) {
    if (m[3]?.startsWith('#')) break;
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

/** Simple commands of a line: split at &&, ||, ;, | and $( ... ). */
function commands(line: string): string[][] {
  const cmds: string[][] = [[]];
  for (const w of words(line)) {
    if (['&&', '||', ';', '|'].includes(w)) cmds.push([]);
    else cmds[cmds.length - 1].push(w.replace(/^\$\(/, '').replace(/\)$/, ''));
  }
  return cmds.filter((c) => c.length > 0);
}

// ---------------------------------------------------------------------------------------------
// The rules

/** What is wrong with one simple command, given the text of its page (for files the page creates). */
function problems(cmd: string[], pageText: string): string[] {
  const out: string[] = [];
  let words_ = [...cmd];
  if (words_[0] === 'export') words_ = words_.slice(1);
  // Leading assignments: the variables this command reads.
  const assigned: string[] = [];
  while (words_.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words_[0])) assigned.push(words_.shift()!.split('=')[0]);
  const [program, ...args] = words_;
  const readsMain = (program === 'npx' && ['cdktf', 'cdktn'].includes(args[0])) || (program === 'npm' && args[0] === 'run' && ['synth', 'synth:hcl', 'cost', 'preflight', 'verify', 'checkov', 'digest'].includes(args[1]));
  for (const v of assigned) {
    if (v.startsWith('SF_') && !(readsMain ? MAIN_READS : MAIN_READS + TOOL_READS).includes(v)) out.push(`sets ${v}, which ${readsMain ? 'main.ts' : 'no tool'} reads`);
    if (v.startsWith('TF_VAR_') && !DECLARED.has(v.slice('TF_VAR_'.length))) out.push(`sets ${v}: no stack declares ${v.slice(7)}`);
  }
  if (!program) return out;
  if (program === 'npm') {
    if (args[0] === 'run') {
      // `npm run` alone names the scripts in general.
      if (args[1] !== undefined && !SCRIPTS.has(args[1])) out.push(`npm run ${args[1]}: no such script in package.json`);
    } else if (!NPM_COMMANDS.has(args[0])) out.push(`npm ${args[0]}: not a command the documentation should need`);
    else if (args[0] === 'test' && !SCRIPTS.has('test')) out.push('npm test: no test script');
  }
  if (program === 'npx') {
    const [tool, sub, ...rest] = args;
    if (tool === 'cdktf') {
      const spec = CDKTF[sub];
      if (!spec) out.push(`npx cdktf ${sub}: not a cdktf subcommand the project uses`);
      else {
        const stacks = rest.filter((a) => !a.startsWith('-'));
        for (const s of stacks) if (!STACKS.has(s) && !/^<[a-z-]+>(\.\.\.)?$|^\.\.\.$/.test(s)) out.push(`npx cdktf ${sub} ${s}: no stack ${s} (stacks: ${[...STACKS].join(', ')})`);
        if (spec.stacks === 'none' && stacks.length) out.push(`npx cdktf ${sub} takes no stack`);
        if (spec.stacks === 'one' && stacks.length !== 1) out.push(`npx cdktf ${sub} takes exactly one stack`);
        for (const f of rest.filter((a) => a.startsWith('-'))) {
          const [flag, value] = f.split('=');
          if (!spec.flags.includes(flag)) out.push(`npx cdktf ${sub}: no flag ${flag}`);
          if (flag === '--var-file' && value) {
            const file = value.replace(/^\$PWD\//, '');
            const source = file === 'terraform.tfvars' ? 'terraform.tfvars.example' : undefined;
            if (!isPlaceholder(value) && !value.startsWith('$PWD/') && !path.isAbsolute(value)) out.push(`--var-file=${value}: cdktf runs Terraform in cdktf.out/stacks/<stack>, so give an absolute path ($PWD/...)`);
            if (!isPlaceholder(file) && !(source && fs.existsSync(path.join(ROOT, source))) && !new RegExp(`> ?${file.replace(/\./g, '\\.')}\\b|prod\\.tfvars|\`${file.replace(/\./g, '\\.')}\``).test(pageText))
              out.push(`--var-file=${value}: neither in the repository nor created or named on this page`);
          }
          if (flag === '--var' && value && !DECLARED.has(value.split('=')[0])) out.push(`--var ${value}: no stack declares it`);
        }
      }
    } else if (tool === 'jest') {
      for (const p of rest.filter((a) => !a.startsWith('-') && looksLikePath(a))) if (!exists(p)) out.push(`npx jest ${p}: no such path`);
    } else if (tool !== 'cdktn') out.push(`npx ${tool}: not a tool of this project`);
  }
  if (program === 'node' || program === 'bash') {
    const file = args.find((a) => !a.startsWith('-'));
    if (file && !isPlaceholder(file) && !exists(file)) out.push(`${program} ${file}: no such file`);
  }
  // Any other word that names a path of the repository must exist.
  for (const w of args) for (const part of w.split(/[=,:]/)) if (looksLikePath(part) && !exists(part)) out.push(`${part}: no such file or folder`);
  return out;
}

describe.each(PAGES)('%s', (page) => {
  const text = read(page);

  it('every command in its shell blocks and inline commands points at scripts, files, stacks and variables that exist', () => {
    const lines = [...shellLines(page), ...inlineCommands(page)];
    const found = lines.flatMap(({ where, line }) => commands(line).flatMap((c) => problems(c, text).map((p) => `${where}: ${p}`)));
    expect(found).toEqual([]);
  });

  it('every SF_* and TF_VAR_* variable it names is read by the code or declared by a stack', () => {
    const names = new Set(text.match(/\b(SF_[A-Z][A-Z_]*[A-Z]|TF_VAR_[a-z_]+)\b/g) ?? []);
    const unknown = [...names].filter((n) => (n.startsWith('TF_VAR_') ? !DECLARED.has(n.slice(7)) : !(MAIN_READS + TOOL_READS).includes(n)));
    expect(unknown).toEqual([]);
  });

  it('every repository path it quotes in inline code exists', () => {
    // A path after "e.g." names a file the reader writes (`environments/qa.ts`), not one of the repository.
    const spans = [...text.replace(/```[\s\S]*?```/g, '').matchAll(/(e\.g\. )?`([^`\s]+)`/g)].filter((m) => !m[1]).map((m) => m[2].replace(/[:,]$/, ''));
    expect(spans.filter((s) => looksLikePath(s) && !exists(s))).toEqual([]);
  });

  it('every relative link resolves, anchor included', () => {
    const broken: string[] = [];
    for (const m of text.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = m[1];
      if (/^[a-z]+:/.test(link)) continue;
      const [file, anchor] = link.split('#');
      const target = file ? path.normalize(path.join(path.dirname(page), file)) : page;
      if (!exists(target)) {
        broken.push(`${link}: no ${target}`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !anchorsOf(read(target)).has(anchor)) broken.push(`${link}: no heading #${anchor} in ${target}`);
    }
    expect(broken).toEqual([]);
  });
});

/** GitHub's heading anchors of a Markdown text. */
function anchorsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)) {
    out.add(m[1].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
  }
  return out;
}

describe('README as the landing page', () => {
  const readme = read('README.md');

  it('has at most 250 lines', () => {
    expect(readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0)).toBeLessThanOrEqual(250);
  });

  it('links every docs/ page', () => {
    expect(DOCS.filter((d) => !readme.includes(`](${d})`))).toEqual([]);
  });

  it('opens every docs/ page with what the reader can do with it', () => {
    // A title, then a first paragraph of one or more sentences.
    for (const d of DOCS) expect(`${d}: ${read(d).split('\n\n').slice(0, 2).join(' | ')}`).toMatch(/^[^:]+: # [^\n]+ \| [A-Z][\s\S]*\.$/);
  });

  it('walks from an empty account to a request: bootstrap, shared, image, test, in that order, with the offline checks first', () => {
    const first = readme.split(/\n(?=## )/).find((s) => s.startsWith('## Your first deployment')) ?? '';
    const order = ['npm run preflight', 'CHECKPOINT_DISABLE=1 npx cdktf deploy bootstrap', 'npx cdktf deploy shared', 'docker buildx build --platform', 'npx cdktf deploy test', 'put-secret-value', 'curl https://app.example.com'];
    const at = order.map((s) => first.indexOf(s));
    expect(at.filter((i) => i < 0)).toEqual([]);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The first cdktf command of the README carries CHECKPOINT_DISABLE=1.
    expect(readme.slice(0, readme.indexOf('npx cdktf'))).toMatch(/CHECKPOINT_DISABLE=1 $/);
  });
});

describe('the rules catch what they are for', () => {
  const check = (line: string, page = '') => commands(line).flatMap((c) => problems(c, page));

  it.each([
    ['npm run synthesize', /no such script/],
    ['npx cdktf deploy staging --var-file=$PWD/terraform.tfvars', /no stack staging/],
    ['npx cdktf deploy test --ignore-missing-dependencies', /no flag --ignore-missing-dependencies/],
    ['npx cdktf plan test prod', /exactly one stack/],
    ['npx cdktf deploy test --var-file=terraform.tfvars', /absolute path/],
    ['npx cdktf deploy test --var-file=$PWD/qa.tfvars', /neither in the repository nor created/],
    ['node tools/synthesize.js', /no such file/],
    ['bash tools/render.sh', /no such file/],
    ['SF_STATE_BUCKETS=x npm run synth', /sets SF_STATE_BUCKETS, which main.ts reads/],
    ['TF_VAR_planonly=true npx cdktf plan test', /no stack declares planonly/],
    ['docker build --platform linux/amd64 -t x examples/hello-svc', /examples\/hello-svc: no such file/],
    ['npm run synth && npm run cost -- --pricez && npx cdktf synth test', /takes no stack/],
  ])('%s', (line, message) => {
    expect(check(line).join('\n')).toMatch(message);
  });

  it('accepts what the walkthrough does', () => {
    for (const line of [
      'CHECKPOINT_DISABLE=1 npx cdktf deploy bootstrap',
      'npx cdktf deploy shared test stage prod',
      'npx cdktf deploy <env> --ignore-missing-stack-dependencies --var-file=$PWD/terraform.tfvars',
      'SF_CONFIG=cost/examples/sandbox.json npm run cost',
      'TF_VAR_plan_only=true npx cdktf plan prod',
      'npx cdktf deploy test --ignore-missing-stack-dependencies --var-file=$PWD/test.tfvars',
    ]) expect([line, check(line, "printf '...' > test.tfvars")]).toEqual([line, []]);
  });
});
