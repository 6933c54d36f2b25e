/**
 * What each persona capability is *meant* to allow, written by hand as requests — not derived
 * from the statements that grant it (model/personas.ts `ENV_CAPABILITIES`), so a weakened or
 * widened statement shows up as a probe with the wrong answer. For every condition a statement
 * carries there is a probe just outside it that must be denied to everyone: another
 * environment's state prefix and lock key (an environment whose name extends this one's, which
 * validation keeps from being configured), the key used through another service or under
 * another alias, a role passed to another service, a tag of another environment.
 *
 * Used by `npm run verify` (verify/iam-check.ts) and the invariant and unit suites.
 */
import { EnvCapability, PersonaKey } from '../model/personas';
import { Partition } from '../model/partition';

/** One request: an action on a concrete resource with every condition key the request carries. */
export interface Probe {
  /** What the probe stands for, for reports. */
  readonly what: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** One environment of the configuration, as the probes need it. */
export interface ProbeEnvironment {
  /** The stacks' region. */
  readonly aws: Partition;
  /** The state bucket's and lock table's region. */
  readonly stateAws: Partition;
  readonly account: string;
  readonly project: string;
  readonly stateBucket: string;
  readonly lockTable: string;
  readonly env: string;
  /** One of the environment's services. */
  readonly service: string;
  /** ECS Exec is on (and the environment is not production). */
  readonly exec: boolean;
  /** The environment deploys blue/green. */
  readonly blueGreen: boolean;
}

export interface Intent {
  /** Allowed exactly to the personas the environment's `access` gives the capability. */
  readonly allowed: readonly Probe[];
  /** Denied to every persona, whatever it holds anywhere. */
  readonly denied: readonly Probe[];
}

/** A name no configured environment can have: validation refuses an environment named another's name and "-" (environments/validate/environments.ts). */
export const extendedName = (env: string): string => `${env}-eu`;

/** The intent of each per-environment capability, as probes both ways. */
export function capabilityIntent(cap: EnvCapability, e: ProbeEnvironment): Intent {
  const { aws, project: p, env, service: svc, account } = e;
  const other = extendedName(env);
  const r = (service: string, resource: string) => aws.regional(service, account, resource);
  const state = (key: string) => e.stateAws.s3(`${e.stateBucket}/${key}`);
  const lockTable = e.stateAws.regional('dynamodb', account, `table/${e.lockTable}`);
  const stateKey = e.stateAws.regional('kms', account, 'key/0000-state');
  const envKey = r('kms', 'key/0000-env');
  const via = (service: string, region?: string) => aws.viaService(service, region);
  const alias = (name: string) => [`alias/${p}-${name}`];
  const lock = (key: string) => ({ 'dynamodb:LeadingKeys': [`${e.stateBucket}/${key}`] });
  const tag = (name: string) => ({ 'aws:ResourceTag/Environment': name });
  const passed = (principal: string) => ({ 'iam:PassedToService': principal });
  const ecsTasks = aws.principal('ecs-tasks');
  switch (cap) {
    case 'read':
      return {
        allowed: [
          { what: 'read its logs', action: 'logs:GetLogEvents', resource: r('logs', `log-group:/${p}/${env}/${svc}:log-stream:web/app/0`) },
          { what: 'describe its tasks', action: 'ecs:DescribeTasks', resource: r('ecs', `task/${p}-${env}/0123456789abcdef`) },
          { what: 'list its tasks', action: 'ecs:ListTasks', resource: '*', context: { 'ecs:cluster': r('ecs', `cluster/${p}-${env}`) } },
          { what: 'read its alarms', action: 'cloudwatch:DescribeAlarms', resource: r('cloudwatch', `alarm:${p}/${env}/${svc}/cpu-high`) },
          { what: 'read its dashboard', action: 'cloudwatch:GetDashboard', resource: aws.arn('cloudwatch', '', account, `dashboard/${p}-${env}`) },
        ],
        denied: [
          { what: "another environment's logs", action: 'logs:GetLogEvents', resource: r('logs', `log-group:/${p}/${other}/${svc}:log-stream:web/app/0`) },
          { what: "another environment's tasks", action: 'ecs:DescribeTasks', resource: r('ecs', `task/${p}-${other}/0123456789abcdef`) },
          { what: "listing another environment's cluster", action: 'ecs:ListTasks', resource: '*', context: { 'ecs:cluster': r('ecs', `cluster/${p}-${other}`) } },
          { what: "another environment's alarms", action: 'cloudwatch:DescribeAlarms', resource: r('cloudwatch', `alarm:${p}/${other}/${svc}/cpu-high`) },
          { what: "another environment's dashboard", action: 'cloudwatch:GetDashboard', resource: aws.arn('cloudwatch', '', account, `dashboard/${p}-${other}`) },
          { what: 'changing an alarm', action: 'cloudwatch:PutMetricAlarm', resource: r('cloudwatch', `alarm:${p}/${env}/${svc}/cpu-high`) },
          { what: 'deleting an alarm', action: 'cloudwatch:DeleteAlarms', resource: r('cloudwatch', `alarm:${p}/${env}/${svc}/cpu-high`) },
          { what: 'changing the dashboard', action: 'cloudwatch:PutDashboard', resource: aws.arn('cloudwatch', '', account, `dashboard/${p}-${env}`) },
        ],
      };
    case 'deploy': {
      const ownKey = `${p}/${env}/terraform.tfstate`;
      const otherKey = `${p}/${other}/terraform.tfstate`;
      return {
        allowed: [
          { what: 'update its service', action: 'ecs:UpdateService', resource: r('ecs', `service/${p}-${env}/${svc}`), context: tag(env) },
          { what: 'pass its execution role to ECS tasks', action: 'iam:PassRole', resource: aws.role(account, `${p}-${env}-${svc}-exec`), context: passed(ecsTasks) },
          { what: 'pass its task role to ECS tasks', action: 'iam:PassRole', resource: aws.role(account, `${p}-${env}-${svc}-task`), context: passed(ecsTasks) },
          { what: 'write its state', action: 's3:PutObject', resource: state(ownKey) },
          { what: 'delete its state', action: 's3:DeleteObject', resource: state(ownKey) },
          { what: 'list its state', action: 's3:ListBucket', resource: e.stateAws.s3(e.stateBucket), context: { 's3:prefix': ownKey } },
          { what: 'lock its state', action: 'dynamodb:PutItem', resource: lockTable, context: lock(ownKey) },
          { what: 'lock its state (digest entry)', action: 'dynamodb:GetItem', resource: lockTable, context: lock(`${ownKey}-md5`) },
          ...(e.blueGreen ? [{ what: 'pass its blue/green role to ECS', action: 'iam:PassRole', resource: aws.role(account, `${p}-${env}-${svc}-lb`), context: passed(aws.principal('ecs')) }] : []),
          ...(e.exec ? [{ what: 'ECS Exec into its tasks', action: 'ecs:ExecuteCommand', resource: r('ecs', `task/${p}-${env}/0123456789abcdef`) }] : []),
        ],
        denied: [
          { what: 'update its service tagged as another environment', action: 'ecs:UpdateService', resource: r('ecs', `service/${p}-${env}/${svc}`), context: tag(other) },
          { what: "update another environment's service", action: 'ecs:UpdateService', resource: r('ecs', `service/${p}-${other}/${svc}`), context: tag(other) },
          { what: 'pass its execution role to Lambda', action: 'iam:PassRole', resource: aws.role(account, `${p}-${env}-${svc}-exec`), context: passed('lambda.amazonaws.com') },
          { what: 'pass its execution role to EC2', action: 'iam:PassRole', resource: aws.role(account, `${p}-${env}-${svc}-exec`), context: passed('ec2.amazonaws.com') },
          { what: 'pass its blue/green role to ECS tasks', action: 'iam:PassRole', resource: aws.role(account, `${p}-${env}-${svc}-lb`), context: passed(ecsTasks) },
          { what: 'pass its blue/green role to Lambda', action: 'iam:PassRole', resource: aws.role(account, `${p}-${env}-${svc}-lb`), context: passed('lambda.amazonaws.com') },
          { what: 'pass another role of the account to ECS tasks', action: 'iam:PassRole', resource: aws.role(account, `${p}-ci-deploy`), context: passed(ecsTasks) },
          { what: "write another environment's state", action: 's3:PutObject', resource: state(otherKey) },
          { what: 'read its state outside the project prefix', action: 's3:GetObject', resource: state(`${env}/terraform.tfstate`) },
          { what: "write the shared stack's state", action: 's3:PutObject', resource: state(`${p}/shared/terraform.tfstate`) },
          { what: "list another environment's state", action: 's3:ListBucket', resource: e.stateAws.s3(e.stateBucket), context: { 's3:prefix': otherKey } },
          { what: 'list the whole state bucket', action: 's3:ListBucket', resource: e.stateAws.s3(e.stateBucket), context: { 's3:prefix': '' } },
          { what: "lock another environment's state", action: 'dynamodb:PutItem', resource: lockTable, context: lock(otherKey) },
          { what: "lock its and another environment's state in one request", action: 'dynamodb:PutItem', resource: lockTable, context: { 'dynamodb:LeadingKeys': [`${e.stateBucket}/${ownKey}`, `${e.stateBucket}/${otherKey}`] } },
          { what: 'decrypt the state key through another service', action: 'kms:Decrypt', resource: stateKey, context: { 'kms:ViaService': via('secretsmanager', e.stateAws.region), 'kms:ResourceAliases': alias('tfstate') } },
          { what: 'decrypt another key through S3', action: 'kms:Decrypt', resource: stateKey, context: { 'kms:ViaService': via('s3', e.stateAws.region), 'kms:ResourceAliases': alias(other) } },
          ...(e.blueGreen ? [] : [{ what: 'pass a blue/green role to ECS where the environment has none', action: 'iam:PassRole', resource: aws.role(account, `${p}-${env}-${svc}-lb`), context: passed(aws.principal('ecs')) }]),
          ...(e.exec ? [] : [{ what: 'ECS Exec where the environment does not allow it', action: 'ecs:ExecuteCommand', resource: r('ecs', `task/${p}-${env}/0123456789abcdef`) }]),
        ],
      };
    }
    case 'secrets': {
      const secret = (env: string) => r('secretsmanager', `secret:${p}/${env}/${svc}/PROBE_KEY-AbCdEf`);
      return {
        allowed: [
          { what: 'read its secret values', action: 'secretsmanager:GetSecretValue', resource: secret(env) },
          { what: 'rotate its secrets', action: 'secretsmanager:RotateSecret', resource: secret(env) },
          { what: 'decrypt its secrets through Secrets Manager', action: 'kms:Decrypt', resource: envKey, context: { 'kms:ViaService': via('secretsmanager'), 'kms:ResourceAliases': alias(env) } },
        ],
        denied: [
          { what: "read another environment's secret values", action: 'secretsmanager:GetSecretValue', resource: secret(other) },
          { what: 'read a secret outside the project', action: 'secretsmanager:GetSecretValue', resource: r('secretsmanager', `secret:${env}/${svc}/PROBE_KEY-AbCdEf`) },
          { what: 'delete its secrets', action: 'secretsmanager:DeleteSecret', resource: secret(env) },
          { what: 'change who may read its secrets', action: 'secretsmanager:PutResourcePolicy', resource: secret(env) },
          { what: 'decrypt its key through another service', action: 'kms:Decrypt', resource: envKey, context: { 'kms:ViaService': via('s3'), 'kms:ResourceAliases': alias(env) } },
          { what: "decrypt another environment's key", action: 'kms:Decrypt', resource: envKey, context: { 'kms:ViaService': via('secretsmanager'), 'kms:ResourceAliases': alias(other) } },
          { what: 'decrypt a key without alias', action: 'kms:Decrypt', resource: envKey, context: { 'kms:ViaService': via('secretsmanager'), 'kms:ResourceAliases': [] } },
        ],
      };
    }
  }
}

/**
 * What deploying anywhere gives, whichever environment: the one state key (through S3, under its
 * alias), the shared stack's outputs, and registering task definitions (no resource-level
 * permissions).
 */
export function deployAnywhereIntent(e: Pick<ProbeEnvironment, 'stateAws' | 'account' | 'project' | 'stateBucket'>): Intent {
  const stateKey = e.stateAws.regional('kms', e.account, 'key/0000-state');
  const aliases = ['kms:ResourceAliases', [`alias/${e.project}-tfstate`]] as const;
  return {
    allowed: [
      { what: 'decrypt the state through S3', action: 'kms:Decrypt', resource: stateKey, context: { 'kms:ViaService': e.stateAws.viaService('s3'), [aliases[0]]: aliases[1] } },
      { what: "read the shared stack's outputs", action: 's3:GetObject', resource: e.stateAws.s3(`${e.stateBucket}/${e.project}/shared/terraform.tfstate`) },
      { what: 'register a task definition', action: 'ecs:RegisterTaskDefinition', resource: '*' },
    ],
    denied: [],
  };
}

/** security.md: "Developers: Push code & images"; "ECR access is scoped to authenticated developers only". */
export const IMAGE_PUSHERS: readonly PersonaKey[] = ['developers'];

/** What the account-wide capabilities are meant to allow (pushImages), both ways. */
export function pushImagesIntent(e: Pick<ProbeEnvironment, 'aws' | 'account' | 'project' | 'service'>): Intent {
  const repo = (name: string) => e.aws.regional('ecr', e.account, `repository/${name}`);
  const key = e.aws.regional('kms', e.account, 'key/0000-shared');
  const via = (service: string) => ({ 'kms:ViaService': e.aws.viaService(service), 'kms:ResourceAliases': [`alias/${e.project}-shared`] });
  return {
    allowed: [
      // GetAuthorizationToken has no resource-level permissions: "*" or nothing.
      { what: 'log in to ECR', action: 'ecr:GetAuthorizationToken', resource: '*' },
      { what: 'push to its repositories', action: 'ecr:PutImage', resource: repo(`${e.project}/${e.service}`) },
      { what: 'upload image layers to its repositories', action: 'ecr:UploadLayerPart', resource: repo(`${e.project}/${e.service}`) },
      { what: 'read back what it pushed', action: 'ecr:BatchGetImage', resource: repo(`${e.project}/${e.service}`) },
      { what: 'encrypt image layers through ECR', action: 'kms:GenerateDataKey', resource: key, context: via('ecr') },
    ],
    denied: [
      { what: "push to another project's repository", action: 'ecr:PutImage', resource: repo(`${e.project}-other/${e.service}`) },
      { what: 'delete a repository', action: 'ecr:DeleteRepository', resource: repo(`${e.project}/${e.service}`) },
      { what: 'change who may pull', action: 'ecr:SetRepositoryPolicy', resource: repo(`${e.project}/${e.service}`) },
      { what: 'use the shared key through another service', action: 'kms:Decrypt', resource: key, context: via('s3') },
      { what: 'use another key through ECR', action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': e.aws.viaService('ecr'), 'kms:ResourceAliases': [`alias/${e.project}-tfstate`] } },
    ],
  };
}

/**
 * What signing images is meant to allow, both ways, for the signing the configuration turns on
 * (`ecr.signing`): the image-signing key by its alias `alias/<project>-image-signing`, and the
 * Signer profile `<project with _>_images`. Given to the personas that push (IMAGE_PUSHERS).
 */
export function signImagesIntent(e: Pick<ProbeEnvironment, 'aws' | 'account' | 'project'>, signing: { readonly kmsKey: boolean; readonly signerProfile: boolean }): Intent {
  const key = e.aws.regional('kms', e.account, 'key/0000-signing');
  const profile = (name: string) => e.aws.regional('signer', e.account, `/signing-profiles/${name}`);
  const alias = (name: string) => ({ 'kms:ResourceAliases': [`alias/${name}`] });
  const own = `${e.project.replace(/-/g, '_')}_images`;
  const kms: Intent = {
    allowed: [
      { what: 'sign with the image-signing key', action: 'kms:Sign', resource: key, context: alias(`${e.project}-image-signing`) },
      { what: 'read the image-signing public key', action: 'kms:GetPublicKey', resource: key, context: alias(`${e.project}-image-signing`) },
    ],
    denied: [
      { what: 'sign with another key', action: 'kms:Sign', resource: key, context: alias(`${e.project}-shared`) },
      { what: 'sign with a key without alias', action: 'kms:Sign', resource: key, context: { 'kms:ResourceAliases': [] } },
    ],
  };
  const signer: Intent = {
    allowed: [{ what: 'sign with the Signer profile', action: 'signer:SignPayload', resource: profile(own) }],
    denied: [
      { what: 'sign with another Signer profile', action: 'signer:SignPayload', resource: profile(`${own}_other`) },
      { what: 'cancel the Signer profile', action: 'signer:CancelSigningProfile', resource: profile(own) },
    ],
  };
  const on = [...(signing.kmsKey ? [kms] : []), ...(signing.signerProfile ? [signer] : [])];
  const off = [...(signing.kmsKey ? [] : [kms]), ...(signing.signerProfile ? [] : [signer])];
  // What is off is denied to everyone: nothing may sign with a key or profile the project did not create.
  return { allowed: on.flatMap((i) => i.allowed), denied: [...on, ...off].flatMap((i) => i.denied).concat(off.flatMap((i) => i.allowed)) };
}

/**
 * One concrete action of each kind no persona may ever hold (security.md): each IAM write
 * family, organization and account changes, and what would blind or unlock the audit and the
 * keys. Written out, not read from `NEVER`, so that dropping an entry there is noticed.
 */
export const NEVER_ALLOWED_PROBES: readonly string[] = [
  'iam:AddUserToGroup',
  'iam:AttachRolePolicy',
  'iam:ChangePassword',
  'iam:CreateRole',
  'iam:CreateAccessKey',
  'iam:DeactivateMFADevice',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DetachRolePolicy',
  'iam:EnableMFADevice',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:RemoveRoleFromInstanceProfile',
  'iam:ResetServiceSpecificCredential',
  'iam:SetDefaultPolicyVersion',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UploadSSHPublicKey',
  'organizations:LeaveOrganization',
  'account:CloseAccount',
  'kms:ScheduleKeyDeletion',
  'kms:PutKeyPolicy',
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'guardduty:DeleteDetector',
  'config:StopConfigurationRecorder',
];

/** What QA/PMs are denied on top (security.md: view-only, never secret values). */
export const QA_DENIED_PROBES: readonly string[] = ['secretsmanager:GetSecretValue', 'kms:Decrypt', 'ecs:ExecuteCommand', 'ssm:StartSession', 'ssm:GetParameter', 'ssm:GetParametersByPath'];
