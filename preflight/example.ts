/**
 * The names the shipped example uses, which nobody else should deploy with. The state bucket
 * matters most: S3 bucket names are global, so the example's bucket belongs to whoever
 * created it first.
 */
export const SHIPPED_EXAMPLE = {
  /** environments/shared.ts as shipped. */
  project: 'acme',
  /** The account ID AWS's documentation uses, and the README's and terraform.tfvars.example's placeholders. */
  account: '123456789012',
  /** Words that mark a placeholder bucket: the example's project, and the handed configurations' "example-…". */
  placeholderWords: ['acme', 'example'],
} as const;

/**
 * Why a state bucket name is still the example's, or undefined when it is not: it names the
 * documentation's account, or it carries a placeholder word and no account ID of its own (with
 * one, `acme-tfstate-<your account>-…` is a name only its owner would pick).
 */
export function exampleBucketProblem(bucket: string): string | undefined {
  if (bucket.includes(SHIPPED_EXAMPLE.account)) return `names the documentation's example account ${SHIPPED_EXAMPLE.account}`;
  const words = bucket.split(/[.-]/);
  const word = SHIPPED_EXAMPLE.placeholderWords.find((w) => words.includes(w));
  if (word && !/(^|[^0-9])[0-9]{12}([^0-9]|$)/.test(bucket)) return `is the shipped example's name (it has "${word}" in it and no account ID of yours)`;
  return undefined;
}
