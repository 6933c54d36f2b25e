/** The shared settings: project, region, network, state, ALB, registry, audit, personas, CI roles, tags. */
import { z } from 'zod';
import { cidr, principalArn, retention, roleArn, slug } from './fields';

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
      /** Images kept per repository by count (newest first). Only build images expire: an image with a release tag (v1.2.3) never does (model/image-tags.ts). @default 30 */
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
      /**
       * AWS managed rules, by rule name (e.g. "SizeRestrictions_BODY"), that only count
       * instead of block, for every request on every ALB. Each must be a rule of the web
       * ACL's managed groups (model/waf.ts); the Log4j rules cannot be relaxed. To relax a
       * rule for some routes only, use an environment's `wafExemptions`.
       * @default []
       */
      wafCountRules: z.array(z.string()).default([]),
      /**
       * Block requests from hosting and cloud providers' addresses (the managed rule
       * HostingProviderIPList). Off, the rule only counts (and labels), so CI smoke tests,
       * uptime probes and partners' servers reach the app.
       * @default false
       */
      wafBlockHostingProviders: z.boolean().default(false),
      /** Days to keep audit logs (trail, Config, WAF). @default 365 */
      retentionDays: retention.default(365),
    })
    .default({ cloudTrail: true, guardDuty: true, config: true, waf: true, wafRateLimit: 2000, wafCountRules: [], wafBlockHostingProviders: false, retentionDays: 365 }),
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
  /**
   * A throwaway deployment that `cdktf destroy` removes without manual steps: lifts every
   * deletion safeguard (model/teardown.ts) in every stack — deletion protection of ALBs,
   * DocumentDB and the lock table (overriding `alb.deletionProtection`), `prevent_destroy` on
   * the state bucket and lock table, S3 buckets and ECR repositories deleted with their
   * contents, KMS keys after the shortest window (7 days), secrets at once (overriding
   * `secretRecoveryWindowDays`), no DocumentDB final snapshot. Refused next to a production
   * environment. Turn it on, deploy every stack, then destroy (README, "Teardown").
   * @default false
   */
  sandbox: z.boolean().default(false),
  /** IAM role ARNs that administer the KMS keys (in addition to the deploying role). @default [] */
  adminRoleArns: z.array(roleArn).default([]),
  /** Tags on every resource (the provider's default_tags): IAM's rules apply (key 1–128, value 0–256 characters of letters, digits, spaces and _.:/=+-@; no "aws:" prefix; keys unique ignoring case, also against Project, Stack, ManagedBy, Environment, Name, Tier); at most 44. @default {} */
  tags: z.record(z.string(), z.string()).default({}),
});
