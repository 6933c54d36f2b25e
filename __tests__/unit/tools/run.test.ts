/**
 * tools/run.js (npm run synth, verify, checkov, cost): the bundle cache is keyed on its inputs.
 * A warm run builds nothing; changing a bundled source, adding a file to a bundled folder, the
 * lockfile, the installed tree or the Node version builds again. Runs a copy of the tool in a scratch project.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scratchRunProject } from '../../helpers/scratch-run-project';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-run-'));
const cache = path.join(dir, 'node_modules', '.cache', 'secure-fargate-run');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  scratchRunProject(dir);
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
  fs.writeFileSync(path.join(dir, 'src', 'lib.ts'), "export const word: string = 'one';\n");
  fs.writeFileSync(path.join(dir, 'entry.ts'), "import { word } from './src/lib';\nconsole.log(word, require.main === module, __dirname, process.argv.slice(2).join(','));\n");
});

function run(...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(dir, 'tools', 'run.js'), 'entry.ts', ...args], { cwd: dir, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.trim();
}

/** The bundles in the cache with their modification times. */
const bundles = () => fs.readdirSync(cache).filter((f) => /\.js$/.test(f)).map((f) => `${f}@${fs.statSync(path.join(cache, f)).mtimeMs}`);

describe('tools/run.js', () => {
  it('runs the entry as the main module, with its own __dirname and arguments', () => {
    expect(run('a', 'b')).toBe(`one true ${dir} a,b`);
  });

  it('builds nothing on a warm run, and caches the compiled code', () => {
    const before = bundles();
    expect(before).toHaveLength(1);
    expect(run()).toBe(`one true ${dir}`);
    expect(bundles()).toEqual(before);
    expect(fs.readdirSync(cache).some((f) => f.endsWith('.v8'))).toBe(true);
  });

  it('builds again when a bundled source changes', () => {
    const before = bundles();
    fs.writeFileSync(path.join(dir, 'src', 'lib.ts'), "export const word: string = 'two';\n");
    expect(run()).toBe(`two true ${dir}`);
    expect(bundles()).not.toEqual(before);
    expect(bundles()).toHaveLength(1);
  });

  it('builds again when a file is added to a bundled folder: a require with a computed name (environments/files.ts) bundles every file there', () => {
    fs.writeFileSync(path.join(dir, 'entry.ts'), "import { word } from './src/lib';\nconst names = ['lib', 'extra'].filter((n) => require('fs').existsSync(`${__dirname}/src/${n}.ts`));\nconsole.log(word, names.map((n) => require(`./src/${n}.ts`).word).join('+'));\n");
    expect(run()).toBe('two two');
    const before = bundles();
    fs.writeFileSync(path.join(dir, 'src', 'extra.ts'), "export const word: string = 'added';\n");
    expect(run()).toBe('two two+added');
    expect(bundles()).not.toEqual(before);
  });

  it.each([
    ['the lockfile', 'package-lock.json', '{"lockfileVersion":3,"packages":{}}\n'],
    ['the installed tree (a framework switch)', 'node_modules/.package-lock.json', '{"lockfileVersion":3}\n'],
    ['package.json', 'package.json', '{"name":"scratch","private":true,"version":"1.0.0"}\n'],
    ['tsconfig.json', 'tsconfig.json', '{"compilerOptions":{"target":"ES2022"}}\n'],
  ])('builds again when %s changes', (_, file, text) => {
    const before = bundles();
    fs.writeFileSync(path.join(dir, file), text);
    run();
    expect(bundles()).not.toEqual(before);
  });

  it('keys the cache on the Node version', () => {
    const { keyOf } = require(path.join(dir, 'tools', 'run.js')) as { keyOf: (...a: unknown[]) => string };
    expect(keyOf('entry.ts', false, ['src/lib.ts'], 'v20.20.2 x64')).not.toBe(keyOf('entry.ts', false, ['src/lib.ts'], 'v22.23.5 x64'));
    expect(keyOf('entry.ts', false, ['src/lib.ts'], 'v20.20.2 x64')).toBe(keyOf('entry.ts', false, ['src/lib.ts'], 'v20.20.2 x64'));
  });
});
