// Owns the SQL of pending releases: the ones a delay profile holds back until they may be grabbed.
// A release seen again keeps its row (and the time it was first seen); the rest is refreshed.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { GrabbedRelease } from '../downloads/tracked-download.repository.js';
import type { PendingReleasesTable } from './pending-release.tables.js';

export interface PendingRelease {
  id: number;
  seriesId: number;
  episodeIds: number[];
  indexer: string;
  guid: string;
  title: string;
  protocol: 'usenet' | 'torrent';
  qualityName: string;
  /** The quality's rank in the series' profile when it was held (higher is better). */
  qualityRank: number;
  customFormatScore: number;
  grabbed: GrabbedRelease;
  reason: string;
  firstSeen: number;
  delayedUntil: number;
}

export type NewPendingRelease = Omit<PendingRelease, 'id' | 'firstSeen'> & { firstSeen: number };

function toPendingRelease(row: Selectable<PendingReleasesTable>): PendingRelease {
  return {
    id: row.id,
    seriesId: row.series_id,
    episodeIds: JSON.parse(row.episode_ids) as number[],
    indexer: row.indexer,
    guid: row.guid,
    title: row.title,
    protocol: row.protocol,
    qualityName: row.quality_name,
    qualityRank: row.quality_rank,
    customFormatScore: row.custom_format_score,
    grabbed: JSON.parse(row.release) as GrabbedRelease,
    reason: row.reason,
    firstSeen: row.first_seen,
    delayedUntil: row.delayed_until,
  };
}

export class PendingReleaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Holds a release, or refreshes the one already held (its first sighting stays). */
  async upsert(release: NewPendingRelease, now: number): Promise<void> {
    const refreshed = {
      episode_ids: JSON.stringify(release.episodeIds),
      title: release.title,
      protocol: release.protocol,
      quality_name: release.qualityName,
      quality_rank: release.qualityRank,
      custom_format_score: release.customFormatScore,
      release: JSON.stringify(release.grabbed),
      reason: release.reason,
      delayed_until: release.delayedUntil,
      updated_at: now,
    };
    await this.db
      .insertInto('pending_releases')
      .values({
        ...refreshed,
        series_id: release.seriesId,
        indexer: release.indexer,
        guid: release.guid,
        first_seen: release.firstSeen,
      })
      .onConflict((conflict) => conflict.columns(['series_id', 'indexer', 'guid']).doUpdateSet(refreshed))
      .execute();
  }

  async get(id: number): Promise<PendingRelease | undefined> {
    const row = await this.db
      .selectFrom('pending_releases')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toPendingRelease(row);
  }

  /** Every held release, those due first. */
  async list(): Promise<PendingRelease[]> {
    const rows = await this.db
      .selectFrom('pending_releases')
      .selectAll()
      .orderBy('delayed_until')
      .orderBy('id')
      .execute();
    return rows.map(toPendingRelease);
  }

  async listForSeries(seriesIds: readonly number[]): Promise<PendingRelease[]> {
    if (seriesIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('pending_releases')
      .selectAll()
      .where('series_id', 'in', seriesIds)
      .orderBy('id')
      .execute();
    return rows.map(toPendingRelease);
  }

  /** The series with a held release whose wait is over. */
  async seriesDue(now: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('pending_releases')
      .select('series_id')
      .distinct()
      .where('delayed_until', '<=', now)
      .orderBy('series_id')
      .execute();
    return rows.map((row) => row.series_id);
  }

  async delete(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('pending_releases').where('id', 'in', ids).execute();
  }
}
