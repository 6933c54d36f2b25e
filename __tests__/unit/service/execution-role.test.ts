import { EXAMPLE_ENVIRONMENTS, example } from '../../helpers/config-file';
import { synth, synthBeforeAll } from '../../helpers/synth';
import { Resource } from '../../../verify/tfjson';

const config = example();
const out = synthBeforeAll(config);

interface Stmt { Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown; Principal?: unknown }
const list = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);
const policyOf = (p: Resource): Stmt[] => JSON.parse(p.body.policy).Statement;

describe.each(EXAMPLE_ENVIRONMENTS)('IAM roles of %s', (env) => {
  const envCfg = config.environments.find((e) => e.name === env)!;

  describe.each(envCfg.services.map((s) => s.name))('service %s', (svc) => {
    let exec: Resource, task: Resource, td: Resource, policies: Resource[], statements: Stmt[];
    beforeAll(() => {
      const roles = out.resources('aws_iam_role', env);
      policies = out.resources('aws_iam_role_policy', env);
      exec = roles.find((r) => r.body.name === `acme-${env}-${svc}-exec`)!;
      task = roles.find((r) => r.body.name === `acme-${env}-${svc}-task`)!;
      statements = policies.filter((p) => out.mustResolve(env, p.body.role).name === exec.name).flatMap(policyOf);
      td = out.resources('aws_ecs_task_definition', env).find((t) => t.body.family === `acme-${env}-${svc}`)!;
    });

    it('has separate execution and task roles that only ECS tasks of this account can assume', () => {
      expect(out.mustResolve(env, td.body.execution_role_arn).name).toBe(exec.name);
      expect(out.mustResolve(env, td.body.task_role_arn).name).toBe(task.name);
      for (const role of [exec, task]) {
        const trust = JSON.parse(role.body.assume_role_policy).Statement;
        expect(trust).toEqual([
          { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': expect.stringMatching(/aws_caller_identity/) } } },
        ]);
      }
    });

    it('lets the execution role do exactly: ECR login and pull, write its log group, read its secrets, decrypt them', () => {
      const grants = statements.map((s) => `${list(s.Action).sort().join(',')} on ${list(s.Resource).map((r) => kind(env, r)).join(',')}`);
      expect(grants.sort()).toEqual(
        [
          'ecr:GetAuthorizationToken on *',
          'ecr:BatchCheckLayerAvailability,ecr:BatchGetImage,ecr:GetDownloadUrlForLayer on aws_ecr_repository(shared)',
          'logs:CreateLogStream,logs:PutLogEvents on aws_cloudwatch_log_group:*',
          `secretsmanager:GetSecretValue on ${envCfg.services.find((s) => s.name === svc)!.secrets.map(() => 'aws_secretsmanager_secret').join(',')}`,
          'kms:Decrypt on aws_kms_key',
          // GuardDuty runtime monitoring (on by default) injects its agent, pulled with this role.
          'ecr:BatchCheckLayerAvailability,ecr:BatchGetImage,ecr:GetDownloadUrlForLayer on arn:aws:ecr:eu-west-1:*:repository/aws-guardduty-agent-fargate',
        ].sort(),
      );
    });

    it('names concrete resources for every action but ecr:GetAuthorizationToken', () => {
      for (const s of statements) {
        if (list(s.Action).includes('ecr:GetAuthorizationToken')) {
          expect(list(s.Action)).toEqual(['ecr:GetAuthorizationToken']);
          continue;
        }
        for (const r of list(s.Resource)) expect(r).not.toBe('*');
        for (const r of list(s.Resource).filter((x) => x.startsWith('arn:'))) expect(r).toBe('arn:aws:ecr:eu-west-1:*:repository/aws-guardduty-agent-fargate');
        for (const a of list(s.Action)) expect(a).not.toMatch(/\*/);
      }
    });

    it('points at this service\'s own log group, repository and secrets only', () => {
      const resourcesOf = (prefix: string) => statements.filter((s) => list(s.Action).some((a) => a.startsWith(prefix))).flatMap((s) => list(s.Resource));
      const logGroup = out.mustResolve(env, resourcesOf('logs:')[0].replace(/:\*$/, ''));
      expect(logGroup.body.name).toBe(`/acme/${env}/${svc}`);
      expect(out.mustResolve(env, resourcesOf('ecr:Batch')[0]).body.name).toBe(`acme/${svc}`);
      const secrets = resourcesOf('secretsmanager:').map((r) => out.mustResolve(env, r).body.name);
      for (const name of secrets) expect(name).toMatch(new RegExp(`^acme/${env}/${svc}/`));
    });

    it('gives the task role no permissions by default', () => {
      expect(policies.filter((p) => out.mustResolve(env, p.body.role).name === task.name)).toEqual([]);
    });
  });
});

/** "aws_x" for a local reference, "aws_x(shared)" for a remote one, ":*" kept, "*" as is. */
function kind(stack: string, ref: string): string {
  if (ref === '*' || ref.startsWith('arn:')) return ref;
  const suffix = ref.endsWith(':*') ? ':*' : '';
  const r = out.mustResolve(stack, ref.replace(/:\*$/, ''));
  return `${r.type}${r.stack === stack ? '' : `(${r.stack})`}${suffix}`;
}

describe('GuardDuty agent pull', () => {
  it('is granted only while GuardDuty runtime monitoring is on', () => {
    const off = synth(example((c) => (c.shared.audit = { guardDuty: false })));
    for (const p of off.resources('aws_iam_role_policy', 'prod')) expect(p.body.policy).not.toContain('aws-guardduty-agent-fargate');
    const on = out.resources('aws_iam_role_policy', 'prod').filter((p) => p.body.policy.includes('aws-guardduty-agent-fargate'));
    expect(on.length).toBe(2);
  });
});
