import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KEY_METADATA_READ, keyAccessStatements } from '../../model/key-policy';
import { Partition } from '../../model/partition';
import { Statement, policyDocument } from '../../model/policy';
import { AccountContext } from './account';
import { jsonDocument } from '../json-document';

type Condition = NonNullable<Statement['Condition']>;

/** An AWS service allowed to use the key, e.g. CloudWatch Logs for named log groups. */
export interface KeyServiceGrant {
  /** Statement ID, stable. */
  readonly sid: string;
  /** Service principal, from `Partition.principal`. */
  readonly service: string;
  readonly actions: readonly string[];
  /** Conditions narrowing the grant (encryption context, source ARN). Only a grant of metadata reads may go without. */
  readonly condition?: Condition;
}

/** CloudWatch Logs may use the key, but only for log groups whose names match `logGroups` (wildcards allowed). */
export function logsGrant(aws: Partition, accountId: string, logGroups: readonly string[]): KeyServiceGrant {
  return {
    sid: 'CloudWatchLogs',
    service: aws.principal('logs'),
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroups.map((g) => aws.regional('logs', accountId, `log-group:${g}`)) } },
  };
}

/** Principals of this account calling through an AWS service, e.g. Secrets Manager. */
export interface KeyViaServiceGrant {
  readonly sid: string;
  /** `kms:ViaService` value, from `Partition.viaService`. */
  readonly viaService: string;
  readonly actions: readonly string[];
  /** Further conditions, e.g. the encryption context of the only resource the service may use the key for. @default none */
  readonly condition?: Condition;
}

export interface CustomerKeyProps {
  /** Alias, from `names.kmsAlias`. */
  readonly alias: string;
  readonly description: string;
  /** The region's partition: the account principal is written in it. */
  readonly partition: Partition;
  /** The account, and who runs Terraform (for the plan-time administrator check). */
  readonly account: AccountContext;
  /**
   * Durable administrators: `adminRoleArns`, `ci.deployRoleArn`, the Admins persona role.
   * Empty: the account administers the key (its IAM policies decide), never the session.
   */
  readonly administrators: readonly string[];
  /**
   * The same administrators written without references to resources of this stack (a role
   * created here is named by ARN), so that the plan-time check is known at plan time.
   * @default administrators
   */
  readonly administratorsAtPlan?: readonly string[];
  /** Service principals that use the key directly. @default [] */
  readonly services?: readonly KeyServiceGrant[];
  /** Account principals that use the key only through a service; their IAM policies narrow it further. @default [] */
  readonly viaServices?: readonly KeyViaServiceGrant[];
  /** Roles that may read the key's settings without an IAM policy of their own, and plan (the CI plan role). @default [] */
  readonly readerArns?: readonly string[];
  /** Further statements, each with its own condition. @default [] */
  readonly extraStatements?: readonly Statement[];
  /** Waiting period before deletion (days, 7–30). @default 30 */
  readonly deletionWindowDays?: number;
}

/**
 * A symmetric customer-managed key with yearly rotation and the project's key-policy model
 * (model/key-policy.ts): the account reads metadata, durable principals administer, services
 * and account principals through services use it. When administrators are configured, a
 * plan run by anyone else fails at the key's precondition, naming the roles to assume.
 */
export class CustomerKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CustomerKeyProps) {
    super(scope, id);
    const { partition: aws, account } = props;
    const readers = props.readerArns ?? [];
    const statements: Statement[] = [
      ...keyAccessStatements(aws, account.accountId, props.administrators),
      ...(props.services ?? []).map(
        (g): Statement => ({ Sid: g.sid, Effect: 'Allow', Principal: { Service: g.service }, Action: [...g.actions], Resource: '*', Condition: g.condition }),
      ),
      ...(props.viaServices ?? []).map(
        (g): Statement => ({
          Sid: g.sid,
          Effect: 'Allow',
          Principal: { AWS: aws.accountRoot(account.accountId) },
          Action: [...g.actions],
          Resource: '*',
          Condition: mergeConditions({ StringEquals: { 'kms:ViaService': g.viaService, 'kms:CallerAccount': account.accountId } }, g.condition),
        }),
      ),
      ...(readers.length > 0 ? [{ Sid: 'ReadKeySettings', Effect: 'Allow' as const, Principal: { AWS: [...readers] }, Action: [...KEY_METADATA_READ], Resource: '*' }] : []),
      ...(props.extraStatements ?? []),
    ];
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: jsonDocument(this, policyDocument(statements)),
      lifecycle: props.administrators.length > 0 ? { precondition: [account.administratorCheck(props.alias, props.administratorsAtPlan ?? props.administrators, readers)] } : undefined,
    });
    this.arn = this.key.arn;
    new KmsAlias(this, 'alias', { name: props.alias, targetKeyId: this.key.keyId });
  }
}

/** Two condition blocks as one: operators and keys of both, ANDed. */
export function mergeConditions(a: Condition, b: Condition | undefined): Condition {
  const out: Record<string, Record<string, string | readonly string[]>> = {};
  for (const block of [a, b ?? {}]) for (const [op, keys] of Object.entries(block)) out[op] = { ...(out[op] ?? {}), ...keys };
  return out;
}
