import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { TLS_POLICY } from '../../model/listener';
import { partitionFor } from '../../model/partition';
import { Statement } from '../../model/policy';
import { SecureBucket } from '../storage/secure-bucket';

/**
 * Regions opened before ap-southeast-3 (Dec 2021) deliver ALB logs from a regional ELB
 * account; newer regions use the log-delivery service principal.
 */
const ELB_ACCOUNT_REGIONS = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2',
  'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-south-1', 'eu-north-1', 'me-south-1', 'sa-east-1', 'us-gov-west-1', 'us-gov-east-1', 'cn-north-1', 'cn-northwest-1',
]);

export interface PublicAlbProps {
  /** Load balancer name, from `names.alb` (≤ 32). */
  readonly name: string;
  /** S3 bucket prefix for access logs (≤ 37). */
  readonly logBucketPrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly securityGroupId: string;
  /** Public subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  /** Refuse deletion through the API. @default true */
  readonly deletionProtection?: boolean;
  /** Days to keep access logs. @default 365 */
  readonly accessLogDays?: number;
  /** Dual-stack listener addresses. @default false */
  readonly ipv6?: boolean;
  /** Bucket receiving S3 server access logs of the access-log bucket. */
  readonly accessLogBucket: string;
}

/**
 * The internet-facing ALB: HTTP only redirects, HTTPS answers 404 unless a listener rule
 * (one per allowed route, added by each environment) forwards the request.
 */
export class PublicAlb extends Construct {
  readonly alb: Lb;
  readonly https: LbListener;
  readonly http: LbListener;
  readonly logBucket: SecureBucket;
  readonly certificateArn: TerraformVariable;

  constructor(scope: Construct, id: string, props: PublicAlbProps) {
    super(scope, id);
    const logPrefix = 'alb';
    const aws = partitionFor(props.region);
    const deliveryPrincipal = (): Statement['Principal'] =>
      ELB_ACCOUNT_REGIONS.has(props.region)
        ? { AWS: new DataAwsElbServiceAccount(this, 'elb-account', { region: props.region }).arn }
        : { Service: aws.principal('logdelivery.elasticloadbalancing') };

    this.logBucket = new SecureBucket(this, 'logs', {
      bucketPrefix: props.logBucketPrefix,
      // ELB writes access logs only to buckets encrypted with SSE-S3.
      kmsKeyArn: undefined,
      accessLogBucket: props.accessLogBucket,
      lifecycle: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.accessLogDays ?? 365 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        },
      ],
      policy: (arn) => [
        {
          Sid: 'ElbLogDelivery',
          Effect: 'Allow',
          Principal: deliveryPrincipal(),
          Action: 's3:PutObject',
          Resource: `${arn}/${logPrefix}/AWSLogs/${props.accountId}/*`,
        },
      ],
    });

    this.certificateArn = new TerraformVariable(this, 'certificate_arn', {
      type: 'string',
      description: 'ARN of the ACM certificate the HTTPS listener presents (same region as the ALB)',
      nullable: false,
      validation: [
        {
          // The partition is the region's: a certificate of another partition cannot be attached.
          condition: `\${can(regex("^arn:${aws.id}:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))}`,
          errorMessage: `certificate_arn must be an ACM certificate ARN (arn:${aws.id}:acm:<region>:<account>:certificate/<id>).`,
        },
      ],
    });
    // A stable, short variable name in the stack: `certificate_arn`.
    this.certificateArn.overrideLogicalId('certificate_arn');

    this.alb = new Lb(this, 'alb', {
      name: props.name,
      internal: false,
      loadBalancerType: 'application',
      securityGroups: [props.securityGroupId],
      subnets: [...props.subnetIds],
      ipAddressType: props.ipv6 ? 'dualstack' : 'ipv4',
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'strictest',
      enableDeletionProtection: props.deletionProtection ?? true,
      accessLogs: { bucket: this.logBucket.bucket.id, prefix: logPrefix, enabled: true },
      dependsOn: [this.logBucket.policy],
    });

    this.http = new LbListener(this, 'http', {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    });

    this.https = new LbListener(this, 'https', {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: TLS_POLICY,
      certificateArn: this.certificateArn.stringValue,
      defaultAction: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', messageBody: 'Not Found', statusCode: '404' } }],
    });
  }
}
