/**
 * The strict schema every environment and the shared settings must satisfy. Unknown
 * keys are errors (a typo must not silently fall back to a default). Rules that span
 * fields or environments live in ./validate.ts.
 */
import { z } from 'zod';
import { ALB_LIMITS, FARGATE_SIZES, LOG_RETENTION_DAYS, fargateMemoryHint } from '../model/aws-limits';
import { PERSONA_KEYS } from '../model/personas';
import { APP_PORTS } from '../model/security-matrix';

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

const persona = z.enum(PERSONA_KEYS);

const principalArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:(role|user|assumed-role)\/[\w+=,.@/-]+$/, 'must be an IAM role or user ARN (never the account root)');

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
    /** Inject the environment's DocumentDB endpoint and managed credentials (DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD). Needs `database.enabled` on the environment. @default false */
    database: z.boolean().default(false),
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
  /** Which personas may deploy to, read, and read secret values of this environment. */
  access: z
    .strictObject({
      /** Update services, register task definitions, pass the task roles, write this stack's state. @default ["admins"] */
      deploy: z.array(persona).default(['admins']),
      /** Read-only: describe services and tasks, read logs and metrics. @default ["admins"] */
      read: z.array(persona).default(['admins']),
      /** Read and rotate secret values. @default ["admins"] */
      secrets: z.array(persona).default(['admins']),
    })
    .default({ deploy: ['admins'], read: ['admins'], secrets: ['admins'] }),
  /** Amazon DocumentDB (MongoDB-compatible) cluster in the data subnets. @default disabled */
  database: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** @default "db.t3.medium" */
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be a DocumentDB instance class like db.t3.medium').default('db.t3.medium'),
      /** Instances in the cluster (1 writer + replicas). @default 1 */
      instances: z.number().int().min(1).max(16).default(1),
      /** Days of automated backups (1–35). @default 7 */
      backupRetentionDays: z.number().int().min(1).max(35).default(7),
    })
    .default({ enabled: false, instanceClass: 'db.t3.medium', instances: 1, backupRetentionDays: 7 }),
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
    /** Zone names to use, pinned so a new or impaired zone never reshuffles subnets. @default the region's first azCount zones: "<region>a", "<region>b", ... */
    availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'must be a zone name like eu-west-1a')).optional(),
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
    /** Interface endpoints for ECR, Logs, Secrets Manager and KMS plus the S3 gateway endpoint. "auto": on when any environment is production. They are VPC-wide (private DNS), so the switch is too. @default "auto" */
    vpcEndpoints: z.union([z.literal('auto'), z.boolean()]).default('auto'),
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
  ecr: z
    .strictObject({
      /** Tagged images kept per repository. @default 30 */
      keepTaggedImages: z.number().int().min(1).max(1000).default(30),
      /** Days before untagged images expire. @default 7 */
      untaggedDays: z.number().int().min(1).max(365).default(7),
      /** Enhanced (Inspector) continuous scanning for the registry instead of basic scan on push. @default false */
      enhancedScanning: z.boolean().default(false),
      /** Image signing: an asymmetric KMS key (cosign/Notation) and/or an AWS Signer profile. @default both off */
      signing: z
        .strictObject({ kmsKey: z.boolean().default(false), signerProfile: z.boolean().default(false) })
        .default({ kmsKey: false, signerProfile: false }),
    })
    .default({ keepTaggedImages: 30, untaggedDays: 7, enhancedScanning: false, signing: { kmsKey: false, signerProfile: false } }),
  /** Account-level audit and protection in the shared stack; each a switch. */
  audit: z
    .strictObject({
      /** Multi-region CloudTrail to its own bucket and CloudWatch Logs. @default true */
      cloudTrail: z.boolean().default(true),
      /** GuardDuty detector with ECS Fargate runtime monitoring. Turn off if your organisation manages GuardDuty. @default true */
      guardDuty: z.boolean().default(true),
      /** AWS Config recorder and delivery channel. Turn off if your organisation already records this region. @default true */
      config: z.boolean().default(true),
      /** WAFv2 web ACL on every ALB: AWS managed rule groups plus a rate limit. @default true */
      waf: z.boolean().default(true),
      /** Requests per 5 minutes from one IP before WAF blocks it. @default 2000 */
      wafRateLimit: z.number().int().min(100).max(2_000_000_000).default(2000),
      /** Days to keep audit logs (trail, Config, WAF). @default 365 */
      retentionDays: retention.default(365),
    })
    .default({ cloudTrail: true, guardDuty: true, config: true, waf: true, wafRateLimit: 2000, retentionDays: 365 }),
  /** Who may assume each persona role (SSO permission-set roles or IAM users/roles). A persona without principals gets no role. @default {} */
  personas: z
    .strictObject({
      developers: z.array(principalArn).optional(),
      qa: z.array(principalArn).optional(),
      admins: z.array(principalArn).optional(),
    })
    .default({}),
  /** CI roles. With `deployRoleArn` set, that role (not whoever runs Terraform) administers the keys, so plans from other principals show no key-policy drift; `planRoleArn` may read key settings. @default {} */
  ci: z
    .strictObject({
      deployRoleArn: principalArn.optional(),
      planRoleArn: principalArn.optional(),
    })
    .default({}),
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
