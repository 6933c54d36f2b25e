/**
 * State may live in another region than the stacks (`state.region`): every statement that
 * reaches the state bucket's key or the lock table must name that region, or deployers are
 * denied at `terraform init`. Pinned fixture: stacks in eu-central-1, state in us-east-1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../environments';
import { synthBeforeAll } from '../../helpers/synth';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/state-region/separate-region.json'), 'utf8'));
const config = loadConfig(fixture.shared, fixture.environments);
const out = synthBeforeAll(config);

type Stmt = { Sid?: string; Resource?: string | string[]; Condition?: Record<string, Record<string, unknown>> };
const personaStatements = (): Stmt[] =>
  out.resources('aws_iam_policy', 'shared').flatMap((r) => (JSON.parse(String(r.body.policy)).Statement as Stmt[]));

describe('state in its own region', () => {
  let statements: Stmt[], lock: Stmt | undefined, key: Stmt | undefined;
  beforeAll(() => {
    statements = personaStatements();
    lock = statements.find((s) => s.Sid?.startsWith('Lock'));
    key = statements.find((s) => s.Sid?.startsWith('DecryptState'));
  });

  it('names the lock table in the state region', () => {
    expect(lock?.Resource).toMatch(/^arn:aws:dynamodb:us-east-1:[^:]+:table\/shop-tflock$/);
  });

  it('uses the state key only through S3 of the state region', () => {
    expect(key?.Resource).toMatch(/^arn:aws:kms:us-east-1:/);
    expect(key?.Condition?.StringEquals?.['kms:ViaService']).toBe('s3.us-east-1.amazonaws.com');
  });

  it('keeps every other environment statement in the stacks region', () => {
    const others = statements.filter((s) => s !== lock && s !== key && s.Sid?.match(/Dev/));
    expect(others.length).toBeGreaterThan(0);
    for (const s of others) expect(JSON.stringify(s.Resource ?? '')).not.toContain('us-east-1');
  });
});

describe('ECS Exec task role', () => {
  it('may describe the streams of the exec log group only, as the agent does before writing', () => {
    const policies = out.resources('aws_iam_role_policy', 'dev').map((r) => JSON.parse(String(r.body.policy)) as { Statement: Array<Stmt & { Action: string | string[] }> });
    const execLogs = policies.flatMap((p) => p.Statement).filter((s) => s.Sid === 'EcsExecLogs');
    expect(execLogs.length).toBeGreaterThan(0);
    for (const s of execLogs) {
      expect(s.Action).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents']));
      expect(s.Resource).toMatch(/aws_cloudwatch_log_group\..*\.arn\}:\*$/);
    }
  });
});
