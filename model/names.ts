/**
 * The one place physical (AWS-visible) names are made. Every name passes through
 * `physicalName`, which enforces the limit AWS would otherwise enforce at apply time.
 * Construct IDs are a different thing: they are short, stable and never renamed.
 */
import { createHash } from 'crypto';
import { TargetGroupIdentity, TargetGroupRole } from './target-group';

export type NameKind =
  | 'alb'
  | 'targetGroup'
  | 'iamRole'
  | 's3Bucket'
  | 's3BucketPrefix'
  | 'securityGroup'
  | 'logGroup'
  | 'ecsCluster'
  | 'ecsService'
  | 'dynamodbTable'
  | 'secret'
  | 'kmsAlias'
  | 'docdbCluster'
  | 'docdbSnapshot'
  | 'alarm'
  | 'dashboard'
  | 'snsTopic'
  | 'generic';

interface NameRule {
  max: number;
  pattern: RegExp;
  describe: string;
}

/** AWS naming rules per kind of resource. */
export const NAME_RULES: Readonly<Record<NameKind, NameRule>> = {
  alb: { max: 32, pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, describe: 'letters, digits and "-", not starting or ending with "-" or starting with "internal-"' },
  targetGroup: { max: 32, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, describe: 'letters, digits and "-", not starting or ending with "-"' },
  iamRole: { max: 64, pattern: /^[\w+=,.@-]+$/, describe: 'letters, digits and +=,.@_-' },
  s3Bucket: { max: 63, pattern: /^(?!xn--)(?!sthree-)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, describe: '3–63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit' },
  s3BucketPrefix: { max: 37, pattern: /^[a-z0-9][a-z0-9.-]*$/, describe: 'lowercase letters, digits, "." and "-" (S3 appends a unique suffix)' },
  securityGroup: { max: 255, pattern: /^(?!sg-)[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, describe: 'ASCII without a leading "sg-"' },
  logGroup: { max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, describe: 'letters, digits and ._-/#' },
  ecsCluster: { max: 255, pattern: /^[A-Za-z0-9_-]+$/, describe: 'letters, digits, "_" and "-"' },
  ecsService: { max: 255, pattern: /^[A-Za-z0-9_-]+$/, describe: 'letters, digits, "_" and "-"' },
  dynamodbTable: { max: 255, pattern: /^[A-Za-z0-9_.-]{3,}$/, describe: '3–255 letters, digits, "_", "-" and "."' },
  secret: { max: 512, pattern: /^[A-Za-z0-9/_+=.@-]+$/, describe: 'letters, digits and /_+=.@-' },
  kmsAlias: { max: 256, pattern: /^alias\/(?!aws\/)[A-Za-z0-9/_-]+$/, describe: '"alias/" then letters, digits and /_-, not "alias/aws/"' },
  docdbCluster: { max: 63, pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/, describe: 'lowercase letters, digits and single "-", starting with a letter' },
  // DBClusterSnapshotIdentifier: 1–63 letters, digits or "-", a letter first, no "--", no trailing "-".
  docdbSnapshot: { max: 63, pattern: /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/, describe: 'letters, digits and single "-", starting with a letter' },
  // PutMetricAlarm AlarmName: 1–255 characters, no ASCII control characters; ours use only these.
  alarm: { max: 255, pattern: /^[A-Za-z0-9_./-]+$/, describe: 'letters, digits, "_", "-", "." and "/"' },
  // PutDashboard DashboardName: up to 255 characters, letters, digits, "-" and "_".
  dashboard: { max: 255, pattern: /^[A-Za-z0-9_-]+$/, describe: 'letters, digits, "_" and "-"' },
  // CreateTopic Name (standard topic): 1–256 characters, letters, digits, "-" and "_".
  snsTopic: { max: 256, pattern: /^[A-Za-z0-9_-]+$/, describe: 'letters, digits, "_" and "-"' },
  generic: { max: 255, pattern: /^[A-Za-z0-9_./-]+$/, describe: 'letters, digits, "_", "-", "." and "/"' },
};

/** Thrown when a generated name breaks an AWS naming rule. */
export class NameError extends Error {
  constructor(
    readonly kind: NameKind,
    readonly value: string,
    readonly rule: string,
  ) {
    super(`${kind} name "${value}" ${rule}`);
    this.name = 'NameError';
  }
}

/** Checks `value` against the AWS rule for `kind`; returns it or throws a NameError. */
export function checkName(kind: NameKind, value: string): string {
  const rule = NAME_RULES[kind];
  if (value.length > rule.max) {
    throw new NameError(kind, value, `is ${value.length} characters; AWS allows at most ${rule.max}`);
  }
  if (!rule.pattern.test(value)) {
    throw new NameError(kind, value, `is not allowed: use ${rule.describe}`);
  }
  return value;
}

/** Digest length of a target group name: as long as the 4-digit port it replaced, so no name grows. */
const TG_DIGEST_LENGTH = 4;

/**
 * A short, stable digest of a target group's replacement-forcing attributes: 4 base-36
 * characters (1.68 million values) of SHA-256 over them in a fixed order.
 */
export function targetGroupDigest(id: TargetGroupIdentity, role: TargetGroupRole = 'primary'): string {
  // The primary group's canonical form is unchanged by the role (its deployed name stays); the
  // alternate group of a blue/green pair hashes the same attributes plus its role.
  const canonical = [id.port, id.protocol, id.protocolVersion, id.targetType, id.ipAddressType, id.vpcCidr, ...(role === 'primary' ? [] : [role])].join('|');
  const n = createHash('sha256').update(canonical).digest().readUInt32BE(0) % 36 ** TG_DIGEST_LENGTH;
  return n.toString(36).padStart(TG_DIGEST_LENGTH, '0');
}

/** Digits of the creation time stamped into a DocumentDB final snapshot name: formatdate("YYYYMMDDhhmmss"). */
export const SNAPSHOT_STAMP_DIGITS = 14;

/** Joins name parts with "-" and checks the result. */
export function physicalName(kind: NameKind, ...parts: string[]): string {
  return checkName(kind, parts.filter((p) => p !== '').join('-'));
}

/**
 * Every physical name the app derives from config, in one place so the validator can
 * check them all before any construct exists, and the constructs use the same values.
 */
export const names = {
  stateBucket: (bucket: string) => checkName('s3Bucket', bucket),
  lockTable: (table: string) => checkName('dynamodbTable', table),
  vpc: (project: string) => physicalName('generic', project, 'vpc'),
  flowLogGroup: (project: string) => checkName('logGroup', `/${project}/shared/vpc-flow-logs`),
  trailLogGroup: (project: string) => checkName('logGroup', `/${project}/shared/cloudtrail`),
  wafLogGroup: (project: string) => checkName('logGroup', `aws-waf-logs-${project}`),
  endpointSecurityGroup: (project: string) => physicalName('securityGroup', project, 'vpc-endpoints'),
  auditBucketPrefix: (project: string, what: string) => checkName('s3BucketPrefix', `${project}-${what}-`),
  // Roles, the trail, the web ACL and the Config recorder of the shared stack; the IAM role rule is the strictest of them.
  shared: (project: string, what: string) => physicalName('iamRole', project, what),
  personaRole: (project: string, suffix: string) => physicalName('iamRole', project, suffix),
  albSecurityGroup: (project: string, scope: string) => physicalName('securityGroup', project, scope, 'alb'),
  ecsSecurityGroup: (project: string, env: string) => physicalName('securityGroup', project, env, 'ecs'),
  dbSecurityGroup: (project: string, env: string) => physicalName('securityGroup', project, env, 'db'),
  flowLogRole: (project: string) => physicalName('iamRole', project, 'vpc-flow-logs'),
  alb: (project: string, scope: string) => physicalName('alb', project, scope),
  albLogBucketPrefix: (project: string, scope: string) => checkName('s3BucketPrefix', `${project}-${scope}-alb-`),
  repository: (project: string, service: string) => checkName('generic', `${project}/${service}`),
  execLogGroup: (project: string, env: string) => checkName('logGroup', `/${project}/${env}/ecs-exec`),
  cluster: (project: string, env: string) => physicalName('ecsCluster', project, env),
  database: (project: string, env: string) => physicalName('docdbCluster', project, env, 'docdb'),
  /** `<cluster>-final-`: Terraform appends the cluster's creation time (SNAPSHOT_STAMP_DIGITS digits). */
  databaseFinalSnapshotPrefix: (project: string, env: string) => {
    const prefix = `${names.database(project, env)}-final-`;
    checkName('docdbSnapshot', `${prefix}${'0'.repeat(SNAPSHOT_STAMP_DIGITS)}`);
    return prefix;
  },
  // The digest of every replacement-forcing attribute is part of the name, so a replacement
  // (create_before_destroy: the new group exists before the old one is gone) never reuses it.
  targetGroup: (project: string, env: string, service: string, identity: TargetGroupIdentity, role: TargetGroupRole = 'primary') =>
    physicalName('targetGroup', project, env, service, targetGroupDigest(identity, role)),
  ecsService: (service: string) => physicalName('ecsService', service),
  taskFamily: (project: string, env: string, service: string) => physicalName('generic', project, env, service),
  serviceLogGroup: (project: string, env: string, service: string) => checkName('logGroup', `/${project}/${env}/${service}`),
  executionRole: (project: string, env: string, service: string) => physicalName('iamRole', project, env, service, 'exec'),
  taskRole: (project: string, env: string, service: string) => physicalName('iamRole', project, env, service, 'task'),
  secret: (project: string, env: string, service: string, key: string) =>
    checkName('secret', `${project}/${env}/${service}/${key}`),
  kmsAlias: (project: string, scope: string) => checkName('kmsAlias', `alias/${project}-${scope}`),
  /**
   * `<project>/<env>/<service>/<alarm>`. "/" appears in no project, environment or service name
   * (slugs), so `alarmPrefix(project, env)` matches this environment's alarms and never another's
   * (a "-" would let `acme-test-*` match environment "test-eu").
   */
  alarm: (project: string, env: string, service: string, alarm: string) => checkName('alarm', `${names.alarmPrefix(project, env)}${service}/${alarm}`),
  /** What every alarm name of one environment starts with; ARN patterns append "*". */
  alarmPrefix: (project: string, env: string) => `${project}/${env}/`,
  alarmTopic: (project: string, env: string) => physicalName('snsTopic', project, env, 'alarms'),
  dashboard: (project: string, env: string) => physicalName('dashboard', project, env),
  /** The role ECS assumes to move a blue/green service's traffic between its target groups. */
  blueGreenRole: (project: string, env: string, service: string) => physicalName('iamRole', project, env, service, 'lb'),
} as const;
