import { TLS_POLICY } from '../../../model/listener';
import { example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';
import { Synthesized } from '../../../verify/tfjson';

const out = synthBeforeAll(example());

function albChecks(s: Synthesized, stack: string) {
  const [alb] = s.resources('aws_lb', stack);
  const listeners = s.resources('aws_lb_listener', stack);
  return { alb, listeners, byPort: (p: number) => listeners.find((l) => l.body.port === p)! };
}

describe('shared ALB', () => {
  const shared = () => albChecks(out, 'shared');
  const byPort = (p: number) => shared().byPort(p);

  it('is one internet-facing ALB in the public subnets with the matrix ALB group', () => {
    expect(out.resources('aws_lb')).toHaveLength(1);
    const { alb } = shared();
    expect(alb.body).toMatchObject({ name: 'acme-shared', internal: false, load_balancer_type: 'application' });
    const subnets = alb.body.subnets.map((s: string) => out.mustResolve('shared', s).path);
    expect(subnets).toEqual(['network/public-0', 'network/public-1']);
    expect(alb.body.security_groups.map((g: string) => out.mustResolve('shared', g).body.name)).toEqual(['acme-shared-alb']);
  });

  it('drops invalid headers, mitigates desync strictly and is protected from deletion', () => {
    expect(shared().alb.body).toMatchObject({ drop_invalid_header_fields: true, desync_mitigation_mode: 'strictest', enable_deletion_protection: true });
  });

  it('can turn deletion protection off from config', () => {
    const off = synth(example((c) => (c.shared.alb = { deletionProtection: false })));
    expect(off.resources('aws_lb', 'shared')[0].body.enable_deletion_protection).toBe(false);
  });

  it('has exactly two listeners: 80 and 443', () => {
    expect(shared().listeners.map((l) => l.body.port).sort()).toEqual([443, 80]);
  });

  it('only redirects on :80, permanently, to HTTPS', () => {
    expect(byPort(80).body.protocol).toBe('HTTP');
    expect(byPort(80).body.default_action).toEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
  });

  it('terminates TLS 1.3 on :443 with the certificate variable and answers 404 by default', () => {
    const https = byPort(443).body;
    expect(https).toMatchObject({ protocol: 'HTTPS', ssl_policy: TLS_POLICY, certificate_arn: '${var.certificate_arn}' });
    expect(TLS_POLICY).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(https.default_action).toEqual([{ type: 'fixed-response', fixed_response: { content_type: 'text/plain', message_body: 'Not Found', status_code: '404' } }]);
    expect(out.stack('shared').variable.certificate_arn).toMatchObject({ type: 'string', nullable: false });
  });

  describe('access logs', () => {
    const alb = () => shared().alb;
    const bucket = () => out.mustResolve('shared', alb().body.access_logs.bucket);
    const forBucket = (type: string) => out.resources(type, 'shared').filter((r) => out.mustResolve('shared', r.body.bucket).name === bucket().name);

    it('are on, to a dedicated bucket, under a prefix without AWSLogs', () => {
      expect(alb().body.access_logs.enabled).toBe(true);
      expect(alb().body.access_logs.prefix).not.toMatch(/AWSLogs/);
      expect(bucket().body.bucket_prefix).toBe('acme-shared-alb-');
    });

    it('land in a bucket with SSE-S3 (what ELB requires), versioning, no public access and lifecycle expiry', () => {
      expect(forBucket('aws_s3_bucket_server_side_encryption_configuration')[0].body.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
      expect(forBucket('aws_s3_bucket_versioning')[0].body.versioning_configuration.status).toBe('Enabled');
      expect(forBucket('aws_s3_bucket_public_access_block')[0].body).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      const rules = forBucket('aws_s3_bucket_lifecycle_configuration')[0].body.rule;
      expect(rules.find((r: { id: string }) => r.id === 'expire-access-logs').expiration[0].days).toBe(365);
    });

    it('are written only by the regional ELB account, only under the log prefix, only over TLS', () => {
      const policy = JSON.parse(forBucket('aws_s3_bucket_policy')[0].body.policy);
      const allow = policy.Statement.filter((s: { Effect: string }) => s.Effect === 'Allow');
      expect(allow).toHaveLength(1);
      expect(allow[0].Action).toBe('s3:PutObject');
      expect(allow[0].Principal.AWS).toMatch(/^\$\{data\.aws_elb_service_account\.[\w-]+\.arn\}$/);
      expect(allow[0].Resource).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}\/\*$/);
      expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    });

    it('use the log-delivery service principal in regions opened after 2021', () => {
      const newer = synth(example((c) => (c.shared.region = 'ap-southeast-5')));
      const policy = newer.resources('aws_s3_bucket_policy', 'shared').map((p) => JSON.parse(p.body.policy)).find((p) => p.Statement.some((s: { Sid: string }) => s.Sid === 'ElbLogDelivery'));
      expect(policy.Statement.find((s: { Sid: string }) => s.Sid === 'ElbLogDelivery').Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
    });
  });
});

describe('dedicated ALB per environment (option)', () => {
  const dedicated = synthBeforeAll(() => example((c) => (c.environments[2].dedicatedAlb = true)));

  it('gives prod its own hardened ALB and listeners, and keeps the shared one for the others', () => {
    const { alb, byPort } = albChecks(dedicated, 'prod');
    expect(alb.body).toMatchObject({ name: 'acme-prod', internal: false, drop_invalid_header_fields: true, enable_deletion_protection: true });
    expect(byPort(443).body.ssl_policy).toBe(TLS_POLICY);
    expect(byPort(80).body.default_action[0].type).toBe('redirect');
    expect(dedicated.resources('aws_lb', 'shared')).toHaveLength(1);
    expect(dedicated.stack('prod').variable.certificate_arn).toBeDefined();
  });

  it('attaches prod routes to prod\'s own listener', () => {
    for (const rule of dedicated.resources('aws_lb_listener_rule', 'prod')) {
      expect(dedicated.mustResolve('prod', rule.body.listener_arn).stack).toBe('prod');
    }
    for (const rule of dedicated.resources('aws_lb_listener_rule', 'test')) {
      expect(dedicated.mustResolve('test', rule.body.listener_arn).stack).toBe('shared');
    }
  });

  it('drops the shared ALB when every environment has its own', () => {
    const all = synth(example((c) => c.environments.forEach((e) => (e.dedicatedAlb = true))));
    expect(all.resources('aws_lb', 'shared')).toEqual([]);
    expect(all.resources('aws_lb').map((a) => a.stack).sort()).toEqual(['prod', 'stage', 'test']);
  });
});
