/** One broken rule in the configuration: where it is, which field, what rule. */
export interface ConfigIssue {
  /** `environment "prod"` or `shared settings`. */
  readonly scope: string;
  /** Dotted path of the field, e.g. `services[auth].port`. */
  readonly field: string;
  /** The rule that was broken, in words, with the offending value. */
  readonly rule: string;
}

/** Thrown before any construct exists when the configuration is invalid. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was synthesized:\n` +
        issues.map((i) => `  - ${i.scope}, field ${i.field}: ${i.rule}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export const envScope = (name: string) => `environment "${name}"`;
export const SHARED_SCOPE = 'shared settings';
