// Owns the set of Cardigann definitions the user's directory holds, loaded once: which can run, why
// the others cannot, the settings each one asks for (for the UI), and building a CardigannIndexer for
// a configured indexer. The app wires it; nothing else reads the directory.
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/errors.js';
import type { IndexerFetch } from '../torznab/torznab.client.js';
import { CardigannIndexer } from './cardigann.indexer.js';
import type { CookieJar } from './cookie-jar.js';
import type { CardigannDefinition, SettingDefinition } from './definition.js';
import {
  loadDefinitionDirectory,
  type DefinitionReport,
  type DefinitionValidator,
} from './definition-loader.js';
import type { IndexerSettings } from './variables.js';

/** One definition as a list shows it. */
export interface DefinitionSummary {
  id: string;
  name: string;
  description: string;
  language: string;
  type: CardigannDefinition['type'];
  links: string[];
  /** The settings to ask the user for, in the definition's order (info-only entries included). */
  settings: SettingDefinition[];
  /** True when the login has a captcha: the user must paste a cookie instead of a password. */
  needsManualCookie: boolean;
}

export interface CardigannIndexerConfig {
  /** The user's name for this indexer. */
  name: string;
  definitionId: string;
  settings: IndexerSettings;
  /** Another mirror of the site than the definition's first link. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Overrides the definition's `requestDelay` (ms between requests to the site). */
  requestDelayMs?: number;
  cookies?: CookieJar;
}

export class DefinitionCatalog {
  private readonly definitions: Map<string, CardigannDefinition>;

  private constructor(readonly reports: readonly DefinitionReport[]) {
    this.definitions = new Map(
      reports.flatMap((report) =>
        report.status === 'ok' ? [[report.definition.id, report.definition] as const] : [],
      ),
    );
  }

  /** Reads every definition in `directory` (schema.json beside them unless a validator is given). */
  static async load(directory: string, validator?: DefinitionValidator): Promise<DefinitionCatalog> {
    return new DefinitionCatalog(await loadDefinitionDirectory(directory, validator));
  }

  /** The definitions that can run, by name. */
  list(): DefinitionSummary[] {
    return [...this.definitions.values()].sort((a, b) => a.name.localeCompare(b.name)).map(summaryOf);
  }

  /** Files that cannot run, each with its reasons. */
  problems(): Extract<DefinitionReport, { status: 'invalid' | 'unsupported' }>[] {
    return this.reports.filter((report) => report.status !== 'ok');
  }

  get(id: string): CardigannDefinition {
    const definition = this.definitions.get(id);
    if (definition) return definition;
    const problem = this.reports.find((report) => report.id === id && report.status !== 'ok');
    if (problem && problem.status !== 'ok') {
      throw new NotFoundError(`Cardigann definition "${id}" cannot run: ${problem.reasons.join('; ')}`);
    }
    throw new NotFoundError(`no Cardigann definition "${id}"`);
  }

  createIndexer(
    config: CardigannIndexerConfig,
    dependencies: { clock?: Clock; logger?: Logger; fetch?: IndexerFetch } = {},
  ): CardigannIndexer {
    return new CardigannIndexer({
      definition: this.get(config.definitionId),
      name: config.name,
      settings: config.settings,
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
      ...(config.requestDelayMs === undefined ? {} : { requestDelayMs: config.requestDelayMs }),
      ...(config.cookies ? { cookies: config.cookies } : {}),
      ...dependencies,
    });
  }
}

function summaryOf(definition: CardigannDefinition): DefinitionSummary {
  return {
    id: definition.id,
    name: definition.name,
    description: definition.description,
    language: definition.language,
    type: definition.type,
    links: definition.links,
    settings: definition.settings ?? [],
    needsManualCookie: definition.login?.captcha !== undefined || definition.login?.method === 'cookie',
  };
}
