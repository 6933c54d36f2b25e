import { partitionFor } from '../../../model/partition';
import { ENV_CAPABILITIES, EnvCapability, NEVER, PERSONAS, PersonaKey, VIEW_ONLY } from '../../../model/personas';
import { QA_DENIED_PROBES, capabilityIntent } from '../../../verify/persona-probes';
import { statementsOf } from '../../../verify/role-policies';
import { PROBE_ACCOUNT, roleOf } from '../../helpers/role-eval';
import { example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';

const principals = {
  developers: ['arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developers_0123456789abcdef'],
  qa: ['arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_QA_0123456789abcdef'],
  admins: ['arn:aws:iam::123456789012:user/alice', 'arn:aws:iam::123456789012:role/break-glass'],
};
const config = example((c) => (c.shared.personas = principals));
const out = synthBeforeAll(config);
const PERSONA_KEYS = Object.keys(PERSONAS) as PersonaKey[];

describe('persona roles', () => {
  it('exist only for personas with principals', () => {
    expect(out.resources('aws_iam_role', 'shared').map((r) => r.body.name).filter((n) => /-(developers|qa|admins)$/.test(n)).sort()).toEqual(['acme-admins', 'acme-developers', 'acme-qa']);
    const none = synth(example());
    expect(none.resources('aws_iam_role', 'shared').filter((r) => /-(developers|qa|admins)$/.test(r.body.name))).toEqual([]);
    // An empty list is no principal: no role (its trust policy would name nobody, which IAM refuses).
    const empty = synth(example((c) => (c.shared.personas = { developers: [], admins: principals.admins })));
    expect(empty.resources('aws_iam_role', 'shared').map((r) => r.body.name).filter((n) => /-(developers|qa|admins)$/.test(n))).toEqual(['acme-admins']);
  });

  it.each(PERSONA_KEYS)('%s is assumable only by its configured principals, IAM users only with MFA, never the root', (key) => {
    const role = out.resources('aws_iam_role', 'shared').find((r) => r.body.name === `acme-${PERSONAS[key].roleSuffix}`)!;
    const trust = JSON.parse(role.body.assume_role_policy).Statement as Array<{ Principal: { AWS: string[] }; Condition?: unknown }>;
    const trusted = trust.flatMap((s) => s.Principal.AWS).sort();
    expect(trusted).toEqual([...principals[key]].sort());
    // One statement for roles, one for users (with MFA), each naming someone: IAM refuses an empty principal list at apply.
    expect(trust.map((s) => s.Principal.AWS.length > 0)).toEqual(trust.map(() => true));
    expect(trust.length).toBe(new Set(principals[key].map((p) => p.includes(':user/'))).size);
    for (const s of trust) {
      for (const p of s.Principal.AWS) {
        expect(p).not.toMatch(/:root$|^\d{12}$|^\*$/);
        if (p.includes(':user/')) expect(s.Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
      }
    }
  });

  it('trusts a persona given only IAM users with one MFA statement naming them, one given only roles with one statement without MFA', () => {
    const users = synth(example((c) => (c.shared.personas = { qa: ['arn:aws:iam::123456789012:user/bob'] })));
    const role = users.resources('aws_iam_role', 'shared').find((r) => r.body.name === 'acme-qa')!;
    expect(JSON.parse(role.body.assume_role_policy).Statement).toEqual([
      { Sid: 'TrustedUsersWithMfa', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:user/bob'] }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    ]);
    const roles = synth(example((c) => (c.shared.personas = { qa: ['arn:aws:iam::123456789012:role/carol'] })));
    const qa = roles.resources('aws_iam_role', 'shared').find((r) => r.body.name === 'acme-qa')!;
    expect(JSON.parse(qa.body.assume_role_policy).Statement).toEqual([{ Sid: 'TrustedRoles', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:role/carol'] }, Action: 'sts:AssumeRole' }]);
  });

  it.each(PERSONA_KEYS)('%s has exactly the AWS-managed policies of the table, none of them admin-level', (key) => {
    const { managed } = roleOf(out, 'shared', `acme-${PERSONAS[key].roleSuffix}`);
    const aws = partitionFor(config.shared.region);
    expect(managed.sort()).toEqual(PERSONAS[key].managedPolicies.map((p) => aws.managedPolicy(p)).sort());
    for (const arn of managed) expect(arn).not.toMatch(/AdministratorAccess|PowerUserAccess|IAMFullAccess/);
    if (key === 'qa') expect(managed).toEqual([aws.managedPolicy(VIEW_ONLY)]);
  });

  it.each(PERSONA_KEYS)('%s never holds iam:* or an unrestricted admin action', (key) => {
    const role = roleOf(out, 'shared', `acme-${PERSONAS[key].roleSuffix}`);
    for (const s of statementsOf(role.documents).filter((x) => x.Effect === 'Allow')) {
      for (const a of [s.Action ?? []].flat()) expect(a).not.toMatch(/^(\*|iam:\*|[a-z0-9-]+:\*)$/);
    }
    for (const action of ['iam:CreateRole', 'iam:AttachRolePolicy', 'kms:ScheduleKeyDeletion', 'cloudtrail:StopLogging', 'organizations:LeaveOrganization']) {
      expect(role.ask(action, '*')).toBe('deny');
    }
    expect(NEVER).toContain('iam:Create*');
    expect(role.ask('iam:PassRole', `arn:aws:iam::${PROBE_ACCOUNT}:role/acme-prod-auth-exec`, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })).not.toBe('deny');
  });
});

// docs/iam-and-keys.md's persona table, written out: a change to the table in model/personas.ts
// that the documentation does not make fails here.
describe('the persona table as docs/iam-and-keys.md documents it', () => {
  const DOCUMENTED = {
    'acme-developers': { description: 'Developers (security.md persona)', session: 4 * 3600, managed: [] as string[] },
    'acme-qa': { description: 'QA/PMs (security.md persona)', session: 4 * 3600, managed: ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'] },
    'acme-admins': { description: 'Admins (security.md persona)', session: 3600, managed: ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'] },
  };

  it.each(Object.entries(DOCUMENTED))('%s: its description, session length and AWS-managed policies', (name, doc) => {
    const role = out.resources('aws_iam_role', 'shared').find((r) => r.body.name === name)!;
    expect([role.body.description, role.body.max_session_duration]).toEqual([doc.description, doc.session]);
    expect(roleOf(out, 'shared', name).managed.sort()).toEqual(doc.managed);
  });

  it('denies QA secret values, parameters, key use, ECS Exec and Session Manager explicitly, and no other persona more than the never-allowed actions', () => {
    const denies = (name: string) => statementsOf(roleOf(out, 'shared', name).documents).filter((st) => st.Effect === 'Deny').flatMap((st) => [st.Action ?? []].flat() as string[]);
    const qaOnly = denies('acme-qa').filter((a) => !denies('acme-admins').includes(a));
    expect(qaOnly.sort()).toEqual(['ecs:ExecuteCommand', 'kms:Decrypt', 'secretsmanager:GetSecretValue', 'ssm:GetParameter*', 'ssm:StartSession']);
    expect(denies('acme-developers').sort()).toEqual(denies('acme-admins').sort());
  });

  it('refuses an environment capability asked without an environment (a programming error, not a configuration one)', () => {
    expect(() => ENV_CAPABILITIES.read({ partition: 'aws', project: 'acme', region: 'eu-west-1', accountId: PROBE_ACCOUNT, stateBucket: 'b', lockTable: 't' })).toThrow('environment capability without an environment');
  });
});

describe('persona policies', () => {
  it.each(PERSONA_KEYS)('%s has one policy per environment where access gives it something, none elsewhere, and an account-wide one; none is empty (IAM refuses an empty policy)', (key) => {
    const suffix = PERSONAS[key].roleSuffix;
    const policies = new Map(out.resources('aws_iam_policy', 'shared').map((p) => [String(p.body.name), JSON.parse(p.body.policy)]));
    const mine = [...policies.keys()].filter((n) => n.startsWith(`acme-${suffix}-`)).sort();
    const expected = ['global', ...config.environments.filter((e) => Object.values(e.access).some((who) => who.includes(key))).map((e) => e.name)].map((scope) => `acme-${suffix}-${scope}`).sort();
    expect(mine).toEqual(expected);
    for (const name of mine) expect([name, policies.get(name).Statement.length > 0]).toEqual([name, true]);
    // What the console shows an operator: whose policy it is and where it applies.
    const descriptions = out.resources('aws_iam_policy', 'shared').filter((p) => mine.includes(p.body.name)).map((p) => [p.body.name, p.body.description]);
    expect(descriptions.sort()).toEqual(expected.map((n) => [n, `${PERSONAS[key].title}: ${n.endsWith('-global') ? 'account-wide' : `environment ${n.slice(`acme-${suffix}-`.length)}`}`]).sort());
    const role = out.resources('aws_iam_role', 'shared').find((r) => r.body.name === `acme-${suffix}`)!;
    expect(role.body.description).toBe(`${PERSONAS[key].title} (security.md persona)`);
    // The deny statement is findable by its Sid in the console and in CloudTrail's policy diffs.
    expect(policies.get(`acme-${suffix}-global`).Statement.filter((x: { Effect: string }) => x.Effect === 'Deny').map((x: { Sid: string }) => x.Sid)).toEqual(['NeverAllowed']);
    // Each is attached to the persona's role, and to nothing else.
    const attached = out.resources('aws_iam_role_policy_attachment', 'shared').filter((a) => out.resolve('shared', a.body.policy_arn)?.resource.body.name?.startsWith(`acme-${suffix}-`));
    expect(attached.map((a) => out.resolve('shared', a.body.role)?.resource.name)).toEqual(mine.map(() => role.name));
  });
});

// The table drives the expectations: a persona holds a capability in an environment
// exactly when that environment's `access` lists it, and every probe must agree.
describe.each(config.environments.map((e) => e.name))('environment %s', (envName) => {
  const env = config.environments.find((e) => e.name === envName)!;
  const aws = partitionFor('eu-west-1');
  const probeEnv = { aws, stateAws: aws, account: PROBE_ACCOUNT, project: 'acme', stateBucket: 'acme-tfstate-eu-west-1', lockTable: 'acme-tflock', env: envName, service: env.services[0].name, exec: env.execEnabled && !env.production, blueGreen: env.blueGreen !== undefined };
  const cases = PERSONA_KEYS.flatMap((persona) =>
    (['read', 'deploy', 'secrets'] as EnvCapability[]).flatMap((cap) =>
      capabilityIntent(cap, probeEnv).allowed.map((probe) => ({ persona, cap, what: probe.what, action: probe.action, resource: probe.resource, context: probe.context ?? {}, allowed: env.access[cap].includes(persona) })),
    ),
  );

  it.each(cases)('$persona $cap: $what allowed=$allowed', ({ persona, action, resource, context, allowed }) => {
    // QA's explicit denies (security.md: never secret values) answer "deny" rather than "implicit-deny".
    expect(roleOf(out, 'shared', `acme-${PERSONAS[persona].roleSuffix}`).ask(action, resource, context as Record<string, string | string[]>)).toBe(allowed ? 'allow' : persona === 'qa' && QA_DENIED_PROBES.includes(action) ? 'deny' : 'implicit-deny');
  });
});

describe('persona defaults and globals', () => {
  it('lets developers push images to the project repositories only, and nobody else', () => {
    const repo = `arn:aws:ecr:eu-west-1:${PROBE_ACCOUNT}:repository/acme/auth`;
    expect(roleOf(out, 'shared', 'acme-developers').ask('ecr:PutImage', repo)).toBe('allow');
    expect(roleOf(out, 'shared', 'acme-developers').ask('ecr:PutImage', `arn:aws:ecr:eu-west-1:${PROBE_ACCOUNT}:repository/other/x`)).toBe('implicit-deny');
    expect(roleOf(out, 'shared', 'acme-qa').ask('ecr:PutImage', repo)).toBe('implicit-deny');
    expect(roleOf(out, 'shared', 'acme-admins').ask('ecr:PutImage', repo)).toBe('implicit-deny');
  });

  it('denies QA secret values explicitly, on top of the view-only policy', () => {
    const qa = roleOf(out, 'shared', 'acme-qa');
    for (const action of ['secretsmanager:GetSecretValue', 'kms:Decrypt', 'ecs:ExecuteCommand', 'ssm:GetParameter']) expect(qa.ask(action, '*')).toBe('deny');
  });

  it('ships the spec\'s access: developers deploy to test, QA reads stage, only admins touch prod and secrets', () => {
    const access = Object.fromEntries(config.environments.map((e) => [e.name, e.access]));
    expect(access).toEqual({
      test: { deploy: ['developers', 'admins'], read: ['developers', 'qa', 'admins'], secrets: ['admins'] },
      stage: { deploy: ['admins'], read: ['developers', 'qa', 'admins'], secrets: ['admins'] },
      prod: { deploy: ['admins'], read: ['admins'], secrets: ['admins'] },
    });
  });

  it('defaults an environment without `access` to admins only', () => {
    const cfg = example((c) => delete c.environments[2].access);
    expect(cfg.environments[2].access).toEqual({ deploy: ['admins'], read: ['admins'], secrets: ['admins'] });
  });

  it('rejects the account root as a persona principal', () => {
    expect(() => example((c) => (c.shared.personas = { admins: ['arn:aws:iam::123456789012:root'] }))).toThrow('field personas.admins[0]: must be an IAM role or user ARN (never the account root)');
  });
});

describe('deploy capability and Terraform state', () => {
  it('lets a persona that deploys somewhere read the shared outputs and use the state key, and nobody else', () => {
    const shared = 'arn:aws:s3:::acme-tfstate-eu-west-1/acme/shared/terraform.tfstate';
    expect(roleOf(out, 'shared', 'acme-developers').ask('s3:GetObject', shared)).toBe('allow');
    expect(roleOf(out, 'shared', 'acme-developers').ask('s3:PutObject', shared)).toBe('implicit-deny');
    expect(roleOf(out, 'shared', 'acme-qa').ask('s3:GetObject', shared)).toBe('implicit-deny');
    expect(roleOf(out, 'shared', 'acme-developers').ask('kms:Decrypt', `arn:aws:kms:eu-west-1:${PROBE_ACCOUNT}:key/x`, { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:ResourceAliases': ['alias/acme-tfstate'] })).toBe('allow');
  });

  it('lists tasks only with the environment\'s cluster as condition', () => {
    const list = statementsOf(roleOf(out, 'shared', 'acme-qa').documents).find((s) => s.Sid === 'ListStageEcs')!;
    expect(list.Condition).toEqual({ ArnEquals: { 'ecs:cluster': `arn:aws:ecs:eu-west-1:${PROBE_ACCOUNT}:cluster/acme-stage` } });
  });

  it('lets personas that deploy to an environment with ECS Exec open sessions with its key', () => {
    const exec = synth(example((c) => {
      c.shared.personas = principals;
      c.environments[0].execEnabled = true;
    }));
    const stmts = JSON.parse(exec.resources('aws_kms_key', 'test')[0].body.policy).Statement;
    const sessions = stmts.find((s: { Sid: string }) => s.Sid === 'EcsExecSessions');
    expect(sessions.Condition.ArnLike['aws:PrincipalArn']).toEqual([
      expect.stringMatching(/:role\/acme-test-\*-task$/),
      expect.stringMatching(/:role\/acme-developers$/),
      expect.stringMatching(/:role\/acme-admins$/),
    ]);
  });
});
