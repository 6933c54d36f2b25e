/** `sandbox: true` lifts every deletion safeguard (model/teardown.ts): never next to production. */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput, SharedSchemaOutput } from '../schema';

/** A production environment refuses a sandbox: its data would be one `cdktf destroy` away from gone. */
export function checkSandbox(shared: SharedSchemaOutput, envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  if (!shared.sandbox) return;
  for (const env of envs.filter((e) => e.production)) {
    issues.push({
      scope: envScope(env.name),
      field: 'production',
      rule:
        'a production environment refuses `sandbox: true` (shared settings), which lifts deletion protection, final snapshots and recovery windows so that ' +
        'one `cdktf destroy` deletes everything, data included: remove `sandbox`, or deploy the sandbox without this environment',
    });
  }
}
