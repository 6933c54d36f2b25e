/**
 * User tags reach every resource (IAM roles included) through default_tags: synth accepts a
 * tag map exactly when every tag meets IAM's rules, and each refusal names the tag and the
 * rule. The oracle below is written from IAM's documentation, not from the validator.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { ConfigError, ConfigIssue, loadConfig } from '../../../environments';
import { example } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const FC = { seed: 1604, numRuns: 100 };
const CASES = path.join(__dirname, '../../../../shared/cases/more');

// "Tagging IAM resources": keys 1–128, values 0–256 characters of \p{L}\p{Z}\p{N}_.:/=+-@; no
// "aws:" prefix; keys differing only in case are the same key; 50 tags per role.
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const OURS = ['Project', 'Stack', 'ManagedBy', 'Environment', 'Name', 'Tier'];
const MAX_USER_TAGS = 50 - OURS.length;
type Rule = 'key length' | 'key characters' | 'reserved prefix' | 'duplicate key' | 'value length' | 'value characters';

function oracle(tags: Record<string, string>): string[] {
  const out: string[] = [];
  const seen = new Set(OURS.map((k) => k.toLowerCase()));
  for (const [key, value] of Object.entries(tags)) {
    const n = [...key].length;
    const add = (rule: Rule) => out.push(`${key}|${rule}`);
    if (n < 1 || n > 128) add('key length');
    if (!ALLOWED.test(key)) add('key characters');
    if (key.toLowerCase().startsWith('aws:')) add('reserved prefix');
    if (seen.has(key.toLowerCase())) add('duplicate key');
    seen.add(key.toLowerCase());
    if ([...value].length > 256) add('value length');
    if (!ALLOWED.test(value)) add('value characters');
  }
  return out.sort();
}

function issuesFor(tags: Record<string, string>): readonly ConfigIssue[] {
  const shared = { project: 'acme', region: 'eu-west-1', network: { vpcCidr: '10.40.0.0/16' }, state: { bucket: 'example-tfstate', lockTable: 'example-tflock' }, tags };
  const envs = [{ name: 'test', routePrefix: '/test', services: [{ name: 'auth', port: 3000, routes: ['/auth'] }] }];
  try {
    loadConfig(shared, envs);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
}

/** "tags[\"key\"]" and a rule starting with the rule's name → "key|rule". */
const named = (i: ConfigIssue) => {
  const key = JSON.parse(/^tags\[(.*)\]$/.exec(i.field)![1]) as string;
  return `${key}|${i.rule.split(':')[0]}`;
};

const allowedChar = fc.constantFrom(...'aZé日ß9 _.:/=+-@Ωk\u00a0'.split(''), '٣');
const badChar = fc.constantFrom('&', '(', ')', '*', '#', '!', '?', '%', '<', '>', '"', ',', ';', '\\', '\n', '\t', '~', '|', '😀', '$');
const text = (max: number) => fc.array(allowedChar, { maxLength: max }).map((a) => a.join(''));
const withBad = (max: number) => fc.tuple(text(max), badChar, text(4)).map(([a, b, c]) => a + b + c);
const randomCase = (s: string) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((ch, i) => (up[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''));
const key = fc.oneof(
  { weight: 4, arbitrary: text(12).filter((k) => k.length > 0) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: text(140) },
  // A letter outside the BMP: one character, two UTF-16 units; limits count characters.
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 140 }).map((n) => '\u{10400}'.repeat(n)) },
  { weight: 2, arbitrary: withBad(8) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('aws:', 'AWS:', 'Aws:', 'aWs:'), text(6)).map(([p, r]) => p + r) },
  { weight: 2, arbitrary: fc.constantFrom(...OURS, 'Owner', 'CostCenter').chain(randomCase) },
);
const value = fc.oneof({ weight: 4, arbitrary: text(20) }, { weight: 1, arbitrary: text(270) }, { weight: 2, arbitrary: withBad(10) });

describe('user tags', () => {
  it('are accepted exactly when every tag meets every rule, and each refusal names the tag and the rule', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (tags) => {
        const issues = issuesFor(tags);
        expect(issues.every((i) => i.scope === 'shared settings')).toBe(true);
        expect(issues.map(named).sort()).toEqual(oracle(tags));
      }),
      FC,
    );
  });

  it(`are refused beyond ${MAX_USER_TAGS}, the room the project's own tags leave within 50 per resource`, () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Team${i}`, 'x']));
    expect(issuesFor(tags(MAX_USER_TAGS))).toEqual([]);
    expect(issuesFor(tags(MAX_USER_TAGS + 1))).toEqual([{ scope: 'shared settings', field: 'tags', rule: expect.stringMatching(new RegExp(`^${MAX_USER_TAGS + 1} tags: at most ${MAX_USER_TAGS}`)) }]);
  });

  it('refuses a key that differs only in case from the project\'s Environment tag (shared/cases/more/tags-case-duplicate.json)', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(CASES, 'tags-case-duplicate.json'), 'utf8'));
    expect(() => loadConfig(raw.shared, raw.environments)).toThrow(ConfigError);
    expect(issuesFor(raw.shared.tags)).toEqual([{ scope: 'shared settings', field: 'tags["environment"]', rule: expect.stringContaining('duplicate key: the project sets "Environment" itself') }]);
  });

  it('refuses characters IAM rejects and the aws: prefix (shared/cases/more/tags-invalid-chars.json)', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(CASES, 'tags-invalid-chars.json'), 'utf8'));
    expect(() => loadConfig(raw.shared, raw.environments)).toThrow(ConfigError);
    expect(issuesFor(raw.shared.tags)).toEqual([
      { scope: 'shared settings', field: 'tags["CostCenter"]', rule: 'value characters: only letters, digits, spaces and _ . : / = + - @ are allowed (IAM); got "&", "(", ")"' },
      { scope: 'shared settings', field: 'tags["aws:owner"]', rule: expect.stringContaining('reserved prefix') },
    ]);
  });

  it('are the only tag keys in the synthesized stacks besides the project\'s own', () => {
    const out = synth(example());
    const keys = new Set<string>();
    const walk = (v: unknown, parent?: string) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, parent));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if ((k === 'tags' || k === 'tags_all') && x && typeof x === 'object' && !Array.isArray(x)) Object.keys(x).forEach((t) => keys.add(t));
          walk(x, k);
        }
      }
    };
    for (const stack of Object.values(out.stacks)) walk(stack);
    const user = Object.keys((out.stack('shared').provider.aws[0].default_tags[0].tags as Record<string, string>) ?? {}).filter((k) => !OURS.includes(k));
    expect(user.length).toBeGreaterThan(0);
    expect([...keys].filter((k) => !OURS.includes(k) && !user.includes(k))).toEqual([]);
  });
});
