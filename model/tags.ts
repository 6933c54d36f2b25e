/**
 * Tags: the project's own tag keys and the rules every tag must follow. User tags reach every
 * resource through the provider's `default_tags`, IAM roles included, so they must meet the
 * strictest rules of the services that receive them — IAM's ("Tagging IAM resources": key
 * 1–128 and value 0–256 characters of letters, spaces, digits and `_ . : / = + - @`; keys are
 * case-insensitive, so two keys that differ only in case are refused; 50 tags per role). The
 * other services the project tags (EC2, S3, KMS, ECS, ECR, ELB, Logs, Secrets Manager,
 * DynamoDB, WAF) allow as much or more, and every one reserves the `aws:` prefix.
 */

/** Keys the project sets itself: default tags on every resource, and resource tags (Name, the subnets' Tier). */
export const PROJECT_TAGS = {
  project: 'Project',
  stack: 'Stack',
  managedBy: 'ManagedBy',
  environment: 'Environment',
  name: 'Name',
  tier: 'Tier',
} as const;
export const PROJECT_TAG_KEYS: readonly string[] = Object.values(PROJECT_TAGS);

export const TAG_LIMITS = {
  /** Characters (Unicode code points) in a key. */
  keyMin: 1,
  keyMax: 128,
  /** Characters in a value. */
  valueMax: 256,
  /** Tags on one resource (IAM roles, S3 buckets, EC2, KMS, ECS, ... all allow 50). */
  perResource: 50,
  /** Letters, separators (spaces), digits and `_ . : / = + - @`: IAM's tag pattern. */
  characters: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  /** Reserved for AWS in every service, in any case. */
  reservedPrefix: 'aws:',
} as const;

/** User tags allowed on top of the project's own, so that no resource exceeds the limit. */
export const MAX_USER_TAGS = TAG_LIMITS.perResource - PROJECT_TAG_KEYS.length;

/** The default tags of a stack: the user's, then the project's (which win). */
export function defaultTags(userTags: Readonly<Record<string, string>>, project: string, stack: string, environment?: string): Record<string, string> {
  return {
    ...userTags,
    [PROJECT_TAGS.project]: project,
    [PROJECT_TAGS.stack]: stack,
    [PROJECT_TAGS.managedBy]: 'cdktf',
    ...(environment ? { [PROJECT_TAGS.environment]: environment } : {}),
  };
}
