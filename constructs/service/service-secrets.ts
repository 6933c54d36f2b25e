import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { suppress } from '../suppress';

export interface ServiceSecretsProps {
  /** Environment variable name → Secrets Manager secret name (from `names.secret`). */
  readonly secrets: ReadonlyArray<{ readonly key: string; readonly name: string }>;
  /** The environment's CMK. */
  readonly kmsKeyArn: string;
  /** Days a deleted secret can be restored. @default 30 */
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
 */
export class ServiceSecrets extends Construct {
  /** Environment variable name → secret. */
  readonly byKey: ReadonlyMap<string, SecretsmanagerSecret>;

  constructor(scope: Construct, id: string, props: ServiceSecretsProps) {
    super(scope, id);
    const byKey = new Map<string, SecretsmanagerSecret>();
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
    }
    this.byKey = byKey;
  }
}
