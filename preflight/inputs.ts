/**
 * What preflight reads, gathered in one place: the configuration (as main.ts loads it), the
 * synthesized stacks in cdktf.out, the Terraform variable values the cdktf CLI would pass,
 * and the GitHub workflows. Every file and environment variable is read here; the checks
 * (./checks.ts) only look at the result.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppConfig, ConfigError, StateOverrides, defaultConfig, loadConfig } from '../environments';
import { stackOrder } from '../tools/ci-stacks';
import { Json } from '../verify/tfjson';
import { Assignment, Unsupported, Value, environmentValue, parseTfvars } from './hcl';

export interface PreflightOptions {
  /** Where the cdktf CLI runs (the repository root): terraform.tfvars, *.auto.tfvars, terraform.bootstrap.tfstate, .github/. */
  readonly root: string;
  /** The synthesized app. @default `<root>/cdktf.out` */
  readonly outdir?: string;
  /** `SF_CONFIG`: a JSON configuration instead of environments/. @default none */
  readonly configFile?: string;
  /** The process environment: `TF_VAR_*` and `SF_STATE_*` are read from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--var-file` arguments, in order, as given to `cdktf deploy`. @default [] */
  readonly varFiles?: readonly string[];
  /** `--var NAME=VALUE` arguments, as given to `cdktf deploy`. @default [] */
  readonly vars?: readonly string[];
  /** The stacks about to be deployed. @default every stack of the manifest */
  readonly stacks?: readonly string[];
}

/** A variable as a stack declares it in its `variable` block. */
export interface Declared {
  readonly name: string;
  readonly type?: unknown;
  readonly description?: string;
  readonly sensitive: boolean;
  readonly required: boolean;
  readonly nullable: boolean;
  readonly validation: ReadonlyArray<{ condition: string; error_message: string }>;
}

export interface Stack {
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly variables: readonly Declared[];
  /** The S3 backend's bucket, when the stack has one. */
  readonly stateBucket?: string;
}

/** A value and where it came from: a file (with its line) or an argument or environment variable. */
export interface Sourced {
  readonly value: Value;
  readonly source: string;
  readonly fromFile: boolean;
}

export interface Inputs {
  readonly options: PreflightOptions;
  readonly outdir: string;
  /** The validated configuration, or the error that stops synth. */
  readonly config?: AppConfig;
  readonly configError?: string;
  /** Configuration files changed after cdktf.out was synthesized. */
  readonly changedSinceSynth: readonly string[];
  /** cdktf.out's manifest time, or undefined when there is none. */
  readonly synthesizedAt?: Date;
  readonly stacks: readonly Stack[];
  /** Values by variable name, the one that wins last (the order the cdktf CLI passes them). */
  readonly values: ReadonlyMap<string, Sourced>;
  /** Names set in variable files, with where. */
  readonly assignedInFiles: ReadonlyArray<{ name: string; source: string }>;
  /** Files or values preflight could not read, with why. */
  readonly unreadable: ReadonlyArray<{ source: string; why: string }>;
  /** Var files the cdktf CLI loads by itself from the root, then the `--var-file`s. */
  readonly varFiles: readonly string[];
  readonly workflows: Readonly<Record<string, string>>;
  readonly bootstrapState: boolean;
}

/** Files the cdktf CLI loads from its working directory before any `--var-file` (cdktf-cli's var-file handling). */
export function autoVarFiles(root: string): string[] {
  const names = fs.existsSync(root) ? fs.readdirSync(root).sort() : [];
  return [
    ...['terraform.tfvars', 'terraform.tfvars.json'].filter((f) => names.includes(f)),
    ...names.filter((f) => f.endsWith('.auto.tfvars')),
    ...names.filter((f) => f.endsWith('.auto.tfvars.json')),
  ].map((f) => path.join(root, f));
}

function readConfig(options: PreflightOptions): { config?: AppConfig; error?: string; sources: string[] } {
  const env = (name: string) => options.env[name] || undefined;
  const overrides: StateOverrides = { bucket: env('SF_STATE_BUCKET'), lockTable: env('SF_STATE_TABLE'), region: env('SF_STATE_REGION') };
  const sources = options.configFile ? [options.configFile] : listFiles(path.join(options.root, 'environments')).filter((f) => !f.endsWith('listener-priorities.json'));
  try {
    if (!options.configFile) return { config: defaultConfig(overrides), sources };
    const raw = JSON.parse(fs.readFileSync(options.configFile, 'utf8')) as { shared?: unknown; environments?: unknown[] };
    return { config: loadConfig(raw.shared, raw.environments ?? [], overrides), sources };
  } catch (e) {
    return { error: e instanceof ConfigError ? e.message : (e as Error).message, sources };
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function readStacks(outdir: string): { stacks: Stack[]; at?: Date } {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return { stacks: [] };
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks: Record<string, { dependencies?: string[]; synthesizedStackPath: string }> };
  // In deploy order (each stack after its dependencies), as the workflows and the README deploy them.
  const stacks = stackOrder(manifest).map((name) => {
    const s = manifest.stacks[name];
    const json = JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')) as Json;
    const variables = Object.entries<Json>(json.variable ?? {}).map(([v, d]) => ({
      name: v,
      type: d.type,
      description: d.description,
      sensitive: d.sensitive === true,
      required: !('default' in d),
      nullable: d.nullable !== false,
      validation: d.validation ?? [],
    }));
    return { name, dependencies: s.dependencies ?? [], variables, stateBucket: json.terraform?.backend?.s3?.bucket };
  });
  return { stacks, at: fs.statSync(manifestFile).mtime };
}

/** Reads everything the checks need. */
export function gather(options: PreflightOptions): Inputs {
  const outdir = options.outdir ?? path.join(options.root, 'cdktf.out');
  const { config, error, sources } = readConfig(options);
  const { stacks, at } = readStacks(outdir);
  const typeOf = (name: string) => stacks.flatMap((s) => s.variables).find((v) => v.name === name)?.type;

  const values = new Map<string, Sourced>();
  const assignedInFiles: Array<{ name: string; source: string }> = [];
  const unreadable: Array<{ source: string; why: string }> = [];
  // Terraform's precedence: environment first, then the command line in order. The cdktf CLI
  // puts every --var before the var files, and loads terraform.tfvars, terraform.tfvars.json
  // and *.auto.tfvars(.json) from its working directory ahead of the --var-file arguments.
  for (const [key, raw] of Object.entries(options.env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!key.startsWith('TF_VAR_') || raw === undefined) continue;
    const name = key.slice('TF_VAR_'.length);
    try {
      values.set(name, { value: environmentValue(raw, typeOf(name)), source: key, fromFile: false });
    } catch (e) {
      unreadable.push({ source: key, why: (e as Error).message });
    }
  }
  for (const arg of options.vars ?? []) {
    const eq = arg.indexOf('=');
    if (eq < 1) unreadable.push({ source: `--var ${arg}`, why: 'expected NAME=VALUE' });
    else values.set(arg.slice(0, eq), { value: arg.slice(eq + 1), source: `--var ${arg.slice(0, eq)}`, fromFile: false });
  }
  const varFiles = [...autoVarFiles(options.root), ...(options.varFiles ?? []).map((f) => path.resolve(options.root, f))];
  for (const file of varFiles) {
    const shown = path.relative(options.root, file) || file;
    let assignments: Assignment[];
    try {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = file.endsWith('.json')
        ? { assignments: Object.entries(JSON.parse(text) as Record<string, Value>).map(([name, value]) => ({ name, value, line: 0 })), problems: [] }
        : parseTfvars(text);
      assignments = parsed.assignments;
      for (const why of parsed.problems) unreadable.push({ source: shown, why });
    } catch (e) {
      unreadable.push({ source: shown, why: e instanceof Unsupported || e instanceof SyntaxError ? e.message : `cannot read: ${(e as Error).message}` });
      continue;
    }
    for (const a of assignments) {
      const source = a.line ? `${shown}:${a.line}` : shown;
      values.set(a.name, { value: a.value, source, fromFile: true });
      assignedInFiles.push({ name: a.name, source });
    }
  }

  const workflowDir = path.join(options.root, '.github', 'workflows');
  const workflows = Object.fromEntries(
    (fs.existsSync(workflowDir) ? fs.readdirSync(workflowDir) : []).filter((f) => /\.ya?ml$/.test(f)).map((f) => [f, fs.readFileSync(path.join(workflowDir, f), 'utf8')]),
  );
  return {
    options,
    outdir,
    config,
    configError: error,
    changedSinceSynth: at ? sources.filter((f) => fs.existsSync(f) && fs.statSync(f).mtime > at) : [],
    synthesizedAt: at,
    stacks,
    values,
    assignedInFiles,
    unreadable,
    varFiles,
    workflows,
    bootstrapState: fs.existsSync(path.join(options.root, 'terraform.bootstrap.tfstate')),
  };
}
