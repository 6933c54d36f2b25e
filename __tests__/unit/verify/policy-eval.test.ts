/**
 * The condition-aware evaluator against AWS's own examples. Each case quotes its example and
 * names the AWS documentation page (IAM User Guide unless said otherwise) it comes from.
 */
import {
  ConditionBlock,
  EvalPolicies,
  RequestPrincipal,
  EvalPolicyDocument,
  EvalRequest,
  EvalStatement,
  PolicyEvalError,
  arnLike,
  contextLookup,
  evaluateCondition,
  evaluatePolicies,
  resourceMatches,
  stringLike,
} from '../../../verify/policy-eval';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const me: RequestPrincipal = { arn: ROLE, account: ACCOUNT };
const doc = (...Statement: EvalStatement[]): EvalPolicyDocument => ({ Version: '2012-10-17', Statement });

/** Identity-based policies only. */
function identity(policies: EvalPolicyDocument[], action: string, resource = '*', context: EvalRequest['context'] = {}, principal: RequestPrincipal = me) {
  return evaluatePolicies({ identity: policies }, { principal, action, resource, context });
}
/** One Condition block against one request context. */
const cond = (block: ConditionBlock, context: EvalRequest['context'] = {}, principal: RequestPrincipal = me) => evaluateCondition(block, contextLookup({ principal, context })).matched;

describe('explicit deny, allow, implicit deny', () => {
  // "The difference between explicit and implicit denies":
  //   { "Sid": "AllowGetList", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*" },
  //   { "Sid": "DenyReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*" }
  // "All other actions in IAM, such as iam:CreatePolicy are implicitly denied. The DenyReports statement
  //  explicitly denies ... iam:GetOrganizationsAccessReport. If someone adds another policy to this principal
  //  to grant them access to IAM reports, such as iam:GenerateCredentialReport, report-related requests are
  //  still denied because of this explicit deny."
  const policy = doc({ Sid: 'AllowGetList', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }, { Sid: 'DenyReports', Effect: 'Deny', Action: 'iam:*Report', Resource: '*' });
  const reports = doc({ Sid: 'AllowReports', Effect: 'Allow', Action: 'iam:GenerateCredentialReport', Resource: '*' });

  it('allows what an Allow matches and names the statement', () => {
    const d = identity([policy], 'iam:GetUser');
    expect(d).toMatchObject({ decision: 'allow', allowed: true, by: { policy: 'identity[0]', index: 0, sid: 'AllowGetList', label: 'identity[0]#AllowGetList' } });
  });

  it('denies implicitly what nothing allows', () => {
    expect(identity([policy], 'iam:CreatePolicy')).toMatchObject({ decision: 'implicit-deny', allowed: false, by: undefined });
  });

  it('explicit Deny beats an Allow in the same policy', () => {
    expect(identity([policy], 'iam:GetOrganizationsAccessReport')).toMatchObject({ decision: 'explicit-deny', allowed: false, by: { sid: 'DenyReports' } });
  });

  it('explicit Deny beats an Allow in another policy', () => {
    expect(identity([reports], 'iam:GenerateCredentialReport').decision).toBe('allow');
    expect(identity([reports, policy], 'iam:GenerateCredentialReport')).toMatchObject({ decision: 'explicit-deny', by: { label: 'identity[1]#DenyReports' } });
  });

  it('names a statement without Sid by its index, and a named policy by its name', () => {
    const d = evaluatePolicies({ identity: [{ name: 'acme-app', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }] }, { principal: me, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(d.by?.label).toBe('acme-app#0');
  });
});

describe('Action and NotAction', () => {
  // "IAM JSON Policy Elements: NotAction": "The following example allows users to access every action in
  //  every AWS service except for IAM."  "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"
  it('NotAction with Allow allows everything but the listed actions', () => {
    const p = doc({ Sid: 'AllButIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    expect(identity([p], 's3:GetObject').decision).toBe('allow');
    expect(identity([p], 'iam:CreateUser').decision).toBe('implicit-deny');
  });

  // Same page: "allows users to access all of the Amazon S3 actions that can be performed on any S3 resource
  //  except for deleting a bucket. This does not allow users to use the ListAllMyBuckets S3 API operation,
  //  because that action requires the "*" resource."  "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::*"
  it('NotAction is scoped by Resource', () => {
    const p = doc({ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::*' });
    expect(identity([p], 's3:PutObject', 'arn:aws:s3:::bucket/key').decision).toBe('allow');
    expect(identity([p], 's3:DeleteBucket', 'arn:aws:s3:::bucket').decision).toBe('implicit-deny');
    expect(identity([p], 's3:ListAllMyBuckets', '*').decision).toBe('implicit-deny');
  });

  // Same page: "denies access to non-IAM actions if the user is not signed in using MFA"
  //   { "Sid": "DenyAllUsersNotUsingMFA", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
  //     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}} }
  it('NotAction with Deny denies everything but the listed actions', () => {
    const allowAll = doc({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' });
    const p = doc({ Sid: 'DenyAllUsersNotUsingMFA', Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } });
    expect(identity([allowAll, p], 'ec2:RunInstances', '*', { 'aws:MultiFactorAuthPresent': false })).toMatchObject({ decision: 'explicit-deny', by: { sid: 'DenyAllUsersNotUsingMFA' } });
    expect(identity([allowAll, p], 'ec2:RunInstances', '*', { 'aws:MultiFactorAuthPresent': true }).decision).toBe('allow');
    expect(identity([allowAll, p], 'iam:ChangePassword', '*', { 'aws:MultiFactorAuthPresent': false }).decision).toBe('allow');
    // Long-term access keys send no aws:MultiFactorAuthPresent: BoolIfExists is then true, so the Deny applies.
    expect(identity([allowAll, p], 'ec2:RunInstances').decision).toBe('explicit-deny');
  });

  // "IAM JSON policy elements: Condition operators" (String): "Action": "iam:*AccessKey*"
  it('matches actions case-insensitively with * and ? wildcards', () => {
    const p = doc({ Effect: 'Allow', Action: ['iam:*AccessKey*', 'ec2:Describe?nstances'], Resource: '*' });
    expect(identity([p], 'iam:CreateAccessKey').decision).toBe('allow');
    expect(identity([p], 'IAM:listaccesskeys').decision).toBe('allow');
    expect(identity([p], 'iam:CreateUser').decision).toBe('implicit-deny');
    expect(identity([p], 'ec2:DescribeInstances').decision).toBe('allow');
    expect(identity([p], 'ec2:DescribeXXInstances').decision).toBe('implicit-deny');
    // The service prefix is part of the match: a wildcard in the name never crosses into another service.
    expect(identity([p], 'kms:CreateAccessKey').decision).toBe('implicit-deny');
  });
});

describe('Resource and NotResource', () => {
  // "IAM JSON policy elements: Resource": "arn:aws:iam::account-ID-without-hyphens:user/accounting/*" refers to
  // "all IAM users whose path is /accounting"; "arn:aws:s3:::my_corporate_bucket/*" to "all items within a
  // specific Amazon S3 bucket"; "In the Resource element, the IAM user name is case sensitive."
  it('matches ARNs case-sensitively with wildcards', () => {
    expect(resourceMatches(`arn:aws:iam::${ACCOUNT}:user/accounting/*`, `arn:aws:iam::${ACCOUNT}:user/accounting/bob`)).toBe(true);
    expect(resourceMatches(`arn:aws:iam::${ACCOUNT}:user/accounting/*`, `arn:aws:iam::${ACCOUNT}:user/Accounting/bob`)).toBe(false);
    expect(resourceMatches(`arn:aws:iam::${ACCOUNT}:user/Bob`, `arn:aws:iam::${ACCOUNT}:user/bob`)).toBe(false);
    expect(resourceMatches('arn:aws:s3:::my_corporate_bucket/*', 'arn:aws:s3:::my_corporate_bucket/a/b.txt')).toBe(true);
    expect(resourceMatches('arn:aws:s3:::my_corporate_bucket/*', 'arn:aws:s3:::my_corporate_bucket')).toBe(false);
    expect(resourceMatches('arn:aws:s3:::bucket/fil?.txt', 'arn:aws:s3:::bucket/file.txt')).toBe(true);
    expect(resourceMatches('*', 'arn:aws:s3:::anything')).toBe(true);
  });

  // Same page: "You can use wildcard characters (* and ?) within the individual segments of an ARN (the parts
  // separated by colons) ... If the * wildcard is the last character of a resource ARN segment, it can expand
  // to match beyond the colon boundaries."
  it('keeps a mid-segment wildcard inside its segment; a segment-final * may cross colons', () => {
    expect(resourceMatches(`arn:aws:sqs:us-*-2:${ACCOUNT}:queue1`, `arn:aws:sqs:us-east-2:${ACCOUNT}:queue1`)).toBe(true);
    expect(resourceMatches(`arn:aws:sqs:us-*-2:${ACCOUNT}:queue1`, `arn:aws:sqs:us-a:b-2:${ACCOUNT}:queue1`)).toBe(false);
    expect(resourceMatches(`arn:aws:sqs:*:${ACCOUNT}:queue1`, `arn:aws:sqs:us-a:b-2:${ACCOUNT}:queue1`)).toBe(true);
    // The project's execution-role log statement: "<log group ARN>:*" covers the group's streams.
    expect(resourceMatches(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/acme/test/auth:*`, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/acme/test/auth:log-stream:x`)).toBe(true);
    expect(resourceMatches(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/acme/test/auth:*`, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/acme/test/authz:log-stream:x`)).toBe(false);
  });

  it('NotResource matches every resource but the listed ones', () => {
    const p = doc({ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::public', 'arn:aws:s3:::public/*'] }, { Effect: 'Allow', Action: 's3:*', Resource: '*' });
    expect(identity([p], 's3:GetObject', 'arn:aws:s3:::public/x').decision).toBe('allow');
    expect(identity([p], 's3:GetObject', 'arn:aws:s3:::private/x').decision).toBe('explicit-deny');
  });
});

describe('string condition operators', () => {
  // "IAM JSON policy elements: Condition operators":
  //   "Condition": {"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}
  // "If a user without the tag attempts to view or edit an access key, the condition returns false and the
  //  request is implicitly denied by this statement."
  const tagged = doc({ Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: `arn:aws:iam::${ACCOUNT}:user/*`, Condition: { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } } });
  it('StringEquals on a principal tag (derived from the principal)', () => {
    const admin = { ...me, tags: { 'job-category': 'iamuser-admin' } };
    expect(identity([tagged], 'iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/bob`, {}, admin).decision).toBe('allow');
    expect(identity([tagged], 'iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/bob`, {}, { ...me, tags: { 'job-category': 'dev' } }).decision).toBe('implicit-deny');
    const untagged = identity([tagged], 'iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(untagged.decision).toBe('implicit-deny');
    expect(untagged.missingKeys).toEqual(['aws:principaltag/job-category']);
  });

  // "IAM JSON policy elements: Condition": "Context key names are not case-sensitive. For example, including
  // the aws:SourceIP context key is equivalent to testing for AWS:SourceIp. ... the StringEquals operator ...
  // only requests made by john match. Users named John are denied access."
  it('StringEquals is case-sensitive in values, not in key names; StringEqualsIgnoreCase ignores case', () => {
    expect(cond({ StringEquals: { 'aws:username': 'john' } }, { 'AWS:UserName': 'john' })).toBe(true);
    expect(cond({ StringEquals: { 'aws:username': 'john' } }, { 'aws:username': 'John' })).toBe(false);
    expect(cond({ StringEqualsIgnoreCase: { 'aws:username': 'john' } }, { 'aws:username': 'John' })).toBe(true);
    expect(cond({ StringNotEquals: { 'aws:username': 'john' } }, { 'aws:username': 'John' })).toBe(true);
    expect(cond({ StringNotEqualsIgnoreCase: { 'aws:username': 'john' } }, { 'aws:username': 'John' })).toBe(false);
  });

  // "IAM JSON policy elements: Condition operators": StringLike home directories; "the policy allows the
  // specified actions on an S3 bucket as long as the s3:prefix matches any one of the specified patterns":
  //   "Condition": {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}}
  it('StringLike ORs the values of one key', () => {
    const block = { StringLike: { 's3:prefix': ['', 'home/', 'home/bob/'] } }; // ${aws:username} substituted: see below
    expect(cond(block, { 's3:prefix': '' })).toBe(true);
    expect(cond(block, { 's3:prefix': 'home/' })).toBe(true);
    expect(cond(block, { 's3:prefix': 'home/bob/' })).toBe(true);
    expect(cond(block, { 's3:prefix': 'home/alice/' })).toBe(false);
  });

  it('a policy variable is not substituted: it throws', () => {
    expect(() => cond({ StringLike: { 's3:prefix': ['home/${aws:username}/'] } }, { 's3:prefix': 'home/bob/' })).toThrow(/policy variable/);
    const p = doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*' });
    expect(() => identity([p], 's3:GetObject', 'arn:aws:s3:::BUCKET-NAME/home/bob/x')).toThrow(PolicyEvalError);
  });

  it('StringLike and StringNotLike: * any run (slashes too), ? one character, case-sensitive', () => {
    // The project's state-listing condition: "s3:prefix": ["acme/test/*", "acme/shared/*"]
    const block = { StringLike: { 's3:prefix': ['acme/test/*', 'acme/shared/*'] } };
    expect(cond(block, { 's3:prefix': 'acme/test/env/terraform.tfstate' })).toBe(true);
    expect(cond(block, { 's3:prefix': 'acme/prod/terraform.tfstate' })).toBe(false);
    expect(cond(block, { 's3:prefix': 'ACME/test/x' })).toBe(false);
    expect(stringLike('t?.micro', 't2.micro')).toBe(true);
    expect(stringLike('t?.micro', 't22.micro')).toBe(false);
    expect(cond({ StringNotLike: { 's3:prefix': ['acme/test/*', 'acme/shared/*'] } }, { 's3:prefix': 'acme/prod/x' })).toBe(true);
    expect(cond({ StringNotLike: { 's3:prefix': ['acme/test/*', 'acme/shared/*'] } }, { 's3:prefix': 'acme/shared/x' })).toBe(false);
  });
});

describe('numeric and boolean condition operators', () => {
  // "IAM JSON policy elements: Condition operators" (Numeric): "the requester can list up to 10 objects":
  //   "Condition": {"NumericLessThanEquals": {"s3:max-keys": "10"}}
  it('NumericLessThanEquals and friends', () => {
    const block = { NumericLessThanEquals: { 's3:max-keys': '10' } };
    expect(cond(block, { 's3:max-keys': '10' })).toBe(true);
    expect(cond(block, { 's3:max-keys': 11 })).toBe(false);
    expect(cond(block, {})).toBe(false);
    expect(cond({ NumericLessThan: { n: '10' } }, { n: '10' })).toBe(false);
    expect(cond({ NumericGreaterThan: { n: '10' } }, { n: '10.5' })).toBe(true);
    expect(cond({ NumericGreaterThan: { n: '10' } }, { n: '10' })).toBe(false);
    expect(cond({ NumericGreaterThanEquals: { n: '10' } }, { n: '9' })).toBe(false);
    expect(cond({ NumericEquals: { n: '10' } }, { n: '10.0' })).toBe(true);
    expect(cond({ NumericNotEquals: { n: ['10', '11'] } }, { n: '11' })).toBe(false);
    expect(cond({ NumericEquals: { n: '10' } }, { n: 'ten' })).toBe(false);
    expect(() => cond({ NumericEquals: { n: 'ten' } }, { n: '10' })).toThrow(/not a number/);
  });

  // Same page (Boolean): "deny all S3 actions on a bucket and its contents if the request is not over SSL"
  //   { "Sid": "BooleanExample", "Action": "s3:*", "Effect": "Deny", "Resource": [...bucket, bucket/*],
  //     "Condition": { "Bool": { "aws:SecureTransport": "false" } } }
  it('Bool', () => {
    const allow = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const p = doc({ Sid: 'BooleanExample', Action: 's3:*', Effect: 'Deny', Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(identity([allow, p], 's3:GetObject', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/k', { 'aws:SecureTransport': false })).toMatchObject({ decision: 'explicit-deny', by: { sid: 'BooleanExample' } });
    expect(identity([allow, p], 's3:GetObject', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/k', { 'aws:SecureTransport': 'true' }).decision).toBe('allow');
    expect(cond({ Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'FALSE' })).toBe(true);
    expect(() => cond({ Bool: { 'aws:SecureTransport': 'no' } }, { 'aws:SecureTransport': false })).toThrow(/neither/);
  });
});

describe('ARN condition operators', () => {
  // "IAM JSON policy elements: Condition operators" (ARN): "if the following pattern is used for matching:
  //   arn:aws:someservice:*:111122223333:finance/*
  // And the following value is in the request:
  //   arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt
  // With a StringLike condition, the match succeeds. ... With an ArnLike condition, which matches elements
  // between colons, the match fails."
  it('ArnLike compares the six components separately, StringLike does not', () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    expect(cond({ StringLike: { 'aws:SourceArn': pattern } }, { 'aws:SourceArn': value })).toBe(true);
    expect(cond({ ArnLike: { 'aws:SourceArn': pattern } }, { 'aws:SourceArn': value })).toBe(false);
    expect(cond({ ArnLike: { 'aws:SourceArn': pattern } }, { 'aws:SourceArn': 'arn:aws:someservice:us-east-2:111122223333:finance/document.txt' })).toBe(true);
    // The negated twins differ the same way.
    expect(cond({ StringNotLike: { 'aws:SourceArn': pattern } }, { 'aws:SourceArn': value })).toBe(false);
    expect(cond({ ArnNotLike: { 'aws:SourceArn': pattern } }, { 'aws:SourceArn': value })).toBe(true);
  });

  it('ArnLike with wildcards in the account field', () => {
    // The project's GuardDuty agent repository: AWS's account differs by region.
    const block = { ArnLike: { 'aws:SourceArn': 'arn:aws:ecr:eu-west-1:*:repository/aws-guardduty-agent-fargate' } };
    expect(cond(block, { 'aws:SourceArn': 'arn:aws:ecr:eu-west-1:123456789012:repository/aws-guardduty-agent-fargate' })).toBe(true);
    expect(cond(block, { 'aws:SourceArn': 'arn:aws:ecr:eu-west-2:123456789012:repository/aws-guardduty-agent-fargate' })).toBe(false);
    // The account wildcard stays in the account component: it cannot swallow extra components.
    expect(cond(block, { 'aws:SourceArn': 'arn:aws:ecr:eu-west-1:123456789012:x:repository/aws-guardduty-agent-fargate' })).toBe(false);
    expect(arnLike('arn:aws:iam::12345678901?:role/app', 'arn:aws:iam::123456789012:role/app')).toBe(true);
    expect(arnLike('arn:aws:iam::12345678901?:role/app', 'arn:aws:iam::1234567890123:role/app')).toBe(false);
    expect(arnLike('arn:aws:iam::123456789012:role/app', 'not-an-arn')).toBe(false);
  });

  // Same page: "The ArnEquals and ArnLike condition operators behave identically." / "ArnNotEquals and
  // ArnNotLike condition operators behave identically."  The SQS/SNS example:
  //   "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:REGION:123456789012:TOPIC-ID"}}
  it('ArnEquals = ArnLike, ArnNotEquals = ArnNotLike', () => {
    const topic = 'arn:aws:sns:us-east-2:123456789012:TOPIC-ID';
    for (const op of ['ArnEquals', 'ArnLike']) {
      expect(cond({ [op]: { 'aws:SourceArn': topic } }, { 'aws:SourceArn': topic })).toBe(true);
      expect(cond({ [op]: { 'aws:SourceArn': topic } }, { 'aws:SourceArn': 'arn:aws:sns:us-east-2:123456789012:other' })).toBe(false);
      expect(cond({ [op]: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } }, { 'aws:SourceArn': topic })).toBe(true);
    }
    for (const op of ['ArnNotEquals', 'ArnNotLike']) {
      expect(cond({ [op]: { 'aws:SourceArn': [topic, 'arn:aws:sns:*:*:x'] } }, { 'aws:SourceArn': topic })).toBe(false);
      expect(cond({ [op]: { 'aws:SourceArn': [topic, 'arn:aws:sns:*:*:x'] } }, { 'aws:SourceArn': 'arn:aws:sns:us-east-2:123456789012:y' })).toBe(true);
    }
  });
});

describe('...IfExists, Null and missing keys', () => {
  // "IAM JSON policy elements: Condition operators" (...IfExists): the THISPOLICYDOESNOTWORK example
  //   "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringLike": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}
  // "These additional resources do not have the ec2:InstanceType condition key, so the StringLike check fails"
  // — and with StringLikeIfExists: "If the resource being checked does not have that condition key, then
  //  don't worry about it."
  const types = ['t1.*', 't2.*', 'm3.*'];
  it('a missing key fails a positive operator; IfExists makes it pass', () => {
    const broken = doc({ Sid: 'THISPOLICYDOESNOTWORK', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLike: { 'ec2:InstanceType': types } } });
    const fixed = doc({ Sid: 'RunInstance', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLikeIfExists: { 'ec2:InstanceType': types } } });
    expect(identity([broken], 'ec2:RunInstances', '*', { 'ec2:InstanceType': 't2.micro' }).decision).toBe('allow');
    expect(identity([broken], 'ec2:RunInstances', '*')).toMatchObject({ decision: 'implicit-deny', missingKeys: ['ec2:instancetype'] });
    expect(identity([fixed], 'ec2:RunInstances', '*').decision).toBe('allow');
    expect(identity([fixed], 'ec2:RunInstances', '*').missingKeys).toEqual([]);
    expect(identity([fixed], 'ec2:RunInstances', '*', { 'ec2:InstanceType': 'm5.large' }).decision).toBe('implicit-deny');
  });

  // Same page, Important: "If the policy condition requires that the key is not matched, such as StringNotLike
  // or ArnNotLike, and the right key is not present, the condition is true." (...IfExists): "If you are using
  // an "Effect": "Deny" element with a negated condition operator like StringNotEqualsIfExists, the request is
  // still denied even if the tag is missing."
  it('a missing key makes a negated operator true, as AWS does', () => {
    expect(cond({ StringNotLike: { 'ec2:InstanceType': types } })).toBe(true);
    expect(cond({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } })).toBe(true);
    const allow = doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    const deny = doc({ Sid: 'DenyOtherTeams', Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:ResourceTag/team': 'blue' } } });
    expect(identity([allow, deny], 'ec2:StopInstances', '*').decision).toBe('explicit-deny');
    expect(identity([allow, deny], 'ec2:StopInstances', '*', { 'aws:ResourceTag/team': 'blue' }).decision).toBe('allow');
  });

  it('requireContext turns a key decided by the default rule into an error', () => {
    const p = doc({ Sid: 'NotProd', Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/env': 'prod' } } });
    // AWS: the key is absent, StringNotEquals is true, the Allow matches.
    expect(identity([p], 'ec2:StopInstances')).toMatchObject({ decision: 'allow', missingKeys: ['aws:resourcetag/env'] });
    expect(() => evaluatePolicies({ identity: [p], requireContext: true }, { principal: me, action: 'ec2:StopInstances', resource: '*' })).toThrow(/NotProd tests aws:resourcetag\/env/);
    expect(evaluatePolicies({ identity: [p], requireContext: true }, { principal: me, action: 'ec2:StopInstances', resource: '*', context: { 'aws:ResourceTag/env': 'prod' } }).decision).toBe('implicit-deny');
  });

  // Same page (Null): "the user must not be using temporary credentials (the key must not exist)"
  //   "Action":"ec2:*", "Effect":"Allow", "Resource":"*", "Condition":{"Null":{"aws:TokenIssueTime":"true"}}
  it('Null', () => {
    const p = doc({ Action: 'ec2:*', Effect: 'Allow', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } } });
    expect(identity([p], 'ec2:DescribeInstances').decision).toBe('allow');
    expect(identity([p], 'ec2:DescribeInstances', '*', { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }).decision).toBe('implicit-deny');
    expect(cond({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' })).toBe(true);
    expect(cond({ Null: { 'aws:TokenIssueTime': 'false' } })).toBe(false);
    // "Multivalued context key examples": a Null check with false stops "context keys with empty values".
    expect(cond({ Null: { 'aws:TagKeys': 'false' } }, { 'aws:TagKeys': [] })).toBe(false);
    expect(() => cond({ NullIfExists: { k: 'true' } })).toThrow(/Null takes/);
  });
});

describe('multivalued keys: ForAnyValue and ForAllValues', () => {
  // "Creating a condition that tests multiple key values (set operations)" (now "Single-valued vs.
  // multivalued context keys"): "The condition allows a user to request only the attributes PostDateTime,
  // Message, or Tags":  "ForAllValues:StringLike": {"dynamodb:requestedAttributes": ["PostDateTime", "Message", "Tags"]}
  // "If the user's request includes the ID attribute, the request fails".
  const onlyThese = { 'ForAllValues:StringLike': { 'dynamodb:requestedAttributes': ['PostDateTime', 'Message', 'Tags'] } };
  // "ForAnyValue:StringLike": {"dynamodb:requestedAttributes": ["ID", "PostDateTime"]} on a Deny: "a request
  // to update the PostDateTime and Message attributes ... there is one match (PostDateTime), so the condition
  // is true"; "with just the UserName attribute ... The condition returns false".
  const anyOf = { 'ForAnyValue:StringLike': { 'dynamodb:requestedAttributes': ['ID', 'PostDateTime'] } };

  it('ForAllValues: every request value must match a policy value', () => {
    expect(cond(onlyThese, { 'dynamodb:requestedAttributes': ['PostDateTime', 'Message'] })).toBe(true);
    expect(cond(onlyThese, { 'dynamodb:requestedAttributes': ['PostDateTime', 'UserName'] })).toBe(false);
    expect(cond(onlyThese, { 'dynamodb:requestedAttributes': ['ID'] })).toBe(false);
  });

  it('ForAnyValue: one request value matching one policy value is enough', () => {
    expect(cond(anyOf, { 'dynamodb:requestedAttributes': ['PostDateTime', 'Message'] })).toBe(true);
    expect(cond(anyOf, { 'dynamodb:requestedAttributes': ['UserName', 'Message', 'PostDateTime'] })).toBe(true);
    expect(cond(anyOf, { 'dynamodb:requestedAttributes': ['UserName'] })).toBe(false);
  });

  // "If the key values in the request resolve to an empty data set (for example, an empty string), a
  //  condition operator modified by ForAllValues returns true, and a condition operator modified by
  //  ForAnyValue returns false."  "Multivalued context key examples": "The ForAllValues set operator also
  //  returns true if there are no context keys in the request."
  it('empty or missing sets: ForAllValues true, ForAnyValue false', () => {
    expect(cond(onlyThese, { 'dynamodb:requestedAttributes': [] })).toBe(true);
    expect(cond(onlyThese, { 'dynamodb:requestedAttributes': '' })).toBe(true);
    expect(cond(onlyThese, {})).toBe(true);
    expect(cond(anyOf, { 'dynamodb:requestedAttributes': [] })).toBe(false);
    expect(cond(anyOf, { 'dynamodb:requestedAttributes': '' })).toBe(false);
    expect(cond(anyOf, {})).toBe(false);
    expect(cond({ 'ForAnyValue:StringLikeIfExists': anyOf['ForAnyValue:StringLike'] }, {})).toBe(true);
  });

  // "Conditions with multiple context keys or values": "If a single negated matching condition operator
  // includes multiple values for a context key, those values are evaluated using a logical NOR."
  it('set operators with negated operators apply the NOR to each request value', () => {
    const none = { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['Owner', 'CostCenter'] } };
    expect(cond(none, { 'aws:TagKeys': ['env', 'team'] })).toBe(true);
    expect(cond(none, { 'aws:TagKeys': ['env', 'Owner'] })).toBe(false);
    const some = { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['Owner', 'CostCenter'] } };
    expect(cond(some, { 'aws:TagKeys': ['Owner', 'env'] })).toBe(true);
    expect(cond(some, { 'aws:TagKeys': ['Owner'] })).toBe(false);
  });

  it('the project: kms:ResourceAliases (ForAnyValue) and dynamodb:LeadingKeys (ForAllValues)', () => {
    const aliases = { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/acme-tfstate' } };
    expect(cond(aliases, { 'kms:ResourceAliases': ['alias/other', 'alias/acme-tfstate'] })).toBe(true);
    expect(cond(aliases, { 'kms:ResourceAliases': ['alias/acme-test'] })).toBe(false);
    expect(cond(aliases, {})).toBe(false); // a key without aliases
    const lock = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['acme-tfstate-eu-west-1/acme/test/*'] } };
    expect(cond(lock, { 'dynamodb:LeadingKeys': ['acme-tfstate-eu-west-1/acme/test/terraform.tfstate-md5'] })).toBe(true);
    expect(cond(lock, { 'dynamodb:LeadingKeys': ['acme-tfstate-eu-west-1/acme/prod/terraform.tfstate-md5'] })).toBe(false);
  });

  it('a multivalued request value under an operator without a set prefix throws', () => {
    expect(() => cond({ StringEquals: { 'aws:TagKeys': 'Owner' } }, { 'aws:TagKeys': ['Owner', 'env'] })).toThrow(/needs ForAnyValue: or ForAllValues:/);
  });
});

describe('AND across operators and keys, OR across values', () => {
  // "Conditions with multiple context keys or values": "If your policy statement has multiple condition
  // operators, the condition operators are evaluated using a logical AND. If your policy statement has
  // multiple context keys attached to a single condition operator, the context keys are evaluated using a
  // logical AND. If a single condition operator includes multiple values for a context key, those values are
  // evaluated using a logical OR."
  const block: ConditionBlock = { StringEquals: { 'aws:PrincipalTag/team': ['blue', 'green'], 'aws:RequestedRegion': 'eu-west-1' }, Bool: { 'aws:SecureTransport': 'true' } };
  it.each([
    [{ team: 'green', region: 'eu-west-1', tls: true }, true],
    [{ team: 'red', region: 'eu-west-1', tls: true }, false],
    [{ team: 'blue', region: 'us-east-1', tls: true }, false],
    [{ team: 'blue', region: 'eu-west-1', tls: false }, false],
  ])('%j → %s', ({ team, region, tls }, expected) => {
    expect(cond(block, { 'aws:RequestedRegion': region, 'aws:SecureTransport': tls }, { ...me, tags: { team } })).toBe(expected);
  });
});

describe('Principal in resource-based policies', () => {
  const key = (...Statement: EvalStatement[]): EvalPolicies => ({ resource: { name: 'key-policy', document: doc(...Statement) }, resourceMustAllow: true });
  const decryptAll = doc({ Sid: 'Decrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' });
  const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd`;
  const req = (principal: RequestPrincipal = me): EvalRequest => ({ principal, action: 'kms:Decrypt', resource: keyArn });

  // "AWS JSON policy elements: Principal": "you can use the account ARN (arn:aws:iam::account-ID:root), or a
  // shortened form ... The account ARN and the shortened account ID behave the same way. Both delegate
  // permissions to the account." AWS KMS "Default key policy": "Allows access to the AWS account and enables
  // IAM policies". "Policy evaluation logic": "IAM role trust policies and KMS key policies are exceptions to
  // this logic, because they must explicitly allow access for principals."
  it.each([`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT])('a key policy naming the account %s delegates to IAM policies', (account) => {
    const enableIam = key({ Sid: 'EnableIam', Effect: 'Allow', Principal: { AWS: account }, Action: 'kms:*', Resource: '*' });
    expect(evaluatePolicies(enableIam, req())).toMatchObject({ decision: 'implicit-deny', reason: expect.stringContaining('delegates') });
    const d = evaluatePolicies({ ...enableIam, identity: [decryptAll] }, req());
    expect(d).toMatchObject({ decision: 'allow', by: { label: 'identity[0]#Decrypt' }, also: [{ label: 'key-policy#EnableIam' }] });
    // Another account's principal: both sides would have to allow, which this evaluator does not model.
    expect(() => evaluatePolicies({ ...enableIam, identity: [decryptAll] }, req({ arn: 'arn:aws:iam::444455556666:role/x', account: '444455556666' }))).toThrow(/cross-account/);
  });

  it('an IAM policy alone never grants use of a key whose policy does not allow', () => {
    const adminsOnly = key({ Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: 'kms:*', Resource: '*' });
    expect(evaluatePolicies({ ...adminsOnly, identity: [decryptAll] }, req())).toMatchObject({ decision: 'implicit-deny' });
    expect(evaluatePolicies(adminsOnly, req({ arn: `arn:aws:iam::${ACCOUNT}:role/admin`, account: ACCOUNT }))).toMatchObject({ decision: 'allow', by: { label: 'key-policy#Admins' } });
  });

  it('a role ARN also names its sessions', () => {
    const p = key({ Sid: 'App', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/team/app`] }, Action: 'kms:Decrypt', Resource: '*' });
    expect(evaluatePolicies(p, req({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/session-1`, account: ACCOUNT })).decision).toBe('allow');
    expect(evaluatePolicies(p, req({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/other/session-1`, account: ACCOUNT })).decision).toBe('implicit-deny');
  });

  it('service principals, "*" and NotPrincipal', () => {
    const logs = { service: 'logs.eu-west-1.amazonaws.com' };
    const p = key({ Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: 'kms:Decrypt*', Resource: '*' });
    expect(evaluatePolicies(p, req(logs))).toMatchObject({ decision: 'allow', by: { sid: 'Logs' } });
    expect(evaluatePolicies(p, req({ service: 'logs.us-east-1.amazonaws.com' })).decision).toBe('implicit-deny');
    expect(evaluatePolicies(p, req()).decision).toBe('implicit-deny');
    expect(() => evaluatePolicies({ ...p, identity: [decryptAll] }, req(logs))).toThrow(/no identity-based policies/);
    expect(evaluatePolicies(key({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }), req()).decision).toBe('allow');
    expect(evaluatePolicies(key({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }), req(logs)).decision).toBe('allow');
    const notMe = key({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }, { Sid: 'OnlyApp', Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' });
    expect(evaluatePolicies(notMe, req()).decision).toBe('allow');
    expect(evaluatePolicies(notMe, req({ arn: `arn:aws:iam::${ACCOUNT}:role/other`, account: ACCOUNT }))).toMatchObject({ decision: 'explicit-deny', by: { sid: 'OnlyApp' } });
  });

  // "Policy evaluation logic": "For most resources, you only need an explicit allow for the principal in
  // either an identity-based policy or a resource-based policy to grant access."
  it('for a bucket, either the identity policy or a bucket policy naming the caller is enough', () => {
    const bucketPolicy = { name: 'bucket', document: doc({ Sid: 'AppReads', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) };
    const object = { principal: me, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
    expect(evaluatePolicies({ resource: bucketPolicy }, object)).toMatchObject({ decision: 'allow', by: { label: 'bucket#AppReads' } });
    expect(evaluatePolicies({ resource: { name: 'bucket', document: doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 's3:*', Resource: '*' }) } }, object).decision).toBe('implicit-deny');
    expect(evaluatePolicies({ identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })], resource: { name: 'bucket', document: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) } }, { ...object, context: { 'aws:SecureTransport': false } }).decision).toBe('explicit-deny');
  });

  it('derives aws:PrincipalArn, so the project\'s ArnNotLike repository guard works without stating it', () => {
    const repo = { name: 'repository', document: doc({ Sid: 'DenyPullExceptExecRoles', Effect: 'Deny', Principal: '*', Action: 'ecr:BatchGetImage', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/acme-test-*-exec`] } } }) };
    const allow = doc({ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' });
    const pull = (arn: string) => evaluatePolicies({ identity: [allow], resource: repo }, { principal: { arn, account: ACCOUNT }, action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/acme/auth` });
    expect(pull(`arn:aws:iam::${ACCOUNT}:role/acme-test-auth-exec`).decision).toBe('allow');
    expect(pull(`arn:aws:iam::${ACCOUNT}:role/acme-developers`)).toMatchObject({ decision: 'explicit-deny', by: { sid: 'DenyPullExceptExecRoles' } });
  });
});

describe('fails loudly', () => {
  it('an unknown operator throws, even in a statement that does not apply', () => {
    const p = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEqualz: { 's3:prefix': 'x' } } as ConditionBlock });
    expect(() => identity([p], 's3:GetObject')).toThrow(/unknown condition operator "StringEqualz"/);
    expect(() => identity([p], 'kms:Decrypt')).toThrow(PolicyEvalError);
    expect(() => cond({ 'ForSomeValues:StringEquals': { k: 'v' } })).toThrow(/unknown condition operator/);
  });

  // "IAM JSON policy elements: Condition operators" (Date): "Condition": {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}
  it.each(['DateGreaterThan', 'IpAddress', 'NotIpAddress', 'BinaryEquals', 'ForAnyValue:DateEqualsIfExists'])('an AWS operator this evaluator does not implement (%s) throws', (op) => {
    expect(() => cond({ [op]: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, { 'aws:TokenIssueTime': '2021-01-01T00:00:00Z' })).toThrow(/not implemented/);
  });

  it('unresolved Terraform tokens, malformed statements and cross-account requests throw', () => {
    const tokens = doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:${data.aws_caller_identity.c.account_id}:key/*' });
    expect(() => identity([tokens], 'kms:Decrypt', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`)).toThrow(/unresolved Terraform token/);
    expect(() => identity([doc({ Effect: 'Allow', Action: 's3:*' })], 's3:GetObject')).toThrow(/needs a Resource/);
    expect(() => identity([doc({ Effect: 'Allow', Action: 's3:*', NotAction: 'iam:*', Resource: '*' })], 's3:GetObject')).toThrow(/exactly one of Action and NotAction/);
    expect(() => identity([doc({ Effect: 'allow' as 'Allow', Action: 's3:*', Resource: '*' })], 's3:GetObject')).toThrow(/Effect/);
    expect(() => identity([doc({ Effect: 'Allow', Actions: 's3:*', Resource: '*' } as unknown as EvalStatement)], 's3:GetObject')).toThrow(/unknown statement element "Actions"/);
    expect(() => identity([doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' })], 's3:GetObject')).toThrow(/cannot name a Principal/);
    expect(() => identity([], 's3:Get*')).toThrow(/one concrete/);
    expect(() => identity([doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })], 'kms:Decrypt', 'arn:aws:kms:eu-west-1:444455556666:key/k')).toThrow(/cross-account/);
    expect(() => evaluatePolicies({ resource: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::*:root' }, Action: '*', Resource: '*' }) }, { principal: me, action: 's3:GetObject', resource: '*' })).toThrow(/wildcards are not allowed/);
    expect(() => evaluatePolicies({ resource: doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: '*', Resource: '*' }) }, { principal: me, action: 's3:GetObject', resource: '*' })).toThrow(/not implemented/);
  });
});
