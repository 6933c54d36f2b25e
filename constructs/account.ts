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

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const caller = new DataAwsCallerIdentity(this, 'caller');
    const session = new DataAwsIamSessionContext(this, 'session', { arn: caller.arn });
    this.accountId = caller.accountId;
    this.deployerArn = session.issuerArn;
  }
}
