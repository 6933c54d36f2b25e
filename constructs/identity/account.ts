import { Construct } from 'constructs';
import { Fn, Op, TerraformStack, TerraformVariable } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import { Precondition } from 'cdktf/lib/terraform-conditions';

/** The Terraform variable that lets a principal that administers no key run a plan it will not apply. */
export const PLAN_ONLY_VARIABLE = 'plan_only';

/**
 * The account the stack deploys into, read at plan time, and who is running Terraform. The
 * caller's role is used only for the plan-time administrator check, never in a policy: a key
 * policy naming the session would depend on whoever applied last.
 */
export class AccountContext extends Construct {
  readonly accountId: string;
  private readonly caller: DataAwsCallerIdentity;
  private session?: DataAwsIamSessionContext;
  private planOnly?: TerraformVariable;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.caller = new DataAwsCallerIdentity(this, 'caller');
    this.accountId = this.caller.accountId;
  }

  /**
   * A precondition for a KMS key: the caller must be one of `administrators`, or the plan
   * fails here with the roles to assume, instead of KMS refusing the key policy at apply
   * (MalformedPolicyDocumentException: the lockout safety check). `planners` (the CI plan
   * role) and `plan_only = true` pass, so a plan that will not be applied still runs.
   */
  administratorCheck(keyAlias: string, administrators: readonly string[], planners: readonly string[]): Precondition {
    // The IAM role behind the session (with its path), not the STS session ARN.
    this.session ??= new DataAwsIamSessionContext(this, 'session', { arn: this.caller.arn });
    this.planOnly ??= planOnlyVariable(TerraformStack.of(this));
    const allowed = [...administrators, ...planners];
    return {
      condition: Op.or(Fn.contains(allowed, this.session.issuerArn), this.planOnly.booleanValue),
      errorMessage:
        `You are running Terraform as ${this.session.issuerArn}, which is not an administrator of the KMS key ${keyAlias}. ` +
        'KMS would refuse to create the key or change its policy (lockout safety check). ' +
        `Deploy as one of its administrators: ${administrators.join(', ')} (adminRoleArns, ci.deployRoleArn or the Admins persona role), ` +
        `or add your role to adminRoleArns. For a plan you will not apply, set TF_VAR_${PLAN_ONLY_VARIABLE}=true.`,
    };
  }
}

function planOnlyVariable(stack: TerraformStack): TerraformVariable {
  const v = new TerraformVariable(stack, PLAN_ONLY_VARIABLE, {
    type: 'bool',
    default: false,
    nullable: false,
    description: 'true for a plan that will not be applied: skips the check that the caller administers the KMS keys of this stack',
  });
  v.overrideLogicalId(PLAN_ONLY_VARIABLE);
  return v;
}
