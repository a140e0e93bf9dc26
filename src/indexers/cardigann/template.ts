// Owns the Cardigann template language: the Go-template subset the indexer definitions write in
// paths, inputs, selectors and field texts (`{{ .Config.x }}`, `{{ if … }}…{{ else }}…{{ end }}`,
// `{{ range .Categories }}`, `and`/`or`/`eq`/`ne`/`not`, `join`, `re_replace`, `{{-`/`-}}`).
// Templates come from files users download, so they are parsed into a tree and interpreted here:
// nothing in a definition is ever evaluated as JavaScript.
import { compileDotNetRegex, dotNetReplacement } from './dotnet-regex.js';

/** A value a template can see: text, a list (categories), or "no value" (`.False`, a missing field). */
export type TemplateValue = string | readonly string[] | null;

/** Variables by their full dotted name, e.g. `.Config.username`, `.Keywords`, `.Result.title`. */
export type TemplateVariables = ReadonlyMap<string, TemplateValue>;

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly template: string,
  ) {
    super(
      `${message} in template ${JSON.stringify(template.length > 120 ? `${template.slice(0, 117)}…` : template)}`,
    );
    this.name = 'TemplateError';
  }
}

/** What `.True` holds; `.False` is null, so `eq .Config.box .False` is true for an unticked box. */
export const TRUE_VALUE = 'True';

type Expr =
  | { kind: 'literal'; value: TemplateValue }
  | { kind: 'dot' }
  | { kind: 'variable'; name: string }
  | { kind: 'call'; fn: FunctionName; args: Expr[] };

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'output'; expr: Expr }
  | { kind: 'if'; condition: Expr; then: Node[]; otherwise: Node[] }
  | { kind: 'range'; list: Expr; body: Node[]; otherwise: Node[] };

const FUNCTIONS = ['and', 'or', 'not', 'eq', 'ne', 'join', 're_replace', 'len', 'print'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

export interface CompiledTemplate {
  readonly source: string;
  /** Every variable the template reads, e.g. `.Config.sort`; lets the loader check settings exist. */
  readonly variables: ReadonlySet<string>;
  render(variables: TemplateVariables, dot?: TemplateValue): string;
}

const cache = new Map<string, CompiledTemplate>();
const CACHE_LIMIT = 20_000;

/** Parses once (cached by source); throws TemplateError on a template we cannot read. */
export function compileTemplate(source: string): CompiledTemplate {
  const cached = cache.get(source);
  if (cached) return cached;
  const nodes = source.includes('{{') ? parseTemplate(source) : [{ kind: 'text' as const, text: source }];
  const variables = new Set<string>();
  collectVariables(nodes, variables);
  const compiled: CompiledTemplate = {
    source,
    variables,
    render: (vars, dot = null) => renderNodes(nodes, vars, dot, source),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

export function renderTemplate(source: string, variables: TemplateVariables, dot?: TemplateValue): string {
  if (!source.includes('{{')) return source;
  return compileTemplate(source).render(variables, dot);
}

export function isTruthy(value: TemplateValue): boolean {
  if (value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  return value.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Action {
  kind: 'action';
  body: string;
}

/** Splits into text and `{{ … }}` actions, applying the `{{-`/`-}}` whitespace trims. */
function lex(source: string): (string | Action)[] {
  const parts: (string | Action)[] = [];
  let position = 0;
  for (;;) {
    const open = source.indexOf('{{', position);
    if (open === -1) {
      parts.push(source.slice(position));
      break;
    }
    let text = source.slice(position, open);
    let start = open + 2;
    if (/^-\s/.test(source.slice(start, start + 2))) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    const close = findClose(source, start);
    if (close === -1) throw new TemplateError('unclosed "{{"', source);
    let end = close;
    let trimAfter = false;
    if (source[close - 1] === '-' && /\s/.test(source[close - 2] ?? '')) {
      end = close - 1;
      trimAfter = true;
    }
    parts.push(text, { kind: 'action', body: source.slice(start, end).trim() });
    position = close + 2;
    if (trimAfter) position += /^\s*/.exec(source.slice(position))?.[0].length ?? 0;
  }
  return parts;
}

/** The `}}` closing an action, skipping any inside a quoted string. */
function findClose(source: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < source.length - 1; i++) {
    const char = source[i];
    if (quote !== null) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === '`') quote = char;
    else if (char === '}' && source[i + 1] === '}') return i;
  }
  return -1;
}

function parseTemplate(source: string): Node[] {
  const parts = lex(source);
  let index = 0;

  /** Parses nodes until `else`/`end` (returned as the terminator) or the end of the template. */
  function parseBlock(): { nodes: Node[]; terminator: 'else' | 'end' | 'eof'; elseIf?: string } {
    const nodes: Node[] = [];
    while (index < parts.length) {
      const part = parts[index++]!;
      if (typeof part === 'string') {
        if (part) nodes.push({ kind: 'text', text: part });
        continue;
      }
      const body = part.body;
      if (body === 'end') return { nodes, terminator: 'end' };
      if (body === 'else') return { nodes, terminator: 'else' };
      if (/^else\s+if\s/.test(body))
        return { nodes, terminator: 'else', elseIf: body.replace(/^else\s+/, '') };
      if (/^if(\s|$)/.test(body)) nodes.push(parseIf(body.slice(2)));
      else if (/^range(\s|$)/.test(body)) nodes.push(parseRange(body.slice(5)));
      else if (body.startsWith('/*')) continue;
      else nodes.push({ kind: 'output', expr: parseExpression(body, source) });
    }
    return { nodes, terminator: 'eof' };
  }

  function parseIf(conditionText: string): Node {
    if (!conditionText.trim()) throw new TemplateError('"if" without a condition', source);
    const condition = parseExpression(conditionText, source);
    const then = parseBlock();
    if (then.terminator === 'eof') throw new TemplateError('"if" without "end"', source);
    let otherwise: Node[] = [];
    if (then.terminator === 'else') {
      if (then.elseIf !== undefined) {
        // `else if` nests an if that shares our `end`.
        otherwise = [parseIf(then.elseIf.slice(2))];
      } else {
        const elseBlock = parseBlock();
        if (elseBlock.terminator !== 'end') throw new TemplateError('"else" without "end"', source);
        otherwise = elseBlock.nodes;
      }
    }
    return { kind: 'if', condition, then: then.nodes, otherwise };
  }

  function parseRange(listText: string): Node {
    if (!listText.trim()) throw new TemplateError('"range" without a list', source);
    const list = parseExpression(listText, source);
    const body = parseBlock();
    if (body.terminator === 'eof') throw new TemplateError('"range" without "end"', source);
    let otherwise: Node[] = [];
    if (body.terminator === 'else') {
      const elseBlock = parseBlock();
      if (elseBlock.terminator !== 'end') throw new TemplateError('"else" without "end"', source);
      otherwise = elseBlock.nodes;
    }
    return { kind: 'range', list, body: body.nodes, otherwise };
  }

  const result = parseBlock();
  if (result.terminator !== 'eof') throw new TemplateError(`unexpected "${result.terminator}"`, source);
  return result.nodes;
}

type Token =
  { kind: 'open' } | { kind: 'close' } | { kind: 'string'; value: string } | { kind: 'word'; value: string };

function tokenize(text: string, source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(') {
      tokens.push({ kind: 'open' });
      i++;
    } else if (char === ')') {
      tokens.push({ kind: 'close' });
      i++;
    } else if (char === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new TemplateError('unterminated string', source);
        const c = text[i++]!;
        if (c === '"') break;
        if (c === '\\') {
          const next = text[i++] ?? '';
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        } else value += c;
      }
      tokens.push({ kind: 'string', value });
    } else if (char === '`') {
      const end = text.indexOf('`', i + 1);
      if (end === -1) throw new TemplateError('unterminated raw string', source);
      tokens.push({ kind: 'string', value: text.slice(i + 1, end) });
      i = end + 1;
    } else {
      const match = /^[^\s()"`]+/.exec(text.slice(i));
      const word = match?.[0] ?? char;
      tokens.push({ kind: 'word', value: word });
      i += word.length;
    }
  }
  return tokens;
}

function parseExpression(text: string, source: string): Expr {
  const tokens = tokenize(text, source);
  let index = 0;

  function operand(): Expr {
    const token = tokens[index++];
    if (!token) throw new TemplateError('missing operand', source);
    if (token.kind === 'string') return { kind: 'literal', value: token.value };
    if (token.kind === 'open') {
      const inner = command(true);
      // Definitions in the wild carry a stray ")" (e.g. 1337x); the sites' own engines accept it.
      if (tokens[index]?.kind === 'close') index++;
      return inner;
    }
    if (token.kind === 'close') throw new TemplateError('unexpected ")"', source);
    const word = token.value;
    if (word === '.') return { kind: 'dot' };
    if (/^\.[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(word)) return { kind: 'variable', name: word };
    if (/^-?\d+(\.\d+)?$/.test(word)) return { kind: 'literal', value: word };
    if (word === 'true') return { kind: 'literal', value: TRUE_VALUE };
    if (word === 'false' || word === 'nil') return { kind: 'literal', value: null };
    if ((FUNCTIONS as readonly string[]).includes(word)) {
      throw new TemplateError(`function "${word}" used as a value`, source);
    }
    throw new TemplateError(`unknown name "${word}"`, source);
  }

  function command(nested: boolean): Expr {
    const first = tokens[index];
    if (first?.kind === 'word' && (FUNCTIONS as readonly string[]).includes(first.value)) {
      index++;
      const args: Expr[] = [];
      while (index < tokens.length && tokens[index]!.kind !== 'close') args.push(operand());
      const fn = first.value as FunctionName;
      checkArity(fn, args.length, source);
      return { kind: 'call', fn, args };
    }
    if (nested && first?.kind === 'close') throw new TemplateError('empty "()"', source);
    return operand();
  }

  const expr = command(false);
  while (index < tokens.length && tokens[index]!.kind === 'close') index++;
  if (index < tokens.length) throw new TemplateError(`unexpected "${describe(tokens[index]!)}"`, source);
  return expr;
}

function describe(token: Token): string {
  if (token.kind === 'open') return '(';
  if (token.kind === 'close') return ')';
  return token.value;
}

function checkArity(fn: FunctionName, count: number, source: string): void {
  const arity: Record<FunctionName, readonly [number, number]> = {
    and: [1, Infinity],
    or: [1, Infinity],
    not: [1, 1],
    eq: [2, Infinity],
    ne: [2, 2],
    join: [2, 2],
    re_replace: [3, 3],
    len: [1, 1],
    print: [0, Infinity],
  };
  const [min, max] = arity[fn];
  if (count < min || count > max) {
    throw new TemplateError(
      `"${fn}" takes ${min === max ? min : `at least ${min}`} arguments, got ${count}`,
      source,
    );
  }
}

function collectVariables(nodes: readonly Node[], into: Set<string>): void {
  const visit = (expr: Expr): void => {
    if (expr.kind === 'variable') into.add(expr.name);
    else if (expr.kind === 'call') expr.args.forEach(visit);
  };
  for (const node of nodes) {
    if (node.kind === 'output') visit(node.expr);
    else if (node.kind === 'if') {
      visit(node.condition);
      collectVariables(node.then, into);
      collectVariables(node.otherwise, into);
    } else if (node.kind === 'range') {
      visit(node.list);
      collectVariables(node.body, into);
      collectVariables(node.otherwise, into);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function renderNodes(
  nodes: readonly Node[],
  vars: TemplateVariables,
  dot: TemplateValue,
  source: string,
): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'output':
        out += toText(evaluate(node.expr, vars, dot, source));
        break;
      case 'if':
        out += renderNodes(
          isTruthy(evaluate(node.condition, vars, dot, source)) ? node.then : node.otherwise,
          vars,
          dot,
          source,
        );
        break;
      case 'range': {
        const list = evaluate(node.list, vars, dot, source);
        const items = list === null ? [] : typeof list === 'string' ? (list ? [list] : []) : list;
        if (items.length === 0) out += renderNodes(node.otherwise, vars, dot, source);
        for (const item of items) out += renderNodes(node.body, vars, item, source);
        break;
      }
    }
  }
  return out;
}

function toText(value: TemplateValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return `[${value.join(' ')}]`;
}

function evaluate(expr: Expr, vars: TemplateVariables, dot: TemplateValue, source: string): TemplateValue {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'dot':
      return dot;
    case 'variable':
      // Unknown variables render empty, as the sites' engines do (e.g. an optional field not found).
      return vars.get(expr.name) ?? null;
    case 'call':
      return call(expr.fn, expr.args, vars, dot, source);
  }
}

function call(
  fn: FunctionName,
  args: readonly Expr[],
  vars: TemplateVariables,
  dot: TemplateValue,
  source: string,
): TemplateValue {
  const value = (i: number) => evaluate(args[i]!, vars, dot, source);
  switch (fn) {
    case 'and': {
      let last: TemplateValue = null;
      for (let i = 0; i < args.length; i++) {
        last = value(i);
        if (!isTruthy(last)) return last;
      }
      return last;
    }
    case 'or': {
      let last: TemplateValue = null;
      for (let i = 0; i < args.length; i++) {
        last = value(i);
        if (isTruthy(last)) return last;
      }
      return last;
    }
    case 'not':
      return isTruthy(value(0)) ? null : TRUE_VALUE;
    case 'eq': {
      const first = toText(value(0));
      for (let i = 1; i < args.length; i++) if (toText(value(i)) === first) return TRUE_VALUE;
      return null;
    }
    case 'ne':
      return toText(value(0)) !== toText(value(1)) ? TRUE_VALUE : null;
    case 'join': {
      const list = value(0);
      const separator = toText(value(1));
      if (list === null) return '';
      return typeof list === 'string' ? list : list.join(separator);
    }
    case 're_replace': {
      const input = toText(value(0));
      const regex = compileDotNetRegex(toText(value(1)), 'g');
      return input.replace(regex, dotNetReplacement(toText(value(2))));
    }
    case 'len': {
      const list = value(0);
      return String(list === null ? 0 : list.length);
    }
    case 'print':
      return args.map((_, i) => toText(value(i))).join('');
  }
}
