/**
 * More invariants as checks (see ./invariants.ts): what Terraform reads beyond the resources'
 * attributes (bare lifecycle references), the deletion safeguards as the `sandbox` switch
 * says, and the flow diagram `npm run verify` draws. Expectations come from the configuration
 * and the tables (model/teardown.ts), never from the shipped example.
 */
import { AppConfig } from '../../environments';
import { PREVENT_DESTROY, TEARDOWN_SETTINGS } from '../../model/teardown';
import { INTERNET, checkReachability, diagramLayout, mermaid } from '../../verify/reachability';
import { Json, Resource, Synthesized } from '../../verify/tfjson';

type Check = (s: Synthesized, config: AppConfig) => string[];

const at = (r: Resource) => `${r.stack}:${r.type}.${r.name}`;
const resourcesOf = (s: Synthesized): Resource[] => Object.keys(s.stacks).flatMap((stack) => s.resourceTypes(stack).flatMap((t) => s.resources(t, stack)));

/**
 * Terraform's JSON syntax takes lifecycle references as bare traversals (`terraform validate`
 * refuses `"${terraform_data.x}"` in replace_triggered_by): every `replace_triggered_by` entry
 * is the bare address of a resource in the same stack, every `ignore_changes` entry a bare
 * attribute name.
 */
export const bareLifecycleReferences: Check = (s) => {
  const out: string[] = [];
  for (const r of resourcesOf(s)) {
    const lifecycle: Json = r.body.lifecycle ?? {};
    for (const ref of lifecycle.replace_triggered_by ?? []) {
      const m = /^([a-z0-9_]+)\.([\w-]+)(\.[\w.]+)?$/.exec(String(ref));
      if (!m || !s.stack(r.stack).resource?.[m[1]]?.[m[2]]) out.push(`${at(r)}: replace_triggered_by "${ref}" is not the bare address of a resource of its stack`);
    }
    for (const attr of lifecycle.ignore_changes ?? []) {
      if (!/^[a-z_][a-z0-9_]*(\.[a-z0-9_]+|\[\d+\])*$/.test(String(attr))) out.push(`${at(r)}: ignore_changes "${attr}" is not a bare attribute name`);
    }
  }
  return out;
};

/** The KMS key deletion window outside a sandbox: the longest AWS allows (ScheduleKeyDeletion: 7–30 days). */
export const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * Deletion safeguards as `sandbox` says. Off: the state bucket and lock table are kept from
 * destroy, the lock table and every ALB have deletion protection, every key keeps the longest
 * deletion window, no bucket, repository or ECS service is force-deleted. On (never next to
 * production): every safeguard argument a resource sets has its sandbox value
 * (model/teardown.ts) and nothing keeps prevent_destroy.
 */
export const teardownAsConfigured: Check = (s, config) => {
  const out: string[] = [];
  const all = resourcesOf(s);
  const keeps = (r: Resource) => r.body.lifecycle?.[PREVENT_DESTROY] === true;
  if (config.shared.sandbox) {
    if (config.environments.some((e) => e.production)) out.push('sandbox: true next to a production environment');
    for (const r of all) {
      if (keeps(r)) out.push(`${at(r)}: keeps prevent_destroy in a sandbox`);
      for (const [argument, setting] of Object.entries(TEARDOWN_SETTINGS)) {
        if (argument in r.body && r.body[argument] !== setting.sandbox) out.push(`${at(r)}: ${argument} = ${JSON.stringify(r.body[argument])} in a sandbox; want ${setting.sandbox}`);
      }
    }
    return out;
  }
  const state = s.resources('aws_s3_bucket', 'bootstrap').filter((b) => b.path.startsWith('state/'));
  if (state.length !== 1 || !keeps(state[0])) out.push('bootstrap: the state bucket must be kept from destroy (prevent_destroy)');
  for (const t of s.resources('aws_dynamodb_table', 'bootstrap')) if (!keeps(t) || t.body.deletion_protection_enabled !== true) out.push(`${at(t)}: the lock table must be kept from destroy and have deletion protection`);
  for (const lb of s.resources('aws_lb')) if (lb.body.enable_deletion_protection !== true) out.push(`${at(lb)}: no deletion protection`);
  for (const k of s.resources('aws_kms_key')) if (k.body.deletion_window_in_days !== KEY_DELETION_WINDOW_DAYS) out.push(`${at(k)}: deletion window ${k.body.deletion_window_in_days} days; want ${KEY_DELETION_WINDOW_DAYS}`);
  for (const [type, argument] of [['aws_s3_bucket', 'force_destroy'], ['aws_ecr_repository', 'force_delete'], ['aws_ecs_service', 'force_delete']]) {
    for (const r of s.resources(type)) if (r.body[argument] === true) out.push(`${at(r)}: ${argument} outside a sandbox`);
  }
  return out;
};

/** The flow diagram (what `npm run verify` writes to cdktf.out/flows.mmd) of a synthesized app. */
export const flowDiagramOf = (s: Synthesized, config: AppConfig): string => mermaid(checkReachability(s, config).actual, diagramLayout(s, config));

interface Diagram {
  /** Node ID → the environment box it is in (undefined: outside every environment). */
  readonly nodes: ReadonlyMap<string, string | undefined>;
  readonly edges: ReadonlyArray<{ from: string; to: string; label: string }>;
}

/** Reads the flowchart back: nodes with their environment box, and the visible edges. */
export function parseDiagram(text: string): Diagram {
  const nodes = new Map<string, string | undefined>();
  const edges: Array<{ from: string; to: string; label: string }> = [];
  const boxes: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const sub = /^\s*subgraph (\w+)\[/.exec(line);
    const edge = /^\s*(\w+) -->\|"([^"]*)"\| (\w+)$/.exec(line);
    const node = /^\s*(\w+)(\(\(|\[\(|\[)"/.exec(line);
    if (sub) boxes.push(sub[1]);
    else if (/^\s*end$/.test(line)) boxes.pop();
    else if (edge) edges.push({ from: edge[1], to: edge[3], label: edge[2] });
    else if (node) nodes.set(node[1], boxes.find((b) => b.startsWith('env_'))?.slice(4));
    else if (!/^\s*\w+ ~~~ \w+$/.test(line)) throw new Error(`unexpected diagram line: ${line}`);
  }
  return { nodes, edges };
}

/**
 * The diagram's structure: one box per environment holding exactly its tasks, its dedicated ALB
 * and (only when it has one) its database; no arrow between two environments; an arrow to the
 * identity provider from exactly the ALBs that carry OIDC rules; every flow verify finds drawn
 * (directly, task egress through the NAT, or to a public ALB through the internet).
 */
export function diagramStructure(config: AppConfig, s: Synthesized, text: string, databases: (env: string) => boolean = (env) => config.environments.find((e) => e.name === env)!.database.enabled): string[] {
  const out: string[] = [];
  const d = parseDiagram(text);
  // Mermaid IDs: every character but letters and digits becomes "_" ("-" in an environment's name).
  const id = (a: string) => a.replace(/[^A-Za-z0-9]/g, '_');
  for (const env of config.environments) {
    const box = [...d.nodes].filter(([, e]) => e === id(env.name)).map(([n]) => n).sort();
    const want = [id(`ecs:${env.name}`), ...(env.dedicatedAlb ? [id(`alb:${env.name}`)] : []), ...(databases(env.name) ? [id(`db:${env.name}`)] : [])].sort();
    if (box.join() !== want.join()) out.push(`box of ${env.name}: ${box.join(', ')}; want ${want.join(', ')}`);
  }
  for (const n of [...d.nodes.keys()].filter((x) => x.startsWith('db_') && d.nodes.get(x) !== x.slice(3))) out.push(`${n}: a database outside its environment's box`);
  for (const e of d.edges) {
    if (!d.nodes.has(e.from) || !d.nodes.has(e.to)) out.push(`${e.from} -> ${e.to}: joins an undeclared node`);
    const [a, b] = [d.nodes.get(e.from), d.nodes.get(e.to)];
    if (a !== undefined && b !== undefined && a !== b) out.push(`${e.from} -> ${e.to}: an arrow between environments ${a} and ${b}`);
  }
  const idp = d.edges.filter((e) => e.label.endsWith('to the OIDC IdP')).map((e) => `${e.from} ${e.to} ${e.label}`).sort();
  const oidcAlbs = [...new Set(config.environments.filter((e) => e.oidc).map((e) => (e.dedicatedAlb ? id(`alb:${e.name}`) : 'alb')))].sort();
  const wantIdp = oidcAlbs.map((a) => `${a} internet tcp 443 to the OIDC IdP`);
  if (idp.join('|') !== wantIdp.join('|')) out.push(`IdP arrows ${JSON.stringify(idp)}; want ${JSON.stringify(wantIdp)}`);
  const edges = new Set(d.edges.map((e) => `${e.from} ${e.to} ${e.label.replace(' to the OIDC IdP', '')}`));
  for (const r of checkReachability(s, config).actual) {
    if (r.to.startsWith('alb') && r.from !== INTERNET) continue;
    if (r.to.startsWith('db:') && !databases(r.to.slice(3))) continue;
    const to = r.to === INTERNET && r.from.startsWith('ecs:') ? 'nat' : id(r.to);
    const label = r.ranges.map((x) => (x.from === 0 && x.to === 65535 ? `${x.protocol} all` : x.from === x.to ? `${x.protocol} ${x.from}` : `${x.protocol} ${x.from}-${x.to}`)).join(', ');
    if (!edges.has(`${id(r.from)} ${to} ${label}`)) out.push(`flow ${r.from} -> ${r.to} (${label}) is not drawn`);
  }
  return out;
}

/** The flow diagram of the app keeps its structure. */
export const flowDiagram: Check = (s, config) => diagramStructure(config, s, flowDiagramOf(s, config));
