/** Which file each value came from, so every message can name it. */
import { ConfigIssue, SHARED_SCOPE, envScope } from '../errors';
import { isRecord } from './util';

/** Where the configuration was read from: `environments/*.ts`, or one SF_CONFIG file for everything. */
export interface ConfigSources {
  /** The file of the shared settings, e.g. `environments/shared.ts`. @default none: messages name no file */
  readonly shared?: string;
  /** The file of each environment, by position, e.g. `environments/prod.ts`. @default none */
  readonly environments?: readonly (string | undefined)[];
  /** The file that lists the environments (`environments/index.ts`). @default the shared settings' file */
  readonly list?: string;
  /** Files that export an environment the list does not name: they would never be synthesized. @default [] */
  readonly unregistered?: ReadonlyArray<{ readonly file: string; readonly name?: string }>;
}

/** One issue per environment file that the list leaves out. */
export function unregisteredIssues(sources: ConfigSources): ConfigIssue[] {
  const list = sources.list ?? 'environments/index.ts';
  return (sources.unregistered ?? []).map(({ file, name }) => ({
    scope: envScope(name ?? file),
    field: '(file)',
    rule: `${file} exports an environment that ${list} does not list, so it would never be synthesized or deployed: add it to the list there, at its place in the promotion order (or delete the file)`,
    file,
  }));
}

/** The issues with the file each came from, where the sources say. */
export function attachFiles(issues: readonly ConfigIssue[], sources: ConfigSources, environments: readonly unknown[]): ConfigIssue[] {
  const names = environments.map((raw, i) => (isRecord(raw) && typeof raw.name === 'string' ? raw.name : `#${i + 1}`));
  const filesOf = (name: string) => [...new Set(names.flatMap((n, i) => (n === name ? [sources.environments?.[i]] : [])).filter((f): f is string => !!f))];
  const withFiles = issues.map((issue) => {
    if (issue.file) return issue;
    let files: string[] = [];
    if (issue.scope === SHARED_SCOPE) files = [issue.field === 'environments' ? (sources.list ?? sources.shared) : sources.shared].filter((f): f is string => !!f);
    else {
      const one = /^environment "(.*)"$/.exec(issue.scope);
      const many = /^environments (.*)$/.exec(issue.scope);
      if (one) files = filesOf(one[1]);
      else if (many) files = [...new Set([...many[1].matchAll(/"([^"]*)"/g)].flatMap((m) => filesOf(m[1])))];
    }
    return files.length > 0 ? { ...issue, file: files.join(' and ') } : issue;
  });
  // Problems grouped by file, in the order the files are read (shared settings, then each environment).
  const order = [sources.shared, ...(sources.environments ?? [])];
  const rank = (i: ConfigIssue) => (i.file === undefined ? -1 : order.indexOf(i.file.split(' and ')[0]));
  return withFiles.map((issue, index) => ({ issue, index })).sort((a, b) => (rank(a.issue) === rank(b.issue) ? a.index - b.index : rank(a.issue) < 0 ? -1 : rank(b.issue) < 0 ? 1 : rank(a.issue) - rank(b.issue))).map((x) => x.issue);
}
