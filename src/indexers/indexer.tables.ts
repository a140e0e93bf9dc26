// The indexer tables as Kysely sees them: the indexers (migration 0004-indexers, limits added by
// 0007-indexer-stats), their lifetime statistics, the recent queries and grabs their limits count,
// and the Torznab server's link key (0007-indexer-stats).
import type { ColumnType, Generated } from 'kysely';

export type IndexerImplementation = 'torznab' | 'newznab' | 'cardigann';

export type LimitPeriod = 'hour' | 'day';

export interface IndexersTable {
  id: Generated<number>;
  name: string;
  implementation: IndexerImplementation;
  url: string;
  api_path: string;
  /** Secret: sent to the indexer only; never in an API response or a log line. */
  api_key: string | null;
  /** JSON array of Newznab category ids. */
  categories: string;
  /** 1 (first) to 50 (last): breaks ties between equally good releases. */
  priority: number;
  enabled: number;
  rss_enabled: number;
  search_enabled: number;
  timeout_ms: number;
  min_interval_ms: number;
  /** JSON IndexerHealth: back-off state and the last failure's reason. */
  health: string;
  /** Most queries (searches and RSS) per `query_limit_period`; null means no limit. */
  query_limit: ColumnType<number | null, number | null | undefined, number | null>;
  query_limit_period: ColumnType<LimitPeriod | null, LimitPeriod | null | undefined, LimitPeriod | null>;
  grab_limit: ColumnType<number | null, number | null | undefined, number | null>;
  grab_limit_period: ColumnType<LimitPeriod | null, LimitPeriod | null | undefined, LimitPeriod | null>;
  /** Cardigann: the definition's id, and the user's settings for it as JSON (0008-cardigann). */
  definition_id: ColumnType<string | null, string | null | undefined, string | null>;
  definition_settings: ColumnType<string | null, string | null | undefined, string | null>;
  /** Secret: the password-type settings, apart so no response ever carries them. */
  definition_secrets: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: number;
  updated_at: number;
}

type Counter = ColumnType<number, number | undefined, number>;

/** Lifetime counters of one indexer; the row appears with its first query. */
export interface IndexerStatsTable {
  indexer_id: number;
  /** Every query sent, RSS included. */
  queries: Counter;
  rss_queries: Counter;
  failed_queries: Counter;
  /** Releases fetched for a download client. */
  grabs: Counter;
  failed_grabs: Counter;
  /** Failures of either kind that were the credentials' fault. */
  auth_failures: Counter;
  /** Sum and count of the answered calls' durations, for the average. */
  response_ms_total: Counter;
  responses: Counter;
  last_query_at: number | null;
  last_grab_at: number | null;
}

/** One query or grab of an indexer that has a limit for it; rows older than a day are pruned. */
export interface IndexerUsageTable {
  id: Generated<number>;
  indexer_id: number;
  kind: 'query' | 'grab';
  at: number;
}

export interface IndexerSecretsTable {
  name: string;
  value: string;
  created_at: number;
}

export interface IndexerTables {
  indexers: IndexersTable;
  indexer_stats: IndexerStatsTable;
  indexer_usage: IndexerUsageTable;
  indexer_secrets: IndexerSecretsTable;
}
