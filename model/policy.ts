/**
 * IAM policy documents as plain typed values, rendered with JSON.stringify. Fn.jsonencode
 * would render HCL, which scanners reading cdk.tf.json cannot parse; string tokens
 * (ARNs of other resources) survive JSON.stringify and resolve at synth.
 */

export type Principal = { readonly AWS: string | readonly string[] } | { readonly Service: string | readonly string[] } | { readonly Federated: string };

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Principal | '*';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Renders an IAM policy document. */
export function policyDocument(statements: readonly Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * Trust policy letting one AWS service assume a role, only on behalf of this account and,
 * when given, only for resources matching `sourceArn` (wildcards allowed).
 */
export function serviceTrust(service: string, accountId: string, sourceArn?: string): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      // Confused-deputy guard: the service may only assume the role for this account (and these resources).
      Condition: { StringEquals: { 'aws:SourceAccount': accountId }, ...(sourceArn ? { ArnLike: { 'aws:SourceArn': sourceArn } } : {}) },
    },
  ]);
}

/** Bucket policy statement refusing any request not made over TLS. */
export function denyInsecureTransport(bucketArn: string): Statement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
