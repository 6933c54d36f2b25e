// Transpile-only loader for the project's TypeScript: `node -r ./tools/ts-register.js main.ts`.
// No type-checking here (`npm run typecheck` is the gate); outputs are cached by content hash
// under node_modules/.cache, so a warm synth compiles nothing.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const cacheDir = path.join(__dirname, '..', 'node_modules', '.cache', 'secure-fargate-ts');
let ts; // loaded only on a cache miss: typescript itself takes ~0.3 s to load
const options = { module: 1 /* CommonJS */, target: 9 /* ES2022 */, esModuleInterop: true, inlineSourceMap: false };

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    output = ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(`${cached}.${process.pid}`, output);
      fs.renameSync(`${cached}.${process.pid}`, cached);
    } catch {
      // A read-only checkout still works, just without the cache.
    }
  }
  module._compile(output, filename);
};
