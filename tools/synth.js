#!/usr/bin/env node
// `npm run synth` and cdktf.json's app: main.ts run as one cached bundle of the app and its
// dependencies (tools/run.js). Arguments and environment pass through (CDKTF_OUTDIR, SF_CONFIG...).
'use strict';
require('./run.js')
  .main(['--bundle-dependencies', require('path').join(__dirname, '..', 'main.ts'), ...process.argv.slice(2)])
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
