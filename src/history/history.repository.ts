// Owns the SQL of the history: append-only events of movies and series, paged newest first.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { targetColumns, targetFields, type MediaTarget, type TargetFields } from '../library/media-target.js';
import type { HistoryEvent } from './history.tables.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface HistoryRecord extends TargetFields {
  id: number;
  event: HistoryEvent;
  sourceTitle: string;
  qualityName: string | null;
  trackedDownloadId: number | null;
  data: Record<string, unknown>;
  createdAt: number;
}

export type NewHistoryRecord = Omit<HistoryRecord, 'id' | 'createdAt' | keyof TargetFields> & MediaTarget;

export interface GrabbedReleaseRecord {
  sourceTitle: string;
  episodeIds: number[];
  data: Record<string, unknown>;
}

export class HistoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(record: NewHistoryRecord, now: number, executor: Executor = this.db): Promise<void> {
    await executor
      .insertInto('history')
      .values({
        ...targetColumns(record),
        event: record.event,
        source_title: record.sourceTitle,
        quality_name: record.qualityName,
        tracked_download_id: record.trackedDownloadId,
        data: JSON.stringify(record.data),
        created_at: now,
      })
      .execute();
  }

  async list(filter: {
    movieId?: number;
    seriesId?: number;
    event?: HistoryEvent;
    limit: number;
    offset: number;
  }): Promise<{ total: number; records: HistoryRecord[] }> {
    let query = this.db.selectFrom('history');
    if (filter.movieId !== undefined) query = query.where('movie_id', '=', filter.movieId);
    if (filter.seriesId !== undefined) query = query.where('series_id', '=', filter.seriesId);
    if (filter.event !== undefined) query = query.where('event', '=', filter.event);
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const count = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return {
      total: Number(count.count),
      records: rows.map((row) => ({
        id: row.id,
        ...targetFields(row),
        event: row.event,
        sourceTitle: row.source_title,
        qualityName: row.quality_name,
        trackedDownloadId: row.tracked_download_id,
        data: JSON.parse(row.data) as Record<string, unknown>,
        createdAt: row.created_at,
      })),
    };
  }

  /** Guids and info-hashes of everything ever grabbed for a movie (the "already grabbed" rule). */
  grabbedReleases(movieId: number): Promise<GrabbedReleaseRecord[]> {
    return this.grabbed('movie_id', movieId);
  }

  /** The same for every episode of a series (each record says which episodes it was for). */
  grabbedReleasesForSeries(seriesId: number): Promise<GrabbedReleaseRecord[]> {
    return this.grabbed('series_id', seriesId);
  }

  private async grabbed(column: 'movie_id' | 'series_id', id: number): Promise<GrabbedReleaseRecord[]> {
    const rows = await this.db
      .selectFrom('history')
      .select(['source_title', 'data', 'episode_ids'])
      .where(column, '=', id)
      .where('event', '=', 'grabbed')
      .execute();
    return rows.map((row) => ({
      sourceTitle: row.source_title,
      episodeIds: JSON.parse(row.episode_ids) as number[],
      data: JSON.parse(row.data) as Record<string, unknown>,
    }));
  }
}
