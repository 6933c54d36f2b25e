/** Who administers the KMS keys (model/key-policy.ts): a warning when no durable administrator is configured. */
import { ConfigIssue, SHARED_SCOPE } from '../errors';
import { SharedSchemaOutput } from '../schema';

/**
 * Keys without a durable administrator fall back to the account as administrator (IAM
 * decides who), so that the shipped example synthesizes offline; synth says so, without failing.
 */
export function keyAdministrationWarnings(s: SharedSchemaOutput): ConfigIssue[] {
  if (s.adminRoleArns.length > 0 || s.ci.deployRoleArn) return [];
  const hint = 'set adminRoleArns (or ci.deployRoleArn) to the roles that deploy, so that only they administer the keys';
  const byAccount = 'administered by the account: any of its principals whose IAM policies allow kms:PutKeyPolicy or kms:ScheduleKeyDeletion';
  if (!s.personas.admins?.length) {
    return [{ scope: SHARED_SCOPE, field: 'adminRoleArns', rule: `no durable KMS key administrator is configured (adminRoleArns, ci.deployRoleArn, personas.admins); every key of the project is ${byAccount}. To restrict it, ${hint}` }];
  }
  // The Admins persona role is created by the shared stack, after the bootstrap stack's key.
  return [{ scope: SHARED_SCOPE, field: 'adminRoleArns', rule: `the state key alias/${s.project}-tfstate (bootstrap stack) has no durable administrator (the Admins persona role does not exist yet when bootstrap is deployed), so it is ${byAccount}. To restrict it, ${hint}` }];
}
