/**
 * Two rules of every policy document the stacks write (key, bucket, topic, repository and
 * trust policies): a statement that names principals names at least one in each list (IAM and
 * KMS refuse `"AWS": []` at apply with MalformedPolicyDocument), and a grant's own condition is
 * added to the project's guard conditions, never in place of them (mergeConditions keeps every
 * key of both blocks). Checked on the pinned example and on a fixture with every role configured.
 */
import fc from 'fast-check';
import { mergeConditions } from '../../../constructs/identity/kms-key';
import { EXAMPLE, fixture, loadConfigFile } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

/** Every statement of every JSON policy document in the output (strings that parse to { Statement }). */
function statements(value: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (typeof value === 'string' && value.includes('"Statement"')) {
    try {
      const doc = JSON.parse(value);
      out.push(...[doc.Statement].flat());
    } catch {
      /* not a document */
    }
  } else if (Array.isArray(value)) value.forEach((v) => statements(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => statements(v, out));
  return out;
}

describe.each([
  ['the pinned example (no administrator, no plan role)', EXAMPLE],
  ['a fixture with admin, deploy and plan roles and every persona', fixture('preflight/renamed.json')],
])('policy documents of %s', (_what, file) => {
  const out = synthBeforeAll(() => loadConfigFile(file));

  it('name at least one principal in every principal list', () => {
    const all = Object.values(out.stacks).flatMap((stack) => statements(stack));
    expect(all.length).toBeGreaterThan(20);
    const empty = all.filter((s) => s.Principal !== undefined && (s.Principal === '' || Object.values(s.Principal as object).some((p) => (Array.isArray(p) ? p.length === 0 : p === ''))));
    expect(empty.map((s) => s.Sid ?? JSON.stringify(s).slice(0, 80))).toEqual([]);
  });
});

describe('mergeConditions', () => {
  it('keeps every operator and key of both blocks (property): a grant\'s condition never replaces the guard', () => {
    const op = fc.constantFrom('StringEquals', 'StringLike', 'ArnLike', 'Bool');
    const block = fc.dictionary(op, fc.dictionary(fc.constantFrom('kms:ViaService', 'kms:CallerAccount', 'aws:SourceArn', 'aws:PrincipalArn'), fc.string({ minLength: 1, maxLength: 5 }), { minKeys: 1 }));
    fc.assert(
      fc.property(block, fc.option(block, { nil: undefined }), (a, b) => {
        const merged = mergeConditions(a, b) as Record<string, Record<string, unknown>>;
        for (const [o, keys] of [...Object.entries(a), ...Object.entries(b ?? {})]) for (const k of Object.keys(keys)) expect(merged[o]).toHaveProperty([k]);
        for (const [o, keys] of Object.entries(a)) for (const [k, v] of Object.entries(keys)) if (!(b?.[o] && k in b[o])) expect(merged[o][k]).toEqual(v);
      }),
      { seed: 31, numRuns: 100 },
    );
  });
});
