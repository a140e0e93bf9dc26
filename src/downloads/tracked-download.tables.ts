// Tables of the grab-to-import pipeline (created by migration 0006-pipeline): what was grabbed and
// where it stands, and the releases the user never wants again.
import type { Generated } from 'kysely';

/**
 * grabbing: the grab job has not handed the release to a client yet. queued/downloading/stalled/
 * paused: in the client. completed: on disk, waiting for import. importing, imported, import_blocked
 * (needs the user: see status_message), failed (blocklisted; a new search was started), removed (gone
 * from the client before it was imported).
 */
export type TrackedDownloadState =
  | 'grabbing'
  | 'queued'
  | 'downloading'
  | 'stalled'
  | 'paused'
  | 'completed'
  | 'importing'
  | 'imported'
  | 'import_blocked'
  | 'failed'
  | 'removed';

export interface TrackedDownloadsTable {
  id: Generated<number>;
  /** Exactly one of movie_id and series_id is set. */
  movie_id: number | null;
  series_id: number | null;
  /** JSON number[]: the episodes grabbed (empty for a movie). */
  episode_ids: string;
  download_client_id: number | null;
  /** The client's id for the item (the info-hash for torrent clients); null until handed over. */
  client_item_id: string | null;
  protocol: 'torrent' | 'usenet';
  indexer: string;
  release_title: string;
  info_hash: string | null;
  guid: string;
  size: number | null;
  quality_name: string;
  custom_format_score: number;
  /** JSON: the IndexerRelease and ParsedRelease as decided, for history, blocklist and import. */
  release: string;
  state: TrackedDownloadState;
  status_message: string | null;
  progress: number;
  size_left: number | null;
  eta_seconds: number | null;
  /** Where the client put the content, as Omniarr sees it. */
  content_path: string | null;
  can_move_files: number;
  grabbed_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface BlocklistTable {
  id: Generated<number>;
  movie_id: number | null;
  series_id: number | null;
  release_title: string;
  info_hash: string | null;
  guid: string | null;
  indexer: string | null;
  protocol: 'torrent' | 'usenet';
  quality_name: string;
  reason: string;
  created_at: number;
}

export interface DownloadPipelineTables {
  tracked_downloads: TrackedDownloadsTable;
  blocklist: BlocklistTable;
}
