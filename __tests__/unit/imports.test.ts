import * as fs from 'fs';
import * as path from 'path';
import { ROOT, sources } from '../helpers/sources';

describe('imports', () => {
  const files = sources(ROOT);

  it('finds the project sources', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  // The package root loads every resource class: seconds and ~0.5 GiB per process.
  it('never imports the package root of @cdktf/provider-aws', () => {
    const offenders = files.filter((f) => /(from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-aws['"]/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  // Fn.jsonencode renders HCL, which scanners reading cdk.tf.json cannot parse.
  it('renders policies and container definitions with JSON.stringify, not Fn.jsonencode', () => {
    const offenders = files.filter((f) => /Fn\.jsonencode\(/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
