// The history table (created by migration 0006-pipeline): one row per event in a movie's life.
import type { Generated } from 'kysely';

export type HistoryEvent =
  'grabbed' | 'imported' | 'upgraded' | 'download_failed' | 'import_blocked' | 'deleted' | 'blocklisted';

export interface HistoryTable {
  id: Generated<number>;
  movie_id: number;
  event: HistoryEvent;
  source_title: string;
  quality_name: string | null;
  tracked_download_id: number | null;
  /** JSON of event-specific detail (paths, reasons, indexer, client). */
  data: string;
  created_at: number;
}

export interface HistoryTables {
  history: HistoryTable;
}
