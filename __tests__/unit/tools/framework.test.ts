/**
 * tools/framework.js (`npm run framework -- terrain|cdktf`): the switch rewrites only the
 * framework pins, round-trips byte for byte, never touches package-lock.json (the cdktf
 * lock), refuses a Node too old for CDK Terrain, and what is installed is what package.json
 * selects (so the Terrain CI run really runs on CDK Terrain).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const { FRAMEWORKS, current, rewrite, nodeAtLeast } = require(path.join(ROOT, 'tools', 'framework.js')) as {
  FRAMEWORKS: Record<string, { node: string; cli: string; dependencies: Record<string, string>; devDependencies: Record<string, string> }>;
  current: (text: string) => string | undefined;
  rewrite: (text: string, name: string) => string;
  nodeAtLeast: (version: string, minimum: string) => boolean;
};
const packageJson = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
const asCdktf = rewrite(packageJson, 'cdktf');
const pins = (name: string) => ({ ...FRAMEWORKS[name].dependencies, ...FRAMEWORKS[name].devDependencies });

describe('npm run framework', () => {
  it('finds which framework package.json selects', () => {
    expect(Object.keys(FRAMEWORKS)).toContain(current(packageJson));
    expect(current(asCdktf)).toBe('cdktf');
    expect(current(rewrite(packageJson, 'terrain'))).toBe('terrain');
  });

  it('round-trips package.json byte for byte (the committed one is the cdktf one)', () => {
    expect(rewrite(rewrite(asCdktf, 'terrain'), 'cdktf')).toBe(asCdktf);
    if (current(packageJson) === 'cdktf') expect(asCdktf).toBe(packageJson);
  });

  it('changes only the framework pins and engines.node', () => {
    const a = JSON.parse(asCdktf);
    const b = JSON.parse(rewrite(asCdktf, 'terrain'));
    for (const field of ['dependencies', 'devDependencies'] as const) {
      for (const dep of Object.keys(a[field])) if (!(dep in pins('terrain'))) expect(b[field][dep]).toBe(a[field][dep]);
      expect(Object.keys(b[field])).toEqual(Object.keys(a[field]));
    }
    expect({ ...b, dependencies: a.dependencies, devDependencies: a.devDependencies, engines: a.engines }).toEqual(a);
    expect(b.engines.node).toBe(`>=${FRAMEWORKS.terrain.node}`);
    for (const [dep, spec] of Object.entries(pins('terrain'))) expect({ ...b.dependencies, ...b.devDependencies }[dep]).toBe(spec);
  });

  it('leaves package-lock.json the cdktf lock', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const root = { ...lock.packages[''].dependencies, ...lock.packages[''].devDependencies };
    for (const [dep, version] of Object.entries(pins('cdktf'))) {
      expect(root[dep]).toBe(version);
      expect(lock.packages[`node_modules/${dep}`].version).toBe(version);
    }
  });

  it('has installed the framework package.json selects, with the CLI command it names', () => {
    const installed = (dep: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
    const name = current(packageJson)!;
    for (const [dep, spec] of Object.entries(pins(name))) {
      const alias = /^npm:(@?[^@]+)@(.+)$/.exec(spec);
      expect(installed(dep)).toMatchObject(alias ? { name: alias[1], version: alias[2] } : { name: dep, version: spec });
    }
    expect(Object.keys(installed('cdktf-cli').bin)).toEqual([FRAMEWORKS[name].cli]);
  });

  it('compares Node versions', () => {
    expect(nodeAtLeast('v22.19.0', '22.19.0')).toBe(true);
    expect(nodeAtLeast('22.23.5', '22.19.0')).toBe(true);
    expect(nodeAtLeast('24.0.0', '22.19.0')).toBe(true);
    expect(nodeAtLeast('22.18.9', '22.19.0')).toBe(false);
    expect(nodeAtLeast('v20.20.2', '22.19.0')).toBe(false);
  });

  it(`switches a scratch package.json on Node ${process.versions.node}, or refuses CDK Terrain on a Node too old for it`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-framework-'));
    try {
      fs.mkdirSync(path.join(dir, 'tools'));
      fs.copyFileSync(path.join(ROOT, 'tools', 'framework.js'), path.join(dir, 'tools', 'framework.js'));
      fs.writeFileSync(path.join(dir, 'package.json'), asCdktf);
      const r = spawnSync(process.execPath, [path.join(dir, 'tools', 'framework.js'), 'terrain', '--no-install'], { encoding: 'utf8' });
      const after = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
      if (nodeAtLeast(process.versions.node, FRAMEWORKS.terrain.node)) {
        expect(r.status).toBe(0);
        expect(after).toBe(rewrite(asCdktf, 'terrain'));
      } else {
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(`needs Node >= ${FRAMEWORKS.terrain.node}`);
        expect(after).toBe(asCdktf);
      }
      const back = spawnSync(process.execPath, [path.join(dir, 'tools', 'framework.js'), 'cdktf', '--no-install'], { encoding: 'utf8' });
      expect(back.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(asCdktf);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
