/**
 * Every ARN, managed-policy ARN, condition value, service principal and endpoint name in the
 * synthesized stacks comes from the region's partition (model/partition.ts). Checked for every
 * region of every supported partition in the table, with every switch that writes one turned on.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../environments';
import { PARTITIONS, PartitionSpec, partitionFor } from '../../../model/partition';
import { Synthesized, synthBeforeAll } from '../../helpers/synth';
import { loadConfigFile } from '../../helpers/config-file';

const ACCOUNT = '123456789012';
const FIXTURE = fs.readFileSync(path.join(__dirname, '../../fixtures/partition/all-features.json'), 'utf8');
const GOVCLOUD_CASE = path.join(__dirname, '../../../../shared/cases/deploy/govcloud.json');

function fixture(spec: PartitionSpec, region: string) {
  const raw = JSON.parse(FIXTURE.replace(/\{\{partition\}\}/g, spec.id).replace(/\{\{region\}\}/g, region).replace(/\{\{account\}\}/g, ACCOUNT));
  return loadConfig(raw.shared, raw.environments);
}

/** Every string of a stack, with policy documents (JSON strings) opened up. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
    if (/^\s*\{/.test(value)) {
      try {
        strings(JSON.parse(value), out);
      } catch {
        /* not JSON */
      }
    }
  } else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => (strings(k, out), strings(v, out)));
  return out;
}

/** Statements of every policy document in a stack. */
function statements(out: Synthesized, stack: string): Array<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return strings(out.stack(stack))
    .filter((s) => /^\s*\{/.test(s) && s.includes('"Statement"'))
    .flatMap((s) => [JSON.parse(s).Statement].flat());
}

// The commercial partition's table entry is a pattern: probe it with one region.
const REGIONS = Object.values(PARTITIONS).flatMap((p) => (p.regions instanceof RegExp ? [{ spec: p, region: 'eu-west-1' }] : p.regions.map((region) => ({ spec: p, region }))));

describe.each(REGIONS.map((r) => [r.region, r.spec.id, r] as const))('every stack in %s (%s)', (region, _, { spec }) => {
  const out = synthBeforeAll(() => fixture(spec, region));
  const aws = partitionFor(region);
  const stacks = () => Object.keys(out.stacks);

  it('writes every ARN in the form its service takes: IAM, STS and S3 without a region, S3 without an account, the rest in this region', () => {
    const GLOBAL = new Set(['iam', 'sts', 's3', 'cloudfront', 'route53', 'organizations']);
    const wrong: string[] = [];
    let seen = 0;
    for (const stack of stacks()) {
      // ARNs only, not the validation patterns and messages that describe one (their region field is "[a-z0-9-]+" or "<region>").
      for (const m of strings(out.stack(stack)).flatMap((s) => [...s.matchAll(/arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*|\*):([^:"]*):([a-z-]*)/g)])) {
        const [arn, , service, arnRegion, account, resource] = m;
        seen++;
        // CloudWatch dashboards are global: arn:<partition>:cloudwatch::<account>:dashboard/<name>.
        const global = GLOBAL.has(service) || (service === 'cloudwatch' && resource === 'dashboard');
        if (global ? arnRegion !== '' : arnRegion !== region && arnRegion !== '*') wrong.push(`${stack}: ${arn} (region)`);
        if (service === 's3' && account !== '') wrong.push(`${stack}: ${arn} (account)`);
      }
    }
    // And no malformed one: every "arn:<partition>:" starts a whole ARN, but in the patterns and
    // messages that describe one (region field "[a-z0-9-]+" or "<region>").
    for (const stack of stacks()) {
      for (const s of strings(out.stack(stack)).filter((x) => !/\[a-z0-9-\]\+|<region>/.test(x))) {
        for (const m of s.matchAll(/arn:[a-z-]+:/g)) {
          if (!/^arn:[a-z-]+:[a-z0-9-]+:([a-z0-9-]*|\*):([0-9]{12}|aws|\$\{[^}]+\}|\*|):/.test(s.slice(m.index))) wrong.push(`${stack}: malformed ${s.slice(m.index, m.index + 60)}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('writes every ARN in its own partition, and none in another', () => {
    for (const stack of stacks()) {
      const arns = strings(out.stack(stack)).flatMap((s) => [...s.matchAll(/arn:([a-z-]+):/g)].map((m) => m[1]));
      expect(arns.length).toBeGreaterThan(0);
      expect([...new Set(arns)]).toEqual([spec.id]);
      if (spec.id !== 'aws') expect(JSON.stringify(out.stack(stack))).not.toContain('arn:aws:');
    }
  });

  it("names only the partition's service principals, and condition values of its DNS suffix", () => {
    const allowed = new Set(aws.principals());
    for (const stack of stacks()) {
      for (const s of statements(out, stack)) {
        for (const p of [s.Principal?.Service ?? []].flat()) {
          expect(allowed).toContain(p);
          // AWS documents one regional service principal among those the project uses: CloudWatch Logs' (written out, not read from the table).
          if (p.startsWith('logs.')) expect(p).toBe(`logs.${region}.amazonaws.com`);
          else expect([p, p.endsWith('.amazonaws.com'), p.includes(region)]).toEqual([p, true, false]);
        }
        const cond = s.Condition ?? {};
        for (const op of Object.values<Record<string, unknown>>(cond)) {
          for (const v of [op['kms:ViaService'] ?? []].flat() as string[]) expect(v.endsWith(`.${aws.dnsSuffix}`) && v.split('.')[1] === region).toBe(true);
          for (const v of [op['iam:PassedToService'] ?? []].flat()) expect(allowed).toContain(v);
        }
      }
    }
  });

  it('names VPC endpoint services as AWS documents them for the partition', () => {
    // "AWS services that integrate with AWS PrivateLink" and the GovCloud VPC page: both
    // partitions name endpoint services com.amazonaws.<region>.<service>.
    const prefix = { aws: 'com.amazonaws', 'aws-us-gov': 'com.amazonaws' }[spec.id];
    const eps = out.resources('aws_vpc_endpoint', 'shared').map((e) => e.body.service_name as string);
    expect(eps.length).toBeGreaterThan(0);
    for (const name of eps) expect(name).toMatch(new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.${region}\\.[a-z0-9.-]+$`));
    expect(eps).toContain(`${prefix}.${region}.ecr.api`);
  });

  it('lets the regional ELB account (resolved by the provider in this partition) write ALB logs in the regions that predate the log-delivery principal', () => {
    // "Enable access logs for your Application Load Balancer": regions opened before December
    // 2021 (both GovCloud regions among them) use the ELB account, later ones the principal.
    const policies = out.resources('aws_s3_bucket_policy').map((p) => JSON.parse(p.body.policy).Statement.find((s: { Sid: string }) => s.Sid === 'ElbLogDelivery')).filter(Boolean);
    expect(policies.length).toBeGreaterThan(0);
    for (const s of policies) expect(s.Principal).toEqual({ AWS: expect.stringMatching(/^\$\{data\.aws_elb_service_account\.[\w-]+\.arn\}$/) });
  });
});

describe('the GovCloud case (shared/cases/deploy/govcloud.json)', () => {
  const out = synthBeforeAll(() => loadConfigFile(GOVCLOUD_CASE));
  const keyPolicy = (stack: string) => JSON.parse(out.resources('aws_kms_key', stack)[0].body.policy).Statement as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const sid = (stack: string, id: string) => keyPolicy(stack).find((s) => s.Sid === id)!;

  it('writes GovCloud ARNs for policies, principals, conditions and the certificate check', () => {
    expect(out.resources('aws_iam_role_policy_attachment', 'shared').map((a) => a.body.policy_arn)).toContain('arn:aws-us-gov:iam::aws:policy/service-role/AWS_ConfigRole');
    expect(sid('shared', 'CloudWatchLogs').Principal).toEqual({ Service: 'logs.us-gov-west-1.amazonaws.com' });
    expect(sid('shared', 'CloudWatchLogs').Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'][0]).toMatch(/^arn:aws-us-gov:logs:us-gov-west-1:\$\{[^}]+\}:log-group:\/acme\/shared\/\*$/);
    expect(sid('shared', 'CloudTrailEncrypt').Condition.StringEquals['aws:SourceArn']).toMatch(/^arn:aws-us-gov:cloudtrail:us-gov-west-1:\$\{[^}]+\}:trail\/acme-trail$/);
    expect(sid('bootstrap', 'StateViaS3').Condition.StringEquals['kms:ViaService']).toBe('s3.us-gov-west-1.amazonaws.com');
    expect(sid('test', 'SecretsViaSecretsManager').Principal.AWS).toMatch(/^arn:aws-us-gov:iam::\$\{[^}]+\}:root$/);
    expect(out.stack('shared').variable.certificate_arn.validation[0].condition).toContain('^arn:aws-us-gov:acm:');
    const pull = JSON.parse(out.resources('aws_ecr_repository_policy', 'shared')[0].body.policy).Statement[0];
    expect(pull.Condition.ArnNotLike['aws:PrincipalArn']).toContainEqual(expect.stringMatching(/^arn:aws-us-gov:iam::\$\{[^}]+\}:role\/acme-test-auth-exec$/));
    const exec = out.resources('aws_iam_role_policy', 'test').map((p) => JSON.parse(p.body.policy).Statement).flat();
    expect(exec.find((s: { Sid?: string }) => s.Sid === 'GuardDutyAgentPull').Resource).toBe('arn:aws-us-gov:ecr:us-gov-west-1:*:repository/aws-guardduty-agent-fargate');
  });

  it('has no commercial ARN anywhere', () => {
    for (const stack of Object.keys(out.stacks)) expect(JSON.stringify(out.stack(stack))).not.toContain('arn:aws:');
  });
});
