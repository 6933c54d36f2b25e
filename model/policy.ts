/**
 * IAM policy documents as plain typed values. They are objects, not strings: a resource
 * attribute gets its JSON text only from `jsonDocument()` in constructs/json-document.ts,
 * which renders JSON.stringify for cdk.tf.json and Terraform's jsonencode() for HCL, so a
 * document can never reach an attribute without going through it (the type checker says so).
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

/** An IAM policy document (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Statement[];
}

/** An IAM policy document of these statements, for `jsonDocument()` to render. */
export function policyDocument(statements: readonly Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * Trust policy letting one AWS service assume a role, only on behalf of this account and,
 * when given, only for resources matching `sourceArn` (wildcards allowed).
 */
export function serviceTrust(service: string, accountId: string, sourceArn?: string): PolicyDocument {
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
