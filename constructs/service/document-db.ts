import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DocdbCluster } from '@cdktf/provider-aws/lib/docdb-cluster';
import { DocdbClusterInstance } from '@cdktf/provider-aws/lib/docdb-cluster-instance';
import { DocdbClusterParameterGroup } from '@cdktf/provider-aws/lib/docdb-cluster-parameter-group';
import { DocdbSubnetGroup } from '@cdktf/provider-aws/lib/docdb-subnet-group';
import { DB_PORT } from '../../model/security-matrix';

export interface DocumentDbProps {
  /** Cluster identifier, e.g. `acme-prod`. */
  readonly identifier: string;
  /** Isolated data subnets. */
  readonly subnetIds: readonly string[];
  /** The environment's database security group (27017 from its tasks only). */
  readonly securityGroupId: string;
  /** The environment's CMK. */
  readonly kmsKeyArn: string;
  readonly instanceClass: string;
  readonly instances: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /**
   * Take a final snapshot on deletion, named this prefix plus the cluster's creation time
   * (`YYYYMMDDhhmmss`, from `names.databaseFinalSnapshotPrefix`). @default none: no final snapshot
   */
  readonly finalSnapshotPrefix?: string;
  readonly logRetentionDays: number;
}

/**
 * `final_snapshot_identifier` for a cluster: the prefix plus the time the cluster is created.
 * `timestamp()` is evaluated at apply and the attribute is in `ignore_changes`, so the value
 * is fixed once, at creation, and synth stays deterministic (Terraform's `timestamp`
 * documentation describes exactly this use with `ignore_changes`). The provider reads the
 * identifier from state when it deletes the cluster (docdb `resourceClusterDelete`), and a
 * replaced cluster is created with a new time, so no two cluster lifetimes share a name.
 */
export const finalSnapshotIdentifier = (prefix: string): string => `${prefix}${Fn.formatdate('YYYYMMDDhhmmss', Fn.timestamp())}`;

/**
 * A MongoDB-compatible cluster in the data subnets: encrypted with the environment key,
 * TLS required, audit logs on, master password generated and held by Secrets Manager
 * (never in Terraform state).
 */
export class DocumentDb extends Construct {
  readonly cluster: DocdbCluster;
  /** ARN of the Secrets Manager secret holding `username` and `password`. */
  readonly masterSecretArn: string;

  constructor(scope: Construct, id: string, props: DocumentDbProps) {
    super(scope, id);
    const subnets = new DocdbSubnetGroup(this, 'subnets', { name: props.identifier, subnetIds: [...props.subnetIds] });
    const params = new DocdbClusterParameterGroup(this, 'params', {
      name: `${props.identifier}-tls`,
      family: 'docdb5.0',
      description: 'TLS required, audit logs on',
      parameter: [
        { name: 'tls', value: 'enabled' },
        { name: 'audit_logs', value: 'enabled' },
      ],
    });
    // DocumentDB writes its exports to this fixed name and creates it if missing, so the cluster
    // depends on it: created first (retention and KMS apply) and deleted only after the cluster
    // has stopped writing; otherwise destroy leaves a group AWS re-created and the next apply
    // fails with "already exists".
    const auditLogs = new CloudwatchLogGroup(this, 'audit-logs', {
      name: `/aws/docdb/${props.identifier}/audit`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.cluster = new DocdbCluster(this, 'cluster', {
      clusterIdentifier: props.identifier,
      engine: 'docdb',
      engineVersion: '5.0.0',
      port: DB_PORT,
      masterUsername: 'appadmin',
      manageMasterUserPassword: true,
      dbSubnetGroupName: subnets.name,
      dbClusterParameterGroupName: params.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: '02:00-03:00',
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: props.finalSnapshotPrefix === undefined,
      finalSnapshotIdentifier: props.finalSnapshotPrefix === undefined ? undefined : finalSnapshotIdentifier(props.finalSnapshotPrefix),
      enabledCloudwatchLogsExports: ['audit'],
      lifecycle: props.finalSnapshotPrefix === undefined ? undefined : { ignoreChanges: ['final_snapshot_identifier'] },
      dependsOn: [auditLogs],
    });
    for (let i = 0; i < props.instances; i++) {
      new DocdbClusterInstance(this, `instance-${i}`, {
        identifier: `${props.identifier}-${i}`,
        clusterIdentifier: this.cluster.id,
        instanceClass: props.instanceClass,
        autoMinorVersionUpgrade: true,
      });
    }
    this.masterSecretArn = this.cluster.masterUserSecret.get(0).secretArn;
  }
}
