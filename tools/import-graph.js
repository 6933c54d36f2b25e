#!/usr/bin/env node
// Prints the import graph between the project's own TypeScript files, one "from -> to" edge
// a line, deduplicated and sorted, then the count on stderr.
//
//   node tools/import-graph.js [--folders] [--within <dir>] [<dir or file>...]
//
// --folders   collapse files into their folder (constructs/edge/route-rules.ts -> constructs/edge)
//             and drop edges inside one folder
// --within    keep only edges whose both ends lie below <dir>
// Default roots: main.ts model environments constructs verify bench.
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
let folders = false;
let within;
const roots = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--folders') folders = true;
  else if (args[i] === '--within') within = args[++i].replace(/\/$/, '');
  else roots.push(args[i]);
}
const root = process.cwd();
const start = roots.length > 0 ? roots : ['main.ts', 'model', 'environments', 'constructs', 'verify', 'bench'];

const walk = (p) => {
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isFile()) return p.endsWith('.ts') ? [p] : [];
  return fs.readdirSync(p).flatMap((e) => walk(path.join(p, e)));
};
const resolve = (from, spec) => {
  const t = path.resolve(path.dirname(from), spec);
  return [`${t}.ts`, path.join(t, 'index.ts'), t].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
};
const node = (file) => {
  const r = path.relative(root, file).split(path.sep).join('/');
  return folders ? path.posix.dirname(r) : r;
};
const inside = (n) => within === undefined || n === within || n.startsWith(`${within}/`);

const edges = new Set();
for (const file of start.flatMap((p) => walk(path.resolve(root, p)))) {
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)['"](\.{1,2}(?:\/[^'"]*)?)['"]/g)) {
    const target = resolve(file, m[1]);
    if (!target) continue;
    const a = node(file);
    const b = node(target);
    if (a === b || !inside(a) || !inside(b)) continue;
    edges.add(`${a} -> ${b}`);
  }
}
const sorted = [...edges].sort();
process.stdout.write(sorted.map((e) => `${e}\n`).join(''));
console.error(`${sorted.length} edges`);
