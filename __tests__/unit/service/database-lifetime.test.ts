/**
 * A DocumentDB cluster survives destroy → apply → destroy. Outside production no final
 * snapshot is taken (a fixed snapshot name made the second destroy fail with
 * DBClusterSnapshotAlreadyExistsFault); in production the final snapshot is named per cluster
 * lifetime (its creation time, fixed once through `ignore_changes`). And the cluster depends on
 * the audit log group it writes to, so that group is created first and deleted last.
 */
import * as path from 'path';
import fc from 'fast-check';
import { AppConfig } from '../../../environments';
import { SNAPSHOT_STAMP_DIGITS, checkName, names } from '../../../model/names';
import { loadConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const DOCDB_CASE = path.join(__dirname, '../../../../shared/cases/deploy/docdb.json');
const AUDIT_CASE = path.join(__dirname, '../../../../shared/cases/more/docdb-audit-loggroup.json');
const PRODUCTION = path.join(__dirname, '../../fixtures/docdb/production.json');

const STAMP = '${formatdate("YYYYMMDDhhmmss", timestamp())}';

function clusters(config: AppConfig) {
  const out = synth(config);
  return config.environments
    .filter((e) => e.database.enabled)
    .map((env) => {
      const [cluster] = out.resources('aws_docdb_cluster', env.name);
      return { env, out, cluster };
    });
}

describe('final snapshot', () => {
  it('docdb.json: a non-production cluster takes none, so a second destroy cannot collide', () => {
    const [{ cluster }] = clusters(loadConfigFile(DOCDB_CASE));
    expect(cluster.body.skip_final_snapshot).toBe(true);
    expect(cluster.body.final_snapshot_identifier).toBeUndefined();
    expect(cluster.body.lifecycle).toBeUndefined();
  });

  it('every cluster: none outside production; in production one named <cluster>-final-<creation time>, fixed at creation', () => {
    for (const { env, cluster } of clusters(loadConfigFile(PRODUCTION))) {
      if (!env.production) {
        expect(cluster.body).toMatchObject({ skip_final_snapshot: true, deletion_protection: false });
        expect(cluster.body.final_snapshot_identifier).toBeUndefined();
        continue;
      }
      expect(cluster.body).toMatchObject({ skip_final_snapshot: false, deletion_protection: true });
      expect(cluster.body.final_snapshot_identifier).toBe(`${cluster.body.cluster_identifier}-final-${STAMP}`);
      // timestamp() changes on every run: without ignore_changes every plan would show a diff.
      expect(cluster.body.lifecycle).toEqual({ ignore_changes: ['final_snapshot_identifier'] });
    }
  });

  it('fits DocumentDB\'s snapshot identifier rule for any valid project and environment name', () => {
    const slug = (max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9-]{0,${max - 2}}[a-z0-9]$`)).filter((s) => !s.includes('--'));
    fc.assert(
      fc.property(slug(12), slug(12), fc.date({ min: new Date('2020-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (project, env, created) => {
        let prefix: string;
        try {
          prefix = names.databaseFinalSnapshotPrefix(project, env);
        } catch {
          return; // the cluster name itself is refused (and so is the configuration)
        }
        const stamp = created.toISOString().replace(/[-:T]/g, '').slice(0, SNAPSHOT_STAMP_DIGITS);
        expect(checkName('docdbSnapshot', `${prefix}${stamp}`)).toBe(`${prefix}${stamp}`);
      }),
      { seed: 10_8, numRuns: 100 },
    );
  });
});

describe('audit log group', () => {
  it('docdb-audit-loggroup.json: the cluster depends on the group it writes to', () => {
    for (const { env, out, cluster } of clusters(loadConfigFile(AUDIT_CASE))) {
      const groups = out.resources('aws_cloudwatch_log_group', env.name).filter((g) => g.body.name === `/aws/docdb/${cluster.body.cluster_identifier}/audit`);
      expect(groups).toHaveLength(1);
      expect(cluster.body.depends_on).toContain(`aws_cloudwatch_log_group.${groups[0].name}`);
      expect(cluster.body.enabled_cloudwatch_logs_exports).toEqual(['audit']);
    }
  });
});
