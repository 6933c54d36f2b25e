import { Construct } from 'constructs';
import { Fn, IResolvable, propertyAccess } from 'cdktf';
import { DataAwsSecretsmanagerSecretVersions } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { suppress } from '../suppress';

export interface ServiceSecretsProps {
  /** Environment variable name → Secrets Manager secret name (from `names.secret`). */
  readonly secrets: ReadonlyArray<{ readonly key: string; readonly name: string }>;
  /** The environment's CMK. */
  readonly kmsKeyArn: string;
  /** Days a deleted secret can be restored (7–30), or 0 to delete it at once. @default 30 */
  readonly recoveryWindowDays?: number;
  /** Rotation per key: Lambda ARN and days between rotations. @default {} */
  readonly rotation?: Readonly<Record<string, { readonly lambdaArn: string; readonly days: number }>>;
  /** Service name, for descriptions. */
  readonly service: string;
  readonly environment: string;
}

/**
 * The service's secrets as empty Secrets Manager containers. Terraform never sees a value
 * (so none lands in state); an operator puts it with `aws secretsmanager put-secret-value`.
 *
 * Whether a secret has a value yet comes from `aws_secretsmanager_secret_versions`, which
 * calls ListSecretVersionIds and stores only version metadata (IDs, stages, dates), never a
 * value (provider 6.25, internal/service/secretsmanager/secret_versions_data_source.go).
 */
export class ServiceSecrets extends Construct {
  /** Environment variable name → secret. */
  readonly byKey: ReadonlyMap<string, SecretsmanagerSecret>;
  /** Environment variable name → (Terraform boolean) the secret has a current value (an AWSCURRENT version). */
  readonly hasValue: ReadonlyMap<string, IResolvable>;

  constructor(scope: Construct, id: string, props: ServiceSecretsProps) {
    super(scope, id);
    const byKey = new Map<string, SecretsmanagerSecret>();
    const hasValue = new Map<string, IResolvable>();
    for (const { key, name } of props.secrets) {
      const secret = new SecretsmanagerSecret(this, key, {
        name,
        description: `${key} for ${props.service} in ${props.environment}; value set out of band, never in Terraform`,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: props.recoveryWindowDays ?? 30,
      });
      const rotation = props.rotation?.[key];
      if (!rotation) {
        suppress(secret, 'CKV2_AWS_57', 'security.md makes rotation possible, not mandatory: it needs a rotation Lambda for this kind of secret; set secretRotation.<KEY> to turn it on');
      } else {
        new SecretsmanagerSecretRotation(this, `${key}-rotation`, {
          secretId: secret.id,
          rotationLambdaArn: rotation.lambdaArn,
          rotationRules: { automaticallyAfterDays: rotation.days },
        });
      }
      byKey.set(key, secret);
      const versions = new DataAwsSecretsmanagerSecretVersions(this, `${key}-versions`, { secretId: secret.arn });
      hasValue.set(key, Fn.contains(Fn.flatten(propertyAccess(versions.versions, ['*', 'version_stages'])), 'AWSCURRENT'));
    }
    this.byKey = byKey;
    this.hasValue = hasValue;
  }
}
