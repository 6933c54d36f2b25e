import { Construct } from 'constructs';
import { Fn, Op, TerraformOutput } from 'cdktf';
import { ServiceSecrets } from './service-secrets';

export interface SecretsStatusProps {
  /** Every service's secrets in the environment, by service name. */
  readonly services: ReadonlyMap<string, ServiceSecrets>;
  /** Names each secret by service and key (`names.secret`). */
  readonly secretName: (service: string, key: string) => string;
  /** The environment (stack) name, for the command to run again. */
  readonly environment: string;
}

/**
 * Outputs that say what is left to do after an apply: the secrets that still have no value
 * (names only, from version metadata) and the commands that set them. A service whose
 * secrets are all empty while the environment runs nothing starts at 0 tasks (start-gate.ts);
 * setting the values and applying again starts it.
 */
export class SecretsStatus extends Construct {
  constructor(scope: Construct, id: string, props: SecretsStatusProps) {
    super(scope, id);
    const pending: string[] = [];
    for (const [service, secrets] of props.services) {
      for (const [key, hasValue] of secrets.hasValue) pending.push(Fn.conditional(hasValue, '', props.secretName(service, key)));
    }
    const missing = Fn.compact(pending);
    new TerraformOutput(this, 'secrets_without_value', {
      description: 'Secrets of this environment that have no value yet; services that need them may run 0 tasks until they do',
      value: missing,
    }).overrideLogicalId('secrets_without_value');
    new TerraformOutput(this, 'set_secrets_then_apply_again', {
      description: 'What to run next: set each empty secret (the value stays out of Terraform state), then apply this stack again',
      value: Fn.conditional(
        Op.gte(Fn.lengthOf(missing), 1), // not "> 0": Op renders a literal 0 as "undefined" (cdktf 0.21)
        Fn.concat([
          Fn.formatlist('aws secretsmanager put-secret-value --secret-id %s --secret-string file://<file with the value>', [missing]),
          [`npx cdktf deploy ${props.environment} --ignore-missing-stack-dependencies   # starts the services that were waiting`],
        ]),
        [],
      ),
    }).overrideLogicalId('set_secrets_then_apply_again');
  }
}
