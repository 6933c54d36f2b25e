/**
 * The strict schema every environment and the shared settings must satisfy. Unknown
 * keys are errors (a typo must not silently fall back to a default). Rules that span
 * fields or environments live in ./validate.ts.
 */
import { z } from 'zod';
import { ALB_LIMITS, FARGATE_SIZES, LOG_RETENTION_DAYS, fargateMemoryHint } from '../constructs/aws-limits';
import { APP_PORTS } from '../constructs/security-matrix';

const slug = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, `${what} must be lowercase letters, digits and "-", starting with a letter`);

const cidr = z.string().regex(/^[0-9./]+$/, 'must be an IPv4 CIDR block like 10.0.0.0/16');
const retention = z
  .number()
  .int()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `must be a CloudWatch Logs retention: one of ${LOG_RETENTION_DAYS.join(', ')}`,
  });

/** A path segment list such as "/auth" or "/api/v1/users": no wildcards, no trailing slash. */
const routePath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'must look like "/name" or "/a/b": segments of letters, digits and ._~-; no wildcard, no trailing "/", no catch-all "/"');

const route = z.union([
  routePath,
  z.strictObject({
    path: routePath,
    /** Listener rule priority (1–50000). @default derived from the path, stable across edits */
    priority: z.number().int().min(1).max(ALB_LIMITS.maxPriority).optional(),
  }),
]);

const envVarName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name like MONGODB_URI');

const iamStatement = z.strictObject({
  effect: z.enum(['Allow', 'Deny']).default('Allow'),
  actions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'must be an IAM action like "s3:GetObject"')).min(1),
  resources: z.array(z.string().regex(/^arn:/, 'must be a concrete ARN')).min(1),
});

export const serviceSchema = z
  .strictObject({
    /** Service name: part of every physical name of the service. */
    name: slug('service name', 20),
    /** Container port; the ALB may only reach 3000–4000. */
    port: z
      .number()
      .int()
      .min(APP_PORTS.from, `container port must be within ${APP_PORTS.from}–${APP_PORTS.to} (the only ports the ALB may reach)`)
      .max(APP_PORTS.to, `container port must be within ${APP_PORTS.from}–${APP_PORTS.to} (the only ports the ALB may reach)`),
    /** Paths this service answers, before the environment's prefix. Each also matches everything below it. */
    routes: z.array(route).min(1, 'a service needs at least one route'),
    /** Fargate CPU units. @default 256 */
    cpu: z.number().int().default(256),
    /** Fargate memory (MiB), one of the sizes valid for `cpu`. @default 512 */
    memory: z.number().int().default(512),
    /** Tasks to run. @default 2 */
    desiredCount: z.number().int().min(0).max(1000).default(2),
    /** Secrets Manager secrets injected as environment variables through `secrets`. @default [] */
    secrets: z.array(envVarName).default([]),
    /** Plain, non-secret environment variables. @default {} */
    environment: z.record(envVarName, z.string()).default({}),
    /** ALB health-check path. @default "/health" */
    healthCheckPath: z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be a path like /health').default('/health'),
    /** User the container runs as; never root. @default "1000:1000" */
    user: z.string().regex(/^\d+(:\d+)?$/, 'must be a numeric "uid" or "uid:gid"').default('1000:1000'),
    /** Container health check command (CMD-SHELL form). @default none */
    healthCheckCommand: z.string().min(1).optional(),
    /** Target-tracking autoscaling. @default min = max = desiredCount: no scaling */
    autoscaling: z
      .strictObject({
        min: z.number().int().min(0),
        max: z.number().int().min(1),
        /** Average CPU utilisation to hold (%). @default 60 */
        cpuPercent: z.number().int().min(10).max(95).default(60),
        /** ALB requests per target to hold. @default 1000 */
        requestsPerTarget: z.number().int().min(1).default(1000),
      })
      .optional(),
    /** Run on Fargate Spot (never allowed in a production environment). @default false */
    spot: z.boolean().default(false),
    /** Extra IAM statements for the task role (what the application itself may call). @default [] */
    taskRoleStatements: z.array(iamStatement).default([]),
    /** Seconds the ECS service ignores failing health checks after a task starts. @default 60 */
    healthCheckGracePeriodSeconds: z.number().int().min(0).max(7200).default(60),
    /** Rotation Lambda per secret name: enables `aws_secretsmanager_secret_rotation`. @default {} */
    secretRotation: z
      .record(
        envVarName,
        z.strictObject({
          lambdaArn: z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+/, 'must be a Lambda function ARN'),
          /** Days between rotations. @default 30 */
          days: z.number().int().min(1).max(1000).default(30),
        }),
      )
      .default({}),
  })
  .superRefine((svc, ctx) => {
    const mem = FARGATE_SIZES.get(svc.cpu);
    if (!mem) {
      ctx.addIssue({ code: 'custom', path: ['cpu'], message: `invalid Fargate cpu ${svc.cpu}: ${fargateMemoryHint(svc.cpu)}` });
    } else if (!mem.includes(svc.memory)) {
      ctx.addIssue({ code: 'custom', path: ['memory'], message: `invalid Fargate cpu/memory pair ${svc.cpu}/${svc.memory}: ${fargateMemoryHint(svc.cpu)}` });
    }
  });

export const environmentSchema = z.strictObject({
  /** Environment name: the CDKTF stack name (`cdktf deploy <name>`). */
  name: slug('environment name', 12),
  /** Production environments refuse ECS Exec and Fargate Spot, and deploy 100%/200%. @default false */
  production: z.boolean().default(false),
  /** Prefix in front of every route on the shared ALB ("" for none, or "/test"). */
  routePrefix: z.union([z.literal(''), routePath]),
  /** The services running in this environment. */
  services: z.array(serviceSchema).min(1, 'an environment needs at least one service'),
  /** CloudWatch Logs retention for service logs (days). @default 365 */
  logRetentionDays: retention.default(365),
  /** Allow `aws ecs execute-command` (never in production). @default false */
  execEnabled: z.boolean().default(false),
  /** Give this environment its own ALB instead of rules on the shared one. @default false */
  dedicatedAlb: z.boolean().default(false),
  /** Only these source CIDRs may reach this environment's routes (QA/PM networks). @default none: open */
  allowedSourceCidrs: z.array(cidr).optional(),
  /** Authenticate every route at the ALB with OIDC. @default none */
  oidc: z
    .strictObject({
      issuer: z.url(),
      authorizationEndpoint: z.url(),
      tokenEndpoint: z.url(),
      userInfoEndpoint: z.url(),
      /** OIDC client ID; the secret is the `oidc_client_secret` Terraform variable. */
      clientId: z.string().min(1),
    })
    .optional(),
});

export const sharedSchema = z.strictObject({
  /** Project name: the first part of every physical name. */
  project: slug('project name', 12),
  /** AWS region of every stack. */
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region like eu-west-1'),
  network: z.strictObject({
    /** The VPC's IPv4 block (/16 to /24). */
    vpcCidr: cidr,
    /** Availability zones to spread subnets over (an ALB needs two). @default 2 */
    azCount: z.number().int().min(2, 'an ALB needs subnets in at least 2 availability zones').max(4).default(2),
    /** "single": one NAT gateway (cheaper, one AZ's failure cuts egress); "per-az": one per AZ. @default "single" */
    natGateways: z.enum(['single', 'per-az']).default('single'),
    /** Dual-stack ALB and public subnets (adds ::/0 ingress on 80/443). @default false */
    ipv6: z.boolean().default(false),
    /** Explicit subnet blocks, one per AZ and tier. @default carved from vpcCidr */
    subnets: z
      .strictObject({
        public: z.array(cidr),
        private: z.array(cidr),
        data: z.array(cidr),
      })
      .optional(),
    /** VPC flow log retention (days). @default 365 */
    flowLogRetentionDays: retention.default(365),
  }),
  /** Where Terraform state lives. Each can be overridden by SF_STATE_BUCKET, SF_STATE_TABLE, SF_STATE_REGION. */
  state: z.strictObject({
    bucket: z.string(),
    lockTable: z.string(),
    /** @default the shared region */
    region: z.string().optional(),
  }),
  alb: z
    .strictObject({
      /** Protect ALBs from deletion. @default true */
      deletionProtection: z.boolean().default(true),
      /** Days to keep ALB access logs. @default 365 */
      accessLogDays: z.number().int().min(1).default(365),
    })
    .default({ deletionProtection: true, accessLogDays: 365 }),
  /** IAM role ARNs that administer the KMS keys (in addition to the deploying role). @default [] */
  adminRoleArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN')).default([]),
  /** Tags on every resource (the provider's default_tags). @default {} */
  tags: z.record(z.string(), z.string()).default({}),
});

export type ServiceInput = z.input<typeof serviceSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type SharedInput = z.input<typeof sharedSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type EnvironmentSchemaOutput = z.output<typeof environmentSchema>;
export type SharedSchemaOutput = z.output<typeof sharedSchema>;
