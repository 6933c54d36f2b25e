/**
 * The app and the provider classes run on one framework instance. On CDK Terrain the provider
 * packages require `cdktn` while package.json's `cdktf` is an npm alias of it, so npm installs
 * the framework twice; jest.config.js and tools/run.js resolve both names to one copy. Two
 * instances would mean two token maps, two start-up trims to apply, two classes per name.
 */
import * as os from 'os';
import * as path from 'path';
import { App, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';

describe('framework instance', () => {
  it('gives the provider classes the same TerraformResource and token map as the app', () => {
    const stack = new TerraformStack(new App({ outdir: path.join(os.tmpdir(), 'sf-instance') }), 's');
    const role = new IamRole(stack, 'r', { assumeRolePolicy: '{}' });
    expect(role).toBeInstanceOf(TerraformResource);
    expect(Tokenization.reverseString(role.arn).firstToken).toBeDefined();
  });
});
