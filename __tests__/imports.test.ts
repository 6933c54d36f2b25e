import * as fs from 'fs';
import * as path from 'path';
import { ROOT, sources } from './helpers/sources';

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

  // A JSON document in a resource attribute has two renderings: JSON.stringify for cdk.tf.json
  // (checkov cannot parse jsonencode) and jsonencode() for HCL (a stringified document with
  // tokens is mangled there). Only constructs/json-document.ts chooses; nothing else renders one.
  it('renders JSON documents only through constructs/json-document.ts', () => {
    const offenders = files
      .filter((f) => /^(constructs|model)\//.test(path.relative(ROOT, f)) && path.relative(ROOT, f) !== path.join('constructs', 'json-document.ts'))
      .filter((f) => /JSON\.stringify\(|Fn\.jsonencode\(/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
