/**
 * The two suites stay apart (see __tests__/README.md): the invariant suite derives every
 * expectation from your configuration and the model, so it names nothing of the shipped
 * example; the unit suite runs on pinned fixtures, so it never reads environments/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, sources } from '../helpers/sources';

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
const code = (f: string) => fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');

describe('the invariant suite', () => {
  const files = [...sources(path.join(ROOT, '__tests__', 'invariants')), ...['invariants.ts', 'alarm-invariants.ts', 'terraform-invariants.ts', 'your-configuration.ts'].map((f) => path.join(ROOT, '__tests__', 'helpers', f))];

  it('names none of the example\'s services, project or environments, and no environment by position', () => {
    const literal = /\b(auth|reminder|acme)\b|['"`](test|stage|prod)['"`]|environments\[\d+\]/;
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => literal.test(code(f))).map(rel)).toEqual([]);
  });
});

describe('the unit suite', () => {
  it('reads no configuration from environments/ (only pinned fixtures and handed cases)', () => {
    const reads = /\b(defaultConfig|rawShared|rawEnvironments|yourConfiguration)\b|your-configuration/;
    expect(sources(path.join(ROOT, '__tests__', 'unit')).filter((f) => reads.test(code(f)) && !f.endsWith('test-suites.test.ts')).map(rel)).toEqual([]);
  });
});
