/**
 * The strict schema every environment and the shared settings must satisfy. Unknown
 * keys are errors (a typo must not silently fall back to a default). Rules that span
 * fields or environments live in ../validate/.
 */
import { z } from 'zod';
import { environmentSchema } from './environment';
import { serviceSchema } from './service';
import { sharedSchema } from './shared';

export { environmentSchema, serviceSchema, sharedSchema };

export type ServiceInput = z.input<typeof serviceSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type SharedInput = z.input<typeof sharedSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type EnvironmentSchemaOutput = z.output<typeof environmentSchema>;
export type SharedSchemaOutput = z.output<typeof sharedSchema>;

