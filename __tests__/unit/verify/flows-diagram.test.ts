/**
 * The flow diagram `npm run verify` draws (cdktf.out/flows.mmd, the README's block) on pinned
 * configurations: one box per environment holding exactly its tasks, its dedicated ALB and,
 * only when it has one, its database; an arrow to the identity provider exactly where an ALB
 * carries OIDC rules; no arrow between two environments; every flow verify finds drawn (the
 * check of the invariant suite, helpers/terraform-invariants.ts; any generated mix of
 * databases, OIDC and dedicated ALBs: properties/configurations.test.ts). Rendering it is not
 * part of the tests (tools/render-flows.sh).
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { Json, Synthesized } from '../../../verify/tfjson';
import { verify } from '../../../verify/verify';
import { example, loadConfigFile } from '../../helpers/config-file';
import { ROOT } from '../../helpers/sources';
import { synth } from '../../helpers/synth';
import { diagramStructure, parseDiagram } from '../../helpers/terraform-invariants';

const FIXTURE = path.join(__dirname, '../../fixtures/flows/oidc-database.json');
const OIDC_CASE = path.join(__dirname, '../../../../shared/cases/deploy/oidc.json');
const DOCDB_CASE = path.join(__dirname, '../../../../shared/cases/deploy/docdb.json');

const cases: Array<[string, () => AppConfig]> = [
  ['the pinned example', () => example()],
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

describe.each(cases.map(([name]) => name))('the diagram of %s', (name) => {
  it('has one box per environment holding its tasks, its dedicated ALB and its database only when it has one; IdP egress iff OIDC; no arrow between environments', () => {
    const { config, out, text } = drawn.get(name)!;
    expect(diagramStructure(config, out, text)).toEqual([]);
  });
});

describe('the diagram', () => {
  it('of the fixture draws both databases in their boxes, the IdP arrows of the shared and the dedicated ALB, and the endpoints and NAT per AZ', () => {
    const { nodes, edges } = parseDiagram(drawn.get('a fixture with OIDC, databases and a dedicated ALB')!.text);
    expect([nodes.get('db_dev'), nodes.get('db_live'), nodes.has('db_qa'), nodes.get('alb_live')]).toEqual(['dev', 'live', false, 'live']);
    expect(edges.filter((e) => e.label.endsWith('to the OIDC IdP')).map((e) => e.from).sort()).toEqual(['alb', 'alb_live']);
    expect(drawn.get('a fixture with OIDC, databases and a dedicated ALB')!.text).toMatch(/nat\["NAT gateways \(\d, one per AZ\)"\]/);
  });

  it('shows a database that is not DocumentDB once something else joins the environment\'s DB group', () => {
    const { config, out } = drawn.get('the pinned example')!;
    const env = config.environments[0].name;
    const stacks = structuredClone(out.stacks) as Record<string, Json>;
    const group = Object.entries<Json>(stacks[env].resource.aws_security_group).find(([, g]) => String(g.name).endsWith(`-${env}-db`))![0];
    stacks[env].resource.aws_network_interface = { own_mongodb: { subnet_id: 'subnet-1', security_groups: [`\${aws_security_group.${group}.id}`] } };
    const attached = new Synthesized(stacks);
    expect(diagramStructure(config, attached, verify(attached, config).mermaid, (e) => e === env)).toEqual([]);
    expect(verify(attached, config).mermaid).toContain(`db_${env}[("Database")]`);
  });

  it('is docs/architecture.md\'s block and docs/flows.mmd for the shipped example (pinned), with its rendering beside it (shown by the README)', () => {
    const text = drawn.get('the pinned example')!.text;
    const readme = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('](docs/flows.png)');
    expect(/<!-- flows:begin -->\n```mermaid\n([\s\S]*?)\n```\n<!-- flows:end -->/.exec(readme)?.[1]).toBe(text);
    // Re-render docs/flows.png (bash tools/render-flows.sh) whenever this file changes.
    expect(fs.readFileSync(path.join(ROOT, 'docs/flows.mmd'), 'utf8')).toBe(`${text}\n`);
    const png = fs.readFileSync(path.join(ROOT, 'docs/flows.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeLessThan(200_000);
  });
});
