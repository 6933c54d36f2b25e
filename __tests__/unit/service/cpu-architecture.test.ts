/**
 * CPU architecture: each task definition runs the architecture its service names (X86_64 by
 * default), every combination AWS accepts synthesizes (ARM64 on Fargate Spot included: the ECS
 * API reference, CapacityProviderStrategyItem: "FARGATE_SPOT supports Linux tasks with the ARM64
 * architecture on platform version 1.4.0 or later"; services run on LATEST), a value ECS would
 * reject is refused at synth, and every README build command says which platform it builds.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { example, loadConfigFile, refusalMessage } from '../../helpers/config-file';
import { ROOT } from '../../helpers/sources';
import { synth } from '../../helpers/synth';

const MIXED = path.join(__dirname, '../../fixtures/architecture/arm64-mixed.json');

/** service name → [cpu_architecture, capacity provider, platform version] for every service of every environment. */
function placement(config: AppConfig): Record<string, [string, string, string]> {
  const out = synth(config);
  const rows: Record<string, [string, string, string]> = {};
  for (const env of config.environments) {
    for (const s of out.resources('aws_ecs_service', env.name)) {
      const td = out.mustResolve(env.name, s.body.task_definition);
      expect(td.body.runtime_platform.operating_system_family).toBe('LINUX');
      rows[`${env.name}/${s.body.name}`] = [td.body.runtime_platform.cpu_architecture, s.body.capacity_provider_strategy[0].capacity_provider, s.body.platform_version];
    }
  }
  return rows;
}

describe('cpuArchitecture', () => {
  it('is X86_64 for every service of the pinned example (the default)', () => {
    const config = example();
    for (const [arch] of Object.values(placement(config))) expect(arch).toBe('X86_64');
    for (const env of config.environments) for (const svc of env.services) expect(svc.cpuArchitecture).toBe('X86_64');
  });

  it('follows each service, ARM64 on Fargate Spot included, on platform LATEST (1.4.0+)', () => {
    expect(placement(loadConfigFile(MIXED))).toEqual({
      'test/auth': ['ARM64', 'FARGATE_SPOT', 'LATEST'],
      'test/billing': ['ARM64', 'FARGATE', 'LATEST'],
      'test/reminder': ['X86_64', 'FARGATE', 'LATEST'],
    });
  });

  it.each(['arm64', 'x86_64', 'AMD64', 'ARM'])('refuses %p with the values ECS accepts', (value) => {
    const message = refusalMessage(MIXED, (raw) => {
      (raw.environments[0] as { services: Array<Record<string, unknown>> }).services[2].cpuArchitecture = value;
    });
    expect(message).toContain('environment "test", field services[reminder].cpuArchitecture: must be "X86_64" or "ARM64"');
  });
});

describe('build commands in the documentation', () => {
  const docs = ['README.md', 'docs/operations.md', 'examples/hello-service/README.md', 'examples/hello-service/Dockerfile'];

  it.each(docs)('%s builds every image for an explicit platform', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const builds = text.split('\n').filter((l) => /\bdocker (buildx )?build\b/.test(l));
    expect(builds.length).toBeGreaterThan(0);
    for (const line of builds) expect(line).toMatch(/--platform[ =]linux\/(amd64|arm64)\b/);
  });

  it('the README points at the example image and the cpuArchitecture setting', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('examples/hello-service');
    expect(readme).toMatch(/`cpuArchitecture`/);
  });
});
