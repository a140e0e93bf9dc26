// Stored searches and their decisions (created by migration 0006-pipeline), so a user can see why each
// release was taken or refused.
import type { Generated } from 'kysely';

export interface SearchesTable {
  id: Generated<number>;
  /** Exactly one of movie_id and series_id is set, except for an RSS sync's record: neither. */
  movie_id: number | null;
  series_id: number | null;
  /** JSON number[]: the episodes searched for (empty for a movie or a whole-series search). */
  episode_ids: string;
  season_number: number | null;
  trigger: 'automatic' | 'interactive' | 'rss';
  /** JSON: indexers that answered, failed (with reasons) or were skipped. */
  indexers: string;
  releases: number;
  accepted: number;
  grabbed_title: string | null;
  created_at: number;
}

export interface ReleaseDecisionsTable {
  id: Generated<number>;
  search_id: number;
  /** 1-based position in the ranking (accepted first). */
  rank: number;
  title: string;
  indexer: string;
  accepted: number;
  quality_name: string;
  custom_format_score: number;
  /** JSON { code, message }[]. */
  rejections: string;
  /** JSON number[]: the episodes the release holds (empty for a movie). */
  episode_ids: string;
  /** An RSS sync's decision: the series the release was matched to (the sync's search names none). */
  series_id: number | null;
  /** JSON: the IndexerRelease and ParsedRelease, so an interactive grab needs no new search. */
  release: string;
}

export interface SearchTables {
  searches: SearchesTable;
  release_decisions: ReleaseDecisionsTable;
}
