/**
 * The flow diagram `npm run verify` draws (cdktf.out/flows.mmd, the README's block): one box
 * per environment holding exactly its tasks, its dedicated ALB and, only when it has one, its
 * database; an arrow to the identity provider exactly where an ALB carries OIDC rules; no
 * arrow between two environments; and every flow verify finds drawn (or drawn as the path it
 * takes through the internet). Rendering it is not part of the tests (tools/render-flows.sh).
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { AppConfig, defaultConfig, loadConfig } from '../../environments';
import { Json, Synthesized } from '../../verify/tfjson';
import { verify } from '../../verify/verify';
import { INTERNET, checkReachability } from '../../verify/reachability';
import { loadConfigFile } from '../helpers/config-file';
import { ROOT } from '../helpers/sources';
import { synth } from '../helpers/synth';

const FIXTURE = path.join(__dirname, '../fixtures/flows/oidc-database.json');
const OIDC_CASE = path.join(__dirname, '../../../shared/cases/deploy/oidc.json');
const DOCDB_CASE = path.join(__dirname, '../../../shared/cases/deploy/docdb.json');

interface Diagram {
  /** Node ID → the environment box it is in (undefined: outside every environment). */
  readonly nodes: ReadonlyMap<string, string | undefined>;
  readonly edges: ReadonlyArray<{ from: string; to: string; label: string }>;
}

/** Reads the flowchart back: nodes with their environment box, and the visible edges. */
function parse(text: string): Diagram {
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

const cases: Array<[string, () => AppConfig]> = [
  ['the shipped configuration', () => defaultConfig()],
  ['a fixture with OIDC, databases and a dedicated ALB', () => loadConfigFile(FIXTURE)],
  ['oidc.json (handed case)', () => loadConfigFile(OIDC_CASE)],
  ['docdb.json (handed case)', () => loadConfigFile(DOCDB_CASE)],
];
const drawn = new Map<string, { config: AppConfig; out: Synthesized; text: string }>();
beforeAll(() => {
  for (const [name, load] of cases) {
    const config = load();
    const out = synth(config);
    drawn.set(name, { config, out, text: verify(out, config).mermaid });
  }
});

/** The structural rules, for any configuration and its synthesized app. */
function expectStructure(config: AppConfig, out: Synthesized, text: string, databases: (env: string) => boolean = (env) => config.environments.find((e) => e.name === env)!.database.enabled): void {
  const d = parse(text);
  for (const env of config.environments) {
    const box = [...d.nodes].filter(([, e]) => e === env.name).map(([n]) => n).sort();
    const want = [`ecs_${env.name}`, ...(env.dedicatedAlb ? [`alb_${env.name}`] : []), ...(databases(env.name) ? [`db_${env.name}`] : [])].sort();
    expect([env.name, box]).toEqual([env.name, want]);
  }
  // No database node but in its environment's box.
  expect([...d.nodes.keys()].filter((n) => n.startsWith('db_') && d.nodes.get(n) !== n.slice(3))).toEqual([]);
  // Every edge joins declared nodes, and never two environments.
  for (const e of d.edges) {
    expect([e.from, d.nodes.has(e.from), e.to, d.nodes.has(e.to)]).toEqual([e.from, true, e.to, true]);
    const [a, b] = [d.nodes.get(e.from), d.nodes.get(e.to)];
    expect([`${e.from} -> ${e.to}`, a !== undefined && b !== undefined && a !== b]).toEqual([`${e.from} -> ${e.to}`, false]);
  }
  // An arrow to the identity provider from exactly the ALBs that carry OIDC rules.
  const idp = d.edges.filter((e) => e.label.endsWith('to the OIDC IdP')).map((e) => `${e.from} ${e.to} ${e.label}`).sort();
  const oidcAlbs = [...new Set(config.environments.filter((e) => e.oidc).map((e) => (e.dedicatedAlb ? `alb_${e.name}` : 'alb')))].sort();
  expect(idp).toEqual(oidcAlbs.map((a) => `${a} internet tcp 443 to the OIDC IdP`));
  // Every flow verify finds is drawn: directly, task egress through the NAT, or (to a public ALB) through the internet.
  const edges = new Set(d.edges.map((e) => `${e.from} ${e.to} ${e.label.replace(' to the OIDC IdP', '')}`));
  const id = (a: string) => a.replace(/[^A-Za-z0-9]/g, '_');
  for (const r of checkReachability(out, config).actual) {
    if (r.to.startsWith('alb') && r.from !== INTERNET) continue;
    if (r.to.startsWith('db:') && !databases(r.to.slice(3))) continue;
    const to = r.to === INTERNET && r.from.startsWith('ecs:') ? 'nat' : id(r.to);
    const label = r.ranges.map((x) => (x.from === 0 && x.to === 65535 ? `${x.protocol} all` : x.from === x.to ? `${x.protocol} ${x.from}` : `${x.protocol} ${x.from}-${x.to}`)).join(', ');
    expect(edges).toContain(`${id(r.from)} ${to} ${label}`);
  }
}

describe.each(cases.map(([name]) => name))('the diagram of %s', (name) => {
  it('has one box per environment holding its tasks, its dedicated ALB and its database only when it has one; IdP egress iff OIDC; no arrow between environments', () => {
    const { config, out, text } = drawn.get(name)!;
    expectStructure(config, out, text);
  });
});

describe('the diagram', () => {
  it('shows a database that is not DocumentDB once something else joins the environment\'s DB group', () => {
    const { config, out } = drawn.get('the shipped configuration')!;
    const env = config.environments[0].name;
    const stacks = structuredClone(out.stacks) as Record<string, Json>;
    const group = Object.entries<Json>(stacks[env].resource.aws_security_group).find(([, g]) => String(g.name).endsWith(`-${env}-db`))![0];
    stacks[env].resource.aws_network_interface = { own_mongodb: { subnet_id: 'subnet-1', security_groups: [`\${aws_security_group.${group}.id}`] } };
    const attached = new Synthesized(stacks);
    expectStructure(config, attached, verify(attached, config).mermaid, (e) => e === env);
    expect(verify(attached, config).mermaid).toContain(`db_${env}[("Database")]`);
  });

  it('keeps its structure for any mix of databases, OIDC and dedicated ALBs (property-based)', () => {
    const environment = fc.record({ database: fc.boolean(), oidc: fc.boolean(), dedicatedAlb: fc.boolean() });
    const oidc = { issuer: 'https://idp.example.com', authorizationEndpoint: 'https://idp.example.com/a', tokenEndpoint: 'https://idp.example.com/t', userInfoEndpoint: 'https://idp.example.com/u', clientId: 'c' };
    fc.assert(
      fc.property(fc.array(environment, { minLength: 1, maxLength: 3 }), fc.boolean(), (envs, perAz) => {
        const raw = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
        raw.shared.network.natGateways = perAz ? 'per-az' : 'single';
        raw.environments = envs.map((e, i) => ({
          name: `e${i}`,
          routePrefix: `/e${i}`,
          ...(e.dedicatedAlb ? { dedicatedAlb: true } : {}),
          ...(e.database ? { database: { enabled: true } } : {}),
          ...(e.oidc ? { oidc } : {}),
          services: [{ name: 'api', port: 3000, routes: ['/api'] }],
        }));
        const config = loadConfig(raw.shared, raw.environments);
        const out = synth(config);
        expectStructure(config, out, verify(out, config).mermaid);
      }),
      { seed: 1616, numRuns: 8 },
    );
  });

  it('is the README\'s block and docs/flows.mmd for the shipped configuration, with its rendering beside it', () => {
    const text = drawn.get('the shipped configuration')!.text;
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(/<!-- flows:begin -->\n```mermaid\n([\s\S]*?)\n```\n<!-- flows:end -->/.exec(readme)?.[1]).toBe(text);
    // Re-render docs/flows.png (bash tools/render-flows.sh) whenever this file changes.
    expect(fs.readFileSync(path.join(ROOT, 'docs/flows.mmd'), 'utf8')).toBe(`${text}\n`);
    const png = fs.readFileSync(path.join(ROOT, 'docs/flows.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeLessThan(200_000);
  });
});
