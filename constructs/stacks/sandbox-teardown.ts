import { IConstruct } from 'constructs';
import { IAspect, TerraformResource } from 'cdktf';
import { SANDBOX_REASON, TEARDOWN_SETTINGS, camelCase } from '../../model/teardown';
import { suppress } from '../suppress';

/**
 * `sandbox: true`: lifts every safeguard that stops `cdktf destroy` (model/teardown.ts) on
 * every resource of the stack it is added to. Driven by argument names, not resource types:
 * any resource class that has the argument gets the sandbox value, so a resource added later
 * needs no edit here. Only values that differ are written, so the sandbox changes nothing
 * else in the JSON, and never a resource address.
 */
export class SandboxTeardown implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const configured = configuredArguments(node);
    for (const [argument, { sandbox, checkov }] of Object.entries(TEARDOWN_SETTINGS)) {
      // Generated resource classes have a property (with a setter) per argument of their type.
      const property = camelCase(argument);
      if (!(property in node)) continue;
      for (const check of checkov ?? []) suppress(node, check, SANDBOX_REASON);
      // Unwritten when already so; a protection that is off by default (deletion protection, skip_destroy) stays unwritten.
      if (configured[argument] === sandbox || (sandbox === false && configured[argument] === undefined)) continue;
      (node as unknown as Record<string, unknown>)[property] = sandbox;
    }
    if (node.lifecycle?.preventDestroy) {
      const { preventDestroy, ...rest } = node.lifecycle; // eslint-disable-line @typescript-eslint/no-unused-vars
      node.lifecycle = Object.keys(rest).length > 0 ? rest : undefined;
    }
  }
}

/** The arguments a resource was configured with, by their Terraform names. */
function configuredArguments(node: TerraformResource): Record<string, unknown> {
  const section = (node.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> }).resource ?? {};
  return Object.values(Object.values(section)[0] ?? {})[0] ?? {};
}
