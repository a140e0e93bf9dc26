// Owns reading Cardigann definitions from a directory and deciding, per file, whether the engine can
// run it: the YAML must parse, match the v11 JSON Schema (schema.json beside the definitions), and use
// only what the engine implements (templates it can parse, filters it knows, regular expressions
// JavaScript can run, page encodings Node can decode). Each file gets a report with the precise reason
// when it cannot be used; one bad file never stops the others from loading.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import * as cheerio from 'cheerio';
import { parse as parseYaml } from 'yaml';
import type { CardigannDefinition } from './definition.js';
import { compileDotNetRegex } from './dotnet-regex.js';
import { applyFilters, argList, ROW_FILTERS, VALUE_FILTERS, type FilterBlock } from './filters.js';
import { cssSelector, selectJson } from './rows.js';
import { compileTemplate, renderTemplate, type TemplateVariables } from './template.js';
import { configVariables, queryVariables } from './variables.js';

export type DefinitionReport =
  | { file: string; id: string; status: 'ok'; definition: CardigannDefinition }
  | {
      file: string;
      id: string | null;
      /** `invalid`: not YAML or not schema v11; `unsupported`: valid, but uses what we cannot run. */
      status: 'invalid' | 'unsupported';
      reasons: string[];
    };

/** Checks definitions against one schema; build it once and reuse it (compiling the schema is slow). */
export class DefinitionValidator {
  private readonly validate: ValidateFunction;

  constructor(schema: object) {
    const ajv = new Ajv2019({
      allErrors: false,
      strict: false,
      formats: { uri: (text: string) => URL.canParse(text) },
    });
    // The schema names its own dialect in `$schema`; Ajv2019 knows it without fetching anything.
    this.validate = ajv.compile(schema);
  }

  static async fromFile(schemaPath: string): Promise<DefinitionValidator> {
    return new DefinitionValidator(JSON.parse(await readFile(schemaPath, 'utf8')) as object);
  }

  /** Reads one definition file's text; never throws. */
  check(file: string, text: string): DefinitionReport {
    let document: unknown;
    try {
      document = parseYaml(text, { uniqueKeys: false });
    } catch (error) {
      return { file, id: null, status: 'invalid', reasons: [`not valid YAML: ${firstLine(error)}`] };
    }
    const id = idOf(document);
    if (!this.validate(document)) {
      return {
        file,
        id,
        status: 'invalid',
        reasons: (this.validate.errors ?? []).slice(0, 3).map(describeSchemaError),
      };
    }
    const definition = document as CardigannDefinition;
    const reasons = unsupportedFeatures(definition);
    if (reasons.length > 0) return { file, id, status: 'unsupported', reasons };
    return { file, id: definition.id, status: 'ok', definition };
  }
}

/** Every `*.yml`/`*.yaml` in `directory`, in name order, each with its report. */
export async function loadDefinitionDirectory(
  directory: string,
  validator?: DefinitionValidator,
): Promise<DefinitionReport[]> {
  const checker = validator ?? (await DefinitionValidator.fromFile(path.join(directory, 'schema.json')));
  const files = (await readdir(directory)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const reports: DefinitionReport[] = [];
  for (const file of files) {
    reports.push(checker.check(file, await readFile(path.join(directory, file), 'utf8')));
  }
  return reports;
}

/** What in a schema-valid definition the engine cannot run; empty when it can run all of it. */
export function unsupportedFeatures(definition: CardigannDefinition): string[] {
  const reasons = new Set<string>();
  const settingNames = new Set((definition.settings ?? []).map((s) => s.name));

  try {
    new TextDecoder(definition.encoding);
  } catch {
    reasons.add(`page encoding "${definition.encoding}" is not supported`);
  }

  // Templates: every string of the definition that holds one must parse.
  visitStrings(definition, (text, where) => {
    if (!text.includes('{{')) return;
    try {
      const template = compileTemplate(text);
      for (const variable of template.variables) {
        const match = /^\.Config\.(.+)$/.exec(variable);
        if (match && !settingNames.has(match[1]!) && !BUILT_IN_CONFIG.has(match[1]!)) {
          reasons.add(`${where}: template reads .Config.${match[1]}, which no setting defines`);
        }
      }
    } catch (error) {
      reasons.add(`${where}: ${firstLine(error)}`);
    }
  });

  const checkFilters = (
    filters: readonly FilterBlock[] | undefined,
    where: string,
    known: ReadonlySet<string>,
  ) => {
    for (const filter of filters ?? []) {
      if (!known.has(filter.name)) {
        reasons.add(`${where}: filter "${filter.name}" is not supported`);
        continue;
      }
      if (filter.name === 're_replace' || filter.name === 'regexp') {
        const pattern = argList(filter)[0] ?? '';
        if (pattern.includes('{{')) continue;
        try {
          compileDotNetRegex(pattern);
        } catch (error) {
          reasons.add(`${where}: ${firstLine(error)}`);
        }
      }
    }
  };

  const { search, login, download } = definition;
  checkFilters(search.keywordsfilters, 'search.keywordsfilters', VALUE_FILTERS);
  checkFilters(search.preprocessingfilters, 'search.preprocessingfilters', VALUE_FILTERS);
  checkFilters(search.rows.filters, 'search.rows.filters', ROW_FILTERS);
  for (const [name, field] of Object.entries(search.fields)) {
    checkFilters(field.filters, `search.fields.${name}`, VALUE_FILTERS);
  }
  if (search.rows.dateheaders)
    checkFilters(search.rows.dateheaders.filters, 'search.rows.dateheaders', VALUE_FILTERS);
  for (const [index, selector] of (download?.selectors ?? []).entries()) {
    checkFilters(selector.filters, `download.selectors[${index}]`, VALUE_FILTERS);
  }
  for (const [index, block] of (login?.error ?? []).entries()) {
    checkFilters(block.message?.filters, `login.error[${index}].message`, VALUE_FILTERS);
  }
  if (download?.method && !/^(get|post)$/i.test(download.method)) {
    reasons.add(`download.method "${download.method}" is not supported`);
  }
  if (!fieldNames(search).some((name) => ['download', 'magnet', 'infohash'].includes(name))) {
    reasons.add('search.fields has no download, magnet or infohash field');
  }
  if (!fieldNames(search).includes('title')) reasons.add('search.fields has no title field');
  if (reasons.size === 0) for (const reason of unusableSelectors(definition)) reasons.add(reason);
  return [...reasons];
}

/**
 * Selectors cheerio (or our JSON paths) cannot read, found by compiling each one; templated selectors
 * are rendered first with the settings' defaults and a sample search, as a first search would.
 */
function unusableSelectors(definition: CardigannDefinition): string[] {
  const reasons: string[] = [];
  const now = new Date();
  const variables: TemplateVariables = new Map([
    ...configVariables(definition, {}, new URL(definition.links[0] ?? 'http://localhost/'), now),
    ...queryVariables({ kind: 'text', text: 'sample' }, 'sample', ['1']),
  ]);
  const $ = cheerio.load('<html><body></body></html>');
  const css = (selector: string | undefined, where: string) => {
    if (!selector) return;
    try {
      $.root().find(cssSelector(renderTemplate(selector, variables)));
    } catch (error) {
      reasons.push(`${where}: selector ${JSON.stringify(selector)} cannot be used: ${firstLine(error)}`);
    }
  };
  const json = (selector: string | undefined, where: string) => {
    if (!selector) return;
    try {
      selectJson({}, renderTemplate(selector, variables).replace(/^\.\./, ''));
    } catch (error) {
      reasons.push(`${where}: ${firstLine(error)}`);
    }
  };
  const { search, login, download } = definition;
  // A first search renders these; a template that fails here (e.g. a bad regex inside re_replace)
  // would fail every search.
  const render = (template: string | number | boolean | undefined, where: string) => {
    if (typeof template !== 'string') return;
    try {
      renderTemplate(template, variables);
    } catch (error) {
      reasons.push(`${where}: ${firstLine(error)}`);
    }
  };
  for (const [index, path] of (search.paths ?? []).entries()) {
    render(path.path, `search.paths[${index}].path`);
    render(path.method, `search.paths[${index}].method`);
    for (const [key, value] of Object.entries(path.inputs ?? {}))
      render(value, `search.paths[${index}].inputs.${key}`);
  }
  for (const [key, value] of Object.entries(search.inputs ?? {})) render(value, `search.inputs.${key}`);
  try {
    applyFilters('Sample Keywords 2024', search.keywordsfilters, { now, variables });
  } catch (error) {
    reasons.push(`search.keywordsfilters: ${firstLine(error)}`);
  }
  const isJson = (search.paths ?? []).some((path) => path.response?.type === 'json');
  const rowSelector = isJson ? json : css;
  rowSelector(search.rows.selector, 'search.rows');
  rowSelector(search.rows.count?.selector, 'search.rows.count');
  css(search.rows.remove, 'search.rows.remove');
  css(search.rows.dateheaders?.selector, 'search.rows.dateheaders');
  for (const [name, field] of Object.entries(search.fields)) {
    rowSelector(field.selector, `search.fields.${name}`);
    if (!isJson) {
      css(field.remove, `search.fields.${name}.remove`);
      for (const key of Object.keys(field.case ?? {}))
        if (key !== '*') css(key, `search.fields.${name}.case`);
    }
  }
  for (const block of search.error ?? []) css(block.selector, 'search.error');
  css(login?.form, 'login.form');
  css(login?.test?.selector, 'login.test');
  css(login?.captcha?.selector, 'login.captcha');
  for (const block of login?.error ?? []) css(block.selector, 'login.error');
  for (const [name, field] of Object.entries(login?.selectorinputs ?? {}))
    css(field.selector, `login.selectorinputs.${name}`);
  for (const [index, field] of (download?.selectors ?? []).entries())
    css(field.selector, `download.selectors[${index}]`);
  css(download?.infohash?.hash?.selector, 'download.infohash.hash');
  css(download?.infohash?.title?.selector, 'download.infohash.title');
  css(download?.before?.pathselector?.selector, 'download.before.pathselector');
  return reasons;
}

/** Variables the engine itself provides under `.Config`. */
const BUILT_IN_CONFIG = new Set(['sitelink']);

function fieldNames(search: CardigannDefinition['search']): string[] {
  return Object.keys(search.fields).map((name) => name.split('|')[0]!);
}

function visitStrings(value: unknown, visit: (text: string, where: string) => void, where = ''): void {
  if (typeof value === 'string') visit(value, where || '(root)');
  else if (Array.isArray(value))
    value.forEach((item, index) => visitStrings(item, visit, `${where}[${index}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      visitStrings(item, visit, where ? `${where}.${key}` : key);
  }
}

function idOf(document: unknown): string | null {
  if (document !== null && typeof document === 'object' && 'id' in document) {
    const { id } = document;
    if (typeof id === 'string') return id;
  }
  return null;
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (error.keyword === 'enum') {
    return `${where}: ${error.message ?? 'not one of the allowed values'}`;
  }
  return `${where}: ${error.message ?? error.keyword}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
