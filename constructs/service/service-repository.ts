import { Construct } from 'constructs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Statement, policyDocument } from '../../model/policy';
import { ECR_LIMITS } from '../../model/aws-limits';
import { RELEASE_TAG_PATTERN } from '../../model/image-tags';
import { jsonDocument } from '../json-document';

export interface ServiceRepositoryProps {
  /** Repository name, `<project>/<service>`. */
  readonly name: string;
  /** CMK encrypting the images. */
  readonly kmsKeyArn: string;
  /** Images kept by count; only images without a release tag are ever expired by it. @default 30 */
  readonly keepTaggedImages?: number;
  /** Days before untagged images expire. @default 7 */
  readonly untaggedDays?: number;
  /** The only principals that may pull: the environments' execution roles, plus image readers (scanner, verifiers). */
  readonly pullPrincipalArns: readonly string[];
  /** The only principals that may push (the Developers role). @default none: IAM alone decides */
  readonly pushPrincipalArns?: readonly string[];
}

// Downloading an image. BatchCheckLayerAvailability is left out: `docker push` needs it too.
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

/** One service's image repository, shared by every environment: immutable tags, scan on push, KMS. */
export class ServiceRepository extends Construct {
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ServiceRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, 'repo', {
      name: props.name,
      // A tag names one image forever: what was tested in stage is what prod runs.
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
    });
    // Deny-unless statements: an Allow in a repository policy would not stop other account
    // principals whose IAM policies allow ECR; a Deny does.
    const statements: Statement[] = [
      {
        Sid: 'PullOnlyByExecutionRoles',
        Effect: 'Deny',
        Principal: '*',
        Action: PULL,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [...props.pullPrincipalArns] } },
      },
    ];
    if (props.pushPrincipalArns && props.pushPrincipalArns.length > 0) {
      statements.push({
        Sid: 'PushOnlyByDevelopers',
        Effect: 'Deny',
        Principal: '*',
        Action: PUSH,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [...props.pushPrincipalArns] } },
      });
    }
    new EcrRepositoryPolicy(this, 'policy', { repository: this.repository.name, policy: jsonDocument(this, policyDocument(statements)) });
    new EcrLifecyclePolicy(this, 'lifecycle', { repository: this.repository.name, policy: jsonDocument(this, lifecyclePolicy(props.untaggedDays ?? 7, props.keepTaggedImages ?? 30)) });
  }
}

/**
 * The lifecycle rules of a service repository. Rule 2 matches every image that carries a
 * release tag (model/image-tags.ts) and keeps as many as a repository can hold, so it never
 * expires one; and ECR never lets a lower-priority rule expire an image that "matches the
 * tagging requirements" of a higher one, so rule 3, which keeps the newest `keepTagged`
 * images, only ever expires build images. An image with both a build and a release tag is a
 * release image. Rule 3 still counts release images among its newest `keepTagged`.
 */
export function lifecyclePolicy(untaggedDays: number, keepTagged: number): { rules: Array<Record<string, unknown>> } {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${untaggedDays} days`,
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedDays },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Never expire release images (a tag like v1.4.2): keep up to the ${ECR_LIMITS.imagesPerRepository} a repository holds`,
        selection: { tagStatus: 'tagged', tagPatternList: [RELEASE_TAG_PATTERN], countType: 'imageCountMoreThan', countNumber: ECR_LIMITS.imagesPerRepository },
        action: { type: 'expire' },
      },
      {
        rulePriority: 3,
        description: `Keep the newest ${keepTagged} images; only build images (no release tag) expire`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepTagged },
        action: { type: 'expire' },
      },
    ],
  };
}
