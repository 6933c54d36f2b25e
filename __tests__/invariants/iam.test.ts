/**
 * Invariant: IAM in your configuration (environments/). Every service has its own execution and
 * task role, trusted by ECS tasks of this account only; an execution role reaches its own
 * secrets, log group and repository and nothing else; no role holds a wildcard action, an
 * unconditioned "*" resource, an admin-level policy or a root trust. The persona table
 * (model/personas.ts with each environment's `access`) holds, evaluated with the
 * condition-aware evaluator (verify/policy-eval.ts) on a synth of your configuration with a
 * principal for every persona, so the table is checked even before you assign people.
 */
import { Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { loadConfig, rawEnvironments, rawShared } from '../../environments';
import { PERSONAS, PersonaKey } from '../../model/personas';
import { names } from '../../model/names';
import { checkPersonaProbes } from '../../verify/iam-check';
import { formatFinding, lintPolicies, policyDocuments } from '../../verify/policy-lint';
import { checkServiceRoleProbes } from '../../verify/service-role-probes';
import { PROBE_PRINCIPALS, iam, personaTable, serviceRoles } from '../helpers/invariants';
import { committedRecord, synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

Testing.setupJest();
const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);
/** Your configuration with a principal for every persona: every persona role is built. */
const probed = synthesizeBeforeAll(() => loadConfig({ ...structuredClone(rawShared), personas: PROBE_PRINCIPALS }, rawEnvironments, {}, committedRecord()), 'every-persona');

describe('service roles', () => {
  it('are one execution and one task role per service, trusted by ECS tasks of this account only', () => {
    expect(serviceRoles(app.out, config)).toEqual([]);
  });

  it('grant no wildcard action, no unconditioned "*" resource, no admin policy; an execution role reaches only its own secrets, log group and repository', () => {
    expect(iam(app.out, config)).toEqual([]);
  });

  it('name only real IAM actions and condition keys that apply to them, in every policy document of every stack', async () => {
    const findings = await lintPolicies(policyDocuments(probed.out.stacks));
    expect(findings.map(formatFinding)).toEqual([]);
  });

  it('answer the probe table: each execution role pulls, logs and reads secrets (and the key) of its own service only, as the configuration says; no service role holds a never-allowed action', () => {
    expect(checkServiceRoleProbes(app.out, config)).toEqual([]);
  });

  it.each(config.environments.flatMap((e) => e.services.map((s) => [e.name, s.name] as const)))('%s/%s: its execution role exists under its model name', (env, svc) => {
    expect(app.stack(env)).toHaveResourceWithProperties(IamRole, { name: names.executionRole(config.shared.project, env, svc) });
    expect(app.stack(env)).toHaveResourceWithProperties(IamRole, { name: names.taskRole(config.shared.project, env, svc) });
  });
});

describe('personas', () => {
  it('have a role exactly where your configuration gives the persona principals', () => {
    expect(personaTable(app.out, config).filter((v) => /principals$/.test(v))).toEqual([]);
  });

  it('hold exactly the capabilities each environment\'s access table gives them, and the denies of the persona table', () => {
    expect(personaTable(probed.out, probed.config)).toEqual([]);
  });

  it('answer the capability intent both ways: what access gives is allowed, every probe just outside a condition is denied to all, never-allowed actions are denied explicitly one by one', () => {
    expect(checkPersonaProbes(probed.out, probed.config)).toEqual([]);
  });

  it.each(Object.keys(PERSONAS) as PersonaKey[])('%s is a role trusted only by its principals', (persona) => {
    const role = probed.out.resources('aws_iam_role', 'shared').find((r) => r.body.name === names.personaRole(config.shared.project, PERSONAS[persona].roleSuffix))!;
    const trusted = JSON.parse(role.body.assume_role_policy).Statement.flatMap((s: { Principal: { AWS: string[] } }) => s.Principal.AWS);
    expect(trusted).toEqual(PROBE_PRINCIPALS[persona]);
  });
});
