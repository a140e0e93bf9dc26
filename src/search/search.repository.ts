// Owns the SQL of stored searches and the decision about each release they found.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { GrabbedRelease } from '../downloads/tracked-download.repository.js';
import type { ReleaseDecisionsTable } from './search.tables.js';

export interface StoredDecision {
  id: number;
  searchId: number;
  rank: number;
  title: string;
  indexer: string;
  accepted: boolean;
  qualityName: string;
  customFormatScore: number;
  rejections: Array<{ code: string; message: string }>;
  grabbed: GrabbedRelease;
}

export interface StoredSearch {
  id: number;
  movieId: number;
  trigger: 'automatic' | 'interactive' | 'rss';
  indexers: {
    answered: string[];
    failures: Array<{ indexer: string; reason: string; kind: string }>;
    skipped: Array<{ indexer: string; reason: string; until: number }>;
  };
  releases: number;
  accepted: number;
  grabbedTitle: string | null;
  createdAt: number;
}

export type NewDecision = Omit<StoredDecision, 'id' | 'searchId'>;

function toStoredDecision(row: Selectable<ReleaseDecisionsTable>): StoredDecision {
  return {
    id: row.id,
    searchId: row.search_id,
    rank: row.rank,
    title: row.title,
    indexer: row.indexer,
    accepted: row.accepted === 1,
    qualityName: row.quality_name,
    customFormatScore: row.custom_format_score,
    rejections: JSON.parse(row.rejections) as StoredDecision['rejections'],
    grabbed: JSON.parse(row.release) as GrabbedRelease,
  };
}

/** Searches kept per movie; older ones (and their decisions) are deleted. */
const KEPT_SEARCHES = 10;

export class SearchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async save(search: Omit<StoredSearch, 'id'>, decisions: readonly NewDecision[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('searches')
        .values({
          movie_id: search.movieId,
          trigger: search.trigger,
          indexers: JSON.stringify(search.indexers),
          releases: search.releases,
          accepted: search.accepted,
          grabbed_title: search.grabbedTitle,
          created_at: search.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Chunked: SQLite limits the number of bound parameters per statement.
      for (let start = 0; start < decisions.length; start += 50) {
        await trx
          .insertInto('release_decisions')
          .values(
            decisions.slice(start, start + 50).map((decision) => ({
              search_id: id,
              rank: decision.rank,
              title: decision.title,
              indexer: decision.indexer,
              accepted: decision.accepted ? 1 : 0,
              quality_name: decision.qualityName,
              custom_format_score: decision.customFormatScore,
              rejections: JSON.stringify(decision.rejections),
              release: JSON.stringify(decision.grabbed),
            })),
          )
          .execute();
      }
      const old = await trx
        .selectFrom('searches')
        .select('id')
        .where('movie_id', '=', search.movieId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset(KEPT_SEARCHES)
        .limit(1000)
        .execute();
      if (old.length > 0) {
        const ids = old.map((row) => row.id);
        await trx.deleteFrom('release_decisions').where('search_id', 'in', ids).execute();
        await trx.deleteFrom('searches').where('id', 'in', ids).execute();
      }
      return id;
    });
  }

  async setGrabbed(searchId: number, title: string): Promise<void> {
    await this.db.updateTable('searches').set({ grabbed_title: title }).where('id', '=', searchId).execute();
  }

  async listForMovie(movieId: number, limit = KEPT_SEARCHES): Promise<StoredSearch[]> {
    const rows = await this.db
      .selectFrom('searches')
      .selectAll()
      .where('movie_id', '=', movieId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      movieId: row.movie_id,
      trigger: row.trigger,
      indexers: JSON.parse(row.indexers) as StoredSearch['indexers'],
      releases: row.releases,
      accepted: row.accepted,
      grabbedTitle: row.grabbed_title,
      createdAt: row.created_at,
    }));
  }

  async decisions(searchId: number): Promise<StoredDecision[]> {
    const rows = await this.db
      .selectFrom('release_decisions')
      .selectAll()
      .where('search_id', '=', searchId)
      .orderBy('rank')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      searchId: row.search_id,
      rank: row.rank,
      title: row.title,
      indexer: row.indexer,
      accepted: row.accepted === 1,
      qualityName: row.quality_name,
      customFormatScore: row.custom_format_score,
      rejections: JSON.parse(row.rejections) as StoredDecision['rejections'],
      grabbed: JSON.parse(row.release) as GrabbedRelease,
    }));
  }

  async decision(id: number): Promise<(StoredDecision & { movieId: number }) | undefined> {
    const row = await this.db
      .selectFrom('release_decisions')
      .innerJoin('searches', 'searches.id', 'release_decisions.search_id')
      .selectAll('release_decisions')
      .select('searches.movie_id')
      .where('release_decisions.id', '=', id)
      .executeTakeFirst();
    return row && { ...toStoredDecision(row), movieId: row.movie_id };
  }
}
