import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SharedConfig } from '../../environments/validate';

/** Terraform 1.11 made S3-native state locking (`use_lockfile`) GA; older versions reject the backend. */
export const TERRAFORM_VERSION = '>= 1.11.0';

/** The AWS provider of a stack: the shared region and common tags on every resource. */
export function awsProvider(scope: TerraformStack, shared: SharedConfig, stackName: string, environment?: string): AwsProvider {
  scope.addOverride('terraform.required_version', TERRAFORM_VERSION);
  return new AwsProvider(scope, 'aws', {
    region: shared.region,
    // `Environment` is what the persona policies' tag conditions match.
    defaultTags: [{ tags: { ...shared.tags, Project: shared.project, Stack: stackName, ManagedBy: 'cdktf', ...(environment ? { Environment: environment } : {}) } }],
  });
}
