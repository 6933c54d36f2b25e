import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SignerSigningProfile } from '@cdktf/provider-aws/lib/signer-signing-profile';
import { keyAccessStatements } from '../../model/key-policy';
import { Partition } from '../../model/partition';
import { signerProfileName, signingKeyAlias } from '../../model/personas';
import { Statement, policyDocument } from '../../model/policy';
import { AccountContext } from './account';
import { jsonDocument } from '../json-document';

export interface ImageSigningProps {
  readonly project: string;
  /** The region's partition. */
  readonly partition: Partition;
  /** The account, and who runs Terraform (for the plan-time administrator check). */
  readonly account: AccountContext;
  /** Durable key administrators; empty: the account (model/key-policy.ts). */
  readonly administrators: readonly string[];
  /** The administrators without references to resources of this stack (see CustomerKeyProps). @default administrators */
  readonly administratorsAtPlan?: readonly string[];
  /** Roles that may plan without administering the key (the CI plan role). @default [] */
  readonly planners?: readonly string[];
  /** Roles that may sign (Developers). */
  readonly signerArns: readonly string[];
  /** Roles that may verify before deploying (the durable administrators: Admins, adminRoleArns, CI deploy role). */
  readonly verifierArns: readonly string[];
  /** An asymmetric KMS key for cosign / Notation. */
  readonly kmsKey: boolean;
  /** An AWS Signer profile for Notation. */
  readonly signerProfile: boolean;
}

/**
 * Image signing (security.md's "KMS signing"): an ECC P-256 SIGN_VERIFY key that cosign
 * (`cosign sign --key awskms:///alias/<project>-image-signing`) and the Notation AWS plugin
 * can use, and/or an AWS Signer profile for Notation.
 */
export class ImageSigning extends Construct {
  readonly keyArn?: string;
  readonly profileArn?: string;

  constructor(scope: Construct, id: string, props: ImageSigningProps) {
    super(scope, id);
    if (props.kmsKey) {
      const alias = signingKeyAlias(props.project);
      const key = new KmsKey(this, 'key', {
        description: `${props.project} container image signing`,
        keyUsage: 'SIGN_VERIFY',
        customerMasterKeySpec: 'ECC_NIST_P256',
        deletionWindowInDays: 30,
        policy: jsonDocument(this, policyDocument([
          ...keyAccessStatements(props.partition, props.account.accountId, props.administrators),
          ...(props.signerArns.length > 0 ? [{ Sid: 'Sign', Effect: 'Allow' as const, Principal: { AWS: [...props.signerArns] }, Action: ['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' }] : []),
          ...(props.verifierArns.length > 0 ? [{ Sid: 'Verify', Effect: 'Allow' as const, Principal: { AWS: [...props.verifierArns] }, Action: ['kms:Verify', 'kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' }] : []),
        ] satisfies Statement[])),
        lifecycle: props.administrators.length > 0 ? { precondition: [props.account.administratorCheck(alias, props.administratorsAtPlan ?? props.administrators, props.planners ?? [])] } : undefined,
      });
      new KmsAlias(this, 'alias', { name: alias, targetKeyId: key.keyId });
      this.keyArn = key.arn;
    }
    if (props.signerProfile) {
      this.profileArn = new SignerSigningProfile(this, 'profile', {
        name: signerProfileName(props.project),
        platformId: 'Notation-OCI-SHA384-ECDSA',
        signatureValidityPeriod: { value: 12, type: 'MONTHS' },
      }).arn;
    }
  }
}
