import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { DOCKER_TAG_REGEX, RELEASE_TAG_REGEX } from '../../model/image-tags';

/** The name of the Terraform variable holding a service's image tag. */
export const imageTagVariable = (service: string) => `${service.replace(/-/g, '_')}_image_tag`;

/**
 * The `<service>_image_tag` variable of an environment stack. Any Docker tag but `latest`;
 * in a production environment only a release tag (`v1.2.3`, see model/image-tags.ts), the
 * kind the registry's lifecycle policy never expires, so production never runs an image that
 * can disappear from under it.
 */
export function imageTag(scope: Construct, service: string, environment: string, production: boolean): TerraformVariable {
  const v = `var.${imageTagVariable(service)}`;
  const variable = new TerraformVariable(scope, 'image-tag', {
    type: 'string',
    description: production
      ? `Release tag (vMAJOR.MINOR.PATCH) of ${service} to run in ${environment}`
      : `Image tag of ${service} to run in ${environment} (tags are immutable; never "latest")`,
    nullable: false,
    validation: [
      production
        ? {
            condition: `\${can(regex("${RELEASE_TAG_REGEX.replace(/\\/g, '\\\\')}", ${v}))}`,
            errorMessage: `${imageTagVariable(service)} must be a release tag like v1.4.2 in production ${environment}: build tags may expire from the registry (README, "Image tags").`,
          }
        : {
            condition: `\${can(regex("${DOCKER_TAG_REGEX}", ${v})) && ${v} != "latest"}`,
            errorMessage: `${imageTagVariable(service)} must be a Docker tag other than "latest".`,
          },
    ],
  });
  variable.overrideLogicalId(imageTagVariable(service));
  return variable;
}
