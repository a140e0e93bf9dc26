// Owns the SQL of the history: append-only events, paged newest first.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { HistoryEvent } from './history.tables.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface HistoryRecord {
  id: number;
  movieId: number;
  event: HistoryEvent;
  sourceTitle: string;
  qualityName: string | null;
  trackedDownloadId: number | null;
  data: Record<string, unknown>;
  createdAt: number;
}

export type NewHistoryRecord = Omit<HistoryRecord, 'id' | 'createdAt'>;

export class HistoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(record: NewHistoryRecord, now: number, executor: Executor = this.db): Promise<void> {
    await executor
      .insertInto('history')
      .values({
        movie_id: record.movieId,
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
    event?: HistoryEvent;
    limit: number;
    offset: number;
  }): Promise<{ total: number; records: HistoryRecord[] }> {
    let query = this.db.selectFrom('history');
    if (filter.movieId !== undefined) query = query.where('movie_id', '=', filter.movieId);
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
        movieId: row.movie_id,
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
  async grabbedReleases(
    movieId: number,
  ): Promise<Array<{ sourceTitle: string; data: Record<string, unknown> }>> {
    const rows = await this.db
      .selectFrom('history')
      .select(['source_title', 'data'])
      .where('movie_id', '=', movieId)
      .where('event', '=', 'grabbed')
      .execute();
    return rows.map((row) => ({
      sourceTitle: row.source_title,
      data: JSON.parse(row.data) as Record<string, unknown>,
    }));
  }
}
