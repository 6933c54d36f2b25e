/**
 * The registry's lifecycle policy can never expire an image production runs. Production
 * accepts only release tags (its image tag variable), and the policy never expires an image
 * carrying one. Checked against a model of ECR's documented evaluation rules (Amazon ECR User
 * Guide, "Lifecycle policy evaluation rules"), over random repositories.
 */
import fc from 'fast-check';
import { RELEASE_TAG_PATTERN, RELEASE_TAG_REGEX, tagPatternMatches } from '../../../model/image-tags';
import { ECR_LIMITS } from '../../../model/aws-limits';
import { example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';

interface Rule {
  rulePriority: number;
  selection: { tagStatus: 'tagged' | 'untagged' | 'any'; tagPatternList?: string[]; tagPrefixList?: string[]; countType: string; countUnit?: string; countNumber: number };
  action: { type: string };
}
interface Image {
  id: number;
  tags: string[];
  /** Days since the image was pushed. */
  age: number;
}

/** Whether an image meets a rule's tagging requirements ("all of the patterns" must match one of its tags). */
function matchesTagging(rule: Rule, image: Image): boolean {
  const s = rule.selection;
  if (s.tagStatus === 'untagged') return image.tags.length === 0;
  if (s.tagStatus === 'any') return true;
  if (image.tags.length === 0) return false;
  if (s.tagPatternList) return s.tagPatternList.every((p) => image.tags.some((t) => tagPatternMatches(p, t)));
  return (s.tagPrefixList ?? []).every((p) => image.tags.some((t) => t.startsWith(p)));
}

/**
 * The images a lifecycle policy expires, after ECR's rules: every rule is evaluated at once and
 * applied by priority; an image that matches the tagging requirements of a higher-priority rule
 * cannot be expired by a lower one, but lower count rules still count it; expiry goes oldest first.
 */
function expired(rules: readonly Rule[], images: readonly Image[]): Set<number> {
  const out = new Set<number>();
  const sorted = [...rules].sort((a, b) => a.rulePriority - b.rulePriority);
  sorted.forEach((rule, i) => {
    const higher = sorted.slice(0, i);
    const selected = images.filter((img) => matchesTagging(rule, img));
    const candidates =
      rule.selection.countType === 'imageCountMoreThan'
        ? [...selected].sort((a, b) => a.age - b.age).slice(rule.selection.countNumber)
        : selected.filter((img) => img.age > rule.selection.countNumber);
    for (const img of candidates) if (!higher.some((h) => matchesTagging(h, img))) out.add(img.id);
  });
  return out;
}

const out = synthBeforeAll(example());
const policies = () => out.resources('aws_ecr_lifecycle_policy', 'shared').map((p) => JSON.parse(p.body.policy).rules as Rule[]);
/** The regular expression production's image tag variables enforce, read back from the synthesized prod stack. */
const prodTagRegex = (stack: string): RegExp => {
  const variables = Object.values<{ validation: Array<{ condition: string }> }>(out.stack(stack).variable);
  const patterns = new Set(variables.map((v) => /regex\("((?:[^"\\]|\\.)*)"/.exec(v.validation[0].condition)![1].replace(/\\\\/g, '\\')));
  expect(patterns.size).toBe(1);
  return new RegExp([...patterns][0]);
};

// Tags as people push them: builds (commit hashes, CI numbers, branch names) and releases.
const hex = fc.stringMatching(/^[0-9a-f]{7,12}$/);
const buildTag = fc.oneof(hex, hex.map((h) => `git-${h}`), fc.nat(9999).map((n) => `build-${n}`), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/));
const releaseTag = fc.tuple(fc.nat(40), fc.nat(40), fc.nat(99)).map(([a, b, c]) => `v${a}.${b}.${c}`);
const image = fc.record({
  tags: fc.oneof(fc.constant([] as string[]), fc.array(buildTag, { minLength: 1, maxLength: 2 }), fc.tuple(buildTag, releaseTag).map((t) => [...t]), releaseTag.map((t) => [t])),
  age: fc.nat(800),
});
const repository = fc.array(image, { minLength: 0, maxLength: 120, size: 'max' }).map((imgs) => imgs.map((img, id) => ({ ...img, id })));

describe('ECR lifecycle policy', () => {
  it('exists once per repository and follows ECR\'s own rules for a policy', () => {
    expect(policies().length).toBe(out.resources('aws_ecr_repository', 'shared').length);
    for (const rules of policies()) {
      const priorities = rules.map((r) => r.rulePriority);
      expect(new Set(priorities).size).toBe(priorities.length);
      // tagStatus "any" must have the highest priority value; only one rule may select untagged images.
      expect(rules.find((r) => r.selection.tagStatus === 'any')!.rulePriority).toBe(Math.max(...priorities));
      expect(rules.filter((r) => r.selection.tagStatus === 'untagged')).toHaveLength(1);
      for (const r of rules.filter((x) => x.selection.tagStatus === 'tagged')) {
        expect(r.selection.tagPatternList ?? r.selection.tagPrefixList).toBeDefined();
        for (const p of r.selection.tagPatternList ?? []) expect(p.split('*').length - 1).toBeLessThanOrEqual(ECR_LIMITS.wildcardsPerTagPattern);
      }
      for (const r of rules) {
        expect(r.action.type).toBe('expire');
        expect(Number.isInteger(r.selection.countNumber) && r.selection.countNumber > 0).toBe(true);
      }
    }
  });

  it('never expires an image with a tag production accepts, in any repository', () => {
    const accepts = prodTagRegex('prod');
    for (const rules of policies()) {
      fc.assert(
        fc.property(repository, (images) => {
          const gone = expired(rules, images);
          for (const img of images) if (img.tags.some((t) => accepts.test(t))) expect(gone.has(img.id)).toBe(false);
        }),
        { seed: 10_6, numRuns: 100 },
      );
    }
  });

  it('still cleans up: keeps the newest keepTaggedImages and expires older build images and stale untagged ones', () => {
    const [rules] = policies();
    fc.assert(
      fc.property(fc.array(fc.record({ tags: fc.array(buildTag, { minLength: 1, maxLength: 2 }), age: fc.nat(800) }), { minLength: 31, maxLength: 90 }), (builds) => {
        const images = builds.map((b, id) => ({ ...b, id }));
        const gone = expired(rules, images);
        const newest = [...images].sort((a, b) => a.age - b.age);
        for (const img of newest.slice(0, 30)) expect(gone.has(img.id)).toBe(false);
        for (const img of newest.slice(30)) expect(gone.has(img.id)).toBe(true);
      }),
      { seed: 10_6, numRuns: 50 },
    );
    expect(expired(rules, [{ id: 1, tags: [], age: 8 }, { id: 2, tags: [], age: 3 }])).toEqual(new Set([1]));
  });

  it('matches every tag production accepts with the release pattern (the two cannot drift apart)', () => {
    const accepts = new RegExp(RELEASE_TAG_REGEX);
    fc.assert(
      fc.property(fc.stringMatching(accepts), (tag) => {
        expect(tagPatternMatches(RELEASE_TAG_PATTERN, tag)).toBe(true);
      }),
      { seed: 10_6, numRuns: 100 },
    );
    expect(['v1.4.2', 'v0.0.0', 'v10.20.30'].every((t) => accepts.test(t))).toBe(true);
    expect(['1.4.2', 'v1.4', 'v1.4.2-rc.1', 'latest', 'git-abc1234', 'V1.4.2'].some((t) => accepts.test(t))).toBe(false);
  });
});

describe('image tag variables', () => {
  const config = example();

  it('accept only release tags in production and any tag but "latest" elsewhere', () => {
    for (const env of config.environments) {
      for (const v of Object.values<{ validation: Array<{ condition: string }> }>(out.stack(env.name).variable)) {
        const condition = v.validation[0].condition;
        if (env.production) expect(condition).toContain(JSON.stringify(RELEASE_TAG_REGEX).slice(1, -1));
        else expect(condition).toMatch(/!= "latest"\}$/);
      }
    }
  });

  it('follow the production switch, not the environment name', () => {
    const flipped = synth(example((c) => {
      c.environments[0].production = true;
      c.environments[2].production = false;
    }));
    const condition = (stack: string) => Object.values<{ validation: Array<{ condition: string }> }>(flipped.stack(stack).variable)[0].validation[0].condition;
    expect(condition('test')).toContain('^v[0-9]+');
    expect(condition('prod')).not.toContain('^v[0-9]+');
  });
});
