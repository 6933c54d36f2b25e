#!/usr/bin/env node
/**
 * node tools/same-resources.js <outdir-a> <outdir-b>: whether two synth outputs (cdktf and
 * CDK Terrain, say) hold the same stacks with the same resources, data sources, outputs,
 * backends and providers' settings. Ignored: cdktf's metadata (`//`, its version) and the
 * provider versions in `terraform.required_providers`, which differ by design. Exit 1 on a
 * difference, naming the first differing path of each stack.
 */
'use strict';
const fs = require('fs');
const path = require('path');

function comparable(file) {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const strip = (v) => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  const out = strip(j);
  if (out.terraform) delete out.terraform.required_providers;
  return out;
}

function firstDifference(a, b, at) {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${at}.${k}`);
      if (d) return d;
    }
  }
  return at;
}

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node tools/same-resources.js <outdir-a> <outdir-b>');
  process.exit(2);
}
const stacks = (dir) => fs.readdirSync(path.join(dir, 'stacks')).sort();
let same = JSON.stringify(stacks(a)) === JSON.stringify(stacks(b));
if (!same) console.log(`stacks differ: ${stacks(a).join(', ')} vs ${stacks(b).join(', ')}`);
for (const stack of stacks(a).filter((s) => stacks(b).includes(s))) {
  const d = firstDifference(comparable(path.join(a, 'stacks', stack, 'cdk.tf.json')), comparable(path.join(b, 'stacks', stack, 'cdk.tf.json')), stack);
  console.log(d ? `${stack}: differs at ${d}` : `${stack}: same resources`);
  if (d) same = false;
}
process.exitCode = same ? 0 : 1;
