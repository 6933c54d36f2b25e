/**
 * constructs/startup.ts on the installed framework (cdktf 0.21 by default, CDK Terrain in
 * the Terrain CI run): each trim finds its target and works, through the synth's bundle and
 * through plain module loading; and each falls back silently when its target is missing or
 * has changed shape. The probe runs in child processes so every run loads a fresh framework.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { deferArchiver, trimTokenTraces } from '../../constructs/startup';

const ROOT = path.resolve(__dirname, '../..');
interface Probe {
  framework: string;
  report?: { archiver: boolean; tokenTraces?: string };
  frameworkRequiresArchiver: boolean;
  archiverLoaded: boolean;
  archiverWorks?: boolean;
  traceLength: number;
  providerOnSameFramework: boolean;
  providerTraceLength?: number;
}

function probe(bundle: boolean, mode: 'untrimmed' | 'trimmed' | 'traces'): Probe {
  const args = [path.join(ROOT, 'tools', 'run.js'), ...(bundle ? ['--bundle-dependencies'] : []), path.join(ROOT, '__tests__', 'helpers', 'startup-probe.ts'), mode];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SF_TOKEN_TRACES: '' }, timeout: 60_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Probe;
}

describe.each([
  ['the synth bundle (tools/run.js --bundle-dependencies)', true],
  ['plain module loading', false],
])('start-up trims through %s', (_, bundle) => {
  const untrimmed = probe(bundle, 'untrimmed');
  const trimmed = probe(bundle, 'trimmed');

  it(`runs on ${untrimmed.framework}`, () => {
    expect(untrimmed.framework).toMatch(/^(cdktf|cdktn)@\d+\.\d+\.\d+$/);
    expect(trimmed.framework).toBe(untrimmed.framework);
  });

  it('leaves tokens without a stack trace once trimmed (and the framework does capture one otherwise)', () => {
    expect(untrimmed.traceLength).toBeGreaterThan(0);
    expect(untrimmed.providerTraceLength).toBeGreaterThan(0);
    expect(trimmed.report?.tokenTraces).toMatch(/^capture(CreationStack|StackTrace)$/);
    expect(trimmed.traceLength).toBe(0);
    // Tokens the provider classes make too: they run on the instance the trim patched.
    expect(trimmed.providerTraceLength).toBe(0);
  });

  it('keeps token stack traces with SF_TOKEN_TRACES=1', () => {
    const traces = probe(bundle, 'traces');
    expect(traces.report?.tokenTraces).toBeUndefined();
    expect(traces.traceLength).toBeGreaterThan(0);
  });

  if (bundle) {
    it('runs the provider classes on the framework instance the app uses', () => {
      expect(trimmed.providerOnSameFramework).toBe(true);
    });
  }

  it('does not load archiver with the framework, and loads the real one on first use', () => {
    // cdktf 0.21 requires it at load; CDK Terrain never does (then there is nothing to defer).
    expect(untrimmed.archiverLoaded).toBe(untrimmed.frameworkRequiresArchiver);
    expect(trimmed.archiverLoaded).toBe(false);
    if (trimmed.frameworkRequiresArchiver) expect(trimmed.archiverWorks).toBe(true);
  });
});

describe('start-up trims fall back silently', () => {
  it('leaves token traces alone when the stack-trace module is missing', () => {
    jest.isolateModules(() => {
      jest.doMock('cdktf/lib/tokens/private/stack-trace', () => {
        throw new Error("Cannot find module 'cdktf/lib/tokens/private/stack-trace'");
      });
      const { trimFrameworkTokenTraces: trim } = require('../../constructs/startup') as typeof import('../../constructs/startup');
      expect(trim()).toBeUndefined();
    });
  });

  it.each([
    ['has no capture functions', {}],
    ['exports something else under the name', { captureStackTrace: 'not a function', captureCreationStack: 42 }],
    ['is not an object', 'module'],
    ['is frozen', Object.freeze({ captureStackTrace: () => ['frame'] })],
  ])('leaves token traces alone when the module %s', (_, module) => {
    expect(trimTokenTraces(module)).toBeUndefined();
  });

  it('prefers captureCreationStack (CDK Terrain), else captureStackTrace (cdktf 0.21)', () => {
    const terrain = { captureCreationStack: () => ['frame'], captureStackTrace: () => ['frame'] };
    expect(trimTokenTraces(terrain)).toBe('captureCreationStack');
    expect(terrain.captureCreationStack()).toEqual([]);
    expect(terrain.captureStackTrace()).toEqual(['frame']);
    const cdktf = { captureStackTrace: () => ['frame'] };
    expect(trimTokenTraces(cdktf)).toBe('captureStackTrace');
    expect(cdktf.captureStackTrace()).toEqual([]);
  });

  it('installs no archiver stand-in when the module loader has no _load', () => {
    expect(deferArchiver({})).toBe(false);
  });

  it('hands out a stand-in for archiver that loads the real module on first use, once', () => {
    const real = Object.assign((kind: string) => `zip:${kind}`, { create: () => 'created' });
    const calls: string[] = [];
    const loader = { _load: (request: string) => (calls.push(request), request === 'archiver' ? real : `module:${request}`) };
    expect(deferArchiver(loader)).toBe(true);
    const standIn = loader._load('archiver') as unknown as typeof real;
    expect(loader._load('fs')).toBe('module:fs');
    expect(calls).toEqual(['fs']);
    expect(standIn('zip')).toBe('zip:zip');
    expect(standIn.create()).toBe('created');
    expect(calls).toEqual(['fs', 'archiver']);
    expect(loader._load('archiver')).toBe(real);
  });
});
