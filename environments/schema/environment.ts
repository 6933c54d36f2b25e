/** One environment: its services, routes prefix, access, database, and the production switch. */
import { z } from 'zod';
import { blueGreen, notifications } from './alarms';
import { persona, retention, routePath, slug, sourceCidr } from './fields';
import { serviceSchema } from './service';

/**
 * An OIDC endpoint of the identity provider. The ALB's AuthenticateOidcActionConfig takes each
 * as "a full URL, including the HTTPS protocol, the domain, and the path" and refuses anything
 * else at apply; over http the client secret and tokens would also cross the network in clear.
 */
const oidcUrl = z.url({ protocol: /^https$/, hostname: /\./, error: 'must be a full https:// URL with the identity provider\'s domain (the ALB accepts only HTTPS for OIDC endpoints)' });

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
  /**
   * Allow `aws ecs execute-command` (never in production). AWS does not support ECS Exec with a
   * read-only root filesystem (the SSM agent must write to it), so turning this on makes every
   * container's root filesystem writable in this environment. @default false
   */
  execEnabled: z.boolean().default(false),
  /**
   * Days a deleted secret of this environment stays recoverable (Secrets Manager
   * `RecoveryWindowInDays`, 7–30), or 0 to delete it at once so the environment can be destroyed
   * and re-created right away (a secret's name is reserved while it is pending deletion).
   * Production refuses 0. @default 30 in production, 0 otherwise
   */
  secretRecoveryWindowDays: z.number().int().optional(),
  /** Give this environment its own ALB instead of rules on the shared one. @default false */
  dedicatedAlb: z.boolean().default(false),
  /**
   * Only these source ranges may reach this environment's routes (QA/PM networks): IPv4
   * and, on a dual-stack network (`network.ipv6`), IPv6 ranges in canonical form. At most
   * 3 (an ALB rule has 5 condition values; the path takes 2). On a dual-stack network the
   * list must hold an IPv6 range, and on an IPv4-only one it must not.
   * @default none: open
   */
  allowedSourceCidrs: z.array(sourceCidr).optional(),
  /**
   * AWS managed WAF rule (by rule name, e.g. "SizeRestrictions_BODY") → paths of this
   * environment (before `routePrefix`: a route, or a path below one) where that rule only
   * counts. Everywhere else it still blocks: the web ACL counts the rule and then blocks
   * on its label unless the path is one of these. The application must then enforce what
   * the rule did, e.g. its own request-body limit on an upload route.
   * @default {}
   */
  wafExemptions: z.record(z.string(), z.array(routePath).min(1, 'list at least one path')).default({}),
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
  /** Subscriptions to the environment's alarm topic (SNS, encrypted with the environment key). @default none: alarms only change state in CloudWatch */
  notifications,
  /** ECS native blue/green deployments instead of rolling ones (see ./alarms.ts). @default off */
  blueGreen,
  /** Authenticate every route at the ALB with OIDC. @default none */
  oidc: z
    .strictObject({
      /** The IdP's issuer, e.g. https://idp.example.com. The ALB accepts only a full https:// URL. */
      issuer: oidcUrl,
      /** https:// only: the browser is sent here with the client ID (ALB AuthenticateOidcActionConfig). */
      authorizationEndpoint: oidcUrl,
      /** https:// only: the ALB sends the client secret here. */
      tokenEndpoint: oidcUrl,
      /** https:// only: the ALB sends the access token here. */
      userInfoEndpoint: oidcUrl,
      /** OIDC client ID; the secret is the `oidc_client_secret` Terraform variable. */
      clientId: z.string().min(1),
    })
    .optional(),
});
