// The indexers table as Kysely sees it (created by migration 0004-indexers).
import type { Generated } from 'kysely';

export type IndexerImplementation = 'torznab' | 'newznab';

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
  created_at: number;
  updated_at: number;
}

export interface IndexerTables {
  indexers: IndexersTable;
}
