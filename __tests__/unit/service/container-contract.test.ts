/**
 * The container contract, platform side: every container gets PORT = the service's port (so
 * the image need not repeat it), a PORT that disagrees is refused at synth, and the README
 * documents the whole contract in one section that links the example image.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { ConfigError } from '../../../environments';
import { ROOT } from '../../helpers/sources';
import { synth } from '../../helpers/synth';
import { example, loadConfigFile } from '../../helpers/config-file';

const TWO_ENVS = path.join(__dirname, '../../fixtures/exec/two-environments.json');

describe('PORT', () => {
  it.each([
    ['the pinned example', example],
    ['a fixture of four environments', () => loadConfigFile(TWO_ENVS)],
  ])('is set to the service\'s port in every container of %s', (_, load) => {
    const config = load();
    const out = synth(config);
    for (const env of config.environments) {
      for (const s of out.resources('aws_ecs_service', env.name)) {
        const svc = env.services.find((x) => x.name === s.body.name)!;
        const [c] = JSON.parse(out.mustResolve(env.name, s.body.task_definition).body.container_definitions);
        expect(c.environment.filter((e: { name: string }) => e.name === 'PORT')).toEqual([{ name: 'PORT', value: String(svc.port) }]);
        expect(c.portMappings).toEqual([{ containerPort: svc.port, protocol: 'tcp' }]);
      }
    }
  });

  const messageFor = (port: number, value: string): string => {
    try {
      example((c) => {
        c.environments[1].services[0].port = port;
        c.environments[1].services[0].environment = { PORT: value };
      });
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return '';
  };

  it('set by the user is refused unless it is the service\'s port', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3000, max: 4000 }), fc.oneof(fc.integer({ min: 0, max: 65535 }).map(String), fc.string({ maxLength: 6 })), (port, value) => {
        const message = messageFor(port, value);
        if (value === String(port)) expect(message).toBe('');
        else expect(message).toContain(`environment "stage", field services[auth].environment.PORT: the platform sets PORT to the service's port ${port}`);
      }),
      { seed: 10_12, numRuns: 60 },
    );
  });
});

describe('documentation', () => {
  // The README and every docs/ page: the contract is stated once, in docs/operations.md.
  const pages = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const sections = pages.flatMap((p) => fs.readFileSync(path.join(ROOT, p), 'utf8').split(/\n(?=#{2,4} )/));

  it('documents the container contract in one section (docs/operations.md) that links the example image', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8')).toMatch(/^#{2,4} Container image contract/m);
    const contract = sections.filter((s) => /^#{2,4} Container image contract/.test(s));
    expect(contract).toHaveLength(1);
    for (const term of ['1000:1000', 'VOLUME ["/tmp"]', 'PORT', '/health', 'prefix', 'secrets', 'SIGTERM', 'examples/hello-service']) expect(contract[0]).toContain(term);
    // Nowhere else is the contract restated: other sections link to it.
    expect(sections.filter((s) => s.includes('VOLUME ["/tmp"]'))).toHaveLength(1);
  });
});
