/**
 * Evaluates the few Terraform expressions the start gate synthesizes (desired counts and the
 * secrets outputs) for a given state of the world: which secrets have a current version and
 * how many tasks the cluster runs. Only the functions those expressions use are known; any
 * other text fails to evaluate, so a changed expression cannot pass by accident.
 */

export interface World {
  /** Data-source name of each secret's `aws_secretsmanager_secret_versions` → it has an AWSCURRENT version. */
  readonly hasValue: (dataSource: string) => boolean;
  /** Running plus pending tasks of the environment's cluster. */
  readonly clusterTasks: number;
}

const FUNCTIONS = {
  anytrue: (xs: boolean[]) => xs.some(Boolean),
  alltrue: (xs: boolean[]) => xs.every(Boolean),
  compact: (xs: string[]) => xs.filter((x) => x !== ''),
  length: (xs: unknown[]) => xs.length,
  concat: (...lists: unknown[][]) => lists.flat(),
  formatlist: (format: string, xs: string[]) => xs.map((x) => format.replace('%s', x)),
};

/** The value of one synthesized `${...}` expression in `world`. */
export function evaluate(expression: unknown, world: World): unknown {
  if (typeof expression !== 'string') return expression;
  const m = /^\$\{([\s\S]*)\}$/.exec(expression);
  if (!m) return expression;
  const js = m[1]
    .replace(/contains\(flatten\(data\.aws_secretsmanager_secret_versions\.([\w-]+)\.versions\[\*\]\.version_stages\), "AWSCURRENT"\)/g, (_, ds: string) => `S(${JSON.stringify(ds)})`)
    .replace(/data\.aws_ecs_cluster\.[\w-]+\.(running|pending)_tasks_count/g, (_, which: string) => (which === 'running' ? 'T' : '0'));
  if (/[a-z_]+\.[\w-]+\./.test(js.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) throw new Error(`unknown reference in ${expression}`);
  const names = Object.keys(FUNCTIONS);
  const fn = new Function('S', 'T', ...names, `"use strict"; return (${js});`) as (...args: unknown[]) => unknown;
  return fn((ds: string) => world.hasValue(ds), world.clusterTasks, ...Object.values(FUNCTIONS));
}
