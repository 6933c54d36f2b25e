import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';

/** AWS managed rule groups in the web ACL, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  // Tor exits, anonymising proxies and hosting-provider ranges: the usual source of scanning and credential stuffing.
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesCommonRuleSet',
  // Includes the Log4JRCE rule.
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

export interface WebFirewallProps {
  readonly name: string;
  /** Requests per 5 minutes from one IP before it is blocked. */
  readonly rateLimit: number;
  /** Log group name; WAF requires the `aws-waf-logs-` prefix. */
  readonly logGroupName: string;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
}

/**
 * A regional web ACL for the ALBs: IP reputation, OWASP common threats and known bad
 * inputs from AWS managed groups, then a per-IP rate limit. Every rule emits metrics and
 * sampled requests; full logs (auth headers redacted) go to CloudWatch Logs.
 */
export class WebFirewall extends Construct {
  readonly acl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metric });
    const rules: Wafv2WebAclRule[] = [
      ...MANAGED_RULE_GROUPS.map(
        (group, i): Wafv2WebAclRule => ({
          name: group,
          priority: i + 1,
          overrideAction: { none: {} },
          // `statement` is untyped in the provider bindings: keys are written as Terraform expects them.
          statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
          visibilityConfig: visibility(group),
        }),
      ),
      {
        name: 'rate-limit-per-ip',
        priority: MANAGED_RULE_GROUPS.length + 1,
        action: { block: {} },
        statement: { rate_based_statement: { limit: props.rateLimit, aggregate_key_type: 'IP' } },
        visibilityConfig: visibility('rate-limit-per-ip'),
      },
    ];
    this.acl = new Wafv2WebAcl(this, 'acl', {
      name: props.name,
      description: 'Managed threat rules and a rate limit in front of the ALBs',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
    });
    const logs = new CloudwatchLogGroup(this, 'logs', { name: props.logGroupName, retentionInDays: props.retentionDays, kmsKeyId: props.kmsKeyArn });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.acl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    });
  }
}
