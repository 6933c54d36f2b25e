/** User tags against the strictest rules of the services that receive them (model/tags.ts), one issue per broken rule, naming the tag. */
import { ConfigIssue } from '../errors';
import { MAX_USER_TAGS, PROJECT_TAG_KEYS, TAG_LIMITS } from '../../model/tags';

const length = (s: string) => [...s].length;
export const tagField = (key: string) => `tags[${JSON.stringify(key)}]`;

/** Problems of one tag map (`shared.tags`, or any other tag input), reported under `scope`. */
export function checkTags(scope: string, tags: Readonly<Record<string, string>>, issues: ConfigIssue[]): void {
  const entries = Object.entries(tags);
  if (entries.length > MAX_USER_TAGS) {
    issues.push({ scope, field: 'tags', rule: `${entries.length} tags: at most ${MAX_USER_TAGS} (AWS allows ${TAG_LIMITS.perResource} per resource and the project sets up to ${PROJECT_TAG_KEYS.length}: ${PROJECT_TAG_KEYS.join(', ')})` });
  }
  const seen = new Map<string, string>(PROJECT_TAG_KEYS.map((k) => [k.toLowerCase(), k]));
  for (const [key, value] of entries) {
    const field = tagField(key);
    const bad = (rule: string) => issues.push({ scope, field, rule });
    if (length(key) < TAG_LIMITS.keyMin || length(key) > TAG_LIMITS.keyMax) bad(`key length: ${length(key)} characters; a tag key must be ${TAG_LIMITS.keyMin}–${TAG_LIMITS.keyMax}`);
    if (!TAG_LIMITS.characters.test(key)) bad(`key characters: only letters, digits, spaces and _ . : / = + - @ are allowed (IAM); got ${describe(key)}`);
    if (key.toLowerCase().startsWith(TAG_LIMITS.reservedPrefix)) bad(`reserved prefix: keys starting with "aws:" (in any case) are reserved for AWS`);
    const clash = seen.get(key.toLowerCase());
    if (clash !== undefined) {
      bad(
        PROJECT_TAG_KEYS.includes(clash)
          ? `duplicate key: the project sets "${clash}" itself, and IAM treats tag keys that differ only in case as the same key`
          : `duplicate key: differs only in case from tag "${clash}"; IAM treats them as the same key`,
      );
    } else seen.set(key.toLowerCase(), key);
    if (length(value) > TAG_LIMITS.valueMax) bad(`value length: ${length(value)} characters; a tag value must be at most ${TAG_LIMITS.valueMax}`);
    if (!TAG_LIMITS.characters.test(value)) bad(`value characters: only letters, digits, spaces and _ . : / = + - @ are allowed (IAM); got ${describe(value)}`);
  }
}

/** The characters that break the rule, quoted. */
function describe(s: string): string {
  const badChars = [...new Set([...s].filter((ch) => !TAG_LIMITS.characters.test(ch)))];
  return badChars.map((ch) => JSON.stringify(ch)).join(', ');
}
