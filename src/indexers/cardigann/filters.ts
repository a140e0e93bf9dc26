// Owns the value filters of the Cardigann language (a field's `filters:`, a search's
// `keywordsfilters:`): every filter the schema names, applied in order to one text. Arguments may
// hold templates (e.g. `append: " ({{ .Result.year }})"`), rendered with the caller's variables.
// Pure: "now" comes with the context.
import { parseFuzzyTime, parseTimeAgo, parseWithFormat } from './dates.js';
import { compileDotNetRegex, dotNetReplacement } from './dotnet-regex.js';
import { renderTemplate, type TemplateVariables } from './template.js';

export interface FilterBlock {
  name: string;
  args?: string | number | readonly (string | number | boolean)[];
}

export interface FilterContext {
  now: Date;
  variables: TemplateVariables;
}

/** Filters we implement; the loader reports any other name. (`andmatch` is a row filter.) */
export const VALUE_FILTERS = new Set([
  'querystring',
  'timeparse',
  'dateparse',
  'regexp',
  're_replace',
  'split',
  'replace',
  'trim',
  'prepend',
  'append',
  'tolower',
  'toupper',
  'urldecode',
  'urlencode',
  'htmldecode',
  'htmlencode',
  'timeago',
  'reltime',
  'fuzzytime',
  'validfilename',
  'diacritics',
  'jsonjoinarray',
  'hexdump',
  'strdump',
  'validate',
]);

export const ROW_FILTERS = new Set(['andmatch', 'strdump']);

export class FilterError extends Error {
  override name = 'FilterError';
}

export function argList(filter: FilterBlock): string[] {
  const { args } = filter;
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(String);
  return [String(args)];
}

export function applyFilters(
  value: string,
  filters: readonly FilterBlock[] | undefined,
  context: FilterContext,
): string {
  let result = value;
  for (const filter of filters ?? []) result = applyFilter(result, filter, context);
  return result;
}

function applyFilter(value: string, filter: FilterBlock, context: FilterContext): string {
  const args = argList(filter);
  const arg = (index: number) => renderTemplate(args[index] ?? '', context.variables);
  switch (filter.name) {
    case 'querystring':
      return queryParameter(value, arg(0));
    case 'timeparse':
    case 'dateparse':
      return parseWithFormat(value, arg(0), context.now).toISOString();
    case 'regexp': {
      const match = compileDotNetRegex(arg(0)).exec(value);
      return match?.[1] ?? '';
    }
    case 're_replace':
      return value.replace(compileDotNetRegex(arg(0), 'g'), dotNetReplacement(arg(1)));
    case 'split': {
      const parts = value.split(arg(0));
      const index = Number(arg(1));
      const part = index < 0 ? parts[parts.length + index] : parts[index];
      return part ?? '';
    }
    case 'replace':
      return value.split(arg(0)).join(arg(1));
    case 'trim':
      return args.length === 0 ? value.trim() : trimChars(value, arg(0));
    case 'prepend':
      return arg(0) + value;
    case 'append':
      return value + arg(0);
    case 'tolower':
      return value.toLowerCase();
    case 'toupper':
      return value.toUpperCase();
    case 'urldecode':
      return safeDecode(value.replace(/\+/g, ' '));
    case 'urlencode':
      return encodeURIComponent(value).replace(/%20/g, '+');
    case 'htmldecode':
      return decodeHtml(value);
    case 'htmlencode':
      return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    case 'timeago':
    case 'reltime':
      return parseTimeAgo(value, context.now).toISOString();
    case 'fuzzytime':
      return parseFuzzyTime(value, context.now).toISOString();
    case 'validfilename':
      // eslint-disable-next-line no-control-regex
      return value.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_');
    case 'diacritics':
      if (arg(0) !== 'replace') throw new FilterError(`diacritics: unknown argument "${arg(0)}"`);
      return value.normalize('NFD').replace(/\p{M}/gu, '');
    case 'jsonjoinarray':
      return joinJsonArray(value, arg(0), args.length > 1 ? arg(1) : ',');
    case 'hexdump':
    case 'strdump':
      // Debugging aids in the sites' engines; the value passes through.
      return value;
    case 'validate':
      return keepListed(value, arg(0));
    default:
      throw new FilterError(`unknown filter "${filter.name}"`);
  }
}

function queryParameter(value: string, name: string): string {
  const query = value.includes('?') ? value.slice(value.indexOf('?') + 1) : value;
  return new URLSearchParams(query.split('#')[0]).get(name) ?? '';
}

function trimChars(value: string, chars: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && chars.includes(value[start]!)) start++;
  while (end > start && chars.includes(value[end - 1]!)) end--;
  return value.slice(start, end);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

export function decodeHtml(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function joinJsonArray(value: string, path: string, separator: string): string {
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    throw new FilterError('jsonjoinarray: the value is not JSON');
  }
  for (const key of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    data = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  }
  if (!Array.isArray(data)) return '';
  return data.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(separator);
}

/** `validate`: keeps the words of `value` that are in the comma-separated `allowed` list. */
function keepListed(value: string, allowed: string): string {
  const words = new Map(
    allowed
      .split(',')
      .map((word) => word.trim())
      .filter(Boolean)
      .map((word) => [word.toLowerCase(), word]),
  );
  const kept = value
    .split(/[\s,/|]+/)
    .map((word) => words.get(word.toLowerCase()))
    .filter((word): word is string => word !== undefined);
  return [...new Set(kept)].join(', ');
}
