import { KEY_ADMIN_ACTIONS, KEY_METADATA_READ } from '../../../model/key-policy';
import { EXAMPLE_ENVIRONMENTS, example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';

const out = synthBeforeAll(example());
const ENVIRONMENTS = EXAMPLE_ENVIRONMENTS;
const STACKS = ['bootstrap', 'shared', ...ENVIRONMENTS];
interface Stmt { Sid: string; Principal: '*' | { AWS?: string | string[]; Service?: string }; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> }
const READ_ONLY = /^kms:(Describe|Get|List)/;

describe.each(STACKS)('customer-managed key of %s', (stack) => {
  const keys = () => out.resources('aws_kms_key', stack).filter((k) => k.body.key_usage !== 'SIGN_VERIFY');
  const policy = () => JSON.parse(keys()[0].body.policy).Statement as Stmt[];

  it('exists once, with yearly rotation', () => {
    expect(keys()).toHaveLength(1);
    expect(keys()[0].body).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365 });
  });

  it('has no wildcard principal; the account root and services go unconditioned only to read metadata, or to administer when no administrator is configured', () => {
    for (const s of policy()) {
      expect(s.Principal).not.toBe('*');
      const aws = s.Principal !== '*' ? [s.Principal.AWS ?? []].flat() : [];
      const unconditioned = Object.keys(s.Condition ?? {}).length === 0;
      if (aws.some((a) => a.endsWith(':root')) && unconditioned) {
        if (s.Sid === 'KeyAdministrationByAccount') expect(s.Action).toEqual([...KEY_ADMIN_ACTIONS]);
        else expect(s.Action).toEqual([...KEY_METADATA_READ]);
      }
      if (s.Principal !== '*' && s.Principal.Service && unconditioned) for (const a of [s.Action].flat()) expect(a).toMatch(READ_ONLY);
    }
  });

  it('lets the account read key metadata (so any principal IAM allows can plan), and names no session of whoever ran Terraform', () => {
    expect(policy().find((s) => s.Sid === 'AccountReadsKeyMetadata')).toMatchObject({ Principal: { AWS: expect.stringMatching(/:root$/) }, Action: [...KEY_METADATA_READ] });
    expect(keys()[0].body.policy).not.toMatch(/session_context|assumed-role/);
  });

  it('falls back to the account as administrator, with the administrator actions only, when none is configured', () => {
    const admin = policy().find((s) => s.Sid === 'KeyAdministrationByAccount')!;
    expect(admin).toMatchObject({ Principal: { AWS: expect.stringMatching(/:root$/) }, Action: [...KEY_ADMIN_ACTIONS] });
    expect(policy().find((s) => s.Sid === 'KeyAdministration')).toBeUndefined();
    expect(keys()[0].body.lifecycle?.precondition).toBeUndefined();
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
    const off = synth(example((c) => (c.shared.audit = { cloudTrail: false })));
    expect(stmts(off).find((s) => s.Sid === 'CloudTrailEncrypt')).toBeUndefined();
  });

  it('add the admins persona as key administrator when it exists', () => {
    const withAdmins = synth(example((c) => (c.shared.personas = { admins: ['arn:aws:iam::123456789012:role/break-glass'] })));
    const admin = (JSON.parse(withAdmins.resources('aws_kms_key', 'prod')[0].body.policy).Statement as Stmt[]).find((s) => s.Sid === 'KeyAdministration')!;
    expect([admin.Principal !== '*' && admin.Principal.AWS].flat()).toContainEqual(expect.stringMatching(/:role\/acme-admins$/));
  });
});

describe('CI roles', () => {
  const ci = synthBeforeAll(() =>
    example((c) => (c.shared.ci = { deployRoleArn: 'arn:aws:iam::123456789012:role/gha-deploy', planRoleArn: 'arn:aws:iam::123456789012:role/gha-plan' })),
  );

  it.each(['bootstrap', 'shared', 'prod'])('make the deploy role (not the session) administer the %s key and let the plan role read it', (stack) => {
    const key = ci.resources('aws_kms_key', stack)[0];
    const stmts = JSON.parse(key.body.policy).Statement as Stmt[];
    expect(stmts.find((s) => s.Sid === 'KeyAdministration')!.Principal).toEqual({ AWS: ['arn:aws:iam::123456789012:role/gha-deploy'] });
    expect(stmts.find((s) => s.Sid === 'ReadKeySettings')).toMatchObject({ Principal: { AWS: ['arn:aws:iam::123456789012:role/gha-plan'] }, Action: [...KEY_METADATA_READ] });
    expect(key.body.policy).not.toMatch(/session_context/);
  });

  it.each(['bootstrap', 'shared', 'prod'])('fail the %s plan, naming the roles to assume, when whoever runs it administers no key (unless it is the plan role or plan_only is set)', (stack) => {
    const key = ci.resources('aws_kms_key', stack)[0];
    const [pre] = key.body.lifecycle.precondition;
    const session = ci.data('aws_iam_session_context', stack);
    expect(session).toHaveLength(1);
    expect(pre.condition).toBe(`\${(contains(["arn:aws:iam::123456789012:role/gha-deploy", "arn:aws:iam::123456789012:role/gha-plan"], data.aws_iam_session_context.${session[0].name}.issuer_arn) || var.plan_only)}`);
    expect(pre.error_message).toContain('Deploy as one of its administrators: arn:aws:iam::123456789012:role/gha-deploy');
    expect(pre.error_message).toContain('TF_VAR_plan_only=true');
    expect(ci.stack(stack).variable.plan_only).toMatchObject({ type: 'bool', default: false });
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
