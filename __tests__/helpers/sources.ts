/** The project's own source files and what each imports, for the tests that read source rather than output. */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'dist', 'cdktf.out', '.git', '.gen']);

/** Every .ts and .js file below `dir` (absolute paths), outside build output and dependencies. */
export function sources(dir: string = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

/** Module specifiers a file imports, type-only imports included: `from '…'`, `require('…')`, `import('…')`. */
export function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** A relative specifier as a path from the repository root ("model/names"); a package name as it is. */
export function target(file: string, spec: string): string {
  return spec.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep).join('/') : spec;
}
