/**
 * Start-up trims for the synth process, measured with `npm run bench` (see docs/performance.md). Each one
 * first detects its target and does nothing when the target is missing or has changed, so
 * a framework upgrade can cost speed, never a synth; `__tests__/unit/startup.test.ts` reports
 * which trims apply to the installed framework and fails if one stops working.
 *
 * - archiver: cdktf 0.21 requires `archiver` (≈ 80 ms) at load only to zip Terraform assets,
 *   which this app never has: a stand-in loads it on first use. CDK Terrain zips with fflate
 *   and never asks for it.
 * - token stack traces: the framework captures a full stack trace for every token (≈ 50 ms
 *   per synth), used only to point at a token's creation site in some error messages.
 *   cdktf 0.21 calls the module's `captureStackTrace` export for each token, CDK Terrain 0.24
 *   its `captureCreationStack` export. Set SF_TOKEN_TRACES=1 to keep them while debugging.
 */
import Module = require('module');

type Loader = { _load?: (request: string, parent: unknown, isMain: boolean) => unknown };
type Traces = { captureStackTrace?: unknown; captureCreationStack?: unknown };

/** What was trimmed (for the tests and for anyone wondering why a trace is empty). */
export interface TrimReport {
  /** The archiver stand-in is installed (cdktf only asks for it when its private fs module loads). */
  readonly archiver: boolean;
  /** Which export of the stack-trace module now returns no trace; undefined if none was found. */
  readonly tokenTraces?: 'captureCreationStack' | 'captureStackTrace';
}

/**
 * Every installed instance of the framework's stack-trace module (none when it is not where
 * it used to be). On CDK Terrain npm installs the framework twice, as the `cdktf` alias and
 * as `cdktn` for the provider classes; the synth bundle and Jest resolve both to one module.
 * Literal paths, so a bundle (tools/run.js) patches its own copy.
 */
function stackTraceModules(): unknown[] {
  const found: unknown[] = [];
  try {
    found.push(require('cdktf/lib/tokens/private/stack-trace'));
  } catch {
    // not installed, or moved
  }
  try {
    found.push(require('cdktn/lib/tokens/private/stack-trace'));
  } catch {
    // cdktf 0.21, or moved
  }
  return [...new Set(found)];
}

/** Turns token stack traces off in every installed framework instance; returns the export replaced in the first. */
export function trimFrameworkTokenTraces(): TrimReport['tokenTraces'] {
  return stackTraceModules().map((m) => trimTokenTraces(m))[0];
}

/** Turns token stack traces off where one stack-trace module captures them; returns which export it replaced. */
export function trimTokenTraces(traces: unknown): TrimReport['tokenTraces'] {
  if (!traces || typeof traces !== 'object') return undefined;
  const t = traces as Traces;
  // CDK Terrain routes every token through captureCreationStack (which calls captureStackTrace
  // internally, where no export replacement reaches); cdktf 0.21 calls captureStackTrace itself.
  for (const name of ['captureCreationStack', 'captureStackTrace'] as const) {
    if (typeof t[name] !== 'function') continue;
    try {
      t[name] = () => [];
      return name;
    } catch {
      return undefined; // a frozen module object: nothing to trim
    }
  }
  return undefined;
}

/** Defers `require('archiver')` until the module is used: a transparent stand-in until then. */
export function deferArchiver(loader: Loader = Module as unknown as Loader): boolean {
  const original = loader._load;
  if (typeof original !== 'function') return false;
  let real: object | undefined;
  const load = () => (real ??= original.call(loader, 'archiver', module, false) as object);
  // Every use (call, `new`, property) loads the real module and forwards to it.
  const standIn = new Proxy(function archiver() {}, {
    apply: (_t, self, args) => Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
    construct: (_t, args) => Reflect.construct(load() as new (...a: unknown[]) => object, args),
    get: (_t, key) => Reflect.get(load(), key),
    has: (_t, key) => Reflect.has(load(), key),
  });
  loader._load = function trimmedLoad(this: unknown, request, parent, isMain) {
    if (request === 'archiver' && !real) return standIn;
    return original.call(this, request, parent, isMain);
  };
  return true;
}

/** Applies every trim the installed framework allows. */
export function trimStartup(env: Readonly<Record<string, string | undefined>>): TrimReport {
  const archiver = deferArchiver();
  return { archiver, tokenTraces: env.SF_TOKEN_TRACES === '1' ? undefined : trimFrameworkTokenTraces() };
}
