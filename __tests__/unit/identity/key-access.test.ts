/**
 * Who may administer, use and read each KMS key: the synthesized key policies (Terraform
 * tokens replaced by probe values) evaluated with verify/policy-eval.ts, for every key and
 * every kind of principal, against a table of expectations written by hand — never derived
 * from the policies. Both with durable administrators configured and with none (fallback
 * to the account).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../environments';
import { EvalPolicyDocument, EvalRequest, evaluatePolicies } from '../../../verify/policy-eval';
import { Synthesized, synthBeforeAll } from '../../helpers/synth';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const REGION = 'eu-west-1';
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const session = (name: string, account = ACCOUNT) => `arn:aws:sts::${account}:assumed-role/${name}/some-session`;
const allow = (action: string | string[], resource = '*'): EvalPolicyDocument => ({ Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

type Mode = 'admins' | 'none';
const fixture = (mode: Mode) => {
  const raw = JSON.parse(fs.readFileSync(path.join(__dirname, `../../fixtures/key-access/${mode}.json`), 'utf8'));
  return loadConfig(raw.shared, raw.environments);
};

/** The keys of the fixtures: where each lives, its synthetic ARN for identity policies, and its service probes. */
type KeyName = 'state' | 'shared' | 'env-test' | 'env-prod' | 'signing';
const KEYS: Record<KeyName, { stack: string; signing?: boolean }> = {
  state: { stack: 'bootstrap' },
  shared: { stack: 'shared' },
  'env-test': { stack: 'test' },
  'env-prod': { stack: 'prod' },
  signing: { stack: 'shared', signing: true },
};
/** The AWS services that use each key with their own principal. */
const SERVICES: Record<KeyName, string[]> = {
  state: ['dynamodb.amazonaws.com'],
  shared: [`logs.${REGION}.amazonaws.com`, 'cloudtrail.amazonaws.com'],
  'env-test': [`logs.${REGION}.amazonaws.com`],
  'env-prod': [`logs.${REGION}.amazonaws.com`],
  signing: [],
};
const keyArn = (k: KeyName) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${k}`;

/** Principal kinds, each with the IAM policy such a principal typically has. */
type Kind = 'durableAdmin' | 'ciDeploy' | 'ciPlan' | 'colleague' | 'taskRole' | 'service' | 'foreign';
const ACCOUNT_KINDS: Record<Exclude<Kind, 'service' | 'taskRole'>, { arn: string; account?: string; identity: EvalPolicyDocument[] }> = {
  // A session of the role, not the role: administration never depends on one session.
  durableAdmin: { arn: session('platform-admin'), account: ACCOUNT, identity: [allow('kms:*')] },
  ciDeploy: { arn: session('gha-deploy'), account: ACCOUNT, identity: [allow('kms:*')] },
  // ReadOnlyAccess-like.
  ciPlan: { arn: session('gha-plan'), account: ACCOUNT, identity: [allow(['kms:Describe*', 'kms:Get*', 'kms:List*'])] },
  // Another principal of the account whose IAM allows all of KMS, but who administers nothing by configuration.
  colleague: { arn: session('developer'), account: ACCOUNT, identity: [allow('kms:*')] },
  // Another account: its own IAM allows everything; the key policy never names it. (No `account`:
  // the evaluator models same-account requests only; the key policy alone must refuse it.)
  foreign: { arn: session('intruder', OTHER_ACCOUNT), identity: [allow('kms:*')] },
};
const taskRole = (env: string) => ({ arn: session(`acme-${env}-auth-task`), account: ACCOUNT, identity: [allow(['kms:Decrypt', 'kms:GenerateDataKey'], keyArn(`env-${env}` as KeyName))] });

type Cap = 'administer' | 'read' | 'use' | 'useOutside';
interface Probe {
  readonly action: string;
  readonly context?: Record<string, string>;
  readonly service?: string;
}

/** The probes of one capability on one key: every probe of a row must give the row's answer. */
function probes(key: KeyName, cap: Cap, kind: Kind): Probe[] {
  const env = key.startsWith('env-') ? key.slice(4) : undefined;
  const via = (service: string, region = REGION) => ({ 'kms:ViaService': `${service}.${region}.amazonaws.com` });
  const admin = (service?: string): Probe[] => [{ service, action: 'kms:PutKeyPolicy' }, { service, action: 'kms:ScheduleKeyDeletion' }];
  if (kind === 'service') {
    if (cap === 'administer') return SERVICES[key].flatMap((svc) => admin(svc));
    const logs = `logs.${REGION}.amazonaws.com`;
    const logGroup = (name: string) => ({ 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}` });
    const trail = (name: string) => ({ 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${name}`, 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${name}` });
    const table: Record<string, Partial<Record<Cap, Probe[]>>> = {
      state: { read: [{ service: 'dynamodb.amazonaws.com', action: 'kms:DescribeKey' }, { service: 'dynamodb.amazonaws.com', action: 'kms:GetKeyPolicy' }], use: [], useOutside: [{ service: 'dynamodb.amazonaws.com', action: 'kms:Decrypt' }] },
      shared: {
        read: [{ service: 'cloudtrail.amazonaws.com', action: 'kms:DescribeKey', context: { 'aws:SourceArn': trail('acme-trail')['aws:SourceArn'] } }],
        use: [
          { service: logs, action: 'kms:GenerateDataKey', context: logGroup('/acme/shared/vpc-flow-logs') },
          { service: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', context: trail('acme-trail') },
        ],
        useOutside: [
          { service: logs, action: 'kms:GenerateDataKey', context: logGroup('/acme/test/auth') },
          { service: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', context: trail('someone-elses-trail') },
        ],
      },
    };
    if (env) {
      const other = env === 'test' ? 'prod' : 'test';
      return { read: [{ service: logs, action: 'kms:DescribeKey' }], use: [{ service: logs, action: 'kms:Decrypt', context: logGroup(`/acme/${env}/auth`) }], useOutside: [{ service: logs, action: 'kms:Decrypt', context: logGroup(`/acme/${other}/auth`) }, { service: logs, action: 'kms:Decrypt', context: logGroup('/acme/shared/vpc-flow-logs') }] }[cap] ?? [];
    }
    return table[key]?.[cap] ?? [];
  }
  if (cap === 'administer') return admin();
  if (cap === 'read') return [{ action: 'kms:DescribeKey' }, { action: 'kms:GetKeyPolicy' }];
  const s3 = (bucket: string) => ({ ...via('s3'), 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::${bucket}` });
  const use: Record<KeyName, { use: Probe[]; outside: Probe[] }> = {
    state: {
      use: [{ action: 'kms:Decrypt', context: s3('acme-tfstate-test') }, { action: 'kms:GenerateDataKey', context: via('dynamodb') }],
      outside: [{ action: 'kms:Decrypt', context: s3('some-other-bucket') }, { action: 'kms:Decrypt', context: via('sqs') }, { action: 'kms:Decrypt' }],
    },
    shared: {
      use: [{ action: 'kms:Decrypt', context: via('ecr') }, { action: 'kms:GenerateDataKey', context: via('s3') }],
      outside: [{ action: 'kms:Decrypt', context: via('secretsmanager') }, { action: 'kms:Decrypt' }],
    },
    'env-test': { use: [{ action: 'kms:Decrypt', context: via('secretsmanager') }], outside: [{ action: 'kms:Decrypt', context: via('secretsmanager', 'us-east-1') }, { action: 'kms:Decrypt', context: via('s3') }] },
    'env-prod': { use: [{ action: 'kms:Decrypt', context: via('secretsmanager') }], outside: [{ action: 'kms:Decrypt', context: via('secretsmanager', 'us-east-1') }, { action: 'kms:Decrypt', context: via('s3') }] },
    // The signing key is used directly: verify (sign is the Developers persona's, not a kind here).
    signing: { use: [{ action: 'kms:Verify' }], outside: [{ action: 'kms:Sign' }, { action: 'kms:Decrypt' }] },
  };
  return cap === 'use' ? use[key].use : use[key].outside;
}

/**
 * The expectations. A kind's row holds for every key unless an exception below says otherwise.
 * `administer` differs by mode: configured administrators only, or (no administrator
 * configured) whoever the account's IAM lets, through the account fallback.
 */
const Y = true;
const N = false;
const ROWS: Record<Kind, { administer: Record<Mode, boolean>; read: boolean; use: boolean; useOutside: boolean }> = {
  durableAdmin: { administer: { admins: Y, none: Y }, read: Y, use: Y, useOutside: N },
  ciDeploy: { administer: { admins: Y, none: Y }, read: Y, use: Y, useOutside: N },
  ciPlan: { administer: { admins: N, none: N }, read: Y, use: N, useOutside: N },
  colleague: { administer: { admins: N, none: Y }, read: Y, use: Y, useOutside: N },
  // Its IAM reads no key metadata and decrypts only its own environment key.
  taskRole: { administer: { admins: N, none: N }, read: N, use: N, useOutside: N },
  service: { administer: { admins: N, none: N }, read: Y, use: Y, useOutside: N },
  foreign: { administer: { admins: N, none: N }, read: N, use: N, useOutside: N },
};
const EXCEPTIONS: Array<{ key: KeyName; kind: Kind; mode?: Mode; cap: Cap; expect: boolean; why: string }> = [
  { key: 'env-test', kind: 'taskRole', cap: 'use', expect: Y, why: 'its own environment key, through Secrets Manager (its IAM allows it)' },
  { key: 'env-prod', kind: 'taskRole', cap: 'use', expect: Y, why: 'its own environment key, through Secrets Manager (its IAM allows it)' },
  { key: 'env-test', kind: 'service', cap: 'read', expect: N, why: 'CloudWatch Logs gets no metadata read without an encryption context' },
  { key: 'env-prod', kind: 'service', cap: 'read', expect: N, why: 'CloudWatch Logs gets no metadata read without an encryption context' },
  // Verify is granted to the durable administrators by name; with none configured, nobody verifies.
  { key: 'signing', kind: 'durableAdmin', mode: 'none', cap: 'use', expect: N, why: 'no verifier is configured' },
  { key: 'signing', kind: 'ciDeploy', mode: 'none', cap: 'use', expect: N, why: 'no verifier is configured' },
  { key: 'signing', kind: 'colleague', cap: 'use', expect: N, why: 'only the named verifiers may verify' },
];
const expected = (key: KeyName, kind: Kind, mode: Mode, cap: Cap): boolean => {
  const ex = EXCEPTIONS.find((e) => e.key === key && e.kind === kind && e.cap === cap && (!e.mode || e.mode === mode));
  if (ex) return ex.expect;
  return cap === 'administer' ? ROWS[kind].administer[mode] : ROWS[kind][cap];
};

/** Terraform tokens of a key policy replaced by probe values; anything else is left for the evaluator to refuse. */
function keyPolicy(out: Synthesized, key: KeyName): EvalPolicyDocument {
  const { stack, signing } = KEYS[key];
  const found = out.resources('aws_kms_key', stack).filter((k) => (k.body.key_usage === 'SIGN_VERIFY') === Boolean(signing));
  expect(found).toHaveLength(1);
  const text = String(found[0].body.policy).replace(/\$\{[^}]+\}/g, (token) => {
    if (/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/.test(token)) return ACCOUNT;
    const ref = out.resolve(stack, token);
    if (ref?.resource.type === 'aws_iam_role' && ref.attribute === 'arn') return role(ref.resource.body.name);
    return token;
  });
  return JSON.parse(text);
}

const KINDS: Kind[] = ['durableAdmin', 'ciDeploy', 'ciPlan', 'colleague', 'taskRole', 'service', 'foreign'];
const CAPS: Cap[] = ['administer', 'read', 'use', 'useOutside'];

describe.each<Mode>(['admins', 'none'])('key access with %s configured as administrators', (mode) => {
  const out = synthBeforeAll(() => fixture(mode));
  const cases = (Object.keys(KEYS) as KeyName[]).flatMap((key) => KINDS.flatMap((kind) => CAPS.map((cap) => [key, kind, cap] as const)));

  it.each(cases)('%s key: %s, %s', (key, kind, cap) => {
    const policy = keyPolicy(out, key);
    const list = probes(key, cap, kind);
    if (kind === 'service' && list.length === 0) return; // no AWS service uses this key
    expect(list.length).toBeGreaterThan(0);
    const want = expected(key, kind, mode, cap);
    for (const probe of list) {
      const who = kind === 'service' ? undefined : kind === 'taskRole' ? taskRole(key === 'env-prod' ? 'prod' : 'test') : ACCOUNT_KINDS[kind];
      const request: EvalRequest = {
        principal: who ? { arn: who.arn, account: who.account } : { service: probe.service },
        action: probe.action,
        resource: keyArn(key),
        context: { 'kms:CallerAccount': who?.account ?? (kind === 'foreign' ? OTHER_ACCOUNT : ACCOUNT), ...(kind === 'foreign' ? { 'aws:PrincipalAccount': OTHER_ACCOUNT } : {}), ...probe.context },
      };
      const d = evaluatePolicies({ identity: who?.identity, resource: { name: `${key} key policy`, document: policy }, resourceMustAllow: true }, request);
      expect({ probe, allowed: d.allowed, reason: d.reason }).toEqual({ probe, allowed: want, reason: d.reason });
    }
  });
});
