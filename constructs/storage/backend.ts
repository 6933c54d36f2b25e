import { S3Backend, TerraformStack } from 'cdktf';
import { SharedConfig } from '../../environments/config';

/**
 * Remote state for one stack: its own key in the bootstrap bucket, locked both with
 * the DynamoDB table (for Terraform < 1.11) and S3-native lock files (GA in 1.11).
 *
 * `encrypt` is deliberately not set: with it Terraform sends an SSE-S3 (AES256) header
 * that overrides the bucket's default SSE-KMS encryption with the state key.
 */
export function remoteState(stack: TerraformStack, state: SharedConfig['state'], project: string, stackName: string): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key: stateKey(project, stackName),
    region: state.region,
    dynamodbTable: state.lockTable,
  });
  // S3Backend in cdktf 0.21 predates use_lockfile; the override emits it.
  backend.addOverride('use_lockfile', true);
  return backend;
}

/** The state object key of a stack. Never change it for a deployed stack: Terraform would start from empty state. */
export function stateKey(project: string, stackName: string): string {
  return `${project}/${stackName}/terraform.tfstate`;
}
