/** Field types the schemas share: slugs, CIDRs, retention days, route paths, personas, ARNs, variable names, IAM statements. */
import { z } from 'zod';
import { ALB_LIMITS, LOG_RETENTION_DAYS } from '../../model/aws-limits';
import { PARTITION_IDS } from '../../model/partition';
import { PERSONA_KEYS } from '../../model/personas';

export const slug = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, `${what} must be lowercase letters, digits and "-", starting with a letter`);

export const cidr = z.string().regex(/^[0-9./]+$/, 'must be an IPv4 CIDR block like 10.0.0.0/16');
/** A source range of either family; the strict parse (canonical form, host bits, prefix) is model/cidr's, in validate/. */
export const sourceCidr = z.string().regex(/^[0-9A-Fa-f.:/]+$/, 'must be a CIDR block like 203.0.113.0/24 or 2001:db8::/48');
export const retention = z
  .number()
  .int()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `must be a CloudWatch Logs retention: one of ${LOG_RETENTION_DAYS.join(', ')}`,
  });

/** A path segment list such as "/auth" or "/api/v1/users": no wildcards, no trailing slash. */
export const routePath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must look like "/name" or "/a/b": segments of letters, digits and ._~-; no wildcard, no trailing "/", no catch-all "/"');

export const route = z.union([
  routePath,
  z.strictObject({
    path: routePath,
    /** Listener rule priority (1–50000). @default derived from the path, stable across edits */
    priority: z.number().int().min(1).max(ALB_LIMITS.maxPriority).optional(),
  }),
]);

export const persona = z.enum(PERSONA_KEYS);

/**
 * `arn:<partition>:` for a partition of model/partition.ts; that it is the configured region's
 * partition is checked in ../validate/partition.ts, where the region is known.
 */
export const ARN_PREFIX = `^arn:(?:${PARTITION_IDS.join('|')}):`;

export const principalArn = z
  .string()
  .regex(new RegExp(`${ARN_PREFIX}(iam|sts)::\\d{12}:(role|user|assumed-role)/[\\w+=,.@/-]+$`), 'must be an IAM role or user ARN (never the account root)');

/** An IAM role ARN. */
export const roleArn = z.string().regex(new RegExp(`${ARN_PREFIX}iam::\\d{12}:role/[\\w+=,.@/-]+$`), 'must be an IAM role ARN');

/** A Lambda function ARN (a version or alias qualifier may follow). */
export const lambdaArn = z.string().regex(new RegExp(`${ARN_PREFIX}lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+`), 'must be a Lambda function ARN');

export const envVarName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name like MONGODB_URI');

export const iamStatement = z.strictObject({
  effect: z.enum(['Allow', 'Deny']).default('Allow'),
  actions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'must be an IAM action like "s3:GetObject"')).min(1),
  resources: z.array(z.string().regex(/^arn:/, 'must be a concrete ARN')).min(1),
});
