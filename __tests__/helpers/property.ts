/** Property-test plumbing: failures that show the configuration they happened on. */

/**
 * Runs `check` on a generated configuration; a failure is rethrown with the configuration as
 * JSON (fast-check also prints the seed and the path to replay it), so it can be saved as a file
 * and synthesized with SF_CONFIG.
 */
export function onConfiguration<T>(raw: unknown, check: () => T): T {
  try {
    return check();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    err.message = `${err.message}\n\nconfiguration (SF_CONFIG format):\n${JSON.stringify(raw)}`;
    throw err;
  }
}
