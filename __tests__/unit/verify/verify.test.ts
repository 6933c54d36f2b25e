import * as fs from 'fs';
import * as path from 'path';
import { Json, Synthesized } from '../../../verify/tfjson';
import { lintApp, verify } from '../../../verify/verify';
import { example } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';
import { names } from '../../../model/names';
import { serviceTargetGroup } from '../../../model/target-group';

// verify passing on the configuration in environments/ is the invariant suite's
// (__tests__/invariants/verify.test.ts); here it must catch deliberate breakages of the example.
const config = example();
const good = synthBeforeAll(config);

/** A deep copy of the default output with `edit` applied to its stacks. */
function broken(edit: (stacks: Record<string, Json>) => void): Synthesized {
  const stacks = structuredClone(good.stacks) as Record<string, Json>;
  edit(stacks);
  return new Synthesized(stacks);
}
const rulesOf = (verdict: ReturnType<typeof verify>) => verdict.problems.map((p) => `${p.where}: ${p.rule}`).join('\n');
const named = (section: Json, prefix: string) => Object.keys(section).find((k) => k.startsWith(prefix))!;

describe('npm run verify', () => {
  it('finds no difference in the example', () => {
    const verdict = verify(good, config);
    expect(rulesOf(verdict)).toBe('');
    expect(verdict.report).toContain('internet → alb: tcp 80, tcp 443');
    expect(verdict.report).toContain('alb → ecs:prod: tcp 3000-4000');
    expect(verdict.report).toContain('ecs:prod → db:prod: tcp 27017');
  });

  it('catches a widened port', () => {
    const s = broken((st) => {
      const rules = st.prod.resource.aws_vpc_security_group_ingress_rule;
      rules[named(rules, 'rules_ecs-in-alb')].to_port = 5000;
    });
    const text = rulesOf(verify(s, config));
    expect(text).toMatch(/prod:aws_vpc_security_group_ingress_rule\.rules_ecs-in-alb_\w+: rule "ecs:prod ingress tcp 3000-5000 sg:alb" is not a row of the security-group matrix/);
    expect(text).toContain('matrix row ecs-in-alb: no rule implements "ecs:prod ingress tcp 3000-4000 sg:alb"');
  });

  it('catches a catch-all route', () => {
    const s = broken((st) => {
      const rules = st.prod.resource.aws_lb_listener_rule;
      const first = structuredClone(rules[Object.keys(rules)[0]]);
      first.condition = [{ path_pattern: { values: ['/*'] } }];
      first.priority = 50000;
      rules['catch_all'] = first;
    });
    const text = rulesOf(verify(s, config));
    const tg = names.targetGroup('acme', 'prod', 'auth', serviceTargetGroup(3000, config.shared.network.vpcCidr));
    expect(text).toContain(`prod:aws_lb_listener_rule.catch_all: listener rule "shared:443 /* -> ${tg}" is not on the route allow-list`);
    expect(text).toContain('catch-all or wildcard path pattern "/*"');
  });

  it('catches an extra 0.0.0.0/0 rule', () => {
    const s = broken((st) => {
      const rules = st.stage.resource.aws_vpc_security_group_ingress_rule;
      const rule = structuredClone(rules[named(rules, 'rules_ecs-in-alb')]);
      delete rule.referenced_security_group_id;
      rule.cidr_ipv4 = '0.0.0.0/0';
      rules['open_to_world'] = rule;
    });
    expect(rulesOf(verify(s, config))).toContain('stage:aws_vpc_security_group_ingress_rule.open_to_world: opens ecs:stage to 0.0.0.0/0; only the ALB may take traffic from a CIDR');
  });

  it('catches a task in a public subnet', () => {
    const s = broken((st) => {
      const outputs = st.shared.output;
      const privateOut = Object.keys(outputs).find((k) => k.includes('network_private-0'))!;
      const publicSubnet = named(st.shared.resource.aws_subnet, 'network_public-0');
      outputs[privateOut].value = `\${aws_subnet.${publicSubnet}.id}`;
    });
    const text = rulesOf(verify(s, config));
    expect(text).toMatch(/aws_ecs_service\.svc-auth_service_\w+: tasks must run in private subnets; network\/public-0 routes to the internet gateway/);
  });

  it('catches a task with a public IP', () => {
    const s = broken((st) => {
      const svc = st.test.resource.aws_ecs_service;
      svc[named(svc, 'svc-reminder')].network_configuration.assign_public_ip = true;
    });
    expect(rulesOf(verify(s, config))).toMatch(/test:aws_ecs_service\.svc-reminder_service_\w+: tasks must not get a public IP/);
  });

  it('catches a wildcard secret read', () => {
    const s = broken((st) => {
      const policies = st.prod.resource.aws_iam_role_policy;
      const key = Object.keys(policies).find((k) => k.includes('svc-auth_roles_execution-policy'))!;
      const doc = JSON.parse(policies[key].policy);
      doc.Statement.find((x: { Sid: string }) => x.Sid === 'Secrets').Resource = '*';
      policies[key].policy = JSON.stringify(doc);
    });
    expect(rulesOf(verify(s, config))).toMatch(/prod:aws_iam_role\.svc-auth_roles_execution_\w+ \(acme-prod-auth-exec\): allows secretsmanager:GetSecretValue on Resource "\*"/);
  });

  it('catches another environment\'s secret in an execution role', () => {
    const s = broken((st) => {
      const policies = st.test.resource.aws_iam_role_policy;
      const key = Object.keys(policies).find((k) => k.includes('svc-reminder_roles_execution-policy'))!;
      const doc = JSON.parse(policies[key].policy);
      const secrets = Object.keys(st.test.resource.aws_secretsmanager_secret);
      doc.Statement.find((x: { Sid: string }) => x.Sid === 'Secrets').Resource = [`\${aws_secretsmanager_secret.${secrets.find((n) => n.includes('svc-auth'))}.arn}`];
      policies[key].policy = JSON.stringify(doc);
    });
    expect(rulesOf(verify(s, config))).toContain("test:aws_iam_role acme-test-reminder-exec: may read secret acme/test/auth/JWT_SIGNING_KEY (secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/test/auth/JWT_SIGNING_KEY-AbCdEf); it must not");
  });

  it('catches an execution role of a service without secrets that may read secrets and decrypt', () => {
    const s = broken((st) => {
      const policies = st.test.resource.aws_iam_role_policy;
      const key = Object.keys(policies).find((k) => k.includes('svc-reminder_roles_execution-policy'))!;
      const doc = JSON.parse(policies[key].policy);
      doc.Statement = doc.Statement.filter((x: { Sid: string }) => !['Secrets', 'DecryptSecrets'].includes(x.Sid));
      policies[key].policy = JSON.stringify(doc);
    });
    // The example's reminder has a secret: without its statements it may not read it (the other direction is the invariant suite's).
    expect(rulesOf(verify(s, config))).toMatch(/acme-test-reminder-exec: may not decrypt with the environment's key .*; it must$/m);
  });

  it('lints every policy document: a misspelt action or condition key is a finding', async () => {
    expect((await lintApp(good)).findings).toEqual([]);
    const s = broken((st) => {
      const policies = st.test.resource.aws_iam_role_policy;
      const key = Object.keys(policies).find((k) => k.includes('svc-reminder_roles_execution-policy'))!;
      const doc = JSON.parse(policies[key].policy);
      doc.Statement.find((x: { Sid: string }) => x.Sid === 'DecryptSecrets').Action = 'kms:Decrypts';
      policies[key].policy = JSON.stringify(doc);
    });
    const { findings, report } = await lintApp(s);
    expect(findings.map((f) => `${f.rule} ${f.value}`)).toEqual(['unknown-action kms:Decrypts']);
    expect(report).toMatch(/1 finding\(s\):\n  ✗ test:aws_iam_role_policy\.svc-reminder_roles_execution-policy_\w+\.policy .*kms:Decrypts/);
  });

  it('catches a rule between two environments', () => {
    const s = broken((st) => {
      const rules = st.prod.resource.aws_vpc_security_group_ingress_rule;
      const rule = structuredClone(rules[named(rules, 'rules_db-in-ecs')]);
      const testOutput = 'cross-stack-output-test-ecs-sg';
      st.test.output = { ...(st.test.output ?? {}), [testOutput]: { value: `\${aws_security_group.${named(st.test.resource.aws_security_group, 'ecs-sg')}.id}`, sensitive: true } };
      rule.referenced_security_group_id = `\${data.terraform_remote_state.cross-stack-reference-input-test.outputs.${testOutput}}`;
      rules['db_from_test'] = rule;
    });
    expect(rulesOf(verify(s, config))).toContain('flow ecs:test → db:prod (tcp 27017) is not in the security-group matrix');
  });
});

describe('docs/architecture.md diagram', () => {
  it('is the flow diagram verify draws from the shipped example (pinned in fixtures/example/acme.json)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'architecture.md'), 'utf8');
    const block = /<!-- flows:begin -->\n```mermaid\n([\s\S]*?)\n```\n<!-- flows:end -->/.exec(readme);
    expect(block).not.toBeNull();
    expect(block![1]).toBe(verify(good, config).mermaid);
  });
});
