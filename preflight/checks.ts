/**
 * The checks of `npm run preflight`: what can fail the first `cdktf deploy` (or leave a stack
 * out of the workflows) and can be known without AWS. Each finding says what is wrong and
 * how to fix it. Errors: the deploy would fail or deploy something else than declared.
 * Warnings: it would succeed, but probably not as meant.
 */
import * as path from 'path';
import { AppConfig } from '../environments';
import { PERSONAS, PersonaKey } from '../model/personas';
import { partitionFor } from '../model/partition';
import { MANUAL_STACKS, ciStacks } from '../tools/ci-stacks';
import { Unsupported, Value, evaluateCondition } from './hcl';
import { Declared, Inputs, Stack } from './inputs';
import { SHIPPED_EXAMPLE, exampleBucketProblem } from './example';

export interface Finding {
  readonly severity: 'error' | 'warning';
  /** Short stable name of the check, e.g. `state-bucket`. */
  readonly check: string;
  /** Where: a config field, a stack and variable, a file. */
  readonly where: string;
  readonly problem: string;
  readonly fix: string;
}

const SYNTH = 'run `npm run synth` (with the same SF_CONFIG and SF_STATE_* you deploy with), then `npm run preflight` again';

/** Every check, in the order a first deploy meets them. */
export function runChecks(inputs: Inputs): Finding[] {
  const out: Finding[] = [];
  const config = inputs.config;
  if (!config) {
    out.push({ severity: 'error', check: 'config', where: inputs.options.configFile ?? 'environments/', problem: inputs.configError ?? 'cannot load the configuration', fix: 'fix the configuration: `npm run synth` lists every problem' });
    return out;
  }
  out.push(...synthesized(inputs, config));
  out.push(...configuration(config));
  if (inputs.stacks.length > 0) {
    out.push(...variables(inputs, config));
    out.push(...workflows(inputs));
  }
  const deploying = selected(inputs).map((s) => s.name);
  if (!inputs.bootstrapState && deploying.some((s) => s !== 'bootstrap')) {
    out.push({
      severity: 'warning',
      check: 'bootstrap',
      where: 'terraform.bootstrap.tfstate',
      problem: 'no bootstrap state here: every other stack keeps its state in the bucket the bootstrap stack creates',
      fix: 'deploy it first (`npx cdktf deploy bootstrap`), or, if it was deployed from another checkout, copy that checkout\'s terraform.bootstrap.tfstate here',
    });
  }
  return out;
}

function selected(inputs: Inputs): readonly Stack[] {
  const wanted = inputs.options.stacks;
  return wanted && wanted.length > 0 ? inputs.stacks.filter((s) => wanted.includes(s.name)) : inputs.stacks;
}

/** cdktf.out exists, is newer than the configuration and was made from it. */
function synthesized(inputs: Inputs, config: AppConfig): Finding[] {
  const where = path.relative(inputs.options.root, inputs.outdir) || inputs.outdir;
  if (!inputs.synthesizedAt) return [{ severity: 'error', check: 'synth', where, problem: 'nothing synthesized yet: the variable and workflow checks read the stacks from it', fix: SYNTH }];
  const out: Finding[] = [];
  if (inputs.changedSinceSynth.length > 0) {
    const files = inputs.changedSinceSynth.map((f) => path.relative(inputs.options.root, f)).join(', ');
    out.push({ severity: 'error', check: 'synth', where, problem: `older than the configuration (${files} changed since): the stacks checked here are not the ones a deploy would build`, fix: SYNTH });
  }
  const names = inputs.stacks.map((s) => s.name);
  const missing = ['bootstrap', 'shared', ...config.environments.map((e) => e.name)].filter((s) => !names.includes(s));
  if (missing.length > 0) out.push({ severity: 'error', check: 'synth', where, problem: `has no stack ${missing.join(', ')}: it was synthesized from another configuration`, fix: SYNTH });
  const bucket = inputs.stacks.find((s) => s.stateBucket)?.stateBucket;
  if (bucket !== undefined && bucket !== config.shared.state.bucket) {
    out.push({ severity: 'error', check: 'synth', where, problem: `keeps state in bucket "${bucket}", the configuration now says "${config.shared.state.bucket}" (SF_STATE_BUCKET set or changed since)`, fix: SYNTH });
  }
  return out;
}

/** The shared settings: still the example's names, keys without a durable administrator, personas without principals. */
function configuration(config: AppConfig): Finding[] {
  const out: Finding[] = [];
  const { shared } = config;
  const bucketProblem = exampleBucketProblem(shared.state.bucket);
  if (bucketProblem) {
    out.push({
      severity: 'error',
      check: 'state-bucket',
      where: 'shared settings, state.bucket (or SF_STATE_BUCKET)',
      problem: `"${shared.state.bucket}" ${bucketProblem}. S3 bucket names are global: bootstrap fails with BucketAlreadyExists, or the state of every stack goes to a bucket you do not own`,
      fix: `pick your own name, e.g. ${shared.project}-tfstate-<your account ID>-${shared.state.region}: set state.bucket in environments/shared.ts or export SF_STATE_BUCKET for every cdktf command`,
    });
  } else if (!/(^|[^0-9])[0-9]{12}([^0-9]|$)/.test(shared.state.bucket)) {
    out.push({
      severity: 'warning',
      check: 'state-bucket',
      where: 'shared settings, state.bucket (or SF_STATE_BUCKET)',
      problem: `"${shared.state.bucket}" has no account ID in it: S3 bucket names are global, and a short name is often taken (bootstrap then fails with BucketAlreadyExists)`,
      fix: `add your account ID, e.g. ${shared.project}-tfstate-<account ID>-${shared.state.region}`,
    });
  }
  out.push(...exampleAccountIn(config));
  if (shared.project === SHIPPED_EXAMPLE.project) {
    out.push({
      severity: 'warning',
      check: 'project',
      where: 'shared settings, project',
      problem: `still the example's "${SHIPPED_EXAMPLE.project}": it starts every resource name, tag and repository, and renaming it after the first deploy points Terraform at empty state`,
      fix: 'set project in environments/shared.ts to your own short name (lowercase, at most 12 characters) before the first deploy',
    });
  }
  for (const w of config.warnings ?? []) {
    out.push({ severity: 'warning', check: 'key-administrators', where: `${w.scope}, ${w.field}`, problem: w.rule, fix: 'set adminRoleArns (and ci.deployRoleArn for CI) in environments/shared.ts, and deploy as one of those roles (docs/iam-and-keys.md, "KMS keys")' });
  }
  for (const key of Object.keys(PERSONAS) as PersonaKey[]) {
    if ((shared.personas[key]?.length ?? 0) > 0) continue;
    const granted = config.environments.filter((e) => Object.values(e.access).some((list) => (list as readonly string[]).includes(key))).map((e) => e.name);
    out.push({
      severity: 'warning',
      check: 'personas',
      where: `shared settings, personas.${key}`,
      problem: `no principals, so no role ${shared.project}-${PERSONAS[key].roleSuffix} is created${granted.length ? `: the access that ${granted.join(', ')} give${granted.length === 1 ? 's' : ''} it reaches nobody` : ''}`,
      fix: `list the IAM role or user ARNs (e.g. your SSO permission-set roles) under personas.${key} in environments/shared.ts (docs/iam-and-keys.md, "IAM personas")`,
    });
  }
  return out;
}

/**
 * Any setting that still names the documentation's example account (role ARNs of adminRoleArns,
 * ci, personas, task-role statements...): IAM refuses a trust policy or key policy naming a
 * principal that does not exist, or the grant goes to an account nobody here owns. The state
 * bucket has its own finding above.
 */
function exampleAccountIn(config: AppConfig): Finding[] {
  const found: Array<{ where: string; value: string }> = [];
  const walk = (value: unknown, where: string): void => {
    if (typeof value === 'string') {
      if (value.includes(SHIPPED_EXAMPLE.account)) found.push({ where, value });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, where ? `${where}.${k}` : k);
  };
  const { state, ...shared } = config.shared;
  walk(shared, '');
  for (const env of config.environments) walk(env, `environment "${env.name}"`);
  return found.map(({ where, value }) => ({
    severity: 'error' as const,
    check: 'arns',
    where: where.startsWith('environment "') ? where.replace(/^(environment "[^"]+")\./, '$1, ') : `shared settings, ${where}`,
    problem: `"${value}" names the documentation's example account ${SHIPPED_EXAMPLE.account}: a placeholder, not a principal or resource of yours`,
    fix: 'put the ARN of your own role or resource here (aws sts get-caller-identity shows your account ID)',
  }));
}

/** Every variable of every stack to deploy: a value, accepted by the stack's own validation, and ARNs that fit the region. */
function variables(inputs: Inputs, config: AppConfig): Finding[] {
  const out: Finding[] = [];
  for (const u of inputs.unreadable) {
    out.push({ severity: 'warning', check: 'variables', where: u.source, problem: `preflight cannot read ${u.why}; that value is not checked here`, fix: 'write literal values, one `name = value` per line (Terraform reports what it refuses at plan)' });
  }
  const stacks = selected(inputs);
  const files = inputs.varFiles.map((f) => path.relative(inputs.options.root, f));
  const invalidIn = new Map<string, { failed: string[]; passed: string[] }>();
  const refused: Array<{ stack: string; name: string; where: string; value: Value; message: string }> = [];
  const missing = new Map<string, { declared: Declared; stacks: string[] }>();
  for (const stack of stacks) {
    for (const v of stack.variables) {
      const where = `stack "${stack.name}", variable ${v.name}`;
      const got = inputs.values.get(v.name);
      if (!got) {
        if (v.required) missing.set(v.name, { declared: missing.get(v.name)?.declared ?? v, stacks: [...(missing.get(v.name)?.stacks ?? []), stack.name] });
        continue;
      }
      if (got.value === null && !v.nullable) {
        out.push({ severity: 'error', check: 'variables', where: `${where} (${got.source})`, problem: 'is null, and the stack does not accept null', fix: `give ${v.name} a value` });
        continue;
      }
      if (v.sensitive && got.fromFile) {
        out.push({ severity: 'warning', check: 'variables', where: `${where} (${got.source})`, problem: 'a secret in a file, where it is easily committed or copied', fix: `remove it from the file and export TF_VAR_${v.name}=... instead` });
      }
      // The stack's own rules, as synthesized: the same verdict Terraform gives at plan.
      for (const rule of v.validation) {
        let ok: boolean;
        try {
          ok = evaluateCondition(rule.condition, { [v.name]: got.value });
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          out.push({ severity: 'warning', check: 'variables', where: `${where} (${got.source})`, problem: `preflight cannot evaluate this stack's rule for it (${e.message})`, fix: 'Terraform checks it at plan: run `npx cdktf plan` to see' });
          continue;
        }
        const record = invalidIn.get(v.name) ?? { failed: [], passed: [] };
        (ok ? record.passed : record.failed).push(stack.name);
        invalidIn.set(v.name, record);
        if (!ok) refused.push({ stack: stack.name, name: v.name, where: `${where} (${got.source})`, value: got.value, message: rule.error_message });
      }
    }
  }
  // One finding per variable: one value (file or TF_VAR_) serves every stack that declares it.
  for (const [name, { declared: v, stacks: names }] of missing) {
    const looked = [`TF_VAR_${name}`, ...files].join(', ') + (files.length ? '' : ' (there is no terraform.tfvars)');
    out.push({
      severity: 'error',
      check: 'variables',
      where: `variable ${name} (stack${names.length > 1 ? 's' : ''} ${names.join(', ')})`,
      problem: `no value: looked in ${looked}; the plan stops with "No value for required variable"${v.description ? `. It is: ${v.description}` : ''}`,
      fix: v.sensitive
        ? `export TF_VAR_${name}=... in the shell that deploys (a secret: keep it out of files); in CI it comes from a GitHub secret`
        : `add ${name} = "..." to terraform.tfvars (cp terraform.tfvars.example terraform.tfvars), or pass the file that has it with --var-file`,
    });
  }
  for (const r of refused) {
    // One file serves every stack: a value one stack takes and another refuses needs a file of its own.
    const passed = invalidIn.get(r.name)!.passed.filter((s) => s !== r.stack);
    out.push({
      severity: 'error',
      check: 'variables',
      where: r.where,
      problem: `${JSON.stringify(r.value)} is refused by the stack: ${r.message}`,
      fix: passed.length
        ? `${r.stack} needs another value than ${passed.join(', ')}: put ${r.name} for ${r.stack} in a file of its own (e.g. ${r.stack}.tfvars) and pass it to that stack only: npx cdktf deploy ${r.stack} --var-file=$PWD/${r.stack}.tfvars (npm run preflight -- ${r.stack} --var-file=${r.stack}.tfvars checks it)`
        : `set ${r.name} to a value the rule accepts (docs/configuration.md, "Variables and terraform.tfvars.example")`,
    });
  }
  out.push(...arnValues(inputs, config, stacks, invalidIn));
  out.push(...unknownNames(inputs));
  return out;
}

const ARN = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):([0-9]{12}|aws|):(.+)$/;

/** ARN values: the region's partition, an ACM certificate in the ALB's region and account, not the documentation's example account. */
function arnValues(inputs: Inputs, config: AppConfig, stacks: readonly Stack[], invalidIn: ReadonlyMap<string, { failed: string[] }>): Finding[] {
  const out: Finding[] = [];
  const { region } = config.shared;
  const partition = partitionFor(region).id;
  const names = [...new Set(stacks.flatMap((s) => s.variables.map((v) => v.name)))];
  const accounts = new Set([...config.shared.adminRoleArns, config.shared.ci.deployRoleArn ?? '', config.shared.ci.planRoleArn ?? ''].map((a) => ARN.exec(a)?.[4]).filter((a): a is string => !!a));
  for (const name of names) {
    const got = inputs.values.get(name);
    const m = typeof got?.value === 'string' ? ARN.exec(got.value) : null;
    if (!got || !m) continue;
    const [, arnPartition, service, arnRegion, account] = m;
    const where = `variable ${name} (${got.source})`;
    if (account === SHIPPED_EXAMPLE.account) {
      out.push({ severity: 'error', check: 'arns', where, problem: `names the documentation's example account ${SHIPPED_EXAMPLE.account}: it is still the placeholder of terraform.tfvars.example`, fix: 'put the ARN of your own resource here (for the certificate: `aws acm list-certificates --region ' + region + '`)' });
    }
    if (arnPartition !== partition && !(invalidIn.get(name)?.failed.length ?? 0)) {
      out.push({ severity: 'error', check: 'arns', where, problem: `is in partition "${arnPartition}", the stacks in "${partition}" (region ${region})`, fix: `use a resource of region ${region}` });
    }
    if (service === 'acm' && arnRegion !== region) {
      out.push({ severity: 'error', check: 'certificate', where, problem: `the certificate is in ${arnRegion || 'no region'}, the ALB in ${region}: an ALB presents only certificates of its own region (us-east-1 certificates are CloudFront's)`, fix: `request or import the certificate in ${region} (aws acm request-certificate --region ${region} ...) and use its ARN` });
    }
    if (service === 'acm' && accounts.size > 0 && !accounts.has(account)) {
      out.push({ severity: 'warning', check: 'certificate', where, problem: `the certificate is in account ${account}, the configured roles (adminRoleArns, ci) in ${[...accounts].join(', ')}: an ALB uses only certificates of its own account`, fix: 'use a certificate of the account you deploy to' });
    }
  }
  return out;
}

/** Names set in a var file that no stack declares: Terraform only warns, so a typo goes unnoticed until "No value for required variable". */
function unknownNames(inputs: Inputs): Finding[] {
  const declared = [...new Set(inputs.stacks.flatMap((s) => s.variables.map((v) => v.name)))];
  return inputs.assignedInFiles
    .filter((a) => !declared.includes(a.name))
    .map((a) => {
      const near = declared.find((d) => distance(d, a.name) <= 3);
      return { severity: 'warning' as const, check: 'variables', where: `${a.source}`, problem: `${a.name} is declared by no stack, so Terraform ignores it`, fix: near ? `did you mean ${near}?` : `remove it, or check the name (declared: ${declared.join(', ') || 'none'})` };
    });
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** Stack names a workflow lists by hand in a matrix: `stack: [a, b]` or `stack:` followed by `- a` lines. */
function listedStacks(text: string): string[] {
  const flow = [...text.matchAll(/^\s*stack:\s*\[([^\]]*)\]/gm)].flatMap((m) => m[1].split(',').map((x) => x.trim().replace(/^["']|["']$/g, '')));
  const block = [...text.matchAll(/^(\s*)stack:\s*\n((?:\1\s+- .*\n?)+)/gm)].flatMap((m) => m[2].split('\n').map((l) => l.replace(/^\s*- /, '').trim().replace(/^["']|["']$/g, '')));
  return [...flow, ...block].filter(Boolean);
}

/** Every stack but the manual ones is planned and deployed by the workflows: from the tool's derived lists, or by name. */
function workflows(inputs: Inputs): Finding[] {
  const files = Object.keys(inputs.workflows);
  if (files.length === 0) {
    return [{ severity: 'warning', check: 'workflows', where: '.github/workflows', problem: 'no workflows: CI plans and deploys nothing', fix: 'deploy by hand as the first deployment in the README describes, or restore .github/workflows from the repository' }];
  }
  let derived: { stacks: string[]; environments: string[] };
  try {
    derived = ciStacks(inputs.outdir);
  } catch (e) {
    return [{ severity: 'error', check: 'workflows', where: 'tools/ci-stacks.ts', problem: `cannot derive the stacks CI runs: ${(e as Error).message}`, fix: SYNTH }];
  }
  const out: Finding[] = [];
  for (const [file, verb, list] of [['deploy.yml', 'deploy', 'environments'], ['plan.yml', 'plan', 'stacks']] as const) {
    const text = inputs.workflows[file] ?? '';
    const fromTool = text.includes('tools/ci-stacks.ts stacks');
    const byMatrix = fromTool && text.includes(`fromJSON(needs.stacks.outputs.${list})`) ? derived[list] : [];
    const listed = listedStacks(text);
    const uncovered = inputs.stacks
      .map((s) => s.name)
      .filter((s) => !MANUAL_STACKS.includes(s) && !byMatrix.includes(s) && !listed.includes(s) && !new RegExp(`cdktf ${verb} ${s}(\\s|$)`, 'm').test(text));
    if (uncovered.length > 0) {
      out.push({
        severity: 'error',
        check: 'workflows',
        where: `.github/workflows/${file}`,
        problem: `does not ${verb} stack${uncovered.length > 1 ? 's' : ''} ${uncovered.join(', ')}${text ? '' : ' (no such workflow)'}`,
        fix: `take the stacks from tools/ci-stacks.ts (a job running \`node tools/run.js tools/ci-stacks.ts stacks\` and a matrix over fromJSON(needs.stacks.outputs.${list})) instead of a list, as the shipped ${file} does`,
      });
    }
  }
  return out;
}

