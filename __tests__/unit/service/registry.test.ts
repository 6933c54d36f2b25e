import { example } from '../../helpers/config-file';
import { Synthesized, synth, synthBeforeAll } from '../../helpers/synth';
import { Resource } from '../../../verify/tfjson';

const out = synthBeforeAll(example());
const repoPolicy = (s: Synthesized, repo: Resource) =>
  JSON.parse(s.resources('aws_ecr_repository_policy', 'shared').find((p) => s.mustResolve('shared', p.body.repository).name === repo.name)!.body.policy).Statement;

describe('ECR repositories', () => {
  const repos = () => out.resources('aws_ecr_repository', 'shared');

  it('exist once per service, shared by every environment, only in the shared stack', () => {
    expect(repos().map((r) => r.body.name).sort()).toEqual(['acme/auth', 'acme/reminder']);
    expect(out.resources('aws_ecr_repository').every((r) => r.stack === 'shared')).toBe(true);
  });

  it('have immutable tags, scan on push and KMS encryption', () => {
    for (const r of repos()) {
      expect(r.body).toMatchObject({ image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true } });
      expect(r.body.encryption_configuration[0].encryption_type).toBe('KMS');
      expect(out.mustResolve('shared', r.body.encryption_configuration[0].kms_key).type).toBe('aws_kms_key');
    }
  });

  it('expire untagged images after 7 days, never release images, and keep the last 30 otherwise', () => {
    for (const p of out.resources('aws_ecr_lifecycle_policy', 'shared')) {
      const rules = JSON.parse(p.body.policy).rules.map((r: { selection: Record<string, unknown> }) => r.selection);
      expect(rules).toEqual([
        { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
        { tagStatus: 'tagged', tagPatternList: ['v*.*.*'], countType: 'imageCountMoreThan', countNumber: 100000 },
        { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
      ]);
    }
  });

  it('let only the execution roles of environments running the service pull, plus the scanner', () => {
    for (const repo of repos()) {
      const svc = repo.body.name.split('/')[1];
      const [pull] = repoPolicy(out, repo);
      expect(pull).toMatchObject({ Sid: 'PullOnlyByExecutionRoles', Effect: 'Deny', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] });
      const allowed = pull.Condition.ArnNotLike['aws:PrincipalArn'].map((a: string) => a.replace(/^arn:aws:iam::\$\{[^}]+\}:role\//, ''));
      expect(allowed).toEqual([`acme-test-${svc}-exec`, `acme-stage-${svc}-exec`, `acme-prod-${svc}-exec`, 'aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2']);
    }
  });

  it('let the durable administrators (adminRoleArns, the CI deploy role, Admins) pull to verify signatures, never the session running Terraform', () => {
    const admin = 'arn:aws:iam::123456789012:role/platform-admin';
    const deploy = 'arn:aws:iam::123456789012:role/gha-deploy';
    const withAdmins = synth(example((c) => ((c.shared.adminRoleArns = [admin]), (c.shared.ci = { deployRoleArn: deploy }), (c.shared.personas = { admins: ['arn:aws:iam::123456789012:role/sso-admin'] }))));
    for (const repo of withAdmins.resources('aws_ecr_repository', 'shared')) {
      const allowed: string[] = repoPolicy(withAdmins, repo)[0].Condition.ArnNotLike['aws:PrincipalArn'];
      expect(allowed).toEqual(expect.arrayContaining([admin, deploy]));
      expect(allowed.map((a) => withAdmins.resolve('shared', a)?.resource.body.name)).toContain('acme-admins');
      expect(JSON.stringify(allowed)).not.toMatch(/session_context/);
    }
    expect(withAdmins.data('aws_iam_session_context', 'shared').length).toBeLessThanOrEqual(1);
  });

  it('restrict pushing to the Developers role once that persona exists, and not before', () => {
    for (const repo of repos()) expect(repoPolicy(out, repo).map((s: { Sid: string }) => s.Sid)).toEqual(['PullOnlyByExecutionRoles']);
    const withDevs = synth(example((c) => (c.shared.personas = { developers: ['arn:aws:iam::123456789012:role/dev-sso'] })));
    for (const repo of withDevs.resources('aws_ecr_repository', 'shared')) {
      const push = repoPolicy(withDevs, repo).find((s: { Sid: string }) => s.Sid === 'PushOnlyByDevelopers');
      expect(push.Action).toContain('ecr:PutImage');
      expect(push.Condition.ArnNotLike['aws:PrincipalArn'].map((a: string) => withDevs.mustResolve('shared', a).body.name)).toEqual(['acme-developers']);
    }
  });
});

describe('ECR options', () => {
  const on = synthBeforeAll(() => example((c) => (c.shared.ecr = { enhancedScanning: true, signing: { kmsKey: true, signerProfile: true } })));

  it('uses basic scan on push by default and enhanced continuous scanning when asked', () => {
    expect(out.resources('aws_ecr_registry_scanning_configuration')).toEqual([]);
    const [scan] = on.resources('aws_ecr_registry_scanning_configuration', 'shared');
    expect(scan.body).toMatchObject({ scan_type: 'ENHANCED', rule: [{ scan_frequency: 'CONTINUOUS_SCAN', repository_filter: [{ filter: 'acme/*', filter_type: 'WILDCARD' }] }] });
  });

  it('creates no signing key or profile by default', () => {
    expect(out.resources('aws_signer_signing_profile')).toEqual([]);
    expect(out.resources('aws_kms_key', 'shared').filter((k) => k.body.key_usage === 'SIGN_VERIFY')).toEqual([]);
  });

  it('creates an asymmetric signing key and a Notation signing profile when asked', () => {
    const [key] = on.resources('aws_kms_key', 'shared').filter((k) => k.body.key_usage === 'SIGN_VERIFY');
    expect(key.body.customer_master_key_spec).toBe('ECC_NIST_P256');
    expect(on.resources('aws_kms_alias', 'shared').map((a) => a.body.name)).toContain('alias/acme-image-signing');
    const [profile] = on.resources('aws_signer_signing_profile', 'shared');
    expect(profile.body).toMatchObject({ platform_id: 'Notation-OCI-SHA384-ECDSA', name: 'acme_images' });
  });
});
