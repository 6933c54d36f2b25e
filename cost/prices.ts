/**
 * The dated price table behind `npm run cost`: AWS on-demand list prices in USD, per region,
 * each with where it came from. No network access is needed (or used) to read it.
 *
 * `verified: true` means the number was read on a stored copy of a public page (the `source`
 * names it) on the `asOf` date; `verified: false` means it is the value the author was
 * confident of without finding a page that shows it ("from memory, unverified"): check those
 * first. AWS's own pricing pages render most regional numbers with JavaScript, so several
 * figures were confirmed on third-party pages that quote them; the AWS page is named too.
 *
 * To add a region, copy a block and fill in every entry: an unknown region is an error in
 * `pricesFor`, never a silent zero.
 */

export interface Price {
  /** USD per `unit`. */
  readonly usd: number;
  readonly unit: string;
  /** The page(s) the number comes from. */
  readonly source: string;
  readonly verified: boolean;
}

export interface FargateRates {
  readonly vcpuHour: Price;
  readonly gbHour: Price;
}

export interface RegionPrices {
  readonly name: string;
  readonly natGatewayHour: Price;
  readonly natGatewayGb: Price;
  readonly albHour: Price;
  readonly albLcuHour: Price;
  readonly interfaceEndpointAzHour: Price;
  readonly interfaceEndpointGb: Price;
  readonly publicIpv4Hour: Price;
  readonly fargate: { readonly x86: FargateRates; readonly arm64: FargateRates; readonly spotX86: FargateRates; readonly spotArm64: FargateRates };
  readonly wafWebAclMonth: Price;
  readonly wafRuleMonth: Price;
  readonly wafMillionRequests: Price;
  readonly kmsKeyMonth: Price;
  readonly kmsRotationMonth: Price;
  readonly kmsTenThousandRequests: Price;
  readonly secretMonth: Price;
  readonly secretTenThousandCalls: Price;
  readonly logsIngestionGb: Price;
  readonly logsStorageGbMonth: Price;
  readonly alarmMetricMonth: Price;
  readonly dashboardMonth: Price;
  readonly guardDutyRuntimeVcpuMonth: Price;
  readonly guardDutyMillionManagementEvents: Price;
  readonly guardDutyFlowDnsGb: Price;
  readonly configItem: Price;
  readonly ecrStorageGbMonth: Price;
  readonly s3StandardGbMonth: Price;
  readonly dynamoDbMillionWrites: Price;
  readonly snsMillionPublishes: Price;
}

export interface PriceTable {
  /** The day the prices were looked up. */
  readonly asOf: string;
  readonly currency: 'USD';
  /** Hours in a billing month, as AWS's own calculator counts them. */
  readonly hoursPerMonth: number;
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

export class UnknownRegionError extends Error {
  constructor(readonly region: string, known: readonly string[]) {
    super(`no prices for region "${region}" in cost/prices.ts (have ${known.join(', ')}); add a block for it, with sources, before running the cost profile`);
  }
}

/** The prices of `region`; throws `UnknownRegionError` (naming the region) when the table has none. */
export function pricesFor(region: string, table: PriceTable = PRICES): RegionPrices {
  const p = table.regions[region];
  if (!p) throw new UnknownRegionError(region, Object.keys(table.regions));
  return p;
}

// ---------------------------------------------------------------------------------------------
// Sources (stored copies of these pages were read on 2026-11-30)

const AWS = {
  fargate: 'https://aws.amazon.com/fargate/pricing/',
  vpc: 'https://aws.amazon.com/vpc/pricing/',
  elb: 'https://aws.amazon.com/elasticloadbalancing/pricing/',
  privatelink: 'https://aws.amazon.com/privatelink/pricing/',
  waf: 'https://aws.amazon.com/waf/pricing/',
  kms: 'https://aws.amazon.com/kms/pricing/',
  secrets: 'https://aws.amazon.com/secrets-manager/pricing/',
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  guardduty: 'https://aws.amazon.com/guardduty/pricing/',
  config: 'https://aws.amazon.com/config/pricing/',
  ecr: 'https://aws.amazon.com/ecr/pricing/',
  s3: 'https://aws.amazon.com/s3/pricing/',
  dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  sns: 'https://aws.amazon.com/sns/pricing/',
};

const MEMORY = 'from memory, unverified';
const seen = (usd: number, unit: string, ...pages: string[]): Price => ({ usd, unit, source: pages.join(' ; '), verified: true });
const recalled = (usd: number, unit: string, page: string, note = ''): Price => ({ usd, unit, source: `${page} (${MEMORY}${note ? `; ${note}` : ''})`, verified: false });

// Prices that are the same in every commercial region (as those pages state).
const global = {
  publicIpv4Hour: seen(0.005, 'public IPv4 address-hour', AWS.vpc, 'https://www.haufe-akademie.de/en/skill-it/blog/aws-gebuehren-ipv4-adressen ("all AWS regions")', 'https://www.harsharya.me/blog/aws-ipv4-charge/'),
  wafWebAclMonth: seen(5, 'web ACL-month', AWS.waf, 'https://c3x.dev/blog/aws-waf-cost-explained/', 'https://aws.amazon.com/blogs/networking-and-content-delivery/cost-effective-ways-for-securing-your-web-applications-using-aws-waf/ ("consistent across all AWS Regions")'),
  wafRuleMonth: seen(1, 'rule-month (a managed rule group counts as one rule)', AWS.waf, 'https://c3x.dev/blog/aws-waf-cost-explained/', 'https://aws.github.io/aws-security-services-best-practices/guides/waf/waf-cost/docs/'),
  wafMillionRequests: seen(0.6, 'million requests inspected', AWS.waf, 'https://c3x.dev/blog/aws-waf-cost-explained/'),
  kmsKeyMonth: seen(1, 'customer managed key-month (symmetric, asymmetric or HMAC)', AWS.kms, 'https://www.wring.co/blog/aws-kms-pricing-guide'),
  kmsRotationMonth: recalled(1, 'key-month per rotation, first two rotations only', AWS.kms, 'May 2024 rule; https://www.parrot.ru/aws_ru/s2/00001/3743.html quotes the older uncapped +$1 per version'),
  kmsTenThousandRequests: seen(0.03, '10,000 requests (20,000 free per month)', AWS.kms, 'https://gist.github.com/dasgoll/b88d5be05dcc0deb052ad40446c2fb40', 'https://www.factualminds.com/blog/aws-kms-pricing-keys-requests-multi-region/'),
  secretMonth: seen(0.4, 'secret-month', AWS.secrets, 'https://raw.githubusercontent.com/api-evangelist/amazon-secrets-manager/refs/heads/main/plans/amazon-secrets-manager-plans-pricing.yml'),
  secretTenThousandCalls: seen(0.05, '10,000 API calls', AWS.secrets, 'https://raw.githubusercontent.com/api-evangelist/amazon-secrets-manager/refs/heads/main/plans/amazon-secrets-manager-plans-pricing.yml'),
  dashboardMonth: seen(3, 'dashboard-month (first 3 per account free)', AWS.cloudwatch, 'https://coralogix.com/blog/is-cloudwatch-really-cost-efficient'),
  alarmMetricMonth: recalled(0.1, 'standard-resolution alarm metric-month', AWS.cloudwatch),
  ecrStorageGbMonth: recalled(0.1, 'GB-month stored', AWS.ecr),
};

export const PRICES: PriceTable = {
  asOf: '2026-11-30',
  currency: 'USD',
  hoursPerMonth: 730,
  regions: {
    'us-east-1': {
      name: 'US East (N. Virginia)',
      natGatewayHour: seen(0.045, 'NAT gateway-hour', AWS.vpc, 'https://basavytix.com/blog/aws-nat-gateway-pricing', 'https://raw.githubusercontent.com/api-evangelist/amazon-vpc/refs/heads/main/plans/amazon-vpc-plans-pricing.yml'),
      natGatewayGb: seen(0.045, 'GB processed', AWS.vpc, 'https://basavytix.com/blog/aws-nat-gateway-pricing'),
      albHour: seen(0.0225, 'ALB-hour', AWS.elb, 'https://raw.githubusercontent.com/api-evangelist/amazon-elastic-load-balancing/refs/heads/main/plans/amazon-elastic-load-balancing-plans-pricing.yml', 'https://cal53.calculator.city/?p=125685'),
      albLcuHour: seen(0.008, 'LCU-hour', AWS.elb, 'https://raw.githubusercontent.com/api-evangelist/amazon-elastic-load-balancing/refs/heads/main/plans/amazon-elastic-load-balancing-plans-pricing.yml'),
      interfaceEndpointAzHour: seen(0.01, 'endpoint-AZ-hour', AWS.privatelink, 'https://c3x.dev/resources/aws/aws_vpc_endpoint', 'https://knbrlo.com/notes/aws/nat-gateway-data-processing'),
      interfaceEndpointGb: seen(0.01, 'GB processed (first PB)', AWS.privatelink),
      publicIpv4Hour: global.publicIpv4Hour,
      fargate: {
        x86: {
          vcpuHour: seen(0.04048, 'vCPU-hour', AWS.fargate, 'https://vantage.sh/blog/fargate-pricing', 'https://fortem.dev/fargate-spot/ (verified June 2026)'),
          gbHour: seen(0.004445, 'GB-hour', AWS.fargate, 'https://vantage.sh/blog/fargate-pricing'),
        },
        arm64: {
          vcpuHour: seen(0.03238, 'vCPU-hour', AWS.fargate, 'https://vantage.sh/blog/fargate-pricing', 'https://fortem.dev/fargate-spot/'),
          gbHour: seen(0.00356, 'GB-hour', AWS.fargate, 'https://vantage.sh/blog/fargate-pricing'),
        },
        // Spot prices move with supply and demand (AWS: "up to 70% off"); these are a snapshot.
        spotX86: {
          vcpuHour: recalled(0.01334053, 'vCPU-hour (Spot, varies)', AWS.fargate, 'the value AWS long listed; https://tomgregory.com/aws-fargate-spot-vs-fargate-price-comparison shows the same figure for eu-west-1'),
          gbHour: recalled(0.00146489, 'GB-hour (Spot, varies)', AWS.fargate),
        },
        spotArm64: {
          vcpuHour: recalled(0.010671, 'vCPU-hour (Spot, varies)', AWS.fargate, 'derived: ARM64 on-demand × the x86 Spot/on-demand ratio'),
          gbHour: recalled(0.0011732, 'GB-hour (Spot, varies)', AWS.fargate, 'derived: ARM64 on-demand × the x86 Spot/on-demand ratio'),
        },
      },
      wafWebAclMonth: global.wafWebAclMonth,
      wafRuleMonth: global.wafRuleMonth,
      wafMillionRequests: global.wafMillionRequests,
      kmsKeyMonth: global.kmsKeyMonth,
      kmsRotationMonth: global.kmsRotationMonth,
      kmsTenThousandRequests: global.kmsTenThousandRequests,
      secretMonth: global.secretMonth,
      secretTenThousandCalls: global.secretTenThousandCalls,
      logsIngestionGb: seen(0.5, 'GB ingested', AWS.cloudwatch, 'https://c3x.dev/blog/cloudwatch-logs-cost-optimization', 'https://hykell.com/knowledge-base/aws-cloudwatch-logs-pricing'),
      logsStorageGbMonth: seen(0.03, 'GB-month stored', AWS.cloudwatch, 'https://c3x.dev/blog/cloudwatch-logs-cost-optimization', 'https://hykell.com/knowledge-base/aws-cloudwatch-logs-pricing'),
      alarmMetricMonth: global.alarmMetricMonth,
      dashboardMonth: global.dashboardMonth,
      guardDutyRuntimeVcpuMonth: seen(1.5, 'monitored vCPU-month (first 500)', AWS.guardduty, 'https://raw.githubusercontent.com/api-evangelist/amazon-guardduty/refs/heads/main/plans/amazon-guardduty-plans-pricing.yml'),
      guardDutyMillionManagementEvents: seen(4, 'million CloudTrail management events analysed', AWS.guardduty, 'https://raw.githubusercontent.com/api-evangelist/amazon-guardduty/refs/heads/main/plans/amazon-guardduty-plans-pricing.yml'),
      guardDutyFlowDnsGb: seen(1, 'GB of VPC flow and DNS logs analysed (first 500 GB)', AWS.guardduty, 'https://raw.githubusercontent.com/api-evangelist/amazon-guardduty/refs/heads/main/plans/amazon-guardduty-plans-pricing.yml'),
      configItem: seen(0.003, 'configuration item recorded (continuous)', AWS.config, 'https://www.vantage.sh/blog/aws-config-pricing', 'https://cloudgauge.app/blog/governance-cost-trap.html'),
      ecrStorageGbMonth: global.ecrStorageGbMonth,
      s3StandardGbMonth: recalled(0.023, 'GB-month (S3 Standard, first 50 TB)', AWS.s3),
      dynamoDbMillionWrites: recalled(0.625, 'million on-demand write request units', AWS.dynamodb),
      snsMillionPublishes: recalled(0.5, 'million publishes (first million free)', AWS.sns),
    },
    'eu-west-1': {
      name: 'Europe (Ireland)',
      natGatewayHour: recalled(0.048, 'NAT gateway-hour', AWS.vpc, 'https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/ gives "~$0.048–$0.052" for Ireland, Frankfurt and London'),
      natGatewayGb: recalled(0.048, 'GB processed', AWS.vpc),
      albHour: seen(0.0252, 'ALB-hour', AWS.elb, 'https://cal53.calculator.city/aws-alb-cost-calculator/ ("Europe (Ireland) $0.0252")'),
      albLcuHour: seen(0.008, 'LCU-hour', AWS.elb, 'https://gist.github.com/jbuck/0497eb62f4cda29ac4de76d6e0cc9e51 (eu-west-1 lcu_cost 0.008)'),
      interfaceEndpointAzHour: recalled(0.011, 'endpoint-AZ-hour', AWS.privatelink),
      interfaceEndpointGb: recalled(0.01, 'GB processed (first PB)', AWS.privatelink),
      publicIpv4Hour: global.publicIpv4Hour,
      fargate: {
        x86: {
          vcpuHour: seen(0.04048, 'vCPU-hour', AWS.fargate, 'https://tomgregory.com/aws-fargate-spot-vs-fargate-price-comparison ("in the eu-west-1 region")'),
          gbHour: seen(0.004445, 'GB-hour', AWS.fargate, 'https://tomgregory.com/aws-fargate-spot-vs-fargate-price-comparison'),
        },
        arm64: {
          vcpuHour: recalled(0.03238, 'vCPU-hour', AWS.fargate, 'assumed equal to us-east-1, as the x86 rate is'),
          gbHour: recalled(0.00356, 'GB-hour', AWS.fargate, 'assumed equal to us-east-1, as the x86 rate is'),
        },
        spotX86: {
          vcpuHour: seen(0.01334053, 'vCPU-hour (Spot, varies)', AWS.fargate, 'https://tomgregory.com/aws-fargate-spot-vs-fargate-price-comparison (a past snapshot: Spot prices move)'),
          gbHour: seen(0.00146489, 'GB-hour (Spot, varies)', AWS.fargate, 'https://tomgregory.com/aws-fargate-spot-vs-fargate-price-comparison (a past snapshot)'),
        },
        spotArm64: {
          vcpuHour: recalled(0.010671, 'vCPU-hour (Spot, varies)', AWS.fargate, 'derived: ARM64 on-demand × the x86 Spot/on-demand ratio'),
          gbHour: recalled(0.0011732, 'GB-hour (Spot, varies)', AWS.fargate, 'derived: ARM64 on-demand × the x86 Spot/on-demand ratio'),
        },
      },
      wafWebAclMonth: global.wafWebAclMonth,
      wafRuleMonth: global.wafRuleMonth,
      wafMillionRequests: global.wafMillionRequests,
      kmsKeyMonth: global.kmsKeyMonth,
      kmsRotationMonth: global.kmsRotationMonth,
      kmsTenThousandRequests: global.kmsTenThousandRequests,
      secretMonth: global.secretMonth,
      secretTenThousandCalls: global.secretTenThousandCalls,
      logsIngestionGb: recalled(0.57, 'GB ingested', AWS.cloudwatch),
      logsStorageGbMonth: recalled(0.03, 'GB-month stored', AWS.cloudwatch),
      alarmMetricMonth: global.alarmMetricMonth,
      dashboardMonth: global.dashboardMonth,
      guardDutyRuntimeVcpuMonth: recalled(1.5, 'monitored vCPU-month (first 500)', AWS.guardduty, 'the us-east-1 figure; Ireland may differ slightly'),
      guardDutyMillionManagementEvents: recalled(4, 'million CloudTrail management events analysed', AWS.guardduty, 'the us-east-1 figure; Ireland may differ slightly'),
      guardDutyFlowDnsGb: recalled(1, 'GB of VPC flow and DNS logs analysed (first 500 GB)', AWS.guardduty, 'the us-east-1 figure; Ireland may differ slightly'),
      configItem: recalled(0.003, 'configuration item recorded (continuous)', AWS.config),
      ecrStorageGbMonth: global.ecrStorageGbMonth,
      s3StandardGbMonth: recalled(0.023, 'GB-month (S3 Standard, first 50 TB)', AWS.s3),
      dynamoDbMillionWrites: recalled(0.7068, 'million on-demand write request units', AWS.dynamodb),
      snsMillionPublishes: recalled(0.5, 'million publishes (first million free)', AWS.sns),
    },
  },
};
