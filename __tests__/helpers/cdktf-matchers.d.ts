/**
 * Types of cdktf's Jest matchers (`Testing.setupJest()`). cdktf declares them for
 * `jest.Matchers<R>`, but @types/jest 30 declares `Matchers<R, T>`, so its declaration does not
 * merge; this one does. `toBeValidTerraform` and `toPlanSuccessfully` are left out on purpose:
 * they run `terraform init`, which needs the provider registry.
 */
import type { TerraformConstructor } from 'cdktf/lib/testing/matchers';

declare global {
  namespace jest {
    interface Matchers<R, T> {
      /** The synthesized stack (Testing.synth) has a resource of this type. */
      toHaveResource(resourceConstructor: TerraformConstructor): R;
      /** ...with these properties (snake_case; asymmetric matchers allowed). */
      toHaveResourceWithProperties(resourceConstructor: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveDataSource(dataSourceConstructor: TerraformConstructor): R;
      toHaveDataSourceWithProperties(dataSourceConstructor: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveProvider(providerConstructor: TerraformConstructor): R;
      toHaveProviderWithProperties(providerConstructor: TerraformConstructor, properties: Record<string, unknown>): R;
    }
  }
}

export {};
