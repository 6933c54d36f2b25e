/** Each environment's `access` table against the persona table: a grant the persona's own denies would break is refused. */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { ENV_CAPABILITIES, EnvCapability, PERSONAS, PersonaKey } from '../../model/personas';

const matches = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

/**
 * A persona listed for a capability must be able to use all of it. The persona table denies
 * some actions everywhere (QA/PMs never read secret values, never decrypt, never exec into a
 * task), and an explicit deny beats the grant, so `access.secrets: ["qa"]` or a QA deploy
 * (which decrypts state) would synthesize a role that silently cannot do what the table says.
 */
export function checkAccess(envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  for (const env of envs) {
    const context = { partition: 'aws' as const, project: 'p', region: 'eu-west-1', accountId: '111122223333', stateBucket: 'b', lockTable: 't', env: 'e', exec: env.execEnabled && !env.production };
    for (const cap of Object.keys(ENV_CAPABILITIES) as EnvCapability[]) {
      const actions = ENV_CAPABILITIES[cap](context).flatMap((s) => [s.Action ?? []].flat());
      for (const persona of new Set(env.access[cap] as PersonaKey[])) {
        const blocked = [...new Set(actions.filter((a) => PERSONAS[persona].denied.some((d) => matches(d, a))))];
        if (blocked.length === 0) continue;
        issues.push({
          scope: envScope(env.name),
          field: `access.${cap}`,
          rule: `"${persona}" cannot hold ${cap} here: the ${PERSONAS[persona].title} persona is denied ${blocked.join(', ')} everywhere (model/personas.ts), and a deny beats the grant; remove "${persona}" from access.${cap}`,
        });
      }
    }
  }
}
