/**
 * The image tagging convention that keeps production's image in the registry.
 *
 * One ECR repository per service serves every environment, and its lifecycle policy expires
 * images. Two kinds of tag:
 *
 * - **build tags** (`git-<sha>`, `build-<n>`, anything else): one per pushed build, what test
 *   and stage try out. Only the newest `ecr.keepTaggedImages` images are kept.
 * - **release tags** `v<major>.<minor>.<patch>` (e.g. `v1.4.2`): added to a tested build's
 *   digest when it is promoted. A production environment runs only release tags (its image
 *   tag variable refuses anything else), and no lifecycle rule ever expires an image that
 *   carries one.
 *
 * The lifecycle policy protects release images with a rule of higher priority that matches
 * them (ECR: "An image that matches the tagging requirements of a rule cannot be expired by a
 * rule with a lower priority", Amazon ECR User Guide, lifecycle policy evaluation rules).
 */

/** Release tags, as an RE2 regular expression (Terraform's `regex`). What production accepts. */
export const RELEASE_TAG_REGEX = '^v[0-9]+\\.[0-9]+\\.[0-9]+$';

/**
 * The ECR `tagPatternList` wildcard that selects release images. It must match every tag
 * RELEASE_TAG_REGEX accepts; matching more (e.g. `v1.2.3-rc.1`) only protects more.
 * ECR allows at most four `*` per pattern.
 */
export const RELEASE_TAG_PATTERN = 'v*.*.*';

/** Any Docker tag (128 characters of [A-Za-z0-9_.-], not starting with . or -). */
export const DOCKER_TAG_REGEX = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';

/** Whether an ECR lifecycle wildcard pattern (`*` = any run of characters, possibly empty) matches a tag. */
export function tagPatternMatches(pattern: string, tag: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === tag;
  if (!tag.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = tag.indexOf(parts[i], at);
    if (found < 0) return false;
    at = found + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return tag.length - last.length >= at && tag.endsWith(last);
}
