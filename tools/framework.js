#!/usr/bin/env node
/**
 * Switches the CDK framework this checkout builds with:
 *
 *   npm run framework                   which one is installed
 *   npm run framework -- terrain        CDK Terrain (the maintained fork): Node >= 22.19
 *   npm run framework -- cdktf          back to cdktf 0.21.0, the pinned default
 *   ... [--no-install]                  rewrite package.json only
 *
 * The fork is a rename with the same API and `lib/<resource>` paths, so package.json keeps
 * the package names and points them at the fork with npm aliases; no source changes.
 * package-lock.json stays the cdktf one: `terrain` installs with --package-lock=false (the
 * top-level versions are pinned; npm resolves the rest), `cdktf` restores package.json and
 * runs `npm ci`, so the default install is exactly the lockfile again.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** The pins of each framework. Provider: the hashicorp/aws version the bindings are generated from (synth pins it). */
const FRAMEWORKS = {
  cdktf: {
    title: 'cdktf 0.21.0 (archived Dec 2025; hashicorp/aws 6.25.0)',
    cli: 'cdktf',
    node: '20.0.0',
    engines: '>=20',
    dependencies: { '@cdktf/provider-aws': '21.22.1', cdktf: '0.21.0', constructs: '10.4.2' },
    devDependencies: { 'cdktf-cli': '0.21.0' },
  },
  terrain: {
    title: 'CDK Terrain 0.24.0 (cdktn; hashicorp/aws 6.66.0)',
    // cdktn-cli's command is `cdktn`: `npx cdktf` does not exist on CDK Terrain.
    cli: 'cdktn',
    // cdktn-cli 0.24.0: engines node >= 22.19.0; @cdktn/provider-aws 25.7.0: >= 22.11.0.
    node: '22.19.0',
    engines: '>=22.19.0',
    // cdktn 0.24.0 and @cdktn/provider-aws 25.7.0 want constructs >= 10.6.0 < 10.8.0.
    dependencies: { '@cdktf/provider-aws': 'npm:@cdktn/provider-aws@25.7.0', cdktf: 'npm:cdktn@0.24.0', constructs: '10.6.0' },
    devDependencies: { 'cdktf-cli': 'npm:cdktn-cli@0.24.0' },
  },
};

/** Which framework a package.json text selects (by its `cdktf` dependency), or undefined. */
function current(packageJson) {
  const pkg = JSON.parse(packageJson);
  return Object.keys(FRAMEWORKS).find((name) => pkg.dependencies?.cdktf === FRAMEWORKS[name].dependencies.cdktf);
}

/** package.json text switched to `name`: only the pinned entries and engines.node change, key order and format kept. */
function rewrite(packageJson, name) {
  const target = FRAMEWORKS[name];
  if (!target) throw new Error(`unknown framework "${name}"; one of: ${Object.keys(FRAMEWORKS).join(', ')}`);
  const pkg = JSON.parse(packageJson);
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [dep, version] of Object.entries(target[field])) {
      if (!pkg[field] || !(dep in pkg[field])) throw new Error(`package.json has no ${field}.${dep} to switch`);
      pkg[field][dep] = version;
    }
  }
  if (pkg.engines) pkg.engines.node = target.engines;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** True when Node `version` (x.y.z) is at least `minimum`. */
function nodeAtLeast(version, minimum) {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

function npm(args) {
  // Under `npm run`, use the same npm (and Node) that runs us.
  const command = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const r = spawnSync(command[0], [...command.slice(1), ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed`);
}

function main(args) {
  const file = path.join(ROOT, 'package.json');
  const text = fs.readFileSync(file, 'utf8');
  const name = args.find((a) => !a.startsWith('--'));
  if (!name) {
    const now = current(text);
    console.log(now ? `framework: ${now} — ${FRAMEWORKS[now].title}` : 'framework: unknown (package.json pins neither)');
    return;
  }
  if (!FRAMEWORKS[name]) throw new Error(`usage: npm run framework -- [${Object.keys(FRAMEWORKS).join('|')}] [--no-install]`);
  if (!nodeAtLeast(process.versions.node, FRAMEWORKS[name].node)) {
    throw new Error(`${FRAMEWORKS[name].title} needs Node >= ${FRAMEWORKS[name].node}; this is Node ${process.versions.node}`);
  }
  fs.writeFileSync(file, rewrite(text, name));
  console.log(`package.json: ${FRAMEWORKS[name].title}`);
  if (args.includes('--no-install')) return;
  if (name === 'cdktf') npm(['ci', '--no-audit', '--no-fund']);
  else npm(['install', '--no-audit', '--no-fund', '--package-lock=false']);
  console.log(`framework: ${name} installed; its CLI is \`npx ${FRAMEWORKS[name].cli}\` (synth, plan, deploy)`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`framework: ${e.message}`);
    process.exitCode = 1;
  }
}

module.exports = { FRAMEWORKS, current, rewrite, nodeAtLeast };
