/**
 * The region decides the partition; synth refuses regions of partitions the project does not
 * support, ARNs of another partition in any field that takes one, a state region of another
 * partition, and features the partition lacks — each naming the field.
 */
import fc from 'fast-check';
import { ConfigError, ConfigIssue, loadConfig } from '../../../environments';
import { environmentSchema, sharedSchema } from '../../../environments/schema';
import { checkPartition } from '../../../environments/validate/partition';
import { PARTITIONS, PARTITION_IDS, PartitionId, PartitionSpec, REFUSED_PARTITIONS, arnPartition, partitionFor, partitionOfRegion } from '../../../model/partition';

const ACCOUNT = '123456789012';
const FC = { seed: 1005, numRuns: 60 };

function base(region: string) {
  return {
    shared: { project: 'acme', region, network: { vpcCidr: '10.40.0.0/16' }, state: { bucket: 'example-tfstate', lockTable: 'example-tflock' } } as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    environments: [{ name: 'test', routePrefix: '/test', services: [{ name: 'auth', port: 3000, routes: ['/auth'], secrets: ['API_TOKEN'] }] as Array<Record<string, any>> }], // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

function issuesOf(run: () => unknown): readonly ConfigIssue[] {
  try {
    run();
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
}

const explicitRegions = Object.values(PARTITIONS).flatMap((p) => (p.regions instanceof RegExp ? [] : p.regions.map((r) => ({ region: r, spec: p }))));
const supported = [{ region: 'eu-west-1', spec: PARTITIONS.aws }, ...explicitRegions];
const refusedRegions = REFUSED_PARTITIONS.flatMap((p) => p.regions);

describe('the region\'s partition', () => {
  it('is accepted exactly when the table supports it; otherwise the region is refused with the partition named', () => {
    const commercial = fc
      .tuple(fc.constantFrom('eu', 'us', 'ap', 'sa', 'ca', 'me', 'af', 'il', 'mx'), fc.constantFrom('west', 'east', 'central', 'south', 'southeast'), fc.integer({ min: 1, max: 9 }))
      .map(([a, b, n]) => `${a}-${b}-${n}`);
    const unknownGov = fc.integer({ min: 3, max: 9 }).map((n) => `us-gov-west-${n}`);
    fc.assert(
      fc.property(fc.oneof(commercial, unknownGov, fc.constantFrom(...explicitRegions.map((r) => r.region), ...refusedRegions)), (region) => {
        const raw = base(region);
        const issues = issuesOf(() => loadConfig(raw.shared, raw.environments)).filter((i) => i.field === 'region');
        const refused = REFUSED_PARTITIONS.find((p) => p.regions.includes(region));
        if (partitionOfRegion(region)) {
          expect(issues).toEqual([]);
        } else {
          expect(issues).toHaveLength(1);
          expect(issues[0].rule).toContain(`"${region}"`);
          expect(issues[0].rule).toMatch(refused ? new RegExp(`${refused.id} partition .*does not support`) : /no AWS partition this project knows/);
        }
      }),
      FC,
    );
  });

  it('refuses a state region in another partition', () => {
    const raw = base('us-gov-west-1');
    const issues = issuesOf(() => loadConfig(raw.shared, raw.environments, { region: 'eu-west-1' }));
    expect(issues).toEqual([expect.objectContaining({ field: 'state.region (from SF_STATE_REGION)', rule: expect.stringContaining('aws partition, but region us-gov-west-1 is in aws-us-gov') })]);
  });
});

/** Every field that takes an ARN, and how to set it in a raw configuration. */
const ARN_FIELDS: ReadonlyArray<{ scope: string; field: string; set: (raw: ReturnType<typeof base>, p: string, region: string) => void }> = [
  { scope: 'shared settings', field: 'personas.admins[0]', set: (r, p) => (r.shared.personas = { admins: [`arn:${p}:iam::${ACCOUNT}:role/admin`] }) },
  { scope: 'shared settings', field: 'personas.qa[0]', set: (r, p) => (r.shared.personas = { qa: [`arn:${p}:iam::${ACCOUNT}:user/quinn`] }) },
  { scope: 'shared settings', field: 'ci.deployRoleArn', set: (r, p) => (r.shared.ci = { deployRoleArn: `arn:${p}:iam::${ACCOUNT}:role/deploy` }) },
  { scope: 'shared settings', field: 'ci.planRoleArn', set: (r, p) => (r.shared.ci = { planRoleArn: `arn:${p}:sts::${ACCOUNT}:assumed-role/plan/ci` }) },
  { scope: 'shared settings', field: 'adminRoleArns[0]', set: (r, p) => (r.shared.adminRoleArns = [`arn:${p}:iam::${ACCOUNT}:role/platform`]) },
  {
    scope: 'environment "test"',
    field: 'services[auth].secretRotation.API_TOKEN.lambdaArn',
    set: (r, p, region) => (r.environments[0].services[0].secretRotation = { API_TOKEN: { lambdaArn: `arn:${p}:lambda:${region}:${ACCOUNT}:function:rotate` } }),
  },
  {
    scope: 'environment "test"',
    field: 'services[auth].taskRoleStatements[0].resources[0]',
    set: (r, p) => (r.environments[0].services[0].taskRoleStatements = [{ actions: ['s3:GetObject'], resources: [`arn:${p}:s3:::uploads/*`] }]),
  },
];

// What AWS documents, written out rather than read from the table, so that a wrong entry in the
// table fails here (AWS General Reference, "Amazon Resource Names" and "Service endpoints";
// AWS GovCloud (US) User Guide; "Getting started with AWS China").
describe('the partition table against AWS\'s documentation', () => {
  const regionIssues = (region: string) => {
    const raw = base(region);
    return issuesOf(() => loadConfig(raw.shared, raw.environments)).filter((i) => i.field === 'region');
  };

  it('puts the GovCloud regions in aws-us-gov and commercial region names in aws', () => {
    expect(partitionOfRegion('us-gov-west-1')?.id).toBe('aws-us-gov');
    expect(partitionOfRegion('us-gov-east-1')?.id).toBe('aws-us-gov');
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-3', 'il-central-1', 'mx-central-1']) expect(partitionOfRegion(region)?.id).toBe('aws');
  });

  it('refuses the China regions, saying why, and the region is in no partition the stacks can be written for', () => {
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(partitionOfRegion(region)).toBeUndefined();
      const issues = regionIssues(region);
      expect(issues).toHaveLength(1);
      expect(issues[0].rule).toContain(`"${region}" is in the aws-cn partition (AWS China), which this project does not support`);
      expect(issues[0].rule).toContain('ICP filing');
      expect(issues[0].rule).toContain("China regions' service availability");
      expect(() => partitionFor(region)).toThrow(`region "${region}" is not in a partition this project supports`);
    }
  });

  it('refuses what is not a region name: an Availability Zone, an isolated region, a typo', () => {
    for (const region of ['eu-west-1a', 'us-east-1-', 'us-iso-east-1', 'eu-isoe-west-1', 'euwest-1', 'xeu-west-1']) {
      expect(partitionOfRegion(region)).toBeUndefined();
      expect(() => partitionFor(region)).toThrow(`region "${region}" is not in a partition this project supports`);
      const issues = regionIssues(region);
      expect(issues).toHaveLength(1);
      expect(issues[0].rule).toContain(`"${region}"`);
    }
  });

  it('names the partitions it knows when a region is in none of them', () => {
    const [issue] = regionIssues('us-gov-west-3');
    expect(issue.rule).toContain('"us-gov-west-3" is in no AWS partition this project knows');
    expect(issue.rule).toContain('aws (AWS commercial): commercial regions');
    expect(issue.rule).toContain('aws-us-gov (AWS GovCloud (US)): us-gov-west-1, us-gov-east-1');
    expect(issue.rule).toContain('aws-cn (AWS China): cn-north-1, cn-northwest-1');
  });

  it('reads the partition of an ARN from its start only', () => {
    expect(arnPartition('arn:aws-us-gov:iam::123456789012:role/x')).toBe('aws-us-gov');
    expect(arnPartition('arn:aws:s3:::bucket')).toBe('aws');
    expect(arnPartition('role/arn:aws-cn:iam::123456789012:role/x')).toBeUndefined();
    expect(arnPartition('*')).toBeUndefined();
  });
});

describe('ARNs in the configuration', () => {
  it('are accepted in the region\'s partition and refused, naming the field, in any other', () => {
    fc.assert(
      fc.property(fc.constantFrom(...supported), fc.constantFrom(...ARN_FIELDS), fc.constantFrom(...PARTITION_IDS), ({ region, spec }, f, partition: PartitionId) => {
        const raw = base(region);
        f.set(raw, partition, region);
        const issues = issuesOf(() => loadConfig(raw.shared, raw.environments));
        if (partition === spec.id) {
          expect(issues).toEqual([]);
        } else {
          expect(issues).toEqual([{ scope: f.scope, field: f.field, rule: expect.stringContaining(`ARN of the ${partition} partition, but region ${region} is in ${spec.id}`) }]);
        }
      }),
      FC,
    );
  });

  it('are refused by the schema in a partition the table does not know', () => {
    for (const p of ['aws-iso', 'aws-iso-b', 'awsx', 'AWS']) {
      expect(sharedSchema.safeParse({ ...base('eu-west-1').shared, adminRoleArns: [`arn:${p}:iam::${ACCOUNT}:role/x`] }).success).toBe(false);
      expect(sharedSchema.safeParse({ ...base('eu-west-1').shared, ci: { deployRoleArn: `arn:${p}:iam::${ACCOUNT}:role/x` } }).success).toBe(false);
      const env = { ...base('eu-west-1').environments[0] };
      env.services = [{ ...env.services[0], secretRotation: { API_TOKEN: { lambdaArn: `arn:${p}:lambda:eu-west-1:${ACCOUNT}:function:f` } } }];
      expect(environmentSchema.safeParse(env).success).toBe(false);
    }
  });
});

describe('features a partition lacks', () => {
  // No supported partition lacks one today (see the table's notes); the rule is checked on a table that does.
  const gappy: Record<string, PartitionSpec> = {
    ...PARTITIONS,
    'aws-us-gov': {
      ...PARTITIONS['aws-us-gov'],
      gaps: [
        { feature: 'GuardDuty runtime monitoring', field: 'audit.guardDuty', source: 'test' },
        { feature: 'Fargate Spot', field: 'services[].spot', source: 'test' },
      ],
    },
  };

  it('are refused where they are turned on, naming the field', () => {
    const raw = base('us-gov-west-1');
    raw.environments[0].services.push({ name: 'jobs', port: 3001, routes: ['/jobs'], spot: true });
    const parsed = { shared: sharedSchema.parse(raw.shared), envs: raw.environments.map((e) => environmentSchema.parse(e)) };
    const issues: ConfigIssue[] = [];
    checkPartition(parsed.shared, parsed.envs, { value: 'us-gov-west-1', field: 'state.region' }, issues, gappy);
    expect(issues).toEqual([
      { scope: 'shared settings', field: 'audit.guardDuty', rule: expect.stringContaining('GuardDuty runtime monitoring is not available') },
      { scope: 'environment "test"', field: 'services[jobs].spot', rule: expect.stringContaining('Fargate Spot is not available in AWS GovCloud (US)') },
    ]);

    const off = { ...parsed.shared, audit: { ...parsed.shared.audit, guardDuty: false } };
    const none: ConfigIssue[] = [];
    checkPartition(off, [environmentSchema.parse(base('us-gov-west-1').environments[0])], { value: 'us-gov-west-1', field: 'state.region' }, none, gappy);
    expect(none).toEqual([]);
  });
});
