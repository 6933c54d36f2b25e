/** One broken rule in the configuration: where it is, which field, what rule. */
export interface ConfigIssue {
  /** `environment "prod"` or `shared settings`. */
  readonly scope: string;
  /** Dotted path of the field, e.g. `services[auth].port`. */
  readonly field: string;
  /** The rule that was broken, in words, with the offending value. */
  readonly rule: string;
  /** The file the value came from (`environments/prod.ts`, or the `SF_CONFIG` file). @default unknown: not shown */
  readonly file?: string;
}

/** Thrown before any construct exists when the configuration is invalid. */
export class ConfigError extends Error {
  /**
   * @param issues every problem found, each with its file, scope, field and rule
   * @param notChecked checks that could not run because they need a value that is broken above (said once, after the list)
   */
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly notChecked: readonly string[] = [],
  ) {
    super(
      `Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was synthesized:\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join('\n') +
        (notChecked.length > 0 ? `\nNot checked until the problems above are fixed:\n${notChecked.map((n) => `  - ${n}`).join('\n')}` : ''),
    );
    this.name = 'ConfigError';
  }
}

/** `<file>: <scope>, field <field>: <rule>` (the file only when known). */
export const formatIssue = (i: ConfigIssue): string => `${i.file ? `${i.file}: ` : ''}${i.scope}, field ${i.field}: ${i.rule}`;

export const envScope = (name: string) => `environment "${name}"`;
export const SHARED_SCOPE = 'shared settings';
