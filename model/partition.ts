/**
 * AWS partitions: which partition a region belongs to, and every string that differs by
 * partition — ARNs (`arn:<partition>:...`), AWS-managed policy ARNs, service principals,
 * `kms:ViaService` values and VPC endpoint service names. Everything the project writes
 * that names AWS comes from here, so a region of another partition can never receive a
 * commercial (`arn:aws:`) ARN.
 *
 * Sources: AWS General Reference, "Amazon Resource Names" and "Service endpoints" (partition
 * and DNS suffix); AWS GovCloud (US) User Guide, one page per service (differences listed
 * below). Which regions deliver ALB logs from an ELB account is constructs/edge/public-alb.ts's.
 */

/** Every partition a configured ARN may name; the schema refuses others (aws-iso, …). */
export const PARTITION_IDS = ['aws', 'aws-us-gov', 'aws-cn'] as const;
export type PartitionId = (typeof PARTITION_IDS)[number];
/** The partitions this project writes stacks for. */
export type SupportedPartitionId = Exclude<PartitionId, 'aws-cn'>;

/** A feature of this project that a partition lacks: synth refuses it, naming the field. */
export interface PartitionGap {
  /** What is missing, in words. */
  readonly feature: string;
  /** Where the configuration turns it on (shared setting path, or `services[].<key>` for every service). */
  readonly field: string;
  /** The page that says so. */
  readonly source: string;
}

export interface PartitionSpec {
  readonly id: SupportedPartitionId;
  /** The partition's name in AWS's documentation; messages name it. */
  readonly title: string;
  /** DNS suffix of service endpoints and of regional service principals (`logs.<region>.<suffix>`). */
  readonly dnsSuffix: string;
  /** The regions of the partition: an explicit list, or a pattern for the commercial partition (new regions keep appearing). */
  readonly regions: readonly string[] | RegExp;
  /** Prefix of VPC endpoint service names: `<prefix>.<region>.<service>`. */
  readonly endpointPrefix: string;
  /** Features the project uses that the partition lacks. @default none */
  readonly gaps: readonly PartitionGap[];
}

/** A partition whose regions synth refuses, with the reason it says. */
export interface RefusedPartition {
  readonly id: PartitionId;
  readonly title: string;
  readonly regions: readonly string[];
  /** Why this project refuses the partition. */
  readonly reason: string;
}

/**
 * Service principals the project writes, and their form: `<service>.amazonaws.com` in every
 * supported partition (the GovCloud pages list no other form for these services), except
 * CloudWatch Logs, whose key-policy principal is regional: `logs.<region>.<dnsSuffix>`
 * ("Encrypt log data in CloudWatch Logs using AWS KMS").
 */
export const SERVICE_PRINCIPALS = {
  cloudtrail: 'global',
  config: 'global',
  'ecs-tasks': 'global',
  'vpc-flow-logs': 'global',
  'logging.s3': 'global',
  'logdelivery.elasticloadbalancing': 'global',
  inspector2: 'global',
  dynamodb: 'global',
  // CloudWatch alarms publishing to an encrypted SNS topic (topic and key policies).
  cloudwatch: 'global',
  // ECS itself, assuming the blue/green infrastructure role (not the tasks: that is ecs-tasks).
  ecs: 'global',
  logs: 'regional',
} as const;
export type ServicePrincipalName = keyof typeof SERVICE_PRINCIPALS;

export const PARTITIONS: Readonly<Record<SupportedPartitionId, PartitionSpec>> = {
  aws: {
    id: 'aws',
    title: 'AWS commercial',
    dnsSuffix: 'amazonaws.com',
    // Every region name that is neither GovCloud, China nor an isolated (ISO) region.
    regions: /^(?!us-gov-|cn-|us-iso|eu-iso)[a-z]{2}-[a-z]+-\d$/,
    endpointPrefix: 'com.amazonaws',
    gaps: [],
  },
  'aws-us-gov': {
    id: 'aws-us-gov',
    title: 'AWS GovCloud (US)',
    dnsSuffix: 'amazonaws.com',
    regions: ['us-gov-west-1', 'us-gov-east-1'],
    endpointPrefix: 'com.amazonaws',
    // Checked against the GovCloud User Guide for each service the project uses: WAF (AWS
    // managed rule groups are available; only Marketplace groups are not), GuardDuty (Runtime
    // Monitoring with the Fargate-ECS agent, v1.8.0+), AWS Config, CloudTrail, ECR (no public
    // registries, which the project does not use), Inspector (no Lambda code scanning) and
    // Signer (Notation-OCI-SHA384-ECDSA is one of the two platforms offered). None lacks a
    // feature this project turns on.
    gaps: [],
  },
};

/**
 * Partitions whose regions synth refuses with a reason, rather than as unknown. Nothing else
 * about them is kept: the project writes nothing for them.
 */
export const REFUSED_PARTITIONS: readonly RefusedPartition[] = [
  {
    id: 'aws-cn',
    title: 'AWS China',
    regions: ['cn-north-1', 'cn-northwest-1'],
    reason:
      'AWS China is a separate partition with its own accounts, and a public ALB on 80/443 there needs an ICP filing; ' +
      'the project has not been checked against the China regions\' service availability (Signer, Inspector, WAF managed groups, GuardDuty runtime monitoring)',
  },
];

/** Whether `region` is one of the partition's regions. */
export function inPartition(spec: Pick<PartitionSpec, 'regions'>, region: string): boolean {
  return spec.regions instanceof RegExp ? spec.regions.test(region) : spec.regions.includes(region);
}

/** The supported partition of `region`, or undefined when it has none. */
export function partitionOfRegion(region: string): PartitionSpec | undefined {
  return Object.values(PARTITIONS).find((p) => inPartition(p, region));
}

/** The partition of a supported region; throws for anything config validation would have refused. */
export function partitionFor(region: string): Partition {
  const spec = partitionOfRegion(region);
  if (!spec) throw new Error(`region "${region}" is not in a partition this project supports`);
  return new Partition(spec, region);
}

/** The partition named in an ARN (`arn:<partition>:...`), or undefined for a string that is not an ARN. */
export function arnPartition(arn: string): string | undefined {
  return /^arn:([a-z-]+):/.exec(arn)?.[1];
}

/**
 * Everything partition-specific for one region: the one way constructs and policies write
 * ARNs, managed-policy ARNs, service principals and service endpoints.
 */
export class Partition {
  readonly id: SupportedPartitionId;
  readonly dnsSuffix: string;

  constructor(
    readonly spec: PartitionSpec,
    /** The region these strings are for. */
    readonly region: string,
  ) {
    this.id = spec.id;
    this.dnsSuffix = spec.dnsSuffix;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; region and account may be "" (global services, S3). */
  arn(service: string, region: string, account: string, resource: string): string {
    return `arn:${this.id}:${service}:${region}:${account}:${resource}`;
  }

  /** An ARN in this partition's region. */
  regional(service: string, account: string, resource: string): string {
    return this.arn(service, this.region, account, resource);
  }

  /** An IAM role ARN (`path/name` allowed). */
  role(account: string, name: string): string {
    return this.arn('iam', '', account, `role/${name}`);
  }

  /** The account principal `arn:<partition>:iam::<account>:root`. */
  accountRoot(account: string): string {
    return this.arn('iam', '', account, 'root');
  }

  /** An AWS-managed policy, e.g. `job-function/ViewOnlyAccess`. */
  managedPolicy(path: string): string {
    return this.arn('iam', '', 'aws', `policy/${path}`);
  }

  /** A bucket or object ARN. */
  s3(resource: string): string {
    return this.arn('s3', '', '', resource);
  }

  /** A service principal of the table, in this partition and region. */
  principal(service: ServicePrincipalName): string {
    return SERVICE_PRINCIPALS[service] === 'regional' ? `${service}.${this.region}.${this.dnsSuffix}` : `${service}.amazonaws.com`;
  }

  /** The `kms:ViaService` value of a service, e.g. `secretsmanager.<region>.<suffix>`. */
  viaService(service: string, region = this.region): string {
    return `${service}.${region}.${this.dnsSuffix}`;
  }

  /** A VPC endpoint service name, e.g. `com.amazonaws.<region>.ecr.api`. */
  endpointService(service: string): string {
    return `${this.spec.endpointPrefix}.${this.region}.${service}`;
  }

  /** Every service principal the project may write in this partition and region. */
  principals(): string[] {
    return (Object.keys(SERVICE_PRINCIPALS) as ServicePrincipalName[]).map((s) => this.principal(s));
  }
}
