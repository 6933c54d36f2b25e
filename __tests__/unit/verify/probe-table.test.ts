/**
 * The probe tables (verify/persona-probes.ts, verify/service-role-probes.ts) on pinned fixtures
 * with the options the shipped example does not switch on: every persona with ECS Exec, blue/green
 * deployments, a state bucket in another region, DocumentDB, another partition, a sandbox with
 * every feature. Each persona, execution, task and blue/green role answers its table both ways.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { ConfigFile, fixture, loadConfigFile } from '../../helpers/config-file';
import { synthBeforeAll } from '../../helpers/synth';
import { checkIam, checkPersonaProbes } from '../../../verify/iam-check';
import { capabilityIntent, extendedName } from '../../../verify/persona-probes';
import { checkServiceRoleProbes } from '../../../verify/service-role-probes';
import { partitionFor } from '../../../model/partition';
import { Json } from '../../../verify/tfjson';

/** Every persona configured; developers deploy and read everywhere, QA reads, admins hold everything. */
const everyPersona =
  (partition = 'aws') =>
  (raw: ConfigFile): void => {
    (raw.shared as Json).personas = {
      developers: [`arn:${partition}:iam::123456789012:role/dev`],
      qa: [`arn:${partition}:iam::123456789012:role/qa`],
      admins: [`arn:${partition}:iam::123456789012:role/admin`],
    };
    for (const e of raw.environments as Json[]) e.access = { deploy: ['developers', 'admins'], read: ['developers', 'qa', 'admins'], secrets: ['admins'] };
  };

/** The partition fixture is a template: GovCloud here. */
function govCloud(): AppConfig {
  const text = fs.readFileSync(fixture('partition/all-features.json'), 'utf8').replace(/\{\{partition\}\}/g, 'aws-us-gov').replace(/\{\{region\}\}/g, 'us-gov-west-1').replace(/\{\{account\}\}/g, '123456789012');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sf-probe-')), 'govcloud.json');
  fs.writeFileSync(file, text);
  return loadConfigFile(file, everyPersona('aws-us-gov'));
}

const CASES: Array<[string, () => AppConfig]> = [
  ['ECS Exec in two environments', () => loadConfigFile(fixture('exec/two-environments.json'), everyPersona())],
  ['blue/green deployments with and without a test header', () => loadConfigFile(fixture('alarms/blue-green.json'), everyPersona())],
  ['the state bucket in another region', () => loadConfigFile(fixture('state-region/separate-region.json'), everyPersona())],
  ['DocumentDB in production', () => loadConfigFile(fixture('docdb/production.json'), everyPersona())],
  ['GovCloud with every feature (partition/all-features.json)', govCloud],
  ['a sandbox with every feature', () => loadConfigFile(fixture('sandbox/everything.json'), everyPersona())],
];

describe.each(CASES)('%s', (_, load) => {
  const config = load();
  const out = synthBeforeAll(config);

  it('every persona answers the capability intent both ways and is denied the never-allowed actions', () => {
    expect(checkPersonaProbes(out, config)).toEqual([]);
  });

  it('every execution, task and blue/green role answers its probe table', () => {
    expect(checkServiceRoleProbes(out, config)).toEqual([]);
  });

  it("verify's IAM check finds nothing: no wildcard, no unconditioned \"*\", no admin policy or root trust, policy names IAM accepts", () => {
    expect(checkIam(out, config).problems).toEqual([]);
  });
});

describe('the intent table', () => {
  const aws = partitionFor('eu-west-1');
  const e = { aws, stateAws: aws, account: '123456789012', project: 'acme', stateBucket: 'b', lockTable: 't', env: 'test', service: 'api', exec: false, blueGreen: false };

  it('probes an environment whose name extends this one\'s for each per-environment resource', () => {
    const other = extendedName('test');
    expect(other.startsWith('test-')).toBe(true);
    const denied = (['read', 'deploy', 'secrets'] as const).flatMap((cap) => capabilityIntent(cap, e).denied);
    const touching = denied.filter((p) => p.resource.includes(other) || JSON.stringify(p.context ?? {}).includes(other)).map((p) => p.action);
    expect(new Set(touching)).toEqual(new Set(['logs:GetLogEvents', 'ecs:DescribeTasks', 'ecs:ListTasks', 'cloudwatch:DescribeAlarms', 'cloudwatch:GetDashboard', 'ecs:UpdateService', 's3:PutObject', 's3:ListBucket', 'dynamodb:PutItem', 'kms:Decrypt', 'secretsmanager:GetSecretValue']));
  });

  it('asks for ECS Exec and blue/green passes only where the environment has them', () => {
    const on = capabilityIntent('deploy', { ...e, exec: true, blueGreen: true });
    const off = capabilityIntent('deploy', e);
    expect(on.allowed.map((p) => p.what)).toEqual(expect.arrayContaining(['pass its blue/green role to ECS', 'ECS Exec into its tasks']));
    expect(off.denied.map((p) => p.what)).toEqual(expect.arrayContaining(['pass a blue/green role to ECS where the environment has none', 'ECS Exec where the environment does not allow it']));
  });
});
