import { MANAGED_RULE_GROUPS } from '../../../constructs/edge/web-firewall';
import { example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';

const on = synthBeforeAll(example());
const off = synthBeforeAll(() => example((c) => (c.shared.audit = { cloudTrail: false, guardDuty: false, config: false, waf: false })));
const none = (type: string) => expect(off.resources(type)).toEqual([]);

describe('CloudTrail (on by default)', () => {
  const trail = () => on.resources('aws_cloudtrail', 'shared')[0];

  it('records every region and global service events, validates log files, encrypts with the shared key', () => {
    expect(trail().body).toMatchObject({ is_multi_region_trail: true, include_global_service_events: true, enable_log_file_validation: true, enable_logging: true });
    expect(on.mustResolve('shared', trail().body.kms_key_id).path).toBe('key/key');
  });

  it('delivers to its own locked-down bucket and to CloudWatch Logs', () => {
    const bucket = on.mustResolve('shared', trail().body.s3_bucket_name);
    expect(bucket.path).toBe('trail/bucket/bucket');
    const policy = JSON.parse(on.resources('aws_s3_bucket_policy', 'shared').find((p) => on.mustResolve('shared', p.body.bucket).name === bucket.name)!.body.policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['DenyInsecureTransport', 'TrailAclCheck', 'TrailWrite']);
    expect(on.resources('aws_s3_bucket_public_access_block', 'shared').some((p) => on.mustResolve('shared', p.body.bucket).name === bucket.name)).toBe(true);
    expect(on.resources('aws_s3_bucket_versioning', 'shared').some((p) => on.mustResolve('shared', p.body.bucket).name === bucket.name)).toBe(true);
    const group = on.mustResolve('shared', trail().body.cloud_watch_logs_group_arn.replace(/:\*$/, ''));
    expect(group.body).toMatchObject({ name: '/acme/shared/cloudtrail', retention_in_days: 365 });
  });

  it('can be switched off', () => {
    none('aws_cloudtrail');
  });
});

describe('GuardDuty (on by default)', () => {
  it('enables the detector with ECS Fargate runtime monitoring', () => {
    const [detector] = on.resources('aws_guardduty_detector', 'shared');
    expect(detector.body.enable).toBe(true);
    const [feature] = on.resources('aws_guardduty_detector_feature', 'shared');
    expect(feature.body).toMatchObject({ name: 'RUNTIME_MONITORING', status: 'ENABLED', additional_configuration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }] });
  });

  it('can be switched off', () => {
    none('aws_guardduty_detector');
    none('aws_guardduty_detector_feature');
  });
});

describe('AWS Config (on by default)', () => {
  it('records all supported and global resources, delivers to its bucket, and is enabled', () => {
    const [recorder] = on.resources('aws_config_configuration_recorder', 'shared');
    expect(recorder.body.recording_group).toEqual({ all_supported: true, include_global_resource_types: true });
    const [channel] = on.resources('aws_config_delivery_channel', 'shared');
    expect(on.mustResolve('shared', channel.body.s3_bucket_name).path).toBe('config/bucket/bucket');
    const [status] = on.resources('aws_config_configuration_recorder_status', 'shared');
    expect(status.body.is_enabled).toBe(true);
  });

  it('can be switched off', () => {
    none('aws_config_configuration_recorder');
    none('aws_config_delivery_channel');
  });
});

describe('WAF (on by default)', () => {
  const acl = () => on.resources('aws_wafv2_web_acl', 'shared')[0];

  it('is a regional web ACL with the managed threat groups and a per-IP rate limit, all with metrics', () => {
    expect(acl().body).toMatchObject({ scope: 'REGIONAL', default_action: { allow: {} } });
    const groups = acl().body.rule.filter((r: { statement: { managed_rule_group_statement?: unknown } }) => r.statement.managed_rule_group_statement);
    expect(groups.map((r: { statement: { managed_rule_group_statement: { name: string } } }) => r.statement.managed_rule_group_statement.name)).toEqual([...MANAGED_RULE_GROUPS]);
    expect(MANAGED_RULE_GROUPS).toEqual(expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']));
    const rate = acl().body.rule.find((r: { name: string }) => r.name === 'rate-limit-per-ip');
    expect(rate).toMatchObject({ action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } } });
    for (const r of acl().body.rule) expect(r.visibility_config.cloudwatch_metrics_enabled).toBe(true);
  });

  it('guards the shared ALB and logs to a KMS-encrypted aws-waf-logs group', () => {
    const [assoc] = on.resources('aws_wafv2_web_acl_association', 'shared');
    expect(on.mustResolve('shared', assoc.body.resource_arn).type).toBe('aws_lb');
    const [logging] = on.resources('aws_wafv2_web_acl_logging_configuration', 'shared');
    const group = on.mustResolve('shared', logging.body.log_destination_configs[0]);
    expect(group.body.name).toBe('aws-waf-logs-acme');
    expect(group.body.kms_key_id).toBeDefined();
  });

  it('guards a dedicated ALB from its environment stack', () => {
    const dedicated = synth(example((c) => (c.environments[2].dedicatedAlb = true)));
    const [assoc] = dedicated.resources('aws_wafv2_web_acl_association', 'prod');
    expect(dedicated.mustResolve('prod', assoc.body.resource_arn).stack).toBe('prod');
    expect(dedicated.mustResolve('prod', assoc.body.web_acl_arn).stack).toBe('shared');
  });

  it('can be switched off, leaving the ALB access logs on', () => {
    none('aws_wafv2_web_acl');
    none('aws_wafv2_web_acl_association');
    expect(off.resources('aws_lb', 'shared')[0].body.access_logs.enabled).toBe(true);
  });
});

describe('CloudTrail delivery role', () => {
  it('trusts CloudTrail without a source-account condition and is in place before the trail', () => {
    const trail = () => on.resources('aws_cloudtrail', 'shared')[0];
    const role = on.mustResolve('shared', trail().body.cloud_watch_logs_role_arn);
    expect(JSON.parse(role.body.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(trail().body.depends_on).toContainEqual(expect.stringMatching(/^aws_iam_role_policy\./));
  });
});
