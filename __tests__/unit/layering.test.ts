/**
 * The layers of the source tree (see the README's "Repository layout"):
 * model ← environments ← constructs, with each construct folder using only the folders its
 * README names; and no file in constructs/ or environments/ over 250 lines.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, importsOf, sources, target } from '../helpers/sources';

const CDKTF = /^(cdktf|constructs)(\/|$)|^@cdktf\//;
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
const inDir = (dir: string) => sources(path.join(ROOT, dir)).filter((f) => f.endsWith('.ts'));

/** "file imports target" for the imports of the files in `dir` that break `allowed`; `local` is true for our own files. */
function offenders(dir: string, allowed: (file: string, to: string, local: boolean) => boolean): string[] {
  return inDir(dir).flatMap((f) =>
    importsOf(f)
      .map((spec) => ({ to: target(f, spec), local: spec.startsWith('.') }))
      .filter(({ to, local }) => !allowed(rel(f), to, local))
      .map(({ to }) => `${rel(f)} imports ${to}`),
  );
}

/** Construct folders each folder may import besides model/ and environments/ (the folder READMEs say why). */
const CONSTRUCT_FOLDERS: Readonly<Record<string, readonly string[]>> = {
  network: [],
  edge: ['storage'],
  service: ['edge'],
  identity: [],
  audit: ['storage'],
  storage: [],
  stacks: ['network', 'edge', 'service', 'identity', 'audit', 'storage'],
};
/** Files at the root of constructs/ that the folders may import. */
const SHARED_ROOT_FILES = new Set(['constructs/suppress', 'constructs/json-document']);

describe('layering', () => {
  it('model/ imports only model/ and plain libraries, nothing CDKTF', () => {
    expect(offenders('model', (_, to, local) => (local ? to.startsWith('model/') : !CDKTF.test(to)))).toEqual([]);
  });

  it('environments/ imports only itself, model/ and plain libraries, never constructs/ or CDKTF', () => {
    expect(offenders('environments', (_, to, local) => (local ? /^(environments|model)(\/|$)/.test(to) : !CDKTF.test(to)))).toEqual([]);
  });

  it('verify/ checks the JSON against model/ and the configuration, without the constructs or CDKTF', () => {
    expect(offenders('verify', (_, to, local) => (local ? /^(verify|environments|model)(\/|$)/.test(to) : !CDKTF.test(to)))).toEqual([]);
  });

  it('each construct folder imports only the construct folders its README names', () => {
    const bad = offenders('constructs', (file, to, local) => {
      if (!local) return true;
      if (!to.startsWith('constructs/')) return /^(environments|model)(\/|$)/.test(to);
      const from = file.split('/');
      const into = to.split('/');
      if (from.length === 2) return file === 'constructs/app.ts' && into[1] === 'stacks';
      if (into.length === 2) return SHARED_ROOT_FILES.has(to);
      return into[1] === from[1] || (CONSTRUCT_FOLDERS[from[1]] ?? []).includes(into[1]);
    });
    expect(bad).toEqual([]);
    const folders = fs.readdirSync(path.join(ROOT, 'constructs'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual(Object.keys(CONSTRUCT_FOLDERS).sort());
    for (const dir of ['model', 'environments', 'constructs', ...folders.map((d) => `constructs/${d}`)]) expect(fs.existsSync(path.join(ROOT, dir, 'README.md'))).toBe(true);
  });

  it('no file in constructs/ or environments/ is over 250 lines', () => {
    const long = [...inDir('constructs'), ...inDir('environments')]
      .map((f) => ({ file: rel(f), lines: fs.readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > 250);
    expect(long).toEqual([]);
  });
});
