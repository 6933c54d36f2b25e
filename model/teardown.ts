/**
 * What stops `terraform destroy` from removing a deployment, and the value a sandbox
 * (`sandbox: true` in the shared settings) sets instead.
 *
 * Keyed by the provider's argument name, not by resource type: every resource whose type has
 * one of these arguments gets the sandbox value, so a resource added later is covered without
 * an edit here. `__tests__/unit/stacks/sandbox-teardown.test.ts` reads the provider's bindings for
 * every resource type the stacks synthesize and fails on a protective-looking argument that is
 * neither here nor in NOT_TEARDOWN_SETTINGS.
 */

export interface TeardownSetting {
  /** The value that lets destroy finish without a manual step. */
  readonly sandbox: boolean | number;
  /** What AWS or Terraform does with the protective value. */
  readonly why: string;
  /** checkov checks that report the sandbox value; a sandbox accepts them with the reason SANDBOX_REASON. @default none */
  readonly checkov?: readonly string[];
}

/** Why a sandbox accepts the scanner findings its lifted safeguards raise. */
export const SANDBOX_REASON = 'sandbox: true (shared settings) lifts this safeguard on purpose, so that cdktf destroy removes the sandbox without manual steps; production refuses sandbox';

export const TEARDOWN_SETTINGS: Readonly<Record<string, TeardownSetting>> = {
  deletion_protection: { sandbox: false, why: 'DocumentDB (like RDS and Neptune) refuses DeleteDBCluster while deletion protection is on' },
  deletion_protection_enabled: { sandbox: false, why: 'DynamoDB refuses DeleteTable, CloudWatch Logs DeleteLogGroup, while deletion protection is on' },
  enable_deletion_protection: { sandbox: false, why: 'Elastic Load Balancing refuses DeleteLoadBalancer while deletion protection is on', checkov: ['CKV_AWS_150'] },
  skip_destroy: { sandbox: false, why: 'destroy would only drop the resource from state and leave it in AWS, where its name collides with the next deploy' },
  force_destroy: { sandbox: true, why: 'S3 refuses DeleteBucket on a bucket that holds objects; in a versioned bucket that includes every old version and delete marker' },
  force_delete: { sandbox: true, why: 'ECR refuses DeleteRepository while it holds images (RepositoryNotEmptyException); an ECS service is deleted without first waiting for 0 tasks' },
  skip_final_snapshot: { sandbox: true, why: 'a final snapshot outlives the cluster (and is billed) and its name must be new on every destroy' },
  deletion_window_in_days: { sandbox: 7, why: 'KMS keeps a deleted key PendingDeletion for 7–30 days (ScheduleKeyDeletion); 7 is the shortest' },
  recovery_window_in_days: { sandbox: 0, why: 'a deleted secret keeps its name for the recovery window (7–30 days); 0 deletes it at once (ForceDeleteWithoutRecovery)' },
};

/** Terraform's own guard, on any resource: a plan that would destroy it fails. A sandbox removes it. */
export const PREVENT_DESTROY = 'prevent_destroy';

/**
 * Provider arguments whose names look protective but do not stop a destroy, each with the
 * reason; the coverage test accepts exactly these besides TEARDOWN_SETTINGS.
 */
export const NOT_TEARDOWN_SETTINGS: Readonly<Record<string, string>> = {
  final_snapshot_identifier: 'only names the snapshot that skip_final_snapshot = false takes',
  force_new_deployment: 'restarts an ECS service on update; nothing to do with deletion',
  force_overwrite_replica_secret: 'replication of a secret to other regions, which the project does not use',
  force_detach_policies: 'detaches IAM policies attached outside Terraform; the project attaches every policy itself',
  enforce_security_group_inbound_rules_on_private_link_traffic: 'a PrivateLink (NLB) traffic setting',
  malware_protection: 'a GuardDuty feature block',
  data_protection: 'WAF logging field redaction',
  data_protection_config: 'WAF logging field redaction',
  mfa_delete: 'S3 MFA delete, which only the root user can turn on and the project leaves off',
  revoke_rules_on_delete: 'revokes rules another service added to a group before deleting it; the project adds every rule itself',
};

/** Argument names that look like a deletion safeguard: the coverage test's net over the provider's arguments. */
export const LOOKS_PROTECTIVE = /protect|prevent_destroy|skip_destroy|force_|final_snapshot|deletion_window|recovery_window|mfa_delete|on_delete/;

/** `force_destroy` → `forceDestroy`: the property name of the argument on a CDKTF resource class. */
export const camelCase = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
