import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Statement, policyDocument } from '../../model/policy';
import { jsonDocument } from '../json-document';

/** An AWS service allowed to use the key, e.g. CloudWatch Logs for named log groups. */
export interface KeyServiceGrant {
  /** Statement ID, stable. */
  readonly sid: string;
  /** Service principal, e.g. `logs.eu-west-1.amazonaws.com`. */
  readonly service: string;
  readonly actions: readonly string[];
  /** Conditions narrowing the grant (encryption context, source account). */
  readonly condition: NonNullable<Statement['Condition']>;
}

/** CloudWatch Logs may use the key, but only for log groups whose names match `logGroups` (wildcards allowed). */
export function logsGrant(region: string, accountId: string, logGroups: readonly string[]): KeyServiceGrant {
  return {
    sid: 'CloudWatchLogs',
    service: `logs.${region}.amazonaws.com`,
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroups.map((g) => `arn:aws:logs:${region}:${accountId}:log-group:${g}`) } },
  };
}

/** Principals of this account calling through an AWS service, e.g. Secrets Manager. */
export interface KeyViaServiceGrant {
  readonly sid: string;
  /** `secretsmanager.eu-west-1.amazonaws.com` and the like. */
  readonly viaService: string;
  readonly actions: readonly string[];
}

export interface CustomerKeyProps {
  /** Alias, from `names.kmsAlias`. */
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  /** Roles that administer the key: the deploying role plus configured admin roles. */
  readonly adminArns: readonly string[];
  /** Service principals that use the key directly. @default [] */
  readonly services?: readonly KeyServiceGrant[];
  /** Account principals that use the key only through a service; their IAM policies narrow it further. @default [] */
  readonly viaServices?: readonly KeyViaServiceGrant[];
  /** Roles that may read the key's settings (a CI plan role). @default [] */
  readonly readerArns?: readonly string[];
  /** Further statements, each with its own condition. @default [] */
  readonly extraStatements?: readonly Statement[];
  /** Waiting period before deletion (days). @default 30 */
  readonly deletionWindowDays?: number;
}

/**
 * A symmetric customer-managed key with rotation on and a key policy naming who may
 * use it. There is no blanket "the account root may do anything" statement: IAM
 * policies alone never grant use of this key.
 */
export class CustomerKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CustomerKeyProps) {
    super(scope, id);
    const statements: Statement[] = [
      {
        Sid: 'KeyAdministration',
        Effect: 'Allow',
        Principal: { AWS: [...props.adminArns] },
        Action: 'kms:*',
        Resource: '*',
      },
      ...(props.services ?? []).map(
        (g): Statement => ({ Sid: g.sid, Effect: 'Allow', Principal: { Service: g.service }, Action: [...g.actions], Resource: '*', Condition: g.condition }),
      ),
      ...(props.viaServices ?? []).map(
        (g): Statement => ({
          Sid: g.sid,
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: [...g.actions],
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': g.viaService, 'kms:CallerAccount': props.accountId } },
        }),
      ),
      ...(props.readerArns && props.readerArns.length > 0
        ? [{ Sid: 'ReadKeySettings', Effect: 'Allow' as const, Principal: { AWS: [...props.readerArns] }, Action: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'], Resource: '*' }]
        : []),
      ...(props.extraStatements ?? []),
    ];
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: jsonDocument(this, policyDocument(statements)),
    });
    this.arn = this.key.arn;
    new KmsAlias(this, 'alias', { name: props.alias, targetKeyId: this.key.keyId });
  }
}
