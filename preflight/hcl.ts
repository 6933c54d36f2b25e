/**
 * The little HCL that preflight needs: literal values of a `.tfvars` file, and the
 * `validation` conditions the stacks synthesize (`${can(regex("…", var.x)) && var.x != "latest"}`),
 * evaluated the way Terraform would. Anything outside that subset is reported as
 * `Unsupported` (preflight then says Terraform will check it), never guessed.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** Syntax or a function this module does not know: the caller says "Terraform will tell". */
export class Unsupported extends Error {}
/** An error Terraform itself would raise while evaluating (e.g. `regex` without a match): `can()` turns it into false. */
class EvalError extends Error {}

type Token =
  | { kind: 'string'; value: string; line: number }
  | { kind: 'number'; value: number; line: number }
  | { kind: 'ident'; value: string; line: number }
  | { kind: 'punct'; value: string; line: number }
  | { kind: 'newline'; line: number }
  /** Text the tokenizer could not read, up to the end of its line: an error where the parser meets it. */
  | { kind: 'bad'; message: string; line: number };

const PUNCT = ['&&', '||', '==', '!=', '>=', '<=', '=', '!', '(', ')', '[', ']', '{', '}', ',', '.', ':', '<', '>', '-'];

/** HCL string escapes (`\n`, `\"`, `\\`, `\uNNNN`, `$${` …); a live `${` interpolation is not a literal. */
function unescape(raw: string, line: number): string {
  if (/(^|[^$])\$\{/.test(raw) || /(^|[^%])%\{/.test(raw)) throw new Unsupported(`line ${line}: a template (\${…} or %{…}) is not a literal value`);
  return raw
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
      if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (!(e in simple)) throw new Unsupported(`line ${line}: unknown escape \\${e}`);
      return simple[e];
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    try {
      i = step();
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      out.push({ kind: 'bad', message: e.message, line });
      while (i < text.length && text[i] !== '\n') i++;
    }
  }
  return out;

  /** Reads one token (or skips blank and comment text) at `i`; returns the position after it. */
  function step(): number {
    const c = text[i];
    if (c === '\n') {
      out.push({ kind: 'newline', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' || text.startsWith('//', i)) while (i < text.length && text[i] !== '\n') i++;
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Unsupported(`line ${line}: unterminated comment`);
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (text[j] !== '"') throw new Unsupported(`line ${line}: unterminated string`);
      out.push({ kind: 'string', value: unescape(text.slice(i + 1, j), line), line });
      i = j + 1;
    } else if (text.startsWith('<<', i)) {
      const m = /^<<(-?)([A-Za-z_][\w-]*)\r?\n/.exec(text.slice(i));
      if (!m) throw new Unsupported(`line ${line}: malformed heredoc`);
      const bodyStart = i + m[0].length;
      const close = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, 'm');
      const rest = text.slice(bodyStart);
      const end = close.exec(rest);
      if (!end) throw new Unsupported(`line ${line}: heredoc ${m[2]} is never closed`);
      let lines = rest.slice(0, end.index).split('\n');
      if (lines[lines.length - 1] === '') lines = lines.slice(0, -1);
      if (m[1]) {
        const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
        lines = lines.map((l) => l.slice(indent));
      }
      out.push({ kind: 'string', value: unescape(lines.map((l) => `${l}\n`).join(''), line), line });
      line += rest.slice(0, end.index + end[0].length).split('\n').length - 1;
      i = bodyStart + end.index + end[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      out.push({ kind: 'number', value: Number(m[0]), line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w-]*/.exec(text.slice(i))!;
      out.push({ kind: 'ident', value: m[0], line });
      i += m[0].length;
    } else {
      const p = PUNCT.find((x) => text.startsWith(x, i));
      if (!p) throw new Unsupported(`line ${line}: unexpected character ${JSON.stringify(c)}`);
      out.push({ kind: 'punct', value: p, line });
      i += p.length;
    }
    return i;
  }
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.at];
  }
  next(): Token {
    const t = this.tokens[this.at++];
    if (!t) throw new Unsupported('unexpected end of input');
    if (t.kind === 'bad') throw new Unsupported(t.message);
    return t;
  }
  is(value: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && t.value === value;
  }
  expect(value: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.value !== value) throw new Unsupported(`line ${t.line}: expected "${value}"`);
  }
  skipNewlines(): void {
    while (this.peek()?.kind === 'newline') this.at++;
  }
  /** Skips to the end of the current line, across brackets opened on it. */
  skipLine(): void {
    for (let depth = 0; !this.done(); ) {
      const t = this.tokens[this.at++];
      if (t.kind === 'punct' && '([{'.includes(t.value)) depth++;
      if (t.kind === 'punct' && ')]}'.includes(t.value)) depth--;
      if (t.kind === 'newline' && depth <= 0) return;
    }
  }
  done(): boolean {
    return this.at >= this.tokens.length;
  }

  /** A literal value: string, number, bool, null, list or object (tfvars allow nothing else). */
  literal(): Value {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return t.value;
    if (t.kind === 'punct' && t.value === '-') return -(this.literal() as number);
    if (t.kind === 'ident') {
      if (t.value === 'true' || t.value === 'false') return t.value === 'true';
      if (t.value === 'null') return null;
      throw new Unsupported(`line ${t.line}: "${t.value}" is not a literal value (tfvars take no references or function calls)`);
    }
    if (t.kind === 'punct' && t.value === '[') {
      const list: Value[] = [];
      for (this.skipNewlines(); !this.is(']'); this.skipNewlines()) {
        list.push(this.literal());
        this.skipNewlines();
        if (!this.is(']')) this.expect(',');
      }
      this.expect(']');
      return list;
    }
    if (t.kind === 'punct' && t.value === '{') {
      const obj: Record<string, Value> = {};
      for (this.skipNewlines(); !this.is('}'); this.skipNewlines()) {
        const k = this.next();
        if (k.kind !== 'string' && k.kind !== 'ident') throw new Unsupported(`line ${k.line}: expected an object key`);
        if (this.is(':')) this.expect(':');
        else this.expect('=');
        obj[String(k.value)] = this.literal();
        if (this.is(',')) this.expect(',');
      }
      this.expect('}');
      return obj;
    }
    throw new Unsupported(`line ${t.line}: expected a value`);
  }
}

export interface Assignment {
  readonly name: string;
  readonly value: Value;
  readonly line: number;
}

/**
 * The `name = value` assignments of a `.tfvars` file, in order, and the lines it could not read
 * (each skipped up to its end, so one odd line does not hide the values around it).
 */
export function parseTfvars(text: string): { assignments: Assignment[]; problems: string[] } {
  const tokens = tokenize(text);
  const p = new Parser(tokens);
  const assignments: Assignment[] = [];
  const problems: string[] = [];
  for (p.skipNewlines(); !p.done(); p.skipNewlines()) {
    try {
      const name = p.next();
      if (name.kind !== 'ident') throw new Unsupported(`line ${name.line}: expected a variable name`);
      p.expect('=');
      const value = p.literal();
      const end = p.peek();
      if (end && end.kind !== 'newline') throw new Unsupported(`line ${end.line}: one assignment per line`);
      assignments.push({ name: name.value, value, line: name.line });
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      problems.push(e.message);
      p.skipLine();
    }
  }
  return { assignments, problems };
}

/** A `TF_VAR_<name>` value: a string for a primitive type, HCL for a complex one (as Terraform reads it). */
export function environmentValue(raw: string, type: unknown): Value {
  if (typeof type !== 'string' || ['string', 'number', 'bool'].includes(type)) return raw;
  const p = new Parser(tokenize(raw));
  const v = p.literal();
  p.skipNewlines();
  if (!p.done()) throw new Unsupported('trailing text after the value');
  return v;
}

// ---- validation conditions ------------------------------------------------------------

/** RE2 syntax that JavaScript reads differently or not at all: such a pattern is not evaluated. */
const RE2_ONLY = /\(\?P?<|\(\?[imsU-]+[:)]|\\[AzCpPQE]|\[\[:/;

const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  regex: (pattern, s) => {
    if (typeof pattern !== 'string' || typeof s !== 'string') throw new EvalError('regex takes two strings');
    if (RE2_ONLY.test(pattern)) throw new Unsupported(`RE2 pattern ${pattern}`);
    const m = new RegExp(pattern).exec(s);
    if (!m) throw new EvalError('pattern did not match');
    return m.length > 1 ? m.slice(1).map((g) => g ?? null) : m[0];
  },
  length: (x) => {
    if (typeof x === 'string') return [...x].length;
    if (Array.isArray(x)) return x.length;
    if (x !== null && typeof x === 'object') return Object.keys(x).length;
    throw new EvalError('length of a primitive');
  },
  startswith: (s, p) => String(s).startsWith(String(p)),
  endswith: (s, p) => String(s).endsWith(String(p)),
  lower: (s) => String(s).toLowerCase(),
  upper: (s) => String(s).toUpperCase(),
  contains: (list, v) => {
    if (!Array.isArray(list)) throw new EvalError('contains takes a list');
    return list.some((x) => x === v);
  },
};

type Node =
  | { op: 'value'; value: Value }
  | { op: 'var'; name: string }
  | { op: 'not'; arg: Node }
  | { op: '&&' | '||' | '==' | '!=' | '>=' | '<=' | '>' | '<'; left: Node; right: Node }
  | { op: 'call'; fn: string; args: Node[] };

const COMPARISONS = ['==', '!=', '>=', '<=', '>', '<'] as const;

/** Parses one synthesized condition (`${…}`) into a tree; throws Unsupported beyond the subset. */
function parseCondition(condition: string): Node {
  const m = /^\$\{([\s\S]*)\}$/.exec(condition);
  if (!m) throw new Unsupported(`not a single expression: ${condition}`);
  const p = new Parser(tokenize(m[1]).filter((t) => t.kind !== 'newline'));
  const tree = or();
  if (!p.done()) throw new Unsupported(`trailing text in ${condition}`);
  return tree;

  function or(): Node {
    let left = and();
    while (p.is('||')) {
      p.expect('||');
      left = { op: '||', left, right: and() };
    }
    return left;
  }
  function and(): Node {
    let left = compare();
    while (p.is('&&')) {
      p.expect('&&');
      left = { op: '&&', left, right: compare() };
    }
    return left;
  }
  function compare(): Node {
    const left = unary();
    const op = COMPARISONS.find((o) => p.is(o));
    if (!op) return left;
    p.expect(op);
    return { op, left, right: unary() };
  }
  function unary(): Node {
    if (!p.is('!')) return primary();
    p.expect('!');
    return { op: 'not', arg: unary() };
  }
  function primary(): Node {
    if (p.is('(')) {
      p.expect('(');
      const inner = or();
      p.expect(')');
      return inner;
    }
    const t = p.peek();
    if (t?.kind !== 'ident' || ['true', 'false', 'null'].includes(t.value)) return { op: 'value', value: p.literal() };
    p.next();
    if (t.value === 'var') {
      p.expect('.');
      const name = p.next();
      if (name.kind !== 'ident') throw new Unsupported('var. without a name');
      return { op: 'var', name: name.value };
    }
    if (!p.is('(')) throw new Unsupported(`reference ${t.value} (only var.<name> is known)`);
    if (t.value !== 'can' && !(t.value in FUNCTIONS)) throw new Unsupported(`function ${t.value}()`);
    p.expect('(');
    const args: Node[] = [];
    while (!p.is(')')) {
      args.push(or());
      if (!p.is(')')) p.expect(',');
    }
    p.expect(')');
    return { op: 'call', fn: t.value, args };
  }
}

/** Evaluates one synthesized validation condition with the variables given, as Terraform would; Unsupported beyond the subset. */
export function evaluateCondition(condition: string, vars: Readonly<Record<string, Value>>): boolean {
  const tree = parseCondition(condition);
  let value: Value;
  try {
    value = evaluate(tree);
  } catch (e) {
    if (e instanceof EvalError) return false; // Terraform: an error in a condition fails the validation
    throw e;
  }
  if (typeof value !== 'boolean') throw new Unsupported(`condition is not a bool: ${condition}`);
  return value;

  function evaluate(n: Node): Value {
    switch (n.op) {
      case 'value':
        return n.value;
      case 'var':
        if (!(n.name in vars)) throw new Unsupported(`condition reads var.${n.name}, which has no value here`);
        return vars[n.name];
      case 'not':
        return !truth(evaluate(n.arg));
      case '&&':
        return truth(evaluate(n.left)) && truth(evaluate(n.right));
      case '||':
        return truth(evaluate(n.left)) || truth(evaluate(n.right));
      case '==':
      case '!=': {
        const same = JSON.stringify(evaluate(n.left)) === JSON.stringify(evaluate(n.right));
        return n.op === '==' ? same : !same;
      }
      case 'call':
        if (n.fn === 'can') {
          if (n.args.length !== 1) throw new Unsupported('can() takes one argument');
          try {
            evaluate(n.args[0]);
            return true;
          } catch (e) {
            if (e instanceof EvalError) return false;
            throw e;
          }
        }
        return FUNCTIONS[n.fn](...n.args.map(evaluate));
      default: {
        const [l, r] = [evaluate(n.left), evaluate(n.right)];
        if (typeof l !== 'number' || typeof r !== 'number') throw new EvalError(`${n.op} needs numbers`);
        return n.op === '>=' ? l >= r : n.op === '<=' ? l <= r : n.op === '>' ? l > r : l < r;
      }
    }
  }
  function truth(v: Value): boolean {
    if (typeof v !== 'boolean') throw new EvalError('a logical operator needs bools');
    return v;
  }
}
