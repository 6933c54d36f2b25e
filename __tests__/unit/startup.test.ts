import * as fs from 'fs';
import * as path from 'path';

// constructs/startup.ts trims cdktf 0.21.0 internals; these fail if an upgrade moves them.
describe('start-up trims still have their targets', () => {
  it('cdktf captures token stack traces in tokens/private/stack-trace', () => {
    const traces = require('cdktf/lib/tokens/private/stack-trace');
    expect(typeof traces.captureStackTrace).toBe('function');
    const intrinsic = fs.readFileSync(require.resolve('cdktf/lib/tokens/private/intrinsic'), 'utf8');
    expect(intrinsic).toContain('(0, stack_trace_1.captureStackTrace)()');
  });

  it('cdktf loads archiver only for assets', () => {
    const privateFs = fs.readFileSync(require.resolve('cdktf/lib/private/fs'), 'utf8');
    expect(privateFs).toContain('require("archiver")');
    expect(JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('cdktf/package.json')), 'package.json'), 'utf8')).version).toBe('0.21.0');
  });
});
