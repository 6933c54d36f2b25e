import { Construct } from 'constructs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';

export interface ServiceRepositoryProps {
  /** Repository name, `<project>/<service>`. */
  readonly name: string;
  /** CMK encrypting the images. */
  readonly kmsKeyArn: string;
  /** Tagged images to keep. @default 30 */
  readonly keepTaggedImages?: number;
  /** Days before untagged images expire. @default 7 */
  readonly untaggedDays?: number;
}

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
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${props.untaggedDays ?? 7} days`,
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: props.untaggedDays ?? 7 },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${props.keepTaggedImages ?? 30} tagged images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: props.keepTaggedImages ?? 30 },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }
}
