/**
 * The validated configuration: what `loadConfig` returns and every construct is built from.
 * The raw input types are the schema's (./schema); these add what validation resolves.
 */
import { ConfigIssue } from './errors';
import { EnvironmentSchemaOutput, ServiceConfig, SharedSchemaOutput } from './schema';
import { PriorityRecord } from '../model/priority-record';

/** A route after the environment prefix is applied. */
export interface ResolvedRoute {
  /** Full path on the listener, e.g. "/test/auth". */
  readonly path: string;
  /** Listener rule priority, unique per listener, kept by the priority record (model/priority-record.ts). */
  readonly priority: number;
  /** True when the priority came from config rather than from the record or the path's hash. */
  readonly explicitPriority: boolean;
  /** Priority of the route's blue/green test rule (below `priority`), when the environment has one. @default none */
  readonly testPriority?: number;
}

export interface ResolvedService extends Omit<ServiceConfig, 'routes'> {
  readonly routes: readonly ResolvedRoute[];
}

export interface EnvironmentConfig extends Omit<EnvironmentSchemaOutput, 'services' | 'secretRecoveryWindowDays'> {
  readonly services: readonly ResolvedService[];
  /** Days a deleted secret stays recoverable; 0 = deleted at once (resolved from `secretRecoveryWindowDays` and `production`). */
  readonly secretRecoveryWindowDays: number;
}

export interface SubnetLayout {
  readonly public: readonly string[];
  readonly private: readonly string[];
  readonly data: readonly string[];
}

export interface SharedConfig extends Omit<SharedSchemaOutput, 'state' | 'network'> {
  readonly state: { readonly bucket: string; readonly lockTable: string; readonly region: string };
  /** The network settings with `vpcEndpoints` resolved ("auto" → on when any environment is production). */
  readonly network: Omit<SharedSchemaOutput['network'], 'vpcEndpoints'> & { readonly vpcEndpoints: boolean };
  /** Subnet blocks per tier, one per AZ. */
  readonly subnets: SubnetLayout;
  /** Zone names, one per subnet index. */
  readonly availabilityZones: readonly string[];
}

export interface AppConfig {
  readonly shared: SharedConfig;
  readonly environments: readonly EnvironmentConfig[];
  /** The listener-priority record carried over to this configuration (model/priority-record.ts); main.ts writes it. */
  readonly listenerPriorities: PriorityRecord;
  /** Valid but worth knowing: main.ts prints each as a `warning: ...` line; they never fail synth. @default [] */
  readonly warnings?: readonly ConfigIssue[];
}

/** Values read from the process environment by main.ts (never below it). */
export interface StateOverrides {
  readonly bucket?: string;
  readonly lockTable?: string;
  readonly region?: string;
}
