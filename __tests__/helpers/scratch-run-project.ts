/**
 * A scratch project that runs a copy of tools/run.js (the esbuild bundler behind npm run synth,
 * verify, checkov, cost): tools/run.js, tsconfig.json, esbuild linked from this repository and a
 * package.json, in `dir`. Tests add the sources they bundle.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

export function scratchRunProject(dir: string): void {
  fs.mkdirSync(path.join(dir, 'tools'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'tools', 'run.js'), path.join(dir, 'tools', 'run.js'));
  fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules', 'esbuild'), path.join(dir, 'node_modules', 'esbuild'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"scratch","private":true}\n');
}
