/**
 * No string of the configuration may reach the output as a Terraform interpolation or
 * template directive: `${` and `%{` unescaped are refused wherever they appear (any field, any
 * key), and Terraform's escapes `$${`, `%%{` pass through to the output as written.
 */
import * as fc from 'fast-check';
import { ConfigFile, EXAMPLE, configIssues, example } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const SEED = 4242;
const refusal = (edit: (c: ConfigFile) => void): string[] =>
  configIssues(EXAMPLE, edit)
    .filter((i) => i.rule.includes('interpolation'))
    .map((i) => `${i.scope}|${i.field}`);
// Independent judge: scan left to right; a doubled sign is an escape and consumes both characters.
const interpolates = (s: string): boolean => {
  for (let i = 0; i < s.length - 1; i++) {
    if ((s[i] === '$' || s[i] === '%') && s[i + 1] === '{' && (i === 0 || s[i - 1] !== s[i])) return true;
  }
  return false;
};
const text = fc.string({ unit: fc.constantFrom('a', ' ', '$', '%', '{', '}', 'x'), maxLength: 12 });

describe('strings Terraform would interpolate', () => {
  it('refuses an environment variable value with ${ and names environment and field', () => {
    expect(refusal((c) => (c.environments[0].services[0].environment = { GREETING: 'Hello ${name}' }))).toEqual([`environment "${'test'}"|services[auth].environment.GREETING`]);
  });

  it('refuses one in a shared tag value, and one in a key', () => {
    expect(refusal((c) => (c.shared.tags = { Owner: '%{if true}x%{endif}' }))).toEqual(['shared settings|tags.Owner']);
    const inKey = refusal((c) => (c.shared.tags = { ['Team${x}']: 'v' }));
    expect(inKey).toHaveLength(1);
    expect(inKey[0]).toMatch(/^shared settings\|tags/);
    // A key the schema refuses anyway (not a variable name) gets that one message instead.
    const keyIssues = configIssues(EXAMPLE, (c) => (c.environments[1].services[0].environment = { ['A${x}']: 'v' }));
    expect(keyIssues.map((i) => `${i.scope}|${i.field}`)).toEqual([`environment "${'stage'}"|services[auth].environment.A\${x}`]);
  });

  it('accepts exactly the strings without an unescaped ${ or %{, in any field (property)', () => {
    fc.assert(
      fc.property(text, (value) => {
        const got = refusal((c) => (c.environments[0].services[0].environment = { VALUE: value }));
        expect(got.length > 0).toBe(interpolates(value));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('reports a field once: a string the schema already refuses (a health path) gets its own message, not a second one for ${', () => {
    const issues = configIssues(EXAMPLE, (c) => {
      c.environments[0].services[0].healthCheckPath = '/h${x}';
      c.environments[0].services[0].environment = { GREETING: 'a${b}' };
    });
    const fields = issues.map((i) => `${i.scope}|${i.field}`);
    expect(new Set(fields).size).toBe(fields.length);
    expect(issues.map((i) => i.field).sort()).toEqual([`services[${'auth'}].environment.GREETING`, `services[${'auth'}].healthCheckPath`].sort());
  });

  it('writes an escaped value to the container definition as written, for Terraform to unescape', () => {
    const out = synth(example((c) => (c.environments[0].services[0].environment = { GREETING: 'Hello $${name} 100%%{' })));
    const task = out.resources('aws_ecs_task_definition', 'test').find((r) => String(r.body.container_definitions).includes('GREETING'));
    const env = JSON.parse(String(task?.body.container_definitions))[0].environment as Array<{ name: string; value: string }>;
    expect(env.find((e) => e.name === 'GREETING')?.value).toBe('Hello $${name} 100%%{');
  });
});
