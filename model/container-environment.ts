/**
 * Environment variables a service's container gets from somewhere other than its own
 * `environment` and `secrets`: the ones this project sets (PORT, and DB_* with a database) and
 * the ones ECS sets in every Fargate task. A service may not declare any of them — a second
 * definition either hides the platform's value (the app listens on the wrong port, the AWS SDK
 * loses the task role's credentials) or is silently overridden.
 */

/** What this project sets: `PORT` always (the port the ALB sends to), `DB_*` with `database: true`. */
export const PROJECT_VARIABLES = { port: 'PORT', database: ['DB_HOST', 'DB_PORT', 'DB_USERNAME', 'DB_PASSWORD'] } as const;

/**
 * Set by ECS in every task container, with why a service must not set them. Amazon ECS
 * Developer Guide: "Task IAM role" (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI), "Amazon ECS task
 * metadata endpoint version 4" (ECS_CONTAINER_METADATA_URI, _V4), "Task scale-in protection
 * endpoint" (ECS_AGENT_URI); the AWS SDKs read AWS_EXECUTION_ENV and, before any other
 * source, static AWS_* keys from the environment.
 */
export const ECS_VARIABLES: Readonly<Record<string, string>> = {
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: 'ECS sets it to the task role\'s credentials endpoint; the AWS SDKs would lose the task role',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'the AWS SDKs would fetch credentials from this URL instead of the task role',
  AWS_CONTAINER_AUTHORIZATION_TOKEN: 'it goes with AWS_CONTAINER_CREDENTIALS_FULL_URI, which replaces the task role',
  ECS_CONTAINER_METADATA_URI: 'ECS sets it to the task metadata endpoint',
  ECS_CONTAINER_METADATA_URI_V4: 'ECS sets it to the task metadata endpoint',
  ECS_AGENT_URI: 'ECS sets it to the agent endpoint (task scale-in protection)',
  AWS_EXECUTION_ENV: 'ECS sets it to AWS_ECS_FARGATE; the AWS SDKs report it',
  AWS_ACCESS_KEY_ID: 'static keys take precedence over the task role in every AWS SDK; grant the task role what the service needs (taskRoleStatements)',
  AWS_SECRET_ACCESS_KEY: 'static keys take precedence over the task role in every AWS SDK; grant the task role what the service needs (taskRoleStatements)',
  AWS_SESSION_TOKEN: 'static keys take precedence over the task role in every AWS SDK; grant the task role what the service needs (taskRoleStatements)',
};

/**
 * Why `name` may not be declared by a service (in `environment` or `secrets`), or undefined when
 * it may. `port` is the service's port: `environment.PORT` equal to it is allowed (it changes
 * nothing); `database` says whether the service receives DB_*.
 */
export function reservedVariable(name: string, service: { port: number; database: boolean }, where: 'environment' | 'secrets', value?: string): string | undefined {
  if (name in ECS_VARIABLES) return `"${name}" is set by the platform: ${ECS_VARIABLES[name]}; remove it`;
  if (name === PROJECT_VARIABLES.port && !(where === 'environment' && value === String(service.port))) {
    return `the platform sets PORT to the service's port ${service.port}; remove "PORT"${where === 'environment' ? `: "${value}" (or set port to it)` : ' from secrets'}`;
  }
  if (service.database && (PROJECT_VARIABLES.database as readonly string[]).includes(name)) return `"${name}" is set from the database when "database" is on; remove it`;
  return undefined;
}
