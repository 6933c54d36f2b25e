import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { EnvironmentConfig } from '../../environments/config';
import { ArnContext, DEPLOY_COMMON, ENV_CAPABILITIES, EnvCapability, GLOBAL_CAPABILITIES, GLOBAL_SCOPE, PERSONAS, PERSONA_IDS, PersonaKey } from '../../model/personas';
import { PARTITIONS, Partition } from '../../model/partition';
import { PolicyDocument, Statement, policyDocument } from '../../model/policy';
import { jsonDocument } from '../json-document';

export interface PersonaRolesProps {
  /** Principals allowed to assume each persona; a persona without principals gets no role. */
  readonly principals: Partial<Record<PersonaKey, readonly string[]>>;
  readonly environments: readonly EnvironmentConfig[];
  /** Project, region, account, state location and signing ARNs (no environment). */
  readonly context: ArnContext;
}

/** Trust policy: only the named principals, IAM users only with MFA; never the account root. */
export function personaTrust(principals: readonly string[]): PolicyDocument {
  const users = principals.filter((p) => /:user\//.test(p));
  const others = principals.filter((p) => !/:user\//.test(p));
  const statements: Statement[] = [];
  if (others.length > 0) statements.push({ Sid: 'TrustedRoles', Effect: 'Allow', Principal: { AWS: others }, Action: 'sts:AssumeRole' });
  if (users.length > 0) {
    statements.push({ Sid: 'TrustedUsersWithMfa', Effect: 'Allow', Principal: { AWS: users }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
  }
  return policyDocument(statements);
}

/** Statements one persona gets in one environment, from the environment's `access` table. */
export function environmentStatements(persona: PersonaKey, env: EnvironmentConfig, context: ArnContext): Statement[] {
  const c: ArnContext = { ...context, env: env.name, exec: env.execEnabled && !env.production, blueGreen: env.blueGreen !== undefined };
  return (Object.keys(ENV_CAPABILITIES) as EnvCapability[]).filter((cap) => env.access[cap].includes(persona)).flatMap((cap) => ENV_CAPABILITIES[cap](c));
}

/** The persona roles of security.md, built from the PERSONAS table and each environment's `access`. */
export class PersonaRoles extends Construct {
  readonly roles: Partial<Record<PersonaKey, IamRole>> = {};

  constructor(scope: Construct, id: string, props: PersonaRolesProps) {
    super(scope, id);
    const { context } = props;
    for (const key of Object.keys(PERSONAS) as PersonaKey[]) {
      const principals = props.principals[key];
      if (!principals || principals.length === 0) continue;
      const spec = PERSONAS[key];
      const role = new IamRole(this, PERSONA_IDS.role(key), {
        name: `${context.project}-${spec.roleSuffix}`,
        description: `${spec.title} (security.md persona)`,
        assumeRolePolicy: jsonDocument(this, personaTrust(principals)),
        maxSessionDuration: spec.maxSessionSeconds,
      });
      this.roles[key] = role;
      const aws = new Partition(PARTITIONS[context.partition], context.region);
      spec.managedPolicies.forEach((path, i) => new IamRolePolicyAttachment(this, PERSONA_IDS.managedAttachment(key, i), { role: role.name, policyArn: aws.managedPolicy(path) }));

      // One customer-managed policy per scope: inline role policies share one 10 KB budget.
      const scopes: Array<[string, Statement[]]> = [
        [
          GLOBAL_SCOPE,
          [
            ...spec.global.flatMap((cap) => GLOBAL_CAPABILITIES[cap](context)),
            ...(props.environments.some((e) => e.access.deploy.includes(key)) ? DEPLOY_COMMON : []),
            { Sid: 'NeverAllowed', Effect: 'Deny', Action: [...spec.denied], Resource: '*' },
          ],
        ],
        ...props.environments.map((env): [string, Statement[]] => [env.name, environmentStatements(key, env, context)]),
      ];
      for (const [scopeName, statements] of scopes) {
        if (statements.length === 0) continue;
        const policy = new IamPolicy(this, PERSONA_IDS.policy(key, scopeName), {
          name: `${context.project}-${spec.roleSuffix}-${scopeName}`,
          description: `${spec.title}: ${scopeName === GLOBAL_SCOPE ? 'account-wide' : `environment ${scopeName}`}`,
          policy: jsonDocument(this, policyDocument(statements)),
        });
        new IamRolePolicyAttachment(this, PERSONA_IDS.attachment(key, scopeName), { role: role.name, policyArn: policy.arn });
      }
    }
  }
}
