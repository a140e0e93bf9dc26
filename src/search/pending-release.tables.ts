// Releases a delay profile holds back, waiting to be decided again (created by migration
// 0011-delay-profiles).
import type { Generated } from 'kysely';

export interface PendingReleasesTable {
  id: Generated<number>;
  series_id: number;
  /** JSON number[]: the episodes the release holds. */
  episode_ids: string;
  indexer: string;
  guid: string;
  title: string;
  protocol: 'usenet' | 'torrent';
  quality_name: string;
  /** The quality's rank in the series' profile when it was held: a grab ranked as high replaces it. */
  quality_rank: number;
  custom_format_score: number;
  /** JSON: the IndexerRelease and ParsedRelease, as a grab reads them. */
  release: string;
  /** Why it waits, as the decision said. */
  reason: string;
  /** When an RSS sync or a search first saw it; the delay counts from it when there is no publish date. */
  first_seen: number;
  delayed_until: number;
  updated_at: number;
}

export interface PendingReleaseTables {
  pending_releases: PendingReleasesTable;
}
