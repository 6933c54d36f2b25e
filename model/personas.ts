/**
 * The IAM personas of security.md as one typed table. `PersonaRoles` builds the roles from
 * it; the tests and `npm run verify` probe the synthesized policies with requests written by
 * hand from security.md (verify/persona-probes.ts), never with this table.
 *
 * - Developers: push images; deploy and read where an environment's `access` allows (test).
 * - QA/PMs: view-only, read the environments they are given (stage); never secret values.
 * - Admins: deploy production, read and rotate secrets.
 *
 * "Deploy" here is shipping a release: a new task definition revision and a service update
 * in that environment, plus that environment's state. Infrastructure changes go through the
 * CI deploy role or an administrator.
 */
import { names } from './names';
import { PARTITIONS, Partition, SupportedPartitionId } from './partition';
import { Statement } from './policy';

/** The IAM personas of security.md. */
export const PERSONA_KEYS = ['developers', 'qa', 'admins'] as const;
export type PersonaKey = (typeof PERSONA_KEYS)[number];

/** What an environment can grant a persona (`access` in the environment's config). */
export type EnvCapability = 'deploy' | 'read' | 'secrets';
/** What a persona has regardless of environment. */
export type GlobalCapability = 'pushImages' | 'signImages';

export interface PersonaSpec {
  readonly title: string;
  /** Role name suffix: `<project>-<suffix>`. */
  readonly roleSuffix: string;
  /** AWS-managed policies attached as they are (path below `policy/`, the partition is added); only ones that do not widen the persona. */
  readonly managedPolicies: readonly string[];
  readonly global: readonly GlobalCapability[];
  /** Actions explicitly denied everywhere (guards the managed policies too). */
  readonly denied: readonly string[];
  /** Session length (seconds). */
  readonly maxSessionSeconds: number;
}

/**
 * Construct IDs of a persona's resources (PersonaRoles): Terraform addresses, so fixed. The
 * per-scope ones take a scope name, `global` or an environment's name, and so can collide
 * with each other for some environment names: validation checks `personaConstructIds` for
 * duplicates before any construct exists.
 */
export const PERSONA_IDS = {
  role: (persona: PersonaKey) => persona,
  managedAttachment: (persona: PersonaKey, index: number) => `${persona}-managed-${index}`,
  policy: (persona: PersonaKey, scope: string) => `${persona}-${scope}`,
  attachment: (persona: PersonaKey, scope: string) => `${persona}-${scope}-attach`,
};
/** The scope of a persona's account-wide policy. */
export const GLOBAL_SCOPE = 'global';

/** Every construct ID PersonaRoles makes for `persona` with these environments, with what each is for. */
export function personaConstructIds(persona: PersonaKey, environments: readonly string[]): Array<{ id: string; what: string; env?: string }> {
  const ids: Array<{ id: string; what: string; env?: string }> = [{ id: PERSONA_IDS.role(persona), what: 'role' }];
  PERSONAS[persona].managedPolicies.forEach((p, i) => ids.push({ id: PERSONA_IDS.managedAttachment(persona, i), what: `attachment of ${p}` }));
  for (const { scope, env } of [{ scope: GLOBAL_SCOPE, env: undefined }, ...environments.map((e) => ({ scope: e, env: e }))]) {
    const of = env !== undefined ? `environment "${env}"` : 'every environment';
    ids.push({ id: PERSONA_IDS.policy(persona, scope), what: `policy for ${of}`, env }, { id: PERSONA_IDS.attachment(persona, scope), what: `attachment of its policy for ${of}`, env });
  }
  return ids;
}

/** AWS-managed policy path; `Partition.managedPolicy` makes the ARN. */
export const VIEW_ONLY = 'job-function/ViewOnlyAccess';

/** IAM changes: no persona may make them (iam:PassRole, which deploying needs, is not among them). */
export const IAM_WRITES = ['iam:Add*', 'iam:Attach*', 'iam:Change*', 'iam:Create*', 'iam:Deactivate*', 'iam:Delete*', 'iam:Detach*', 'iam:Enable*', 'iam:Put*', 'iam:Remove*', 'iam:Reset*', 'iam:Set*', 'iam:Tag*', 'iam:Untag*', 'iam:Update*', 'iam:Upload*'];

/** Actions no persona may ever hold. */
export const NEVER = [...IAM_WRITES, 'organizations:*', 'account:*', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'guardduty:DeleteDetector', 'config:StopConfigurationRecorder'];

export const PERSONAS: Readonly<Record<PersonaKey, PersonaSpec>> = {
  developers: {
    title: 'Developers',
    roleSuffix: 'developers',
    managedPolicies: [],
    global: ['pushImages', 'signImages'],
    denied: NEVER,
    maxSessionSeconds: 3600 * 4,
  },
  qa: {
    title: 'QA/PMs',
    roleSuffix: 'qa',
    // Account-wide List/Describe, no data reads: narrower than anything QA is given per environment.
    managedPolicies: [VIEW_ONLY],
    global: [],
    // ViewOnlyAccess reads no secret values; these denies keep it so if AWS ever widens it.
    denied: [...NEVER, 'secretsmanager:GetSecretValue', 'ssm:GetParameter*', 'kms:Decrypt', 'ecs:ExecuteCommand', 'ssm:StartSession'],
    maxSessionSeconds: 3600 * 4,
  },
  admins: {
    title: 'Admins',
    roleSuffix: 'admins',
    managedPolicies: [VIEW_ONLY],
    global: [],
    denied: NEVER,
    maxSessionSeconds: 3600,
  },
};

/** Everything a capability statement needs to name concrete resources. */
export interface ArnContext {
  /** The region's partition: every ARN below is written in it. */
  readonly partition: SupportedPartitionId;
  readonly project: string;
  readonly region: string;
  readonly accountId: string;
  readonly stateBucket: string;
  readonly lockTable: string;
  /** Region of the state bucket and lock table (`state.region`, which may differ from `region`). @default region */
  readonly stateRegion?: string;
  /** Environment name (for environment capabilities). */
  readonly env?: string;
  /** ECS Exec is allowed in this environment. */
  readonly exec?: boolean;
  /** The environment deploys blue/green: ECS uses each service's `<project>-<env>-<service>-lb` role. */
  readonly blueGreen?: boolean;
  /** Image signing in use: the KMS signing key (by alias) and/or the Signer profile. */
  readonly signing?: { readonly kmsKey: boolean; readonly signerProfile: boolean };
}

const aws = (c: ArnContext) => new Partition(PARTITIONS[c.partition], c.region);
const arn = (c: ArnContext, service: string, resource: string) => aws(c).regional(service, c.accountId, resource);
const envOf = (c: ArnContext) => {
  if (!c.env) throw new Error('environment capability without an environment');
  return c.env;
};

/** Representative resources of an environment, for probing policies. */
export const envArns = {
  cluster: (c: ArnContext) => arn(c, 'ecs', `cluster/${c.project}-${envOf(c)}`),
  service: (c: ArnContext, svc = '*') => arn(c, 'ecs', `service/${c.project}-${envOf(c)}/${svc}`),
  task: (c: ArnContext) => arn(c, 'ecs', `task/${c.project}-${envOf(c)}/*`),
  logGroups: (c: ArnContext) => arn(c, 'logs', `log-group:/${c.project}/${envOf(c)}/*`),
  secrets: (c: ArnContext) => arn(c, 'secretsmanager', `secret:${c.project}/${envOf(c)}/*`),
  roles: (c: ArnContext) => [aws(c).role(c.accountId, `${c.project}-${envOf(c)}-*-exec`), aws(c).role(c.accountId, `${c.project}-${envOf(c)}-*-task`)],
  stateObject: (c: ArnContext) => aws(c).s3(`${c.stateBucket}/${c.project}/${envOf(c)}/*`),
  repositories: (c: ArnContext) => arn(c, 'ecr', `repository/${c.project}/*`),
  /** Every alarm of the environment: names.alarm puts them under names.alarmPrefix. */
  alarms: (c: ArnContext) => arn(c, 'cloudwatch', `alarm:${names.alarmPrefix(c.project, envOf(c))}*`),
  /** The environment's dashboard; dashboard ARNs have no region. */
  dashboard: (c: ArnContext) => aws(c).arn('cloudwatch', '', c.accountId, `dashboard/${names.dashboard(c.project, envOf(c))}`),
};

const keyByAlias = (c: ArnContext, alias: string, via: string, region = c.region): NonNullable<Statement['Condition']> => ({
  'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/${c.project}-${alias}` },
  StringEquals: { 'kms:ViaService': new Partition(PARTITIONS[c.partition], region).viaService(via) },
});
// The state key and the lock table live in the state region, which need not be the stacks' region.
const stateRegion = (c: ArnContext) => c.stateRegion ?? c.region;

/** The statements behind each per-environment capability. */
export const ENV_CAPABILITIES: Readonly<Record<EnvCapability, (c: ArnContext) => Statement[]>> = {
  read: (c) => [
    { Sid: `Read${pascal(envOf(c))}Logs`, Effect: 'Allow', Action: ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery'], Resource: envArns.logGroups(c) },
    { Sid: `Read${pascal(envOf(c))}Ecs`, Effect: 'Allow', Action: ['ecs:DescribeClusters', 'ecs:DescribeServices', 'ecs:DescribeTasks'], Resource: [envArns.cluster(c), envArns.service(c), envArns.task(c)] },
    // Listing takes no resource ARN; the cluster condition keeps it to this environment.
    { Sid: `List${pascal(envOf(c))}Ecs`, Effect: 'Allow', Action: ['ecs:ListTasks', 'ecs:ListServices'], Resource: '*', Condition: { ArnEquals: { 'ecs:cluster': envArns.cluster(c) } } },
    // Both act on alarm ARNs (Service Authorization Reference, CloudWatch: resource type "alarm", required).
    { Sid: `Read${pascal(envOf(c))}Alarms`, Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'], Resource: envArns.alarms(c) },
    { Sid: `Read${pascal(envOf(c))}Dashboard`, Effect: 'Allow', Action: 'cloudwatch:GetDashboard', Resource: envArns.dashboard(c) },
    // No resource-level permissions: metric reads are account-wide or nothing (the dashboard needs them).
    { Sid: `Read${pascal(envOf(c))}Metrics`, Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics'], Resource: '*' },
  ],
  deploy: (c): Statement[] => [
    {
      Sid: `Deploy${pascal(envOf(c))}Services`,
      Effect: 'Allow',
      Action: ['ecs:UpdateService', 'ecs:DescribeServices'],
      Resource: envArns.service(c),
      Condition: { StringEquals: { 'aws:ResourceTag/Environment': envOf(c) } },
    },
    {
      Sid: `Pass${pascal(envOf(c))}TaskRoles`,
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: envArns.roles(c),
      Condition: { StringEquals: { 'iam:PassedToService': aws(c).principal('ecs-tasks') } },
    },
    { Sid: `Write${pascal(envOf(c))}State`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: envArns.stateObject(c) },
    // An environment plan reads the shared stack's outputs (terraform_remote_state).
    { Sid: `Read${pascal(envOf(c))}SharedState`, Effect: 'Allow', Action: 's3:GetObject', Resource: aws(c).s3(`${c.stateBucket}/${c.project}/shared/*`) },
    {
      Sid: `List${pascal(envOf(c))}State`,
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: aws(c).s3(c.stateBucket),
      Condition: { StringLike: { 's3:prefix': [`${c.project}/${envOf(c)}/*`, `${c.project}/shared/*`] } },
    },
    { Sid: `DecryptState${pascal(envOf(c))}`, Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: new Partition(PARTITIONS[c.partition], stateRegion(c)).regional('kms', c.accountId, 'key/*'), Condition: keyByAlias(c, 'tfstate', 's3', stateRegion(c)) },
    {
      Sid: `Lock${pascal(envOf(c))}State`,
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      Resource: new Partition(PARTITIONS[c.partition], stateRegion(c)).regional('dynamodb', c.accountId, `table/${c.lockTable}`),
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${c.stateBucket}/${c.project}/${envOf(c)}/*`] } },
    },
    // Updating a blue/green service may pass its load-balancer role to ECS (names.blueGreenRole).
    ...(c.blueGreen
      ? [
          {
            Sid: `Pass${pascal(envOf(c))}BlueGreenRoles`,
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: aws(c).role(c.accountId, `${c.project}-${envOf(c)}-*-lb`),
            Condition: { StringEquals: { 'iam:PassedToService': aws(c).principal('ecs') } },
          } satisfies Statement,
        ]
      : []),
    ...(c.exec ? [{ Sid: `Exec${pascal(envOf(c))}`, Effect: 'Allow', Action: 'ecs:ExecuteCommand', Resource: [envArns.cluster(c), envArns.task(c)] } satisfies Statement] : []),
  ],
  secrets: (c) => [
    {
      Sid: `Manage${pascal(envOf(c))}Secrets`,
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:RotateSecret', 'secretsmanager:ListSecretVersionIds', 'secretsmanager:UpdateSecretVersionStage'],
      Resource: envArns.secrets(c),
    },
    { Sid: `Decrypt${pascal(envOf(c))}Secrets`, Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: arn(c, 'kms', 'key/*'), Condition: keyByAlias(c, envOf(c), 'secretsmanager') },
  ],
};

/** Statements shared by every environment a persona may deploy to: what ECS offers only on "*". */
export const DEPLOY_COMMON: readonly Statement[] = [
  // Neither action supports resource-level permissions; registering a revision runs nothing.
  { Sid: 'RegisterTaskDefinitions', Effect: 'Allow', Action: ['ecs:RegisterTaskDefinition', 'ecs:DescribeTaskDefinition'], Resource: '*' },
];

/** The statements behind each global capability. */
export const GLOBAL_CAPABILITIES: Readonly<Record<GlobalCapability, (c: ArnContext) => Statement[]>> = {
  pushImages: (c) => [
    { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: 'PushImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DescribeImages', 'ecr:DescribeImageScanFindings'],
      Resource: envArns.repositories(c),
    },
    { Sid: 'EncryptImages', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: arn(c, 'kms', 'key/*'), Condition: keyByAlias(c, 'shared', 'ecr') },
  ],
  signImages: (c) => [
    ...(c.signing?.kmsKey
      ? [
          {
            Sid: 'SignWithKms',
            Effect: 'Allow',
            Action: ['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'],
            Resource: arn(c, 'kms', 'key/*'),
            Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': signingKeyAlias(c.project) } },
          } satisfies Statement,
        ]
      : []),
    ...(c.signing?.signerProfile
      ? [{ Sid: 'SignWithSigner', Effect: 'Allow', Action: ['signer:SignPayload', 'signer:GetSigningProfile'], Resource: arn(c, 'signer', `/signing-profiles/${signerProfileName(c.project)}`) } satisfies Statement]
      : []),
  ],
};

export const signingKeyAlias = (project: string) => `alias/${project}-image-signing`;
export const signerProfileName = (project: string) => `${project.replace(/-/g, '_')}_images`;

function pascal(s: string): string {
  return s.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}
