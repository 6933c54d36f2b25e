/**
 * Reading HCL output without Terraform: @cdktf/hcl2json (HashiCorp's HCL parser compiled to
 * WebAssembly) turns a file into Terraform's JSON syntax, keeping non-literal expressions as
 * `${...}` text; `evaluate` then computes the literal subset cdktf writes inside jsonencode()
 * (objects, tuples, quoted templates, numbers, booleans, null, references, tostring()).
 *
 * Values are compared in one normal form: strings with every reference (interpolation) as
 * `ref(expr)` below, every escape decoded. `fromTemplate` brings a cdk.tf.json string there.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** A reference inside a normalized string, between brackets no document here uses (and valid in a JSON string). */
export const ref = (expr: string) => `\u27ea${expr.trim()}\u27eb`;

let worker: Worker | undefined;
const pending = new Map<number, { resolve: (v: Record<string, any>) => void; reject: (e: Error) => void }>();
let nextId = 0;

/** Parses one HCL file into Terraform's JSON syntax (rejects anything Terraform's parser rejects). */
export function parseHcl(text: string, file = 'cdk.tf'): Promise<Record<string, any>> {
  if (!worker) {
    worker = new Worker(path.join(__dirname, 'hcl2json-worker.js'));
    worker.on('message', ({ id, result, error }) => {
      const p = pending.get(id)!;
      pending.delete(id);
      if (error === undefined) p.resolve(result);
      else p.reject(new Error(error));
    });
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage({ id, file, text });
  });
}

/** Stops the parser's worker (call in afterAll). */
export async function closeHclParser(): Promise<void> {
  await worker?.terminate();
  worker = undefined;
}

/** A Terraform JSON-syntax string (a template: `${expr}` interpolates, `$${` and `%%{` are literal). */
export function fromTemplate(template: string): string {
  let out = '';
  for (let i = 0; i < template.length; ) {
    if (template.startsWith('$${', i) || template.startsWith('%%{', i)) {
      out += template[i] + '{';
      i += 3;
    } else if (template.startsWith('${', i)) {
      const end = closing(template, i + 2);
      out += ref(template.slice(i + 2, end));
      i = end + 1;
    } else if (template.startsWith('%{', i)) {
      throw new Error(`template directive at ${i} in ${JSON.stringify(template)}`);
    } else out += template[i++];
  }
  return out;
}

/** Index of the `}` closing an interpolation opened before `from` (quotes and nesting respected). */
function closing(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
    } else if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new Error(`unclosed interpolation in ${JSON.stringify(s)}`);
}

/** The value of `${f(...)}` (an attribute hcl2json kept as an expression), or undefined for other strings. */
export function evaluateInterpolation(attribute: string): Value | undefined {
  if (!attribute.startsWith('${') || closing(attribute, 2) !== attribute.length - 1) return undefined;
  return evaluate(attribute.slice(2, -1));
}

/** Evaluates an HCL expression of the literal subset; throws on anything else. */
export function evaluate(expression: string): Value {
  const p = new Parser(expression);
  const v = p.expression();
  p.ws();
  if (p.i !== expression.length) p.fail('end of expression');
  return v;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(expected: string): never {
    throw new Error(`HCL: expected ${expected} at ${this.i}: ${JSON.stringify(this.s.slice(this.i, this.i + 40))}`);
  }

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  eat(c: string): boolean {
    this.ws();
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }

  expression(): Value {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.template();
    if (c === '-' || /\d/.test(c ?? '')) return this.number();
    const name = /^[A-Za-z_][\w-]*/.exec(this.s.slice(this.i))?.[0] ?? this.fail('a value');
    if (name === 'true' || name === 'false' || name === 'null') {
      this.i += name.length;
      return name === 'null' ? null : name === 'true';
    }
    if (this.s[this.i + name.length] === '(') return this.call(name);
    return ref(this.traversal());
  }

  object(): Value {
    this.i++;
    const out: { [key: string]: Value } = {};
    while (!this.eat('}')) {
      this.ws();
      let key: string;
      if (this.s[this.i] === '"') key = this.template();
      else {
        key = /^[A-Za-z_][\w-]*/.exec(this.s.slice(this.i))?.[0] ?? this.fail('a key');
        this.i += key.length;
      }
      if (key.includes('\u27ea')) this.fail('a literal key');
      if (!this.eat('=') && !this.eat(':')) this.fail('= after a key');
      out[key] = this.expression();
      this.eat(',');
    }
    return out;
  }

  tuple(): Value {
    this.i++;
    const out: Value[] = [];
    while (!this.eat(']')) {
      out.push(this.expression());
      if (!this.eat(',')) {
        if (!this.eat(']')) this.fail(', or ]');
        break;
      }
    }
    return out;
  }

  number(): Value {
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i)) ?? this.fail('a number');
    this.i += m[0].length;
    return Number(m[0]);
  }

  /** A quoted template: HCL escapes, `$${`/`%%{` literal, `${expr}` interpolated. */
  template(): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('closing quote');
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' || e === 'U') {
          const n = e === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(this.s.slice(this.i + 2, this.i + 2 + n), 16));
          this.i += 2 + n;
        } else this.fail('a valid escape');
      } else if (this.s.startsWith('$${', this.i) || this.s.startsWith('%%{', this.i)) {
        out += `${c}{`;
        this.i += 3;
      } else if (this.s.startsWith('${', this.i)) {
        const end = closing(this.s, this.i + 2);
        const inner = evaluate(this.s.slice(this.i + 2, end));
        if (typeof inner !== 'string' && typeof inner !== 'number' && typeof inner !== 'boolean') this.fail('a scalar interpolation');
        out += String(inner);
        this.i = end + 1;
      } else if (this.s.startsWith('%{', this.i)) {
        this.fail('no template directive');
      } else if (c === '\n') {
        this.fail('no newline in a quoted string');
      } else {
        out += c;
        this.i++;
      }
    }
  }

  traversal(): string {
    const m = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])*/.exec(this.s.slice(this.i)) ?? this.fail('a reference');
    this.i += m[0].length;
    return m[0];
  }

  call(name: string): Value {
    this.i += name.length + 1;
    const arg = this.expression();
    if (!this.eat(')')) this.fail(') after one argument');
    if (name === 'jsonencode') return JSON.stringify(arg);
    // tostring() of a reference: the number token cdktf writes for String(Token.asNumber(...)).
    if (name === 'tostring' && typeof arg === 'string') return arg;
    return this.fail(`a supported function, not ${name}()`);
  }
}
