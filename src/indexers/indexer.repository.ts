// Owns the SQL of configured indexers: their settings (limits included) and their health state.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import { healthyIndexer, type IndexerHealth } from './indexer-health.js';
import type { UsageLimit } from './indexer-stats.js';
import type { IndexerImplementation, IndexersTable, LimitPeriod } from './indexer.tables.js';

export interface IndexerSettings {
  id: number;
  name: string;
  implementation: IndexerImplementation;
  url: string;
  apiPath: string;
  apiKey: string | null;
  categories: number[];
  priority: number;
  enabled: boolean;
  rssEnabled: boolean;
  searchEnabled: boolean;
  timeoutMs: number;
  minIntervalMs: number;
  /** Most queries (searches and RSS) in a rolling hour or day; null means unlimited. */
  queryLimit: UsageLimit | null;
  /** Most releases fetched in a rolling hour or day; null means unlimited. */
  grabLimit: UsageLimit | null;
  /** Cardigann only: the definition, and the answers to its settings (secret ones apart). */
  definitionId: string | null;
  definitionSettings: Record<string, string | boolean>;
  definitionSecrets: Record<string, string>;
  health: IndexerHealth;
  updatedAt: number;
}

type CardigannFields = 'definitionId' | 'definitionSettings' | 'definitionSecrets';

/** What a user gives: the Cardigann fields only for Cardigann indexers. */
export type IndexerInput = Omit<IndexerSettings, 'id' | 'health' | 'updatedAt' | CardigannFields> &
  Partial<Pick<IndexerSettings, CardigannFields>>;

function toSettings(row: Selectable<IndexersTable>): IndexerSettings {
  return {
    id: row.id,
    name: row.name,
    implementation: row.implementation,
    url: row.url,
    apiPath: row.api_path,
    apiKey: row.api_key,
    categories: JSON.parse(row.categories) as number[],
    priority: row.priority,
    enabled: row.enabled === 1,
    rssEnabled: row.rss_enabled === 1,
    searchEnabled: row.search_enabled === 1,
    timeoutMs: row.timeout_ms,
    minIntervalMs: row.min_interval_ms,
    queryLimit: limitOf(row.query_limit, row.query_limit_period),
    grabLimit: limitOf(row.grab_limit, row.grab_limit_period),
    definitionId: row.definition_id,
    definitionSettings: row.definition_settings
      ? (JSON.parse(row.definition_settings) as Record<string, string | boolean>)
      : {},
    definitionSecrets: row.definition_secrets
      ? (JSON.parse(row.definition_secrets) as Record<string, string>)
      : {},
    health: JSON.parse(row.health) as IndexerHealth,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: IndexerInput) {
  return {
    name: input.name,
    implementation: input.implementation,
    url: input.url,
    api_path: input.apiPath,
    api_key: input.apiKey,
    categories: JSON.stringify(input.categories),
    priority: input.priority,
    enabled: input.enabled ? 1 : 0,
    rss_enabled: input.rssEnabled ? 1 : 0,
    search_enabled: input.searchEnabled ? 1 : 0,
    timeout_ms: input.timeoutMs,
    min_interval_ms: input.minIntervalMs,
    query_limit: input.queryLimit?.max ?? null,
    query_limit_period: input.queryLimit?.per ?? null,
    grab_limit: input.grabLimit?.max ?? null,
    grab_limit_period: input.grabLimit?.per ?? null,
    definition_id: input.definitionId ?? null,
    definition_settings: input.definitionId ? JSON.stringify(input.definitionSettings ?? {}) : null,
    definition_secrets: input.definitionId ? JSON.stringify(input.definitionSecrets ?? {}) : null,
  };
}

function limitOf(max: number | null, per: LimitPeriod | null): UsageLimit | null {
  return max === null || per === null ? null : { max: Number(max), per };
}

export class IndexerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<IndexerSettings[]> {
    const rows = await this.db.selectFrom('indexers').selectAll().orderBy('priority').orderBy('id').execute();
    return rows.map(toSettings);
  }

  async get(id: number): Promise<IndexerSettings | undefined> {
    const row = await this.db.selectFrom('indexers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSettings(row);
  }

  async findByName(name: string): Promise<IndexerSettings | undefined> {
    const row = await this.db.selectFrom('indexers').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toSettings(row);
  }

  async insert(input: IndexerInput, now: number): Promise<IndexerSettings> {
    const row = await this.db
      .insertInto('indexers')
      .values({
        ...toColumns(input),
        health: JSON.stringify(healthyIndexer),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSettings(row);
  }

  async update(id: number, input: IndexerInput, now: number): Promise<IndexerSettings | undefined> {
    const row = await this.db
      .updateTable('indexers')
      .set({ ...toColumns(input), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toSettings(row);
  }

  async saveHealth(id: number, health: IndexerHealth): Promise<void> {
    await this.db
      .updateTable('indexers')
      .set({ health: JSON.stringify(health) })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('indexers').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
