/**
 * Child-process probe for __tests__/unit/startup.test.ts, run through tools/run.js as the synth
 * is: `node tools/run.js [--bundle-dependencies] __tests__/helpers/startup-probe.ts <mode>`
 * with mode untrimmed | trimmed | traces. Prints what the start-up trims did, as JSON.
 */
import * as fs from 'fs';
import { TrimReport, trimStartup } from '../../constructs/startup';

const mode = process.argv[2];
const report: TrimReport | undefined = mode === 'untrimmed' ? undefined : trimStartup({ SF_TOKEN_TRACES: mode === 'traces' ? '1' : undefined });
const cdktf = require('cdktf') as typeof import('cdktf');
const archiverLoaded = () => Object.keys(require.cache).some((k) => /[\\/]node_modules[\\/]archiver[\\/]/.test(k));
const loadedAtStart = archiverLoaded();
const pkg = JSON.parse(fs.readFileSync(require.resolve('cdktf/package.json'), 'utf8')) as { name: string; version: string };
let frameworkRequiresArchiver = false;
try {
  frameworkRequiresArchiver = fs.readFileSync(require.resolve('cdktf/lib/private/fs'), 'utf8').includes('require("archiver")');
} catch {
  // no such module: nothing asks for archiver
}
let archiverWorks: boolean | undefined;
if (frameworkRequiresArchiver) {
  const archiver = require('archiver') as unknown as ((...a: unknown[]) => unknown) & { create?: unknown };
  archiverWorks = typeof archiver === 'function' && typeof archiver.create === 'function' && archiverLoaded();
}
const token = cdktf.Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] };
// A provider class and a token it makes: the provider must run on the same framework instance.
const { IamRole } = require('@cdktf/provider-aws/lib/iam-role') as typeof import('@cdktf/provider-aws/lib/iam-role');
const stack = new cdktf.TerraformStack(new cdktf.App({ outdir: fs.mkdtempSync(require('path').join(require('os').tmpdir(), 'sf-probe-')) }), 's');
const role = new IamRole(stack, 'r', { assumeRolePolicy: '{}' });
const providerToken = cdktf.Tokenization.reverseString(role.arn).firstToken as unknown as { creationStack: string[] } | undefined;
console.log(
  JSON.stringify({
    framework: `${pkg.name}@${pkg.version}`,
    report,
    frameworkRequiresArchiver,
    archiverLoaded: loadedAtStart,
    archiverWorks,
    traceLength: token.creationStack.length,
    providerOnSameFramework: role instanceof cdktf.TerraformResource,
    providerTraceLength: providerToken?.creationStack.length,
  }),
);
