/**
 * Start-up trims for the synth process, measured with `npm run bench` (see README):
 *
 * - cdktf requires `archiver` (≈ 80 ms) at load time only to zip Terraform assets, which
 *   this app never has: it is loaded on first use instead.
 * - cdktf captures a full stack trace for every token (≈ 50 ms per synth), used only to
 *   point at a token's creation site in some error messages. Set SF_TOKEN_TRACES=1 to keep
 *   them while debugging such an error.
 *
 * Both touch only cdktf 0.21.0 internals, pinned exactly; `__tests__/unit/startup.test.ts`
 * fails if either target moves.
 */
import Module = require('module');

type Loader = { _load: (request: string, parent: unknown, isMain: boolean) => unknown };

export function trimStartup(env: NodeJS.ProcessEnv = process.env): void {
  const loader = Module as unknown as Loader;
  const original = loader._load;
  let real: ((...a: unknown[]) => unknown) | undefined;
  const lazyArchiver = (...a: unknown[]) => {
    real ??= original('archiver', module, false) as (...a: unknown[]) => unknown;
    return real(...a);
  };
  loader._load = function load(request, parent, isMain) {
    if (request === 'archiver' && !real) return lazyArchiver;
    return original.call(this, request, parent, isMain);
  };
  if (env.SF_TOKEN_TRACES !== '1') {
    const traces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
    traces.captureStackTrace = () => [];
  }
}
