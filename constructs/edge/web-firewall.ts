import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { MANAGED_GROUPS, PlannedRule, WebAclInput, exemptPatterns, planWebAcl } from '../../model/waf';

/** AWS managed rule groups in the web ACL, in evaluation order (the table is model/waf.ts). */
export const MANAGED_RULE_GROUPS = MANAGED_GROUPS.map((g) => g.name);

export interface WebFirewallProps {
  readonly name: string;
  /**
   * The rules to build (model/waf.ts `planWebAcl`): rate limit (requests per 5 minutes
   * from one IP), managed rules counted everywhere, HostingProviderIPList blocking or not,
   * and per-path exemptions. Validated at synth to fit the web ACL's 1,500 WCU.
   */
  readonly rules: WebAclInput;
  /** Log group name; WAF requires the `aws-waf-logs-` prefix. */
  readonly logGroupName: string;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
}

// `statement` is untyped in the provider bindings: keys are written as Terraform expects them.
function statementOf(rule: PlannedRule): Record<string, unknown> {
  switch (rule.kind) {
    case 'managed':
      return {
        managed_rule_group_statement: {
          name: rule.name,
          vendor_name: 'AWS',
          ...(rule.countRules.length ? { rule_action_override: rule.countRules.map((name) => ({ name, action_to_use: { count: {} } })) } : {}),
        },
      };
    case 'label-block':
      // AWS's pattern for scoping a managed rule down: the rule counts (and labels), then
      // this rule blocks on the label unless the path is an exempted route or below one.
      // No text transformation: an encoded spelling of the path is not exempt (fails safe).
      return {
        and_statement: {
          statement: [
            { label_match_statement: { scope: 'LABEL', key: rule.label } },
            {
              not_statement: {
                statement: {
                  or_statement: {
                    statement: rule.paths.flatMap(exemptPatterns).map((p) => ({
                      byte_match_statement: { positional_constraint: p.match, search_string: p.value, field_to_match: { uri_path: {} }, text_transformation: [{ priority: 0, type: 'NONE' }] },
                    })),
                  },
                },
              },
            },
          ],
        },
      };
    case 'rate':
      return { rate_based_statement: { limit: rule.limit, aggregate_key_type: 'IP' } };
  }
}

/**
 * A regional web ACL for the ALBs: IP reputation, anonymous IPs, OWASP common threats and
 * known bad inputs from AWS managed groups (with the configured rules counted, everywhere
 * or off some routes), then a per-IP rate limit. Every rule emits metrics and sampled
 * requests; full logs (auth headers redacted) go to CloudWatch Logs.
 */
export class WebFirewall extends Construct {
  readonly acl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metric });
    const rules: Wafv2WebAclRule[] = planWebAcl(props.rules).rules.map((rule) => ({
      name: rule.name,
      priority: rule.priority,
      ...(rule.kind === 'managed' ? { overrideAction: { none: {} } } : { action: { block: {} } }),
      statement: statementOf(rule),
      visibilityConfig: visibility(rule.name),
    }));
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
