import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';

/**
 * Who is deploying, read at plan time: the account ID for concrete ARNs, and the role
 * behind the current session, which must stay a key administrator (KMS refuses a key
 * policy that locks out its caller).
 */
export class AccountContext extends Construct {
  readonly accountId: string;
  /** IAM role ARN of the deploying session (not the STS session ARN). */
  readonly deployerArn: string;

  /** The configured CI deploy role, if any, replaces the session's role as deployer. */
  constructor(scope: Construct, id: string, deployRoleArn?: string) {
    super(scope, id);
    const caller = new DataAwsCallerIdentity(this, 'caller');
    this.accountId = caller.accountId;
    this.deployerArn = deployRoleArn ?? new DataAwsIamSessionContext(this, 'session', { arn: caller.arn }).issuerArn;
  }

  /** Key administrators: the deployer, configured admin roles and any extra (the admins persona). */
  keyAdmins(adminRoleArns: readonly string[], extra: readonly string[] = []): string[] {
    return [this.deployerArn, ...adminRoleArns, ...extra];
  }
}
