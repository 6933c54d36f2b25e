/** Synthesizes in-process and keeps each stack's cdk.tf.json as written, for byte-for-byte comparisons. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../constructs/app';
import { AppConfig } from '../../environments';
import { Synthesized } from '../../verify/tfjson';

export interface SynthText {
  readonly out: Synthesized;
  /** Stack name → the text of its cdk.tf.json. */
  readonly texts: Readonly<Record<string, string>>;
}

export function synthText(config: AppConfig): SynthText {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-prop-'));
  try {
    buildApp(config, dir).app.synth();
    const texts: Record<string, string> = {};
    for (const s of fs.readdirSync(path.join(dir, 'stacks')).sort()) texts[s] = fs.readFileSync(path.join(dir, 'stacks', s, 'cdk.tf.json'), 'utf8');
    return { out: new Synthesized(Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, JSON.parse(v)]))), texts };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
