// The history table (created by migration 0006-pipeline, extended to series by 0010): one row per
// event in the life of a movie or of some episodes of a series.
import type { Generated } from 'kysely';

export type HistoryEvent =
  'grabbed' | 'imported' | 'upgraded' | 'download_failed' | 'import_blocked' | 'deleted' | 'blocklisted';

export interface HistoryTable {
  id: Generated<number>;
  /** Exactly one of movie_id and series_id is set. */
  movie_id: number | null;
  series_id: number | null;
  /** JSON number[]: the episodes the event concerns (empty for a movie). */
  episode_ids: string;
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
