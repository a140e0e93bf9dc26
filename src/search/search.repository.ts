// Owns the SQL of stored searches and the decision about each release they found.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { GrabbedRelease } from '../downloads/tracked-download.repository.js';
import { targetColumns, targetFields, type MediaTarget, type TargetFields } from '../library/media-target.js';
import type { ReleaseDecisionsTable, SearchesTable } from './search.tables.js';

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
  /** The episodes the release holds (empty for a movie). */
  episodeIds: number[];
  grabbed: GrabbedRelease;
}

export interface StoredSearch extends TargetFields {
  id: number;
  /** A season search's season; null otherwise. */
  seasonNumber: number | null;
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

export type NewDecision = Omit<StoredDecision, 'id' | 'searchId' | 'episodeIds'> & {
  episodeIds?: readonly number[];
  /** An RSS sync's decision: the series the release was matched to (its search names none). */
  seriesId?: number | null;
};

/** An RSS sync spans many series: its record names none, each of its decisions its own. */
interface RssSyncTarget {
  trigger: 'rss';
  movieId?: undefined;
  seriesId?: undefined;
  episodeIds?: undefined;
}

export type NewSearch = Omit<StoredSearch, 'id' | keyof TargetFields | 'seasonNumber'> &
  (MediaTarget | RssSyncTarget) & { seasonNumber?: number | null };

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
    episodeIds: JSON.parse(row.episode_ids) as number[],
    grabbed: JSON.parse(row.release) as GrabbedRelease,
  };
}

function toStoredSearch(row: Selectable<SearchesTable>): StoredSearch {
  return {
    id: row.id,
    ...targetFields(row),
    seasonNumber: row.season_number,
    trigger: row.trigger,
    indexers: JSON.parse(row.indexers) as StoredSearch['indexers'],
    releases: row.releases,
    accepted: row.accepted,
    grabbedTitle: row.grabbed_title,
    createdAt: row.created_at,
  };
}

/** Searches kept per movie; older ones (and their decisions) are deleted. */
const KEPT_SEARCHES = 10;
/**
 * Per series: one series search stores a record per season and per episode it asked for, so a
 * user's interactive search must not be pushed out by the next automatic one.
 */
const KEPT_SERIES_SEARCHES = 100;
/** RSS sync records kept: a day of them at the default 15 minutes. */
const KEPT_RSS_SYNCS = 96;

export class SearchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async save(search: NewSearch, decisions: readonly NewDecision[]): Promise<number> {
    const target =
      search.movieId === undefined && search.seriesId === undefined
        ? { movie_id: null, series_id: null, episode_ids: '[]' }
        : targetColumns(search);
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('searches')
        .values({
          ...target,
          season_number: search.seasonNumber ?? null,
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
              episode_ids: JSON.stringify(decision.episodeIds ?? []),
              series_id: decision.seriesId ?? null,
              release: JSON.stringify(decision.grabbed),
            })),
          )
          .execute();
      }
      const old = await trx
        .selectFrom('searches')
        .select('id')
        .where((eb) =>
          target.movie_id !== null
            ? eb('movie_id', '=', target.movie_id)
            : target.series_id !== null
              ? eb('series_id', '=', target.series_id)
              : eb.and([eb('movie_id', 'is', null), eb('series_id', 'is', null)]),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset(
          target.movie_id !== null
            ? KEPT_SEARCHES
            : target.series_id !== null
              ? KEPT_SERIES_SEARCHES
              : KEPT_RSS_SYNCS,
        )
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

  listForMovie(movieId: number, limit = KEPT_SEARCHES): Promise<StoredSearch[]> {
    return this.listBy('movie_id', movieId, limit);
  }

  listForSeries(seriesId: number, limit = KEPT_SEARCHES): Promise<StoredSearch[]> {
    return this.listBy('series_id', seriesId, limit);
  }

  /** The latest RSS syncs, newest first. */
  async listRssSyncs(limit = 10): Promise<StoredSearch[]> {
    const rows = await this.db
      .selectFrom('searches')
      .selectAll()
      .where('trigger', '=', 'rss')
      .where('movie_id', 'is', null)
      .where('series_id', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toStoredSearch);
  }

  async get(id: number): Promise<StoredSearch | undefined> {
    const row = await this.db.selectFrom('searches').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStoredSearch(row);
  }

  private async listBy(column: 'movie_id' | 'series_id', id: number, limit: number): Promise<StoredSearch[]> {
    const rows = await this.db
      .selectFrom('searches')
      .selectAll()
      .where(column, '=', id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toStoredSearch);
  }

  async decisions(searchId: number): Promise<StoredDecision[]> {
    const rows = await this.db
      .selectFrom('release_decisions')
      .selectAll()
      .where('search_id', '=', searchId)
      .orderBy('rank')
      .execute();
    return rows.map(toStoredDecision);
  }

  /** A stored decision and what its release would be grabbed for: null when it fits no one series. */
  async decision(id: number): Promise<(StoredDecision & { target: MediaTarget | null }) | undefined> {
    const row = await this.db
      .selectFrom('release_decisions')
      .innerJoin('searches', 'searches.id', 'release_decisions.search_id')
      .selectAll('release_decisions')
      .select(['searches.movie_id', 'searches.series_id as search_series_id'])
      .where('release_decisions.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const decision = toStoredDecision(row);
    if (row.movie_id !== null) return { ...decision, target: { movieId: row.movie_id } };
    // An RSS sync's decision names its series itself; an unmatched one (ambiguous) has none to grab for.
    const seriesId = row.search_series_id ?? row.series_id;
    if (seriesId === null) return { ...decision, target: null };
    return { ...decision, target: { seriesId, episodeIds: decision.episodeIds } };
  }
}
