// Owns the SQL of tracked downloads (what was grabbed and where it stands) and of the blocklist.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IndexerRelease } from '../indexers/indexer.js';
import { targetColumns, targetFields, type MediaTarget, type TargetFields } from '../library/media-target.js';
import type { ParsedRelease } from '../parser/index.js';
import type {
  BlocklistTable,
  TrackedDownloadState,
  TrackedDownloadsTable,
} from './tracked-download.tables.js';

export type Executor = Kysely<Database> | Transaction<Database>;

/** The release as it was decided, kept with the download. */
export interface GrabbedRelease {
  release: Omit<IndexerRelease, 'publishDate' | 'usenetDate'> & {
    publishDate: string | null;
    usenetDate: string | null;
  };
  parsed: ParsedRelease;
}

export interface TrackedDownload extends TargetFields {
  id: number;
  downloadClientId: number | null;
  clientItemId: string | null;
  protocol: 'torrent' | 'usenet';
  indexer: string;
  releaseTitle: string;
  infoHash: string | null;
  guid: string;
  size: number | null;
  qualityName: string;
  customFormatScore: number;
  grabbed: GrabbedRelease;
  state: TrackedDownloadState;
  statusMessage: string | null;
  progress: number;
  sizeLeft: number | null;
  etaSeconds: number | null;
  contentPath: string | null;
  canMoveFiles: boolean;
  grabbedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

/** States in which a download still occupies the queue. */
export const activeStates: readonly TrackedDownloadState[] = [
  'grabbing',
  'queued',
  'downloading',
  'stalled',
  'paused',
  'completed',
  'importing',
  'import_blocked',
];

function toTracked(row: Selectable<TrackedDownloadsTable>): TrackedDownload {
  return {
    id: row.id,
    ...targetFields(row),
    downloadClientId: row.download_client_id,
    clientItemId: row.client_item_id,
    protocol: row.protocol,
    indexer: row.indexer,
    releaseTitle: row.release_title,
    infoHash: row.info_hash,
    guid: row.guid,
    size: row.size,
    qualityName: row.quality_name,
    customFormatScore: row.custom_format_score,
    grabbed: JSON.parse(row.release) as GrabbedRelease,
    state: row.state,
    statusMessage: row.status_message,
    progress: row.progress,
    sizeLeft: row.size_left,
    etaSeconds: row.eta_seconds,
    contentPath: row.content_path,
    canMoveFiles: row.can_move_files === 1,
    grabbedAt: row.grabbed_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export interface TrackedDownloadUpdate {
  state?: TrackedDownloadState;
  statusMessage?: string | null;
  progress?: number;
  sizeLeft?: number | null;
  etaSeconds?: number | null;
  contentPath?: string | null;
  canMoveFiles?: boolean;
  downloadClientId?: number | null;
  clientItemId?: string | null;
  infoHash?: string | null;
  finishedAt?: number | null;
}

export interface BlocklistEntry {
  id: number;
  movieId: number | null;
  seriesId: number | null;
  releaseTitle: string;
  infoHash: string | null;
  guid: string | null;
  indexer: string | null;
  protocol: 'torrent' | 'usenet';
  qualityName: string;
  reason: string;
  createdAt: number;
}

function toBlocklistEntry(row: Selectable<BlocklistTable>): BlocklistEntry {
  return {
    id: row.id,
    movieId: row.movie_id,
    seriesId: row.series_id,
    releaseTitle: row.release_title,
    infoHash: row.info_hash,
    guid: row.guid,
    indexer: row.indexer,
    protocol: row.protocol,
    qualityName: row.quality_name,
    reason: row.reason,
    createdAt: row.created_at,
  };
}

export class TrackedDownloadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(
    download: Pick<
      TrackedDownload,
      | 'protocol'
      | 'indexer'
      | 'releaseTitle'
      | 'infoHash'
      | 'guid'
      | 'size'
      | 'qualityName'
      | 'customFormatScore'
      | 'grabbed'
    > & { target: MediaTarget },
    now: number,
    executor: Executor = this.db,
  ): Promise<TrackedDownload> {
    const row = await executor
      .insertInto('tracked_downloads')
      .values({
        ...targetColumns(download.target),
        protocol: download.protocol,
        indexer: download.indexer,
        release_title: download.releaseTitle,
        info_hash: download.infoHash,
        guid: download.guid,
        size: download.size,
        quality_name: download.qualityName,
        custom_format_score: download.customFormatScore,
        release: JSON.stringify(download.grabbed),
        state: 'grabbing',
        progress: 0,
        can_move_files: 0,
        grabbed_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTracked(row);
  }

  async get(id: number): Promise<TrackedDownload | undefined> {
    const row = await this.db
      .selectFrom('tracked_downloads')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toTracked(row);
  }

  async update(
    id: number,
    change: TrackedDownloadUpdate,
    now: number,
    executor: Executor = this.db,
  ): Promise<void> {
    await executor
      .updateTable('tracked_downloads')
      .set({
        ...(change.state === undefined ? {} : { state: change.state }),
        ...(change.statusMessage === undefined ? {} : { status_message: change.statusMessage }),
        ...(change.progress === undefined ? {} : { progress: change.progress }),
        ...(change.sizeLeft === undefined ? {} : { size_left: change.sizeLeft }),
        ...(change.etaSeconds === undefined ? {} : { eta_seconds: change.etaSeconds }),
        ...(change.contentPath === undefined ? {} : { content_path: change.contentPath }),
        ...(change.canMoveFiles === undefined ? {} : { can_move_files: change.canMoveFiles ? 1 : 0 }),
        ...(change.downloadClientId === undefined ? {} : { download_client_id: change.downloadClientId }),
        ...(change.clientItemId === undefined ? {} : { client_item_id: change.clientItemId }),
        ...(change.infoHash === undefined ? {} : { info_hash: change.infoHash }),
        ...(change.finishedAt === undefined ? {} : { finished_at: change.finishedAt }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Moves a download from one state to another only if nobody moved it first. */
  async transition(
    id: number,
    from: readonly TrackedDownloadState[],
    change: TrackedDownloadUpdate & { state: TrackedDownloadState },
    now: number,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('tracked_downloads')
      .set({ state: change.state, status_message: change.statusMessage ?? null, updated_at: now })
      .where('id', '=', id)
      .where('state', 'in', from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listActive(): Promise<TrackedDownload[]> {
    const rows = await this.db
      .selectFrom('tracked_downloads')
      .selectAll()
      .where('state', 'in', activeStates)
      .orderBy('grabbed_at')
      .orderBy('id')
      .execute();
    return rows.map(toTracked);
  }

  /** How many downloads are in each active state (every active state listed, zero included). */
  async countActiveByState(): Promise<Map<TrackedDownloadState, number>> {
    const rows = await this.db
      .selectFrom('tracked_downloads')
      .select(['state', (eb) => eb.fn.countAll<number>().as('count')])
      .where('state', 'in', activeStates)
      .groupBy('state')
      .execute();
    const counts = new Map<TrackedDownloadState, number>(activeStates.map((state) => [state, 0]));
    for (const row of rows) counts.set(row.state, Number(row.count));
    return counts;
  }

  /** Imported downloads still in their client, for "remove completed downloads". */
  async listImportedInClient(): Promise<TrackedDownload[]> {
    const rows = await this.db
      .selectFrom('tracked_downloads')
      .selectAll()
      .where('state', '=', 'imported')
      .where('client_item_id', 'is not', null)
      .execute();
    return rows.map(toTracked);
  }

  async listActiveForMovie(movieId: number): Promise<TrackedDownload[]> {
    const rows = await this.db
      .selectFrom('tracked_downloads')
      .selectAll()
      .where('movie_id', '=', movieId)
      .where('state', 'in', activeStates)
      .execute();
    return rows.map(toTracked);
  }

  async listActiveForSeries(seriesId: number): Promise<TrackedDownload[]> {
    const rows = await this.db
      .selectFrom('tracked_downloads')
      .selectAll()
      .where('series_id', '=', seriesId)
      .where('state', 'in', activeStates)
      .execute();
    return rows.map(toTracked);
  }

  async listForMovie(movieId: number): Promise<TrackedDownload[]> {
    const rows = await this.db
      .selectFrom('tracked_downloads')
      .selectAll()
      .where('movie_id', '=', movieId)
      .orderBy('id')
      .execute();
    return rows.map(toTracked);
  }

  /** Never grab this release again (matched later by info-hash, guid or title). */
  async blocklist(
    download: TrackedDownload,
    reason: string,
    now: number,
    executor: Executor = this.db,
  ): Promise<void> {
    await executor
      .insertInto('blocklist')
      .values({
        movie_id: download.movieId,
        series_id: download.seriesId,
        release_title: download.releaseTitle,
        info_hash: download.infoHash,
        guid: download.guid,
        indexer: download.indexer,
        protocol: download.protocol,
        quality_name: download.qualityName,
        reason,
        created_at: now,
      })
      .execute();
  }

  async blocklistForMovie(movieId: number): Promise<BlocklistEntry[]> {
    const rows = await this.db.selectFrom('blocklist').selectAll().where('movie_id', '=', movieId).execute();
    return rows.map(toBlocklistEntry);
  }

  async blocklistForSeries(seriesId: number): Promise<BlocklistEntry[]> {
    const rows = await this.db
      .selectFrom('blocklist')
      .selectAll()
      .where('series_id', '=', seriesId)
      .execute();
    return rows.map(toBlocklistEntry);
  }

  async listBlocklist({
    limit,
    offset,
  }: {
    limit: number;
    offset: number;
  }): Promise<{ total: number; records: BlocklistEntry[] }> {
    const rows = await this.db
      .selectFrom('blocklist')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    const count = await this.db
      .selectFrom('blocklist')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return { total: Number(count.count), records: rows.map(toBlocklistEntry) };
  }

  async removeFromBlocklist(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('blocklist').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
