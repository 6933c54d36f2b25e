import { ENVIRONMENTS, configWith, synth } from '../helpers/synth';

const out = synth();
const STACKS = ['bootstrap', 'shared', ...ENVIRONMENTS];
interface Stmt { Sid: string; Principal: '*' | { AWS?: string | string[]; Service?: string }; Condition?: Record<string, Record<string, unknown>> }

describe.each(STACKS)('customer-managed key of %s', (stack) => {
  const keys = out.resources('aws_kms_key', stack).filter((k) => k.body.key_usage !== 'SIGN_VERIFY');
  const policy = () => JSON.parse(keys[0].body.policy).Statement as Stmt[];

  it('exists once, with yearly rotation', () => {
    expect(keys).toHaveLength(1);
    expect(keys[0].body).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365 });
  });

  it('has no wildcard principal and no unconditioned account-root grant', () => {
    for (const s of policy()) {
      expect(s.Principal).not.toBe('*');
      const aws = s.Principal !== '*' ? [s.Principal.AWS ?? []].flat() : [];
      if (aws.some((a) => a.endsWith(':root'))) expect(Object.keys(s.Condition ?? {}).length).toBeGreaterThan(0);
      if (s.Principal !== '*' && s.Principal.Service) expect(s.Condition).toBeDefined();
    }
  });

  it('is administered by the deploying role (and configured admin roles) only', () => {
    const admin = policy().find((s) => s.Sid === 'KeyAdministration')!;
    expect(admin.Principal).toEqual({ AWS: [expect.stringMatching(/^\$\{data\.aws_iam_session_context\.[\w-]+\.issuer_arn\}$/)] });
  });
});

describe('key grants', () => {
  it('let CloudWatch Logs use an environment key only for that environment\'s log groups', () => {
    for (const env of ENVIRONMENTS) {
      const logs = (JSON.parse(out.resources('aws_kms_key', env)[0].body.policy).Statement as Stmt[]).find((s) => s.Sid === 'CloudWatchLogs')!;
      expect(logs.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
      expect(logs.Condition!.ArnLike['kms:EncryptionContext:aws:logs:arn']).toEqual([
        expect.stringMatching(new RegExp(`:log-group:/acme/${env}/\\*$`)),
        expect.stringMatching(new RegExp(`:log-group:/aws/docdb/acme-${env}-docdb/\\*$`)),
      ]);
    }
  });

  it('let Secrets Manager use environment keys on behalf of account principals only', () => {
    for (const env of ENVIRONMENTS) {
      const via = (JSON.parse(out.resources('aws_kms_key', env)[0].body.policy).Statement as Stmt[]).find((s) => s.Sid === 'SecretsViaSecretsManager')!;
      expect(via.Condition!.StringEquals['kms:ViaService']).toBe('secretsmanager.eu-west-1.amazonaws.com');
    }
  });

  it('let CloudTrail use the shared key only for this trail, and only while the trail is on', () => {
    const stmts = (s: typeof out) => JSON.parse(s.resources('aws_kms_key', 'shared')[0].body.policy).Statement as Stmt[];
    const trail = stmts(out).find((s) => s.Sid === 'CloudTrailEncrypt')!;
    expect(trail.Condition!.StringEquals['aws:SourceArn']).toMatch(/:trail\/acme-trail$/);
    const off = synth(configWith((c) => (c.shared.audit = { cloudTrail: false })));
    expect(stmts(off).find((s) => s.Sid === 'CloudTrailEncrypt')).toBeUndefined();
  });

  it('add the admins persona as key administrator when it exists', () => {
    const withAdmins = synth(configWith((c) => (c.shared.personas = { admins: ['arn:aws:iam::123456789012:role/break-glass'] })));
    const admin = (JSON.parse(withAdmins.resources('aws_kms_key', 'prod')[0].body.policy).Statement as Stmt[]).find((s) => s.Sid === 'KeyAdministration')!;
    expect([admin.Principal !== '*' && admin.Principal.AWS].flat()).toContainEqual(expect.stringMatching(/:role\/acme-admins$/));
  });
});

describe('CI roles', () => {
  const ci = synth(
    configWith((c) => (c.shared.ci = { deployRoleArn: 'arn:aws:iam::123456789012:role/gha-deploy', planRoleArn: 'arn:aws:iam::123456789012:role/gha-plan' })),
  );

  it.each(['bootstrap', 'shared', 'prod'])('make the deploy role (not the session) administer the %s key and let the plan role read it', (stack) => {
    const stmts = JSON.parse(ci.resources('aws_kms_key', stack)[0].body.policy).Statement as Stmt[];
    expect(stmts.find((s) => s.Sid === 'KeyAdministration')!.Principal).toEqual({ AWS: ['arn:aws:iam::123456789012:role/gha-deploy'] });
    expect(stmts.find((s) => s.Sid === 'ReadKeySettings')).toMatchObject({ Principal: { AWS: ['arn:aws:iam::123456789012:role/gha-plan'] }, Action: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'] });
    expect(ci.data('aws_iam_session_context', stack)).toEqual([]);
  });
});

describe('CloudTrail grant', () => {
  it('lets the trail describe and decrypt with the key without an encryption context, but only for this trail', () => {
    const stmts = JSON.parse(out.resources('aws_kms_key', 'shared')[0].body.policy).Statement as Stmt[];
    const describe = stmts.find((s) => s.Sid === 'CloudTrailDescribeAndDecrypt')!;
    expect(describe).toMatchObject({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: ['kms:DescribeKey', 'kms:Decrypt'] });
    expect(Object.keys(describe.Condition!)).toEqual(['StringEquals']);
    expect(describe.Condition!.StringEquals['aws:SourceArn']).toMatch(/:trail\/acme-trail$/);
  });
});
