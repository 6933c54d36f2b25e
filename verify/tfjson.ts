/**
 * Reading synthesized CDKTF output (cdk.tf.json): resources by type, and references
 * resolved across stacks, remote-state outputs included. Used by the tests and by
 * `npm run verify`; it never needs terraform or AWS.
 */
import * as fs from 'fs';
import * as path from 'path';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Resource {
  readonly stack: string;
  readonly type: string;
  /** The logical name, e.g. `ecs-sg_1BCFCFA7`. */
  readonly name: string;
  /** The construct path below the stack, e.g. `ecs-sg/sg`. */
  readonly path: string;
  readonly body: Json;
}

/** All stacks of one synthesized app. */
export class Synthesized {
  constructor(readonly stacks: Readonly<Record<string, Json>>) {}

  /** Reads every `stacks/<name>/cdk.tf.json` below `outdir`. */
  static fromDir(outdir: string): Synthesized {
    const dir = path.join(outdir, 'stacks');
    const stacks: Record<string, Json> = {};
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name, 'cdk.tf.json');
      if (fs.existsSync(file)) stacks[name] = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    return new Synthesized(stacks);
  }

  stack(name: string): Json {
    const s = this.stacks[name];
    if (!s) throw new Error(`no stack "${name}" (have ${Object.keys(this.stacks).join(', ')})`);
    return s;
  }

  /** Resources of `type`, in one stack or in all of them. */
  resources(type: string, stack?: string): Resource[] {
    const names = stack ? [stack] : Object.keys(this.stacks);
    return names.flatMap((s) =>
      Object.entries<Json>(this.stack(s).resource?.[type] ?? {}).map(([name, body]) => ({
        stack: s,
        type,
        name,
        path: String(body['//']?.metadata?.path ?? name).split('/').slice(1).join('/'),
        body,
      })),
    );
  }

  /** Data sources of `type` in one stack. */
  data(type: string, stack: string): Array<{ name: string; body: Json }> {
    return Object.entries<Json>(this.stack(stack).data?.[type] ?? {}).map(([name, body]) => ({ name, body }));
  }

  /** Every resource type present in a stack. */
  resourceTypes(stack: string): string[] {
    return Object.keys(this.stack(stack).resource ?? {});
  }

  /**
   * Resolves a reference like `${aws_security_group.x.id}` or a remote-state output to the
   * resource it points at and the attribute read. Returns undefined for literals.
   */
  resolve(stack: string, value: unknown): { resource: Resource; attribute: string } | undefined {
    if (typeof value !== 'string') return undefined;
    const remote = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.([\w-]+)\}$/.exec(value);
    if (remote) {
      const [, producer, output] = remote;
      const out = this.stack(producer).output?.[output];
      if (!out) throw new Error(`stack "${stack}" reads output "${output}" that stack "${producer}" does not define`);
      return this.resolve(producer, out.value);
    }
    const local = /^\$\{([a-z0-9_]+)\.([\w-]+)\.([\w.[\]]+)\}$/.exec(value);
    if (!local) return undefined;
    const [, type, name, attribute] = local;
    const body = this.stack(stack).resource?.[type]?.[name];
    if (!body) return undefined;
    return { resource: { stack, type, name, path: String(body['//']?.metadata?.path ?? name).split('/').slice(1).join('/'), body }, attribute };
  }

  /** Like `resolve`, but throws when the value does not point at a resource. */
  mustResolve(stack: string, value: unknown): Resource {
    const r = this.resolve(stack, value);
    if (!r) throw new Error(`in stack "${stack}", ${JSON.stringify(value)} does not reference a resource`);
    return r.resource;
  }
}
