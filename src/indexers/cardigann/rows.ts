// Owns finding result rows in a site's answer and reading values out of one row, for the three kinds
// of answer definitions describe: HTML pages and XML documents (CSS selectors through cheerio, with
// `rows.after`, `rows.remove` and `rows.dateheaders`), and JSON (dotted paths such as `data.movies`,
// `..title` for the parent item of a `multiple` row, `[0]` indexes and `:contains()`/`:has()` tests).
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';

/** A selector block with its templates already rendered. */
export interface ResolvedSelector {
  selector: string | undefined;
  attribute: string | undefined;
  remove: string | undefined;
  case: Record<string, string | number> | undefined;
}

export interface ResultRow {
  /** The value the selector points at (attribute, else text), or null when nothing matches. */
  value(selector: ResolvedSelector): string | null;
  /** The whole row as text, for `andmatch`. */
  text(): string;
  /** The raw text of the date header above the row (HTML only), before filters. */
  dateHeader(selector: ResolvedSelector): string | null;
}

export class RowSelectorError extends Error {
  override name = 'RowSelectorError';
}

// ---------------------------------------------------------------------------------------------
// HTML and XML

/**
 * A definition's CSS selector as cheerio reads it. The sites' engines accept parentheses inside a
 * quoted `:contains("a(b")`; cheerio's parser counts them, so they are escaped there.
 */
export function cssSelector(selector: string): string {
  if (!selector.includes('(') || !/["']/.test(selector)) return selector;
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < selector.length; i++) {
    const char = selector[i]!;
    if (char === '\\') {
      out += char + (selector[i + 1] ?? '');
      i++;
      continue;
    }
    if (quote !== null) {
      if (char === quote) quote = null;
      out += char === '(' || char === ')' ? `\\${char}` : char;
    } else {
      if (char === '"' || char === "'") quote = char;
      out += char;
    }
  }
  return out;
}

export interface MarkupRowsOptions {
  selector: string;
  after: number;
  remove: string | undefined;
  xml: boolean;
}

export function markupRows(document: string, options: MarkupRowsOptions): ResultRow[] {
  const $ = cheerio.load(document, { xml: options.xml });
  if (options.remove) $(cssSelector(options.remove)).remove();
  let elements: AnyNode[];
  try {
    elements = $(cssSelector(options.selector)).toArray();
  } catch (error) {
    throw new RowSelectorError(`rows selector "${options.selector}": ${(error as Error).message}`);
  }
  const rows: ResultRow[] = [];
  for (let index = 0; index < elements.length; index++) {
    const row = $(elements[index]);
    if (options.after > 0) {
      // The next rows belong to this one (e.g. a second line with the size and seeders): merge them.
      const merged = row.clone();
      for (let extra = 1; extra <= options.after && index + extra < elements.length; extra++) {
        merged.append(
          $(elements[index + extra])
            .clone()
            .contents(),
        );
      }
      index += options.after;
      rows.push(new MarkupRow($, merged, row));
    } else {
      rows.push(new MarkupRow($, row, row));
    }
  }
  return rows;
}

class MarkupRow implements ResultRow {
  constructor(
    private readonly $: cheerio.CheerioAPI,
    private readonly row: cheerio.Cheerio<AnyNode>,
    /** The row as it sits in the document, for walking back to a date header. */
    private readonly anchor: cheerio.Cheerio<AnyNode>,
  ) {}

  value(selector: ResolvedSelector): string | null {
    const element = this.find(this.row, selector.selector);
    if (!element) return null;
    if (selector.case)
      return caseOf(selector.case, (key) => safeIs(element, key) || safeFind(element, key).length > 0);
    return readElement(element, selector);
  }

  text(): string {
    return this.row.text().replace(/\s+/g, ' ').trim();
  }

  dateHeader(selector: ResolvedSelector): string | null {
    for (const sibling of this.anchor.prevAll().toArray()) {
      const candidate = this.$(sibling);
      const element =
        selector.selector && safeIs(candidate, selector.selector)
          ? candidate
          : this.find(candidate, selector.selector);
      if (element) return readElement(element, selector);
    }
    return null;
  }

  private find(
    scope: cheerio.Cheerio<AnyNode>,
    selector: string | undefined,
  ): cheerio.Cheerio<AnyNode> | null {
    if (!selector) return scope;
    let found: cheerio.Cheerio<AnyNode>;
    try {
      found = scope.find(cssSelector(selector)).first();
    } catch (error) {
      throw new RowSelectorError(`selector "${selector}": ${(error as Error).message}`);
    }
    return found.length > 0 ? found : null;
  }
}

function readElement(element: cheerio.Cheerio<AnyNode>, selector: ResolvedSelector): string {
  let target = element;
  if (selector.remove) {
    target = element.clone();
    target.find(cssSelector(selector.remove)).remove();
  }
  if (selector.attribute) return target.attr(selector.attribute) ?? '';
  return target.text().replace(/\s+/g, ' ').trim();
}

function safeIs(element: cheerio.Cheerio<AnyNode>, selector: string): boolean {
  try {
    return element.is(cssSelector(selector));
  } catch (error) {
    throw new RowSelectorError(`selector "${selector}": ${(error as Error).message}`);
  }
}

function safeFind(element: cheerio.Cheerio<AnyNode>, selector: string): cheerio.Cheerio<AnyNode> {
  try {
    return element.find(cssSelector(selector));
  } catch (error) {
    throw new RowSelectorError(`selector "${selector}": ${(error as Error).message}`);
  }
}

function caseOf(cases: Record<string, string | number>, matches: (key: string) => boolean): string | null {
  for (const [key, value] of Object.entries(cases)) {
    if (key === '*' || matches(key)) return String(value);
  }
  return null;
}

/** Reads a count or message out of a whole document (search `rows.count`, login errors). */
export function markupValue(document: string, selector: ResolvedSelector, xml = false): string | null {
  const $ = cheerio.load(document, { xml });
  const root = $.root();
  return new MarkupRow($, root, root).value(selector);
}

// ---------------------------------------------------------------------------------------------
// JSON

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonRowsOptions {
  selector: string;
  /** With `multiple`, each element of this array inside a row is a row (its item is the parent). */
  attribute: string | undefined;
  multiple: boolean;
  missingAttributeEqualsNoResults: boolean;
}

export function parseJson(text: string): Json {
  return JSON.parse(text) as Json;
}

export function jsonRows(document: Json, options: JsonRowsOptions): ResultRow[] {
  const found = selectJson(document, options.selector);
  const items = found === undefined || found === null ? [] : Array.isArray(found) ? found : [found];
  const rows: ResultRow[] = [];
  for (const item of items) {
    if (options.multiple && options.attribute) {
      const children = selectJson(item, options.attribute);
      if (!Array.isArray(children)) {
        if (options.missingAttributeEqualsNoResults) continue;
        throw new RowSelectorError(`rows attribute "${options.attribute}" is not a list`);
      }
      for (const child of children) rows.push(new JsonRow(child, item));
    } else {
      rows.push(new JsonRow(item, null));
    }
  }
  return rows;
}

/** A value at a path of the whole document (`rows.count`, `$.numFound`). */
export function jsonValue(document: Json, selector: string): string | null {
  return scalarText(selectJson(document, selector));
}

class JsonRow implements ResultRow {
  constructor(
    private readonly item: Json,
    private readonly parent: Json | null,
  ) {}

  value(selector: ResolvedSelector): string | null {
    let path = selector.selector ?? '';
    let scope = this.item;
    if (path.startsWith('..')) {
      if (this.parent === null) return null;
      scope = this.parent;
      path = path.slice(2);
    }
    const found = selectJson(scope, path);
    if (found === undefined) return null;
    const text = typeof found === 'object' && found !== null ? JSON.stringify(found) : scalarText(found);
    if (text === null) return null;
    if (selector.case) return caseOf(selector.case, (key) => key === text);
    return text;
  }

  text(): string {
    return JSON.stringify(this.item);
  }

  dateHeader(): string | null {
    return null;
  }
}

function scalarText(value: Json | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A dotted path with `[n]` indexes and tests: `data.movies`, `$[0].id`, `files[0].name`,
 * `name:contains(VOSE)`, `release:not(:contains("a"))`, `$:has(username:contains(bob))`.
 * Undefined when the path is absent or a test fails.
 */
export function selectJson(document: Json, selector: string): Json | undefined {
  const { path, tests } = splitTests(selector.trim());
  let current: Json | undefined = document;
  for (const segment of path
    .replace(/^\$\.?/, '')
    .split(/\.(?![^[]*\])/)
    .filter(Boolean)) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
    if (!match) throw new RowSelectorError(`JSON path "${selector}" is not understood`);
    if (match[1]) current = child(current, match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) current = child(current, Number(index[1]));
    if (current === undefined) return undefined;
  }
  for (const test of tests) if (!passes(current, test)) return undefined;
  return current;
}

function child(value: Json | undefined, key: string | number): Json | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  return Object.hasOwn(value, key) ? value[key] : undefined;
}

type JsonTest =
  { kind: 'contains'; text: string; negate: boolean } | { kind: 'has'; selector: string; negate: boolean };

function splitTests(selector: string): { path: string; tests: JsonTest[] } {
  const start = selector.search(/:(contains|not|has)\(/);
  if (start === -1) return { path: selector, tests: [] };
  const tests: JsonTest[] = [];
  let rest = selector.slice(start);
  while (rest) {
    const match = /^:(contains|not|has)\(/.exec(rest);
    if (!match) throw new RowSelectorError(`JSON selector "${selector}" is not understood`);
    const close = closingParen(rest, match[0].length - 1);
    if (close === -1) throw new RowSelectorError(`JSON selector "${selector}" has an unclosed "("`);
    const inner = rest.slice(match[0].length, close);
    if (match[1] === 'contains') tests.push({ kind: 'contains', text: unquote(inner), negate: false });
    else if (match[1] === 'has') tests.push({ kind: 'has', selector: inner, negate: false });
    else {
      const negated = splitTests(inner).tests;
      if (negated.length !== 1)
        throw new RowSelectorError(`JSON selector "${selector}": :not() takes one test`);
      tests.push({ ...negated[0]!, negate: true });
    }
    rest = rest.slice(close + 1);
  }
  return { path: selector.slice(0, start), tests };
}

function passes(value: Json | undefined, test: JsonTest): boolean {
  const result =
    test.kind === 'contains'
      ? (scalarText(value) ?? '').includes(test.text)
      : value !== undefined && selectJson(value, test.selector) !== undefined;
  return test.negate ? !result : result;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}
