/**
 * `sandbox: true` lifts every deletion safeguard in every stack, and nothing else; off (the
 * default) it lifts nothing. Which arguments are safeguards is derived from the provider: for
 * every resource type the stacks synthesize, the provider's bindings list its arguments, and any
 * that looks protective must be a row of model/teardown.ts (lifted) or of NOT_TEARDOWN_SETTINGS
 * (with a reason). A new resource type with a safeguard, or a provider upgrade that adds one,
 * fails here until it is classified.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { AppConfig, ConfigError, loadConfig } from '../../../environments';
import { LOOKS_PROTECTIVE, NOT_TEARDOWN_SETTINGS, PREVENT_DESTROY, SANDBOX_REASON, TEARDOWN_SETTINGS } from '../../../model/teardown';
import { Json, Resource, Synthesized } from '../../../verify/tfjson';
import { ConfigFile, example, readConfigFile } from '../../helpers/config-file';
import { ROOT } from '../../helpers/sources';
import { synth } from '../../helpers/synth';
import { teardownAsConfigured } from '../../helpers/terraform-invariants';

const EVERYTHING = path.join(__dirname, '../../fixtures/sandbox/everything.json');

/** The fixture with `sandbox` set to `value`, or left out. */
function fixture(value: boolean | undefined): AppConfig {
  const raw: ConfigFile = readConfigFile(EVERYTHING);
  const shared = raw.shared as Json;
  if (value === undefined) delete shared.sandbox;
  else shared.sandbox = value;
  return loadConfig(shared, raw.environments);
}

/** The provider's arguments of a resource type: top level (its Config interface) and all, nested blocks included. */
// Terraform's built-in resources (not in the AWS provider's bindings) and their arguments: none protects anything.
const BUILT_IN: Readonly<Record<string, readonly string[]>> = { terraform_data: ['input', 'triggers_replace'] };

function providerArguments(type: string): { topLevel: Set<string>; all: Set<string> } {
  if (type in BUILT_IN) return { topLevel: new Set(BUILT_IN[type]), all: new Set(BUILT_IN[type]) };
  expect(type).toMatch(/^aws_/);
  const name = type.replace(/^aws_/, '');
  const text = fs.readFileSync(path.join(ROOT, 'node_modules/@cdktf/provider-aws/lib', name.replace(/_/g, '-'), 'index.d.ts'), 'utf8');
  const anchors = (s: string) => new Set([...s.matchAll(new RegExp(`docs/resources/${name}#(\\w+) `, 'g'))].map((m) => m[1]));
  const start = text.search(/Config\w* extends (cdktf|cdktn)\.TerraformMetaArguments \{/);
  expect(start).toBeGreaterThan(-1);
  const config = text.slice(start, text.indexOf('\n}', start));
  return { topLevel: anchors(config), all: anchors(text) };
}

/** A resource's "//" comment without the scanner notes a sandbox adds (model/teardown.ts `checkov`). */
function withoutSandboxNotes(comment: Json): Json {
  const skips = Object.entries<string>(comment.checkov_skip ?? {}).filter(([, reason]) => reason !== SANDBOX_REASON);
  const { checkov_skip: _, ...rest } = comment; // eslint-disable-line @typescript-eslint/no-unused-vars
  return skips.length ? { ...rest, checkov_skip: Object.fromEntries(skips) } : rest;
}

function withoutPreventDestroy(lifecycle: Json | undefined): Json {
  const { [PREVENT_DESTROY]: _, ...rest } = lifecycle ?? {}; // eslint-disable-line @typescript-eslint/no-unused-vars
  return rest;
}

const resourcesOf = (s: Synthesized): Resource[] => Object.keys(s.stacks).flatMap((stack) => s.resourceTypes(stack).flatMap((t) => s.resources(t, stack)));
const protectedBy = (r: Resource) => r.body.lifecycle?.[PREVENT_DESTROY] === true;

let sandbox: Synthesized;
let protectedOut: Synthesized;
let pinnedExample: Synthesized;
beforeAll(() => {
  sandbox = synth(fixture(true));
  protectedOut = synth(fixture(false));
  pinnedExample = synth(example());
});

describe('sandbox: true', () => {
  it('passes the invariant check of the safeguards (helpers/terraform-invariants.ts), which reports one kept back', () => {
    expect(teardownAsConfigured(sandbox, fixture(true))).toEqual([]);
    const stacks = structuredClone(sandbox.stacks) as Record<string, Json>;
    const buckets = stacks.bootstrap.resource.aws_s3_bucket;
    const state = Object.keys(buckets).find((k) => k.startsWith('state'))!;
    buckets[state].lifecycle = { prevent_destroy: true };
    expect(teardownAsConfigured(new Synthesized(stacks), fixture(true))).toEqual([expect.stringMatching(/^bootstrap:aws_s3_bucket\.state.*: keeps prevent_destroy in a sandbox$/)]);
    expect(teardownAsConfigured(protectedOut, fixture(false))).toEqual([]);
  });

  it('classifies every protective-looking argument of every resource type synthesized', () => {
    const types = [...new Set(resourcesOf(sandbox).map((r) => r.type))].sort();
    expect(types.length).toBeGreaterThan(40);
    const unclassified = types.flatMap((t) =>
      [...providerArguments(t).all].filter((a) => LOOKS_PROTECTIVE.test(a) && !(a in TEARDOWN_SETTINGS) && !(a in NOT_TEARDOWN_SETTINGS)).map((a) => `${t}.${a}`),
    );
    expect(unclassified).toEqual([]);
  });

  it('sets every safeguard argument of every resource to its sandbox value, and no resource keeps prevent_destroy', () => {
    const wrong: string[] = [];
    let lifted = 0;
    for (const r of resourcesOf(sandbox)) {
      if (protectedBy(r)) wrong.push(`${r.stack}:${r.type}.${r.name} keeps prevent_destroy`);
      for (const argument of providerArguments(r.type).topLevel) {
        const setting = TEARDOWN_SETTINGS[argument];
        if (!setting) continue;
        // Unset means the provider's default, which is `false` for every safeguard here.
        const value = r.body[argument] ?? false;
        if (value !== setting.sandbox) wrong.push(`${r.stack}:${r.type}.${r.name}.${argument} = ${JSON.stringify(r.body[argument])}, want ${setting.sandbox}`);
        else lifted++;
      }
    }
    expect(wrong).toEqual([]);
    expect(lifted).toBeGreaterThan(20);
  });

  it('lifts each safeguard the teardown needs: ALB and DocumentDB deletion protection, final snapshot, lock table, prevent_destroy, bucket and repository contents, key and secret windows', () => {
    const body = (type: string, stack?: string) => sandbox.resources(type, stack).map((r) => r.body);
    expect(body('aws_lb').map((b) => b.enable_deletion_protection)).toEqual([false, false]);
    // ... and accepts the finding that raises in the checkov gate, with the reason.
    expect(body('aws_lb').map((b) => b['//'].checkov_skip.CKV_AWS_150)).toEqual([SANDBOX_REASON, SANDBOX_REASON]);
    expect(body('aws_docdb_cluster')).toEqual([expect.objectContaining({ deletion_protection: false, skip_final_snapshot: true })]);
    expect(body('aws_dynamodb_table', 'bootstrap')).toEqual([expect.objectContaining({ deletion_protection_enabled: false })]);
    expect(body('aws_dynamodb_table', 'bootstrap')[0].lifecycle).toBeUndefined();
    // Access logs (bootstrap, shared), ALB logs, CloudTrail, Config, state: every bucket.
    const buckets = sandbox.resources('aws_s3_bucket');
    expect(buckets.map((b) => `${b.stack}/${b.path.split('/')[0]}`).sort()).toEqual(['bootstrap/access-logs', 'bootstrap/state', 'dev/alb', 'shared/access-logs', 'shared/alb', 'shared/config', 'shared/trail']);
    for (const b of buckets) expect([b.path, b.body.force_destroy, b.body.lifecycle]).toEqual([b.path, true, undefined]);
    expect(body('aws_ecr_repository').map((b) => b.force_delete)).toEqual([true, true]);
    expect(body('aws_kms_key').map((b) => b.deletion_window_in_days)).toEqual([7, 7, 7, 7, 7]);
    // Outside production the secrets go at once, even where the config asks for a window.
    expect(body('aws_secretsmanager_secret').map((b) => b.recovery_window_in_days)).toEqual([0, 0]);
  });

  it('changes nothing but those arguments: the same resources at the same addresses, the same everything else', () => {
    const differences: string[] = [];
    for (const [stack, json] of Object.entries(protectedOut.stacks)) {
      const other = sandbox.stack(stack);
      expect(Object.keys(other).sort()).toEqual(Object.keys(json).sort());
      // The stack's metadata lists the resources that carry a scanner note ("//"): the sandbox adds its own.
      const metadata = (j: Json) => ({ ...j['//'], metadata: { ...j['//'].metadata, overrides: undefined } });
      expect(metadata(other)).toEqual(metadata(json));
      for (const section of Object.keys(json).filter((k) => k !== 'resource' && k !== '//')) expect([stack, section, other[section]]).toEqual([stack, section, json[section]]);
      for (const [type, byName] of Object.entries<Json>(json.resource)) {
        expect([stack, type, Object.keys(other.resource[type]).sort()]).toEqual([stack, type, Object.keys(byName).sort()]);
        for (const [name, before] of Object.entries<Json>(byName)) {
          const after = other.resource[type][name];
          for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
            if (isDeepStrictEqual(before[key], after[key])) continue;
            const lifecycleOnly = key === 'lifecycle' && isDeepStrictEqual(withoutPreventDestroy(before.lifecycle), withoutPreventDestroy(after.lifecycle));
            const noteOnly = key === '//' && isDeepStrictEqual(withoutSandboxNotes(after['//']), before['//']);
            if (!(key in TEARDOWN_SETTINGS) && !lifecycleOnly && !noteOnly) differences.push(`${stack}:${type}.${name}.${key}`);
          }
        }
      }
    }
    expect(differences).toEqual([]);
  });
});

describe('sandbox off (the default)', () => {
  it('is false unless set, and `sandbox: false` synthesizes exactly what leaving it out does', () => {
    expect(example().shared.sandbox).toBe(false);
    expect(fixture(undefined).shared.sandbox).toBe(false);
    expect(synth(fixture(undefined)).stacks).toEqual(protectedOut.stacks);
  });

  it.each([
    ['the pinned example', () => pinnedExample],
    ['the fixture with sandbox: false', () => protectedOut],
  ])('lifts nothing in %s: state bucket and lock table kept from destroy, deletion protection on, contents and windows kept', (_, out) => {
    const s = out();
    const state = s.resources('aws_s3_bucket', 'bootstrap').filter((b) => b.path.startsWith('state/'));
    const [table] = s.resources('aws_dynamodb_table', 'bootstrap');
    expect(state.map(protectedBy)).toEqual([true]);
    expect([protectedBy(table), table.body.deletion_protection_enabled]).toEqual([true, true]);
    expect(s.resources('aws_lb').map((r) => r.body.enable_deletion_protection)).toEqual(s.resources('aws_lb').map(() => true));
    expect(s.resources('aws_kms_key').every((k) => k.body.deletion_window_in_days === 30)).toBe(true);
    for (const [type, argument] of [['aws_s3_bucket', 'force_destroy'], ['aws_ecr_repository', 'force_delete'], ['aws_ecs_service', 'force_delete']]) {
      expect(s.resources(type).filter((r) => r.body[argument] === true).map((r) => r.path)).toEqual([]);
    }
  });
});

describe('sandbox next to production', () => {
  it('is refused, naming each production environment and how to get out', () => {
    const attempt = () => example((c) => ((c.shared as Json).sandbox = true));
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/environment "prod", field production: a production environment refuses `sandbox: true` \(shared settings\).*remove `sandbox`/);
    const prodCount = example().environments.filter((e) => e.production).length;
    try {
      attempt();
    } catch (e) {
      expect((e as ConfigError).issues.filter((i) => i.field === 'production')).toHaveLength(prodCount);
    }
  });
});

describe('teardown order in docs/operations.md and the README', () => {
  const operations = fs.readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8');
  const section = operations.split(/\n(?=#{2,4} )/).find((s) => /^#{2,4} Tearing down everything/.test(s)) ?? '';
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('destroys the environments, then shared, then bootstrap, and says what each step needs', () => {
    const commands = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const destroys = commands.split('\n').filter((l) => l.includes('cdktf destroy'));
    expect(destroys).toEqual([expect.stringMatching(/cdktf destroy <env>\.\.\. shared /), expect.stringMatching(/cdktf destroy bootstrap && rm terraform\.bootstrap\.tfstate/)]);
    for (const term of ['sandbox: true', 'force_destroy', 'force_delete', 'prevent_destroy', 'PendingDeletion', '7 days', 'recovery window', 'final snapshot', 'CKV_AWS_150']) expect(section).toContain(term);
  });

  it('the README\'s Teardown destroys the environments and shared, then bootstrap last, and names the switch', () => {
    const teardown = readme.split(/\n(?=## )/).find((s) => s.startsWith('## Teardown')) ?? '';
    const destroys = (/```sh\n([\s\S]*?)```/.exec(teardown)?.[1] ?? '').split('\n').filter((l) => l.includes('cdktf destroy'));
    expect(destroys).toEqual([expect.stringMatching(/cdktf destroy (?!bootstrap)[a-z0-9 -]* shared /), expect.stringMatching(/cdktf destroy bootstrap && rm terraform\.bootstrap\.tfstate/)]);
    for (const term of ['sandbox: true', 'prevent_destroy', 'PendingDeletion']) expect(teardown).toContain(term);
  });

  it('lists the switch among the shared settings in docs/configuration.md, off by default', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8')).toMatch(/^\| `sandbox` \| `false` \| .*Refused next to a production environment\. \|$/m);
  });
});
