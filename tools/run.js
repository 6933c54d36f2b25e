#!/usr/bin/env node
/**
 * Runs one of the project's TypeScript entry points as a single esbuild bundle:
 *
 *   node tools/run.js [--bundle-dependencies] <entry.ts> [args...]
 *
 * The bundle is transpile-only (`npm run typecheck` is the type gate) and cached under
 * node_modules/.cache/secure-fargate-run, keyed on everything it is built from: the project
 * files it bundled (by content) and the listings of their folders, package.json,
 * package-lock.json and the installed tree (node_modules/.package-lock.json: a framework switch
 * changes it), tsconfig.json, this file, and the Node and esbuild versions. A warm run hashes
 * those inputs and builds nothing.
 *
 * --bundle-dependencies also bundles node_modules (cdktf, the provider classes, zod...): one
 * file instead of ~400 modules to resolve and compile, for the synth (`npm run synth`). The
 * compiled code is cached too (V8 code cache beside the bundle), so a warm synth compiles
 * almost nothing. Other entry points keep their dependencies external.
 *
 * Stack traces point into the bundle; NODE_OPTIONS=--enable-source-maps maps them back to
 * the TypeScript sources (and skips the code cache).
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'secure-fargate-run');
// Inputs outside the bundled sources that change what a build produces.
const FIXED_INPUTS = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json', 'node_modules/esbuild/package.json'];

function usage() {
  console.error('usage: node tools/run.js [--bundle-dependencies] <entry.ts> [args...]');
  process.exit(2);
}

/** Content hash of the build inputs; a missing file hashes as missing. */
function keyOf(entry, withDependencies, inputs, runtime = `${process.version} ${process.arch}`) {
  const h = crypto.createHash('sha256');
  h.update(`${runtime} ${withDependencies}\0${fs.readFileSync(__filename)}\0`);
  for (const rel of [...FIXED_INPUTS, entry, ...inputs]) {
    h.update(`${rel}\0`);
    try {
      h.update(fs.readFileSync(path.join(ROOT, rel)));
    } catch {
      h.update('\u0001missing');
    }
    h.update('\0');
  }
  // The folders of the bundled files, by listing: a require with a computed name bundles every
  // file of its folder (environments/files.ts), so a file added there must build again.
  for (const dir of [...new Set([entry, ...inputs].map((rel) => path.dirname(rel)))].sort()) {
    let listing;
    try {
      listing = fs.readdirSync(path.join(ROOT, dir)).sort().join('/');
    } catch {
      listing = '\u0001missing';
    }
    h.update(`${dir}/\0${listing}\0`);
  }
  return h.digest('hex').slice(0, 24);
}

/** esbuild keeps `__dirname`/`__filename` as the bundle's; give each project file its own. */
const fileLocals = {
  name: 'file-locals',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const locals = `const __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)};\n`;
      return { contents: locals + source, loader: 'ts' };
    });
  },
};

async function build(entry, withDependencies, outfile) {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    console.error('tools/run.js: esbuild is missing; run `npm ci` (it is a devDependency).');
    process.exit(1);
  }
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    // cdktf 0.21 loads archiver only to zip assets, which this app has none of; left outside
    // the bundle so constructs/startup.ts can defer it.
    // On CDK Terrain, package.json's `cdktf` is an alias of cdktn while the provider classes
    // require `cdktn` itself, which npm installs a second time: one framework instance, not two.
    // (With dependencies external, node_modules resolve as they are; so must our requires.)
    ...(withDependencies ? { external: ['archiver'], alias: { cdktn: 'cdktf' } } : { packages: 'external' }),
    sourcemap: 'linked',
    sourcesContent: false,
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'error',
    plugins: [fileLocals],
  });
  return Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/') && !f.includes('/node_modules/') && f !== entry);
}

function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** The bundle for `entry`, built only if an input changed since the last build. */
async function bundleFor(entry, withDependencies) {
  // One cache entry per entry point, mode and Node version, so runs under several Nodes (CI) coexist.
  const slug = `${entry.replace(/[^\w.-]+/g, '_')}${withDependencies ? '.full' : ''}.node${process.versions.node}`;
  const manifestFile = path.join(CACHE, `${slug}.json`);
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    if (manifest.key !== keyOf(entry, withDependencies, manifest.inputs) || !fs.existsSync(path.join(CACHE, manifest.bundle))) manifest = undefined;
  } catch {
    manifest = undefined;
  }
  if (manifest) return path.join(CACHE, manifest.bundle);

  fs.mkdirSync(CACHE, { recursive: true });
  const staging = path.join(CACHE, `${slug}.${process.pid}.build.js`);
  const inputs = (await build(entry, withDependencies, staging)).sort();
  const key = keyOf(entry, withDependencies, inputs);
  // Named by key: a bundle never changes once written, so parallel runs cannot tear it.
  const bundle = `${slug}-${key}.js`;
  const source = fs.readFileSync(staging, 'utf8').replace(`//# sourceMappingURL=${path.basename(staging)}.map`, `//# sourceMappingURL=${bundle}.map`);
  fs.renameSync(`${staging}.map`, path.join(CACHE, `${bundle}.map`));
  writeAtomic(path.join(CACHE, bundle), source);
  fs.rmSync(staging, { force: true });
  for (const old of fs.readdirSync(CACHE)) {
    if (old.startsWith(`${slug}-`) && !old.startsWith(bundle)) fs.rmSync(path.join(CACHE, old), { force: true });
  }
  writeAtomic(manifestFile, JSON.stringify({ key, bundle, inputs }));
  return path.join(CACHE, bundle);
}

/** Runs the bundle as the main module, through V8's code cache unless source maps are on. */
function run(file) {
  const module = new Module(file, null);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  module.id = '.';
  if (process.sourceMapsEnabled) {
    process.mainModule = module;
    module.require = Module.prototype.require;
    module.load(file);
    return;
  }
  const source = fs.readFileSync(file, 'utf8');
  // V8 rejects a cache made under other flags (--cpu-prof, heap sizes): one file per flag set.
  const cacheFile = `${file}.${v8.cachedDataVersionTag()}.v8`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const req = Module.createRequire(file);
  req.main = module;
  script.runInThisContext().call(module.exports, module.exports, req, module, file, path.dirname(file));
  module.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the run: the cache then holds the functions the run compiled, not just the top level.
    try {
      writeAtomic(cacheFile, script.createCachedData());
    } catch {
      // A read-only checkout still runs, just without the code cache.
    }
  }
}

async function main(argv = process.argv.slice(2)) {
  const args = [...argv];
  const withDependencies = args[0] === '--bundle-dependencies';
  if (withDependencies) args.shift();
  const entry = args.shift();
  if (!entry || !entry.endsWith('.ts')) usage();
  const rel = path.relative(ROOT, path.resolve(entry)).split(path.sep).join('/');
  const file = await bundleFor(rel, withDependencies);
  // The entry sees the argv it would see under `node entry.ts args...`.
  process.argv = [process.argv[0], path.join(ROOT, rel), ...args];
  run(file);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}

module.exports = { CACHE, keyOf, main };
