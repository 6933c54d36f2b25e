import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AppConfig } from '../../environments/config';
import { AccessLogBucket } from '../storage/access-log-bucket';
import { AccountContext } from '../identity/account';
import { CustomerKey } from '../identity/kms-key';
import { distinctPrincipals } from '../../model/key-policy';
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

    const account = new AccountContext(this, 'account');
    const aws = partitionFor(shared.region);
    const bucketName = names.stateBucket(shared.state.bucket);
    const key = new CustomerKey(this, 'state-key', {
      alias: names.kmsAlias(shared.project, 'tfstate'),
      description: `${shared.project} Terraform state bucket and lock table`,
      partition: aws,
      account,
      // The Admins persona role does not exist yet when this stack is deployed (shared creates it).
      administrators: distinctPrincipals(shared.adminRoleArns, [shared.ci.deployRoleArn]),
      readerArns: shared.ci.planRoleArn ? [shared.ci.planRoleArn] : [],
      // "How Amazon DynamoDB uses AWS KMS": DynamoDB reads the key's metadata with its own principal.
      services: [{ sid: 'DynamoDbReadsKey', service: aws.principal('dynamodb'), actions: ['kms:Describe*', 'kms:Get*', 'kms:List*'] }],
      // Whoever runs Terraform reads and writes state through S3 and DynamoDB; their IAM
      // policies decide who that is. S3 only for the state bucket (SSE-KMS with a bucket key:
      // the encryption context is the bucket's ARN, or the object's without one).
      viaServices: [
        {
          sid: 'StateViaS3',
          viaService: aws.viaService('s3', shared.state.region),
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          condition: { ArnLike: { 'kms:EncryptionContext:aws:s3:arn': [aws.s3(bucketName), aws.s3(`${bucketName}/*`)] } },
        },
        { sid: 'LocksViaDynamoDB', viaService: aws.viaService('dynamodb', shared.state.region), actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] },
        // DynamoDB creates a grant for the table on the caller's behalf; only for an AWS resource.
        {
          sid: 'LockGrantViaDynamoDB',
          viaService: aws.viaService('dynamodb', shared.state.region),
          actions: ['kms:CreateGrant'],
          condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ],
    });
    const accessLogs = new AccessLogBucket(this, 'access-logs', { bucketPrefix: names.auditBucketPrefix(shared.project, 'tfstate-logs'), partition: aws, accountId: account.accountId });
    this.storage = new StateStorage(this, 'state', {
      accessLogBucket: accessLogs.bucket.id,
      bucketName,
      lockTableName: names.lockTable(shared.state.lockTable),
      kmsKeyArn: key.arn,
    });
    new TerraformOutput(this, 'state_bucket', { value: this.storage.bucket.bucket });
    new TerraformOutput(this, 'lock_table', { value: this.storage.lockTable.name });
  }
}
