/**
 * The VPC flow-log role can do everything AWS documents for publishing flow logs to
 * CloudWatch Logs ("IAM role for publishing flow logs to CloudWatch Logs"), on this flow log's
 * log group only, and only the VPC Flow Logs service acting for this account may assume it.
 * Evaluated with verify/policy-eval.ts on the synthesized policies.
 */
import { evaluatePolicies } from '../../../verify/policy-eval';
import { example } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const out = synthBeforeAll(example());
const resolveTokens = (text: string) =>
  text.replace(/\$\{[^}]+\}/g, (token) => {
    if (/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/.test(token)) return ACCOUNT;
    const ref = out.resolve('shared', token);
    if (ref?.resource.type === 'aws_cloudwatch_log_group' && ref.attribute === 'arn') return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${ref.resource.body.name}`;
    return token;
  });
/** The flow log's role, its policies (tokens resolved) and its log group's ARN. */
function flowLog() {
  const [flow] = out.resources('aws_flow_log', 'shared');
  const role = out.mustResolve('shared', flow.body.iam_role_arn);
  const policies = out.resources('aws_iam_role_policy', 'shared').filter((p) => out.mustResolve('shared', p.body.role).name === role.name);
  const group = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${out.mustResolve('shared', flow.body.log_destination).body.name}`;
  return { role, identity: policies.map((p) => JSON.parse(resolveTokens(p.body.policy))), group };
}

// The documented actions, with the resource each acts on (DescribeLogGroups has none): "" is the log group.
const DOCUMENTED: Array<[string, string]> = [
  ['logs:CreateLogGroup', ''],
  ['logs:CreateLogStream', ':log-stream:eni-0123456789abcdef0-all'],
  ['logs:PutLogEvents', ':log-stream:eni-0123456789abcdef0-all'],
  ['logs:DescribeLogGroups', '*'],
  ['logs:DescribeLogStreams', ''],
];
const on = (group: string, suffix: string) => (suffix === '*' ? '*' : `${group}${suffix}`);

describe('VPC flow-log role', () => {
  const as = (action: string, resource: string) => {
    const { role, identity } = flowLog();
    return evaluatePolicies({ identity }, { principal: { arn: `arn:aws:iam::${ACCOUNT}:role/${role.body.name}`, account: ACCOUNT }, action, resource });
  };

  it.each(DOCUMENTED)('may %s (AWS documents it for flow logs to CloudWatch Logs)', (action, suffix) => {
    expect(as(action, on(flowLog().group, suffix)).decision).toBe('allow');
  });

  it.each(DOCUMENTED.filter(([, r]) => r !== '*'))('may not %s on another log group', (action, suffix) => {
    expect(as(action, on(flowLog().group, suffix).replace(/log-group:[^:]+/, 'log-group:/someone/else')).decision).toBe('implicit-deny');
  });

  it('is assumed only by VPC Flow Logs for flow logs of this account', () => {
    const trust = JSON.parse(resolveTokens(flowLog().role.body.assume_role_policy));
    const assume = (account: string, sourceArn: string) =>
      evaluatePolicies(
        { resource: trust, resourceMustAllow: true },
        { principal: { service: 'vpc-flow-logs.amazonaws.com' }, action: 'sts:AssumeRole', resource: '*', context: { 'aws:SourceAccount': account, 'aws:SourceArn': sourceArn } },
      ).decision;
    expect(assume(ACCOUNT, `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`)).toBe('allow');
    expect(assume('444455556666', `arn:aws:ec2:${REGION}:444455556666:vpc-flow-log/fl-0123456789abcdef0`)).toBe('implicit-deny');
    expect(assume(ACCOUNT, `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`)).toBe('implicit-deny');
  });
});
