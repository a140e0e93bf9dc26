// Owns reading one search answer (an HTML/XML page or a JSON document) into releases, the pure half of
// a Cardigann search: rows found with the definition's `rows` block, `andmatch`, each field read with
// its selector or text template and its filters (in order, so later fields see earlier ones as
// `.Result.*`), date headers, and the mapping to IndexerRelease. A row that cannot be read is skipped
// and counted, never fatal to the others.
import type { IndexerRelease } from '../indexer.js';
import type { CategoryMap } from './categories.js';
import type { CardigannDefinition, SearchPathBlock, SelectorBlock, SelectorField } from './definition.js';
import { applyFilters, argList, type FilterContext } from './filters.js';
import { mapRow } from './release-mapper.js';
import { jsonRows, jsonValue, markupRows, parseJson, type ResolvedSelector, type ResultRow } from './rows.js';
import { renderTemplate, type TemplateValue, type TemplateVariables } from './template.js';

export interface ResultsContext {
  definition: CardigannDefinition;
  indexer: string;
  siteLink: URL;
  categories: CategoryMap;
  now: Date;
}

export interface SearchResults {
  releases: IndexerRelease[];
  /** Rows that matched the rows selector but could not be read (a required field missing, …). */
  skipped: number;
  firstSkipReason: string | undefined;
}

export function readSearchResults(
  text: string,
  path: SearchPathBlock,
  variables: TemplateVariables,
  context: ResultsContext,
): SearchResults {
  const { rows: rowsBlock, fields } = context.definition.search;
  const none: SearchResults = { releases: [], skipped: 0, firstSkipReason: undefined };
  const type = path.response?.type ?? 'html';
  if (path.response?.noResultsMessage && text.includes(path.response.noResultsMessage)) return none;

  let rows: ResultRow[];
  if (type === 'json') {
    if (!text.trim()) return none;
    const document = parseJson(text);
    if (rowsBlock.count?.selector) {
      const count = jsonValue(document, rowsBlock.count.selector);
      if (count !== null && Number(count) === 0) return none;
    }
    rows = jsonRows(document, {
      selector: renderTemplate(rowsBlock.selector, variables),
      attribute: rowsBlock.attribute,
      multiple: rowsBlock.multiple ?? false,
      missingAttributeEqualsNoResults: rowsBlock.missingAttributeEqualsNoResults ?? false,
    });
  } else {
    rows = markupRows(text, {
      selector: renderTemplate(rowsBlock.selector, variables),
      after: rowsBlock.after ?? 0,
      remove: rowsBlock.remove,
      xml: type === 'xml',
    });
  }

  const andMatch = rowsBlock.filters?.find((filter) => filter.name === 'andmatch');
  const keywords =
    typeof variables.get('.Keywords') === 'string' ? (variables.get('.Keywords') as string) : '';
  const releases: IndexerRelease[] = [];
  let skipped = 0;
  let firstReason: string | undefined;
  for (const row of rows) {
    if (andMatch && keywords && !matchesKeywords(row.text(), keywords, argList(andMatch)[0])) continue;
    try {
      releases.push(readRow(row, fields, variables, context));
    } catch (error) {
      skipped++;
      firstReason ??= messageOf(error);
    }
  }
  return { releases, skipped, firstSkipReason: firstReason };
}

function readRow(
  row: ResultRow,
  fields: Record<string, SelectorBlock>,
  variables: TemplateVariables,
  results: ResultsContext,
): IndexerRelease {
  const { now } = results;
  const rowVariables = new Map<string, TemplateValue>(variables);
  const values = new Map<string, string>();
  const siteCategories: string[] = [];
  const context: FilterContext = { now, variables: rowVariables };
  for (const [key, block] of Object.entries(fields)) {
    const [name = key, modifier] = key.split('|');
    let value: string | null;
    try {
      value = readField(row, block, context);
    } catch (error) {
      if (!block.optional) throw new Error(`field "${name}": ${messageOf(error)}`);
      value = null;
    }
    if (value === null) {
      if (!block.optional) throw new Error(`field "${name}" not found`);
      value = block.default === undefined ? null : renderTemplate(String(block.default), rowVariables);
    }
    rowVariables.set(`.Result.${name}`, value);
    if (value === null) continue;
    if (name === 'category') {
      if (modifier !== 'append') siteCategories.length = 0;
      siteCategories.push(
        ...value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      );
    }
    if (modifier === 'append' && values.has(name)) values.set(name, `${values.get(name)}${value}`);
    else values.set(name, value);
  }
  if (!values.has('date') && results.definition.search.rows.dateheaders) {
    const header = results.definition.search.rows.dateheaders;
    const raw = row.dateHeader(resolveSelector(header, rowVariables));
    if (raw !== null) values.set('date', applyFilters(raw, header.filters, context));
  }
  return mapRow(
    { fields: values, siteCategories },
    { indexer: results.indexer, siteLink: results.siteLink, categories: results.categories, now },
  );
}

/** One field's value after filters, or null when its selector matches nothing. */
function readField(row: ResultRow, block: SelectorBlock, context: FilterContext): string | null {
  let value: string | null;
  if (block.text !== undefined) value = renderTemplate(String(block.text), context.variables);
  else value = row.value(resolveSelector(block, context.variables));
  if (value === null) return null;
  return applyFilters(value, block.filters, context);
}

export function resolveSelector(
  block: SelectorBlock | SelectorField,
  variables: TemplateVariables,
): ResolvedSelector {
  return {
    selector: block.selector === undefined ? undefined : renderTemplate(block.selector, variables),
    attribute: block.attribute,
    remove: 'remove' in block ? block.remove : undefined,
    case: 'case' in block ? block.case : undefined,
  };
}

/** `andmatch`: every keyword (or the given percentage of them) appears in the row's text. */
function matchesKeywords(text: string, keywords: string, percent: string | undefined): boolean {
  const words = keywords
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return true;
  const haystack = text.toLowerCase();
  const found = words.filter((word) => haystack.includes(word)).length;
  const needed =
    percent && /^\d+$/.test(percent) ? Math.ceil((words.length * Number(percent)) / 100) : words.length;
  return found >= needed;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
