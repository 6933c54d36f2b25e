/**
 * The HCL preflight reads: tfvars literals round-trip whatever string they hold, and the
 * validation conditions the stacks synthesize give Terraform's verdict for any tag.
 */
import fc from 'fast-check';
import { DOCKER_TAG_REGEX, RELEASE_TAG_REGEX } from '../../../model/image-tags';
import { Unsupported, evaluateCondition, parseTfvars } from '../../../preflight/hcl';
import { Json } from '../../../verify/tfjson';
import { example } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

/** A string as an HCL quoted literal. */
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{')}"`;

let conditions: { production: string; other: string };
beforeAll(() => {
  const config = example();
  const out = synth(config);
  const prod = config.environments.find((e) => e.production)!;
  const other = config.environments.find((e) => !e.production)!;
  const condition = (env: string) => (Object.values<Json>(out.stack(env).variable).find((v) => /_image_tag$/.test(JSON.stringify(v.validation)) || v.validation)!.validation[0].condition as string);
  conditions = { production: condition(prod.name), other: condition(other.name) };
});

describe('tfvars literals', () => {
  it('read back any string written as an HCL literal, and the values around it', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '-', '"', '\\', '$', '{', '}', '%', ' ', '\n', '\t', 'é', '#', '/', '*', '=') }), (s) => {
        const { assignments, problems } = parseTfvars(`# comment\nfirst = 1\nvalue = ${quote(s)} // trailing\n/* block */ last = true\n`);
        expect(problems).toEqual([]);
        expect(assignments.map((a) => [a.name, a.value])).toEqual([['first', 1], ['value', s], ['last', true]]);
      }),
      { seed: 1313, numRuns: 100 },
    );
  });

  it('reads lists, objects, heredocs and null, and reports an expression with its line instead of guessing', () => {
    const { assignments, problems } = parseTfvars('l = ["a",\n  "b"]\no = { k = "v", "q": null }\nh = <<-EOT\n    one\n      two\n    EOT\nn = -2.5\nbad = var.x\nok = "y"\n');
    expect(Object.fromEntries(assignments.map((a) => [a.name, a.value]))).toEqual({ l: ['a', 'b'], o: { k: 'v', q: null }, h: 'one\n  two\n', n: -2.5, ok: 'y' });
    expect(problems).toEqual(['line 8: "var" is not a literal value (tfvars take no references or function calls)']);
    expect(parseTfvars('t = "${x}"\n').problems).toEqual(['line 1: a template (${…} or %{…}) is not a literal value']);
  });
});

describe('validation conditions as synthesized', () => {
  const tag = fc.oneof(
    fc.constantFrom('latest', 'v1.4.2', 'v10.0.0', 'v1.4', 'v1.4.2-rc.1', 'V1.4.2', 'v1x4x2', 'git-3f9c2a1', '.hidden', '-dash', '', 'a'.repeat(128), 'a'.repeat(129)),
    fc.string({ unit: fc.constantFrom('v', '1', '4', '.', '-', '_', 'a', 'Z', '/', ':', ' '), maxLength: 12 }),
  );

  it('give the verdict of the model\'s tag rules for any tag: release tags in production, any Docker tag but latest elsewhere', () => {
    fc.assert(
      fc.property(tag, (t) => {
        expect(evaluateCondition(conditions.production, { x: t, ...vars(conditions.production, t) })).toBe(new RegExp(RELEASE_TAG_REGEX).test(t));
        expect(evaluateCondition(conditions.other, vars(conditions.other, t))).toBe(new RegExp(DOCKER_TAG_REGEX).test(t) && t !== 'latest');
      }),
      { seed: 1414, numRuns: 100 },
    );
  });

  it('refuses to guess beyond the subset: unknown functions, references and RE2-only patterns', () => {
    expect(() => evaluateCondition('${cidrhost(var.x, 1) != ""}', { x: 'a' })).toThrow(Unsupported);
    expect(() => evaluateCondition('${local.y == var.x}', { x: 'a' })).toThrow(Unsupported);
    expect(() => evaluateCondition('${can(regex("(?P<n>a)", var.x))}', { x: 'a' })).toThrow(Unsupported);
    expect(evaluateCondition('${length(var.x) > 2 || startswith(var.x, "v")}', { x: 'v1' })).toBe(true);
    expect(evaluateCondition('${!(var.x == "a") && can(regex("^b", var.x))}', { x: 'b' })).toBe(true);
  });
});

/** The variable a condition reads, set to `value`. */
function vars(condition: string, value: string): Record<string, string> {
  return { [/var\.(\w+)/.exec(condition)![1]]: value };
}
