import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AppConfig } from '../../environments/config';
import { AccessLogBucket } from '../storage/access-log-bucket';
import { AccountContext } from '../identity/account';
import { CustomerKey } from '../identity/kms-key';
import { names } from '../../model/names';
import { partitionFor } from '../../model/partition';
import { StateStorage } from '../storage/state-storage';
import { awsProvider } from './aws-provider';

/**
 * Creates the state bucket and lock table every other stack stores its state in.
 * Deployed once per account, with local state (the bucket cannot hold its own state
 * before it exists).
 */
export class BootstrapStack extends TerraformStack {
  readonly storage: StateStorage;

  constructor(scope: Construct, id: string, config: AppConfig) {
    super(scope, id);
    const { shared } = config;
    awsProvider(this, shared, id);
    // Terraform runs in cdktf.out/stacks/bootstrap; keep the state file at the project root
    // so a clean synth (which replaces cdktf.out) never deletes it.
    new LocalBackend(this, { path: '../../../terraform.bootstrap.tfstate' });

    const account = new AccountContext(this, 'account', shared.ci.deployRoleArn);
    const aws = partitionFor(shared.region);
    const key = new CustomerKey(this, 'state-key', {
      alias: names.kmsAlias(shared.project, 'tfstate'),
      description: `${shared.project} Terraform state bucket and lock table`,
      partition: aws,
      accountId: account.accountId,
      adminArns: account.keyAdmins(shared.adminRoleArns),
      readerArns: shared.ci.planRoleArn ? [shared.ci.planRoleArn] : [],
      // Whoever runs Terraform reads and writes state through S3 and DynamoDB; their
      // IAM policies decide who that is.
      viaServices: [
        { sid: 'StateViaS3', viaService: aws.viaService('s3', shared.state.region), actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'] },
        { sid: 'LocksViaDynamoDB', viaService: aws.viaService('dynamodb', shared.state.region), actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'] },
      ],
    });
    const accessLogs = new AccessLogBucket(this, 'access-logs', { bucketPrefix: names.auditBucketPrefix(shared.project, 'tfstate-logs'), partition: aws, accountId: account.accountId });
    this.storage = new StateStorage(this, 'state', {
      accessLogBucket: accessLogs.bucket.id,
      bucketName: names.stateBucket(shared.state.bucket),
      lockTableName: names.lockTable(shared.state.lockTable),
      kmsKeyArn: key.arn,
    });
    new TerraformOutput(this, 'state_bucket', { value: this.storage.bucket.bucket });
    new TerraformOutput(this, 'lock_table', { value: this.storage.lockTable.name });
  }
}
