import { Fn, IResolvable, Token } from 'cdktf';

/**
 * How many tasks a service asks for while its secrets may still be empty.
 *
 * Secrets are created empty (no value in Terraform state), and a task whose secret has no
 * value fails to start (ResourceInitializationError). So on the first deploy of an
 * environment, and after it is destroyed and re-created, a service starts at 0 tasks until
 * every one of its secrets has a value; re-applying then starts it at its count. The
 * environment's `secrets_without_value` output lists what is missing.
 *
 * The gate holds only while the environment's cluster runs no task at all. Once anything
 * runs, counts are the configured ones even if a secret is empty: adding a secret to a live
 * service must never scale it to zero (the new revision's tasks fail and the deployment
 * circuit breaker keeps the previous revision running instead).
 */
export interface StartGate {
  /** Terraform boolean per secret of the service: it has a current value. */
  readonly secretsWithValue: readonly IResolvable[];
  /** Terraform boolean: the environment's cluster runs or starts at least one task. */
  readonly environmentRuns: IResolvable;
}

/** `count`, or a Terraform expression that is `count` once the service may start and 0 before. */
export function gatedCount(count: number, gate: StartGate): number {
  if (count === 0 || gate.secretsWithValue.length === 0) return count;
  const mayStart = Fn.anytrue([Fn.alltrue([...gate.secretsWithValue]), gate.environmentRuns]);
  return Token.asNumber(Fn.conditional(mayStart, count, 0));
}
