import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SharedConfig } from '../../environments/config';
import { defaultTags } from '../../model/tags';

/** The AWS provider of a stack: the shared region and common tags on every resource. */
export function awsProvider(scope: Construct, shared: SharedConfig, stackName: string, environment?: string): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: shared.region,
    // `Environment` is what the persona policies' tag conditions match.
    defaultTags: [{ tags: defaultTags(shared.tags, shared.project, stackName, environment) }],
  });
}
