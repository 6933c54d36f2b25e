/** Rules within one environment and across environments: names, production limits, services, secrets, database. */
import { ConfigIssue, envScope } from '../errors';
import { EnvironmentSchemaOutput } from '../schema';
import { SECRET_RECOVERY_WINDOW } from '../../model/aws-limits';
import { PROJECT_VARIABLES, reservedVariable } from '../../model/container-environment';
import { PERSONA_KEYS, personaConstructIds } from '../../model/personas';
import { firstDuplicate } from './util';

// Stack names, plus names that would clash with a shared KMS alias (alias/<project>-tfstate).
const RESERVED_STACKS = new Set(['bootstrap', 'shared', 'tfstate']);

/**
 * An environment name becomes part of the persona roles' construct IDs ("<persona>-<env>"),
 * next to fixed ones ("<persona>-global", "<persona>-managed-0"): a name that makes an ID
 * twice would crash synth. Checked for every persona, whether or not it has principals yet, so
 * a name stays valid when people are assigned later.
 */
function checkPersonaIds(envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  const clashes = new Map<string, string[]>();
  for (const persona of PERSONA_KEYS) {
    const seen = new Map<string, string>();
    for (const { id, what, env } of personaConstructIds(persona, envs.map((e) => e.name))) {
      const first = seen.get(id);
      if (first === undefined) seen.set(id, what);
      else if (env !== undefined) clashes.set(env, [...(clashes.get(env) ?? []), `${id} (also the ${persona} persona's ${first})`]);
    }
  }
  for (const [env, ids] of clashes) {
    const shown = ids.length > 2 ? `${ids.slice(0, 2).join(', ')} and ${ids.length - 2} more` : ids.join(', ');
    issues.push({ scope: envScope(env), field: 'name', rule: `"${env}" would name the persona roles' resources for it like others they already have: construct IDs ${shown} (model/personas.ts; they are Terraform addresses, so they cannot change); choose another environment name` });
  }
}

/** Unique, unreserved environment names; production limits; each service's secrets, variables, user and database. */
export function checkEnvironments(envs: readonly EnvironmentSchemaOutput[], issues: ConfigIssue[]): void {
  checkPersonaIds(envs, issues);
  const seen = new Set<string>();
  for (const env of envs) {
    const scope = envScope(env.name);
    if (RESERVED_STACKS.has(env.name)) issues.push({ scope, field: 'name', rule: `"${env.name}" is reserved for a stack of its own; choose another environment name` });
    if (seen.has(env.name)) issues.push({ scope, field: 'name', rule: `duplicate environment name "${env.name}": each environment is one stack and needs a unique name` });
    seen.add(env.name);
    // IAM patterns name an environment's roles as "<project>-<env>-*-exec" (persona deploy,
    // model/personas.ts) and "<project>-<env>-*-task" (the ECS Exec key grant): they would also
    // match the roles of an environment whose name is this one's and "-".
    const extended = envs.find((other) => env.name.startsWith(`${other.name}-`));
    if (extended) {
      issues.push({
        scope,
        field: 'name',
        rule: `"${env.name}" begins with "${extended.name}-", the name of environment "${extended.name}" and "-": the IAM patterns that grant "${extended.name}"'s roles (<project>-${extended.name}-*-exec for persona deploy, <project>-${extended.name}-*-task for ECS Exec sessions) would also match this environment's roles; choose a name that does not begin with another environment's name and "-"`,
      });
    }
    if (env.production && env.execEnabled) issues.push({ scope, field: 'execEnabled', rule: 'ECS Exec must stay off in a production environment' });
    if (env.production && env.allowedSourceCidrs?.length) issues.push({ scope, field: 'allowedSourceCidrs', rule: 'source-IP restriction is for non-production environments; production routes are public' });
    checkRecoveryWindow(env, issues);
    env.services.forEach((svc, i) => {
      if (env.production && svc.spot) issues.push({ scope, field: `services[${svc.name}].spot`, rule: 'Fargate Spot is not allowed in a production environment (tasks may be reclaimed)' });
      if (svc.autoscaling && svc.autoscaling.min > svc.autoscaling.max) {
        issues.push({ scope, field: `services[${svc.name}].autoscaling`, rule: `min (${svc.autoscaling.min}) must not exceed max (${svc.autoscaling.max})` });
      }
      for (const key of Object.keys(svc.environment)) {
        if (reservedVariable(key, { port: svc.port, database: svc.database }, 'environment', svc.environment[key])) continue; // reported below, once
        if (SECRET_NAME.test(key)) {
          issues.push({ scope, field: `services[${svc.name}].environment.${key}`, rule: `"${key}" looks like a secret; declare it in "secrets" so it comes from Secrets Manager, not plaintext` });
        }
        if (svc.secrets.includes(key)) issues.push({ scope, field: `services[${svc.name}].environment.${key}`, rule: `"${key}" is also declared in "secrets"; a variable comes from one place` });
      }
      for (const key of Object.keys(svc.secretRotation)) {
        if (!svc.secrets.includes(key)) issues.push({ scope, field: `services[${svc.name}].secretRotation.${key}`, rule: `"${key}" is not one of this service's secrets (${svc.secrets.join(', ') || 'none'})` });
      }
      if (svc.database && !env.database.enabled) {
        issues.push({ scope, field: `services[${svc.name}].database`, rule: 'the service asks for the database but this environment has "database.enabled" off' });
      }
      // Variables the platform sets (PORT, DB_*, ECS's credentials and metadata endpoints) are
      // never the service's to declare, in either place (model/container-environment.ts).
      const service = { port: svc.port, database: svc.database };
      for (const [key, value] of Object.entries(svc.environment)) {
        const why = reservedVariable(key, service, 'environment', value);
        if (why) issues.push({ scope, field: `services[${svc.name}].environment.${key}`, rule: why });
      }
      svc.secrets.forEach((key, k) => {
        const why = reservedVariable(key, service, 'secrets');
        if (why) issues.push({ scope, field: `services[${svc.name}].secrets[${k}]`, rule: why });
      });
      if (/^0(:|$)/.test(svc.user)) issues.push({ scope, field: `services[${svc.name}].user`, rule: 'containers never run as root (uid 0); use a numeric non-root uid like 1000:1000' });
      const dupSecret = firstDuplicate(svc.secrets);
      if (dupSecret) issues.push({ scope, field: `services[${svc.name}].secrets`, rule: `duplicate secret "${dupSecret}"` });
      if (env.services.findIndex((s) => s.name === svc.name) !== i) {
        issues.push({ scope, field: `services[${i}].name`, rule: `duplicate service name "${svc.name}" in this environment` });
      }
    });
  }
}

/** `secretRecoveryWindowDays`: 0 (delete at once) or 7–30; production keeps a recovery window. */
function checkRecoveryWindow(env: EnvironmentSchemaOutput, issues: ConfigIssue[]): void {
  const days = env.secretRecoveryWindowDays;
  if (days === undefined) return;
  const { min, max, immediate } = SECRET_RECOVERY_WINDOW;
  const scope = envScope(env.name);
  if (days !== immediate && (days < min || days > max)) {
    issues.push({ scope, field: 'secretRecoveryWindowDays', rule: `must be ${immediate} (delete at once) or ${min}–${max} days, the window Secrets Manager allows (got ${days})` });
  } else if (days === immediate && env.production) {
    issues.push({ scope, field: 'secretRecoveryWindowDays', rule: `a production environment keeps deleted secrets recoverable: use ${min}–${max} days (default ${max}), not ${immediate}` });
  }
}

/** The recovery window an environment's secrets get: the configured one, else 30 days in production and none (0) elsewhere. */
export const recoveryWindowDays = (env: EnvironmentSchemaOutput): number =>
  env.secretRecoveryWindowDays ?? (env.production ? SECRET_RECOVERY_WINDOW.max : SECRET_RECOVERY_WINDOW.immediate);

/** Variables a service with `database: true` receives from the environment's DocumentDB. */
export const DB_VARIABLES = PROJECT_VARIABLES.database;

/** Names that must never be plaintext environment variables. */
export const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|(^|_)KEY($|_)|CREDENTIAL|(^|_)URI($|_)|(^|_)DSN($|_)|CONNECTION_?STRING/;
