import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
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

  // A JSON document in a resource attribute has two renderings: JSON.stringify for cdk.tf.json
  // (checkov cannot parse jsonencode) and jsonencode() for HCL (a stringified document with
  // tokens is mangled there). Only constructs/json-document.ts chooses; nothing else renders one.
  // Any use in code counts (`const q = JSON.stringify` as well as a call; comments do not).
  // The exceptions write text that never reaches a resource attribute, each with its reason.
  const NOT_ATTRIBUTES: Readonly<Record<string, string>> = {
    'constructs/json-document.ts': 'the renderer itself',
    'model/priority-record.ts': 'serializes the committed listener-priority record file (main.ts writes it), not an attribute',
  };
  it('renders JSON documents only through constructs/json-document.ts', () => {
    const offenders = files
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .filter((f) => /^(constructs|model)\//.test(f) && !(f in NOT_ATTRIBUTES))
      .filter((f) => rendersJson(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

/** Whether TypeScript code (comments and strings aside) names JSON.stringify or jsonencode. */
function rendersJson(source: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'jsonencode') found = true;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'stringify' && ts.isIdentifier(node.expression) && node.expression.text === 'JSON') found = true;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS));
  return found;
}
