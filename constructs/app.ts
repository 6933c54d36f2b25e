import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects } from 'cdktf';
import { AppConfig } from '../environments/config';
import { BootstrapStack } from './stacks/bootstrap-stack';
import { EnvironmentStack } from './stacks/environment-stack';
import { SandboxTeardown } from './stacks/sandbox-teardown';
import { SharedStack } from './stacks/shared-stack';

export interface BuiltApp {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly shared: SharedStack;
  readonly environments: ReadonlyMap<string, EnvironmentStack>;
}

/** How to render the stacks. */
export interface RenderOptions {
  /**
   * Write HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`): what `cdktf synth --hcl` asks for by
   * setting SYNTH_HCL_OUTPUT, which cdktf's stacks also read. JSON documents in attributes
   * then render as jsonencode() (constructs/json-document.ts).
   * @default false
   */
  readonly hcl?: boolean;
}

/** Builds every stack from a validated configuration: bootstrap, shared, then one per environment. */
export function buildApp(config: AppConfig, outdir: string, options: RenderOptions = {}): BuiltApp {
  // Stack traces in construct metadata cost time and megabytes and help nobody reading cdk.tf.json.
  const app = new App({ outdir, stackTraces: false, hclOutput: options.hcl ?? false });
  const bootstrap = new BootstrapStack(app, 'bootstrap', config);
  const shared = new SharedStack(app, 'shared', config);
  // Each environment depends on the one before it in environments/index.ts (test → stage →
  // prod): the manifest then records the promotion order that CI deploys in. It adds no
  // Terraform reference between them.
  const environments = new Map<string, EnvironmentStack>();
  let previous: EnvironmentStack | undefined;
  for (const env of config.environments) {
    const stack = new EnvironmentStack(app, env.name, config, env, shared);
    if (previous) stack.addDependency(previous);
    environments.set(env.name, (previous = stack));
  }
  // A sandbox can be destroyed without manual steps (model/teardown.ts); cdktf applies aspects per stack.
  if (config.shared.sandbox) for (const stack of [bootstrap, shared, ...environments.values()]) Aspects.of(stack).add(new SandboxTeardown());
  return { app, bootstrap, shared, environments };
}

/** Terraform 1.11 made S3-native state locking (`use_lockfile`) GA; older versions reject the backend. */
export const TERRAFORM_VERSION = '>= 1.11.0';

/**
 * Written as `versions.tf` beside each stack's cdk.tf.json rather than into it: checkov's
 * terraform_json parser crashes on a string attribute in the `terraform` block and would
 * then scan nothing. Terraform reads both files of the stack's directory.
 */
export const VERSIONS_TF = `terraform {\n  required_version = "${TERRAFORM_VERSION}"\n}\n`;

/** One stack written by `synthesize`: its name and how many resources it declares. */
export interface StackSummary {
  readonly name: string;
  readonly resources: number;
}

/**
 * Synthesizes into a staging folder and swaps it into place only when every stack has
 * been written, so a failure never leaves a partial `outdir`. The previous output goes
 * either way (main.ts removes it on failure): it is moved aside first and deleted in the
 * background while the stacks are built, off the synth's critical path. Returns the stacks
 * written, in the order they deploy (bootstrap, shared, then the environments).
 */
export function synthesize(config: AppConfig, outdir: string, options: RenderOptions = {}): StackSummary[] {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    fs.renameSync(target, previous);
    fs.rm(previous, { recursive: true, force: true }, () => undefined);
  } catch {
    // no previous output
  }
  try {
    buildApp(config, staging, options).app.synth();
    const stacks = path.join(staging, 'stacks');
    for (const stack of fs.readdirSync(stacks)) fs.writeFileSync(path.join(stacks, stack, 'versions.tf'), VERSIONS_TF);
    const order = ['bootstrap', 'shared', ...config.environments.map((e) => e.name)];
    const summary = order.map((name) => ({ name, resources: countResources(path.join(stacks, name)) }));
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    return summary;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Resources a synthesized stack declares, in either rendering (cdk.tf.json or cdk.tf). */
function countResources(stackDir: string): number {
  const jsonFile = path.join(stackDir, 'cdk.tf.json');
  if (fs.existsSync(jsonFile)) {
    const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
    return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  }
  // cdktf's HCL opens every resource block at the start of a line: resource "type" "name" {
  return (fs.readFileSync(path.join(stackDir, 'cdk.tf'), 'utf8').match(/^resource "[^"]+" "[^"]+" \{/gm) ?? []).length;
}
