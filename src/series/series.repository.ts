// Owns the SQL of the series catalog: series with their aliases, seasons and episodes; paged,
// filtered listing; per-season counts; the refresh's episode changes in one transaction; the wanted
// (missing, cutoff unmet) and calendar pages, each an index range scan; the rows the in-memory
// catalog index is built from.
import { LibraryTableRepository } from '../library/library-table.repository.js';
import { sql, type Kysely, type Selectable, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MediaInfo } from '../imports/media-probe.js';
import { EpisodeFileRepository } from './episode-file.repository.js';
import type { EpisodeFields, EpisodeRefreshPlan, NewEpisode } from './episode-refresh.js';
import type {
  AlternativeTitleSource,
  CatalogSeries,
  Episode,
  SeasonStatistics,
  Series,
  SeriesAlternativeTitle,
  SeriesMetadataSource,
  SeriesStatus,
  SeriesMetadataFields,
  SeriesSettings,
  SeriesType,
  WantedEpisode,
} from './series.js';
import type { EpisodesTable, SeriesTable } from './series.tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type { SeriesMetadataFields, SeriesSettings } from './series.js';

export interface NewAlternativeTitle {
  title: string;
  cleanTitle: string;
}

export interface NewSeries extends SeriesMetadataFields, SeriesSettings {
  /** Default 'tvmaze'. */
  metadataSource?: SeriesMetadataSource | undefined;
  addedAt: number;
  alternativeTitles: NewAlternativeTitle[];
  seasons: Array<{ seasonNumber: number; monitored: boolean }>;
  episodes: NewEpisode[];
}

export type SeriesSortKey = 'title' | 'addedAt';

export interface SeriesListQuery {
  monitored?: boolean | undefined;
  seriesType?: SeriesType | undefined;
  status?: SeriesStatus | undefined;
  sortKey: SeriesSortKey;
  sortDirection: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface EpisodePage {
  total: number;
  records: WantedEpisode[];
}

export interface NewEpisodeFile {
  seriesId: number;
  seasonNumber: number;
  relativePath: string;
  size: number;
  qualityName: string;
  revision: { version: number; real: number; isRepack: boolean };
  mediaInfo: unknown;
  releaseGroup: string | null;
  sceneName: string | null;
  languages: string[];
  dateAdded: number;
}

export class SeriesRepository extends LibraryTableRepository {
  constructor(db: Kysely<Database>) {
    super(db, 'series');
  }

  /** Inserts the series, its titles, seasons and episodes in one transaction; returns the new id. */
  async insert(series: NewSeries): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('series')
        .values({
          ...metadataColumns(series),
          ...settingsColumns(series),
          metadata_source: series.metadataSource ?? 'tvmaze',
          added_at: series.addedAt,
          last_refreshed_at: series.addedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertTitles(trx, id, series.alternativeTitles, 'metadata');
      await insertSeasons(trx, id, series.seasons);
      await insertEpisodes(trx, id, series.episodes);
      return id;
    });
  }

  async findById(id: number): Promise<Series | undefined> {
    const row = await this.db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return toSeries(row, await this.alternativeTitles(id));
  }

  /** The series holding any of these ids (TVmaze first), for refusing a second copy of a show. */
  async findByAnyId(ids: {
    tvmazeId?: number | null;
    tvdbId?: number | null;
    tmdbId?: number | null;
    imdbId?: string | null;
  }): Promise<{ id: number; title: string } | undefined> {
    const checks: Array<['tvmaze_id' | 'tvdb_id' | 'tmdb_id' | 'imdb_id', number | string]> = [];
    if (ids.tvmazeId) checks.push(['tvmaze_id', ids.tvmazeId]);
    if (ids.tvdbId) checks.push(['tvdb_id', ids.tvdbId]);
    if (ids.tmdbId) checks.push(['tmdb_id', ids.tmdbId]);
    if (ids.imdbId) checks.push(['imdb_id', ids.imdbId]);
    for (const [column, value] of checks) {
      const row = await this.db
        .selectFrom('series')
        .select(['id', 'title'])
        .where(column, '=', value)
        .orderBy('id')
        .executeTakeFirst();
      if (row) return row;
    }
    return undefined;
  }

  /** Library ids by TVmaze id, for marking lookup results already in the library. */
  async idsByTvmazeIds(tvmazeIds: readonly number[]): Promise<Map<number, number>> {
    if (tvmazeIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('series')
      .select(['id', 'tvmaze_id'])
      .where('tvmaze_id', 'in', [...tvmazeIds])
      .execute();
    return new Map(rows.flatMap((row) => (row.tvmaze_id === null ? [] : [[row.tvmaze_id, row.id] as const])));
  }

  async list(query: SeriesListQuery): Promise<{ total: number; series: Series[] }> {
    let count = this.db.selectFrom('series').select((eb) => eb.fn.countAll<number | string>().as('total'));
    let page = this.db.selectFrom('series').selectAll();
    if (query.monitored !== undefined) {
      count = count.where('monitored', '=', query.monitored ? 1 : 0);
      page = page.where('monitored', '=', query.monitored ? 1 : 0);
    }
    if (query.seriesType !== undefined) {
      count = count.where('series_type', '=', query.seriesType);
      page = page.where('series_type', '=', query.seriesType);
    }
    if (query.status !== undefined) {
      count = count.where('status', '=', query.status);
      page = page.where('status', '=', query.status);
    }
    page =
      query.sortKey === 'title'
        ? page.orderBy('sort_title', query.sortDirection)
        : page.orderBy('added_at', query.sortDirection);
    const [totalRow, rows] = await Promise.all([
      count.executeTakeFirstOrThrow(),
      page.orderBy('id', query.sortDirection).limit(query.limit).offset(query.offset).execute(),
    ]);
    const titles = await this.alternativeTitlesOf(rows.map((row) => row.id));
    return {
      total: Number(totalRow.total),
      series: rows.map((row) => toSeries(row, titles.get(row.id) ?? [])),
    };
  }

  /** Per season: episodes, with a file, monitored, aired by `now`. One grouped query. */
  async seasonStatistics(seriesId: number, now: number): Promise<SeasonStatistics[]> {
    const rows = await this.db
      .selectFrom('seasons')
      .leftJoin('episodes', (join) =>
        join
          .onRef('episodes.series_id', '=', 'seasons.series_id')
          .onRef('episodes.season_number', '=', 'seasons.season_number'),
      )
      .select([
        'seasons.season_number',
        'seasons.monitored',
        sql<number | string>`count(episodes.id)`.as('episode_count'),
        sql<number | string>`count(episodes.episode_file_id)`.as('file_count'),
        sql<number | string>`coalesce(sum(case when episodes.monitored = 1 then 1 else 0 end), 0)`.as(
          'monitored_count',
        ),
        sql<
          number | string
        >`coalesce(sum(case when episodes.air_date_utc <= ${now} then 1 else 0 end), 0)`.as('aired_count'),
      ])
      .where('seasons.series_id', '=', seriesId)
      .groupBy(['seasons.season_number', 'seasons.monitored'])
      .orderBy('seasons.season_number')
      .execute();
    return rows.map((row) => ({
      seasonNumber: row.season_number,
      monitored: row.monitored === 1,
      episodeCount: Number(row.episode_count),
      episodeFileCount: Number(row.file_count),
      monitoredCount: Number(row.monitored_count),
      airedCount: Number(row.aired_count),
    }));
  }

  async seasons(seriesId: number): Promise<Map<number, boolean>> {
    const rows = await this.db
      .selectFrom('seasons')
      .select(['season_number', 'monitored'])
      .where('series_id', '=', seriesId)
      .execute();
    return new Map(rows.map((row) => [row.season_number, row.monitored === 1]));
  }

  async updateSettings(id: number, settings: SeriesSettings): Promise<void> {
    await this.db.updateTable('series').set(settingsColumns(settings)).where('id', '=', id).execute();
  }

  /** Monitors or unmonitors a season and every episode in it. */
  async setSeasonMonitored(seriesId: number, seasonNumber: number, monitored: boolean): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('seasons')
        .set({ monitored: monitored ? 1 : 0 })
        .where('series_id', '=', seriesId)
        .where('season_number', '=', seasonNumber)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await trx
        .updateTable('episodes')
        .set({ monitored: monitored ? 1 : 0 })
        .where('series_id', '=', seriesId)
        .where('season_number', '=', seasonNumber)
        .execute();
      return true;
    });
  }

  /**
   * Applies a refresh atomically: series metadata, the 'metadata' alternative titles (user aliases
   * stay), new seasons, and the episode plan.
   */
  async applyRefresh(
    id: number,
    fields: SeriesMetadataFields,
    alternativeTitles: readonly NewAlternativeTitle[],
    plan: EpisodeRefreshPlan,
    refreshedAt: number,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('series')
        .set({ ...metadataColumns(fields), last_refreshed_at: refreshedAt })
        .where('id', '=', id)
        .execute();
      await trx
        .deleteFrom('series_alternative_titles')
        .where('series_id', '=', id)
        .where('source', '=', 'metadata')
        .execute();
      const userTitles = new Set(
        (
          await trx
            .selectFrom('series_alternative_titles')
            .select('clean_title')
            .where('series_id', '=', id)
            .execute()
        ).map((row) => row.clean_title),
      );
      await insertTitles(
        trx,
        id,
        alternativeTitles.filter((title) => !userTitles.has(title.cleanTitle)),
        'metadata',
      );
      await insertSeasons(trx, id, plan.newSeasons);
      await insertEpisodes(trx, id, plan.insert);
      for (const { id: episodeId, fields: episode } of plan.update) {
        await trx
          .updateTable('episodes')
          .set({ ...episodeColumns(episode), removed_upstream: 0 })
          .where('id', '=', episodeId)
          .execute();
      }
      if (plan.flagRemoved.length > 0) {
        await trx
          .updateTable('episodes')
          .set({ removed_upstream: 1 })
          .where('id', 'in', plan.flagRemoved)
          .execute();
      }
      if (plan.delete.length > 0) {
        // The file check again inside the transaction: an import may have landed since the plan.
        await trx
          .deleteFrom('episodes')
          .where('id', 'in', plan.delete)
          .where('episode_file_id', 'is', null)
          .execute();
      }
    });
  }

  async episodes(seriesId: number, seasonNumber?: number): Promise<Episode[]> {
    let query = this.db.selectFrom('episodes').selectAll().where('series_id', '=', seriesId);
    if (seasonNumber !== undefined) query = query.where('season_number', '=', seasonNumber);
    const rows = await query.orderBy('season_number').orderBy('episode_number').execute();
    return rows.map(toEpisode);
  }

  async findEpisode(id: number): Promise<Episode | undefined> {
    const row = await this.db.selectFrom('episodes').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEpisode(row) : undefined;
  }

  async setEpisodesMonitored(ids: readonly number[], monitored: boolean): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('episodes')
      .set({ monitored: monitored ? 1 : 0 })
      .where('id', 'in', [...ids])
      .execute();
  }

  async alternativeTitles(seriesId: number): Promise<SeriesAlternativeTitle[]> {
    return (await this.alternativeTitlesOf([seriesId])).get(seriesId) ?? [];
  }

  /** Adds a user alias; undefined when the series already has that clean title as an alias. */
  async addAlias(seriesId: number, title: NewAlternativeTitle): Promise<SeriesAlternativeTitle | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('series_alternative_titles')
        .select(['id', 'source'])
        .where('series_id', '=', seriesId)
        .where('clean_title', '=', title.cleanTitle)
        .executeTakeFirst();
      if (existing?.source === 'user') return undefined;
      // A user alias equal to a metadata title takes it over, so it survives later refreshes.
      if (existing) await trx.deleteFrom('series_alternative_titles').where('id', '=', existing.id).execute();
      const { id } = await trx
        .insertInto('series_alternative_titles')
        .values({ series_id: seriesId, title: title.title, clean_title: title.cleanTitle, source: 'user' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id, title: title.title, cleanTitle: title.cleanTitle, source: 'user' as const };
    });
  }

  /** Deletes a user alias of this series; false when there is none with that id. */
  async deleteAlias(seriesId: number, aliasId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('series_alternative_titles')
      .where('id', '=', aliasId)
      .where('series_id', '=', seriesId)
      .where('source', '=', 'user')
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Records an episode file and points the given episodes at it, atomically; returns its id. */
  async addEpisodeFile(file: NewEpisodeFile, episodeIds: readonly number[]): Promise<number> {
    // One writer of episode files: the importer's repository.
    const files = new EpisodeFileRepository(this.db);
    const mediaInfo = file.mediaInfo === undefined ? null : (file.mediaInfo as MediaInfo);
    const added = await this.db
      .transaction()
      .execute((trx) => files.add({ ...file, mediaInfo }, episodeIds, trx));
    return added.id;
  }

  async countEpisodeFiles(seriesId: number): Promise<number> {
    const row = await this.db
      .selectFrom('episode_files')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .where('series_id', '=', seriesId)
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  /** Monitored episodes of monitored series that have aired by `now` and have no file; most recent first. */
  async missing(now: number, page: { limit: number; offset: number }): Promise<EpisodePage> {
    const matching = this.db
      .selectFrom('episodes')
      .innerJoin('series', 'series.id', 'episodes.series_id')
      .select(['episodes.id as id', 'episodes.air_date_utc as air_date_utc'])
      .where('episodes.monitored', '=', 1)
      .where('episodes.episode_file_id', 'is', null)
      .where('episodes.air_date_utc', '<=', now)
      .where('series.monitored', '=', 1);
    return this.wantedPage(matching, page);
  }

  /**
   * Monitored episodes whose file's quality is below its series' cutoff. Which qualities are below is
   * the caller's rule (profiles live elsewhere): it is asked for each profile in use and each quality
   * a file has, then the page is read along the episodes' air-date index, a file and series lookup
   * per episode.
   */
  async cutoffUnmet(
    isBelowCutoff: (qualityProfileId: number, qualityName: string) => boolean,
    page: { limit: number; offset: number },
  ): Promise<EpisodePage> {
    // Every pair of a profile in use and a quality on file: a superset of the pairs present, each
    // list read in one index seek per value, where a distinct over the files joined to series reads
    // every file.
    const [profileIds, qualityNames] = await Promise.all([
      distinctValues<number>(this.db, 'series', 'quality_profile_id'),
      distinctValues<string>(this.db, 'episode_files', 'quality_name'),
    ]);
    const unmet = profileIds
      .map((profileId) => ({
        profileId,
        qualities: qualityNames.filter((quality) => isBelowCutoff(profileId, quality)),
      }))
      .filter((profile) => profile.qualities.length > 0);
    if (unmet.length === 0) return { total: 0, records: [] };
    const matching = this.db
      .selectFrom('episodes')
      .innerJoin('episode_files', 'episode_files.id', 'episodes.episode_file_id')
      .innerJoin('series', 'series.id', 'episodes.series_id')
      .select(['episodes.id as id', 'episodes.air_date_utc as air_date_utc'])
      .where('episodes.monitored', '=', 1)
      // Implied by the join; stated so the planner reads only the episodes with a file.
      .where('episodes.episode_file_id', 'is not', null)
      .where('series.monitored', '=', 1)
      .where((eb) =>
        eb.or(
          unmet.map(({ profileId, qualities }) =>
            eb.and([
              eb('series.quality_profile_id', '=', profileId),
              eb('episode_files.quality_name', 'in', qualities),
            ]),
          ),
        ),
      );
    return this.wantedPage(matching, page);
  }

  /** Episodes airing in [start, end) (UTC epoch ms), in air order; unmonitored ones too. */
  async calendar(start: number, end: number, page: { limit: number; offset: number }): Promise<EpisodePage> {
    const base = episodeQuery(this.db)
      .where('episodes.air_date_utc', '>=', start)
      .where('episodes.air_date_utc', '<', end);
    return this.episodePage(base, page, 'asc');
  }

  /** Every series (or just one) in the light form the catalog index holds: two queries. */
  async loadCatalog(seriesId?: number): Promise<CatalogSeries[]> {
    let titleQuery = this.db.selectFrom('series_alternative_titles').select(['series_id', 'clean_title']);
    let seriesQuery = this.db.selectFrom('series');
    if (seriesId !== undefined) {
      titleQuery = titleQuery.where('series_id', '=', seriesId);
      seriesQuery = seriesQuery.where('id', '=', seriesId);
    }
    const [rows, titles] = await Promise.all([
      seriesQuery
        .select([
          'id',
          'tvdb_id',
          'tvmaze_id',
          'tmdb_id',
          'imdb_id',
          'title',
          'clean_title',
          'year',
          'series_type',
          'monitored',
          'quality_profile_id',
        ])
        .orderBy('id')
        .execute(),
      titleQuery.execute(),
    ]);
    const bySeries = new Map<number, string[]>();
    for (const title of titles) {
      const list = bySeries.get(title.series_id);
      if (list) list.push(title.clean_title);
      else bySeries.set(title.series_id, [title.clean_title]);
    }
    return rows.map((row) => ({
      id: row.id,
      tvdbId: row.tvdb_id,
      tvmazeId: row.tvmaze_id,
      tmdbId: row.tmdb_id,
      imdbId: row.imdb_id,
      title: row.title,
      year: row.year,
      seriesType: row.series_type,
      monitored: row.monitored === 1,
      qualityProfileId: row.quality_profile_id,
      cleanTitles: [
        ...new Set([row.clean_title, ...(bySeries.get(row.id) ?? [])].filter((t) => t.length > 0)),
      ],
    }));
  }

  private async episodePage(
    base: EpisodeQuery,
    page: { limit: number; offset: number },
    direction: 'asc' | 'desc',
  ): Promise<EpisodePage> {
    const [totalRow, records] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow(),
      this.episodeRecords(base.limit(page.limit).offset(page.offset), direction),
    ]);
    return { total: Number(totalRow.total), records };
  }

  /**
   * A wanted page, most recent first, in three indexed reads: the count; the page's episode ids,
   * walked along the air-date index from whichever end of the list is nearer the page and stopped
   * there (so a page costs at most half the list, and the first pages almost nothing); then those
   * episodes with their series and file quality.
   */
  private async wantedPage<T extends keyof Database>(
    matching: SelectQueryBuilder<Database, T, { id: number; air_date_utc: number | null }>,
    page: { limit: number; offset: number },
  ): Promise<EpisodePage> {
    const { total } = await matching
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow();
    const count = Number(total);
    const take = Math.min(page.limit, count - page.offset);
    if (take <= 0) return { total: count, records: [] };
    // The same order read backwards: the oldest end is nearer for the second half of the list.
    const fromOldest = count - page.offset < page.offset + take;
    const direction = fromOldest ? 'asc' : 'desc';
    const ids = await matching
      .orderBy('air_date_utc', direction)
      .orderBy('id', direction)
      .limit(take)
      .offset(fromOldest ? count - page.offset - take : page.offset)
      .execute();
    const records = await this.episodeRecords(
      episodeQuery(this.db).where(
        'episodes.id',
        'in',
        ids.map((row) => row.id),
      ),
      'desc',
    );
    return { total: count, records };
  }

  /** The episodes `base` selects, in air order, with their series and file quality. */
  private async episodeRecords(base: EpisodeQuery, direction: 'asc' | 'desc'): Promise<WantedEpisode[]> {
    const rows = await base
      .selectAll('episodes')
      .select([
        'series.title as series_title',
        'series.network as series_network',
        'series.runtime as series_runtime',
        'series.monitored as series_monitored',
      ])
      .select((eb) =>
        eb
          .selectFrom('episode_files')
          .select('episode_files.quality_name')
          .whereRef('episode_files.id', '=', 'episodes.episode_file_id')
          .as('quality_name'),
      )
      .orderBy('episodes.air_date_utc', direction)
      .orderBy('episodes.id', direction)
      .execute();
    return rows.map((row) => ({
      ...toEpisode(row),
      seriesTitle: row.series_title,
      seriesNetwork: row.series_network,
      seriesRuntime: row.series_runtime,
      seriesMonitored: row.series_monitored === 1,
      qualityName: row.quality_name ?? null,
    }));
  }

  private async alternativeTitlesOf(
    seriesIds: readonly number[],
  ): Promise<Map<number, SeriesAlternativeTitle[]>> {
    const bySeries = new Map<number, SeriesAlternativeTitle[]>();
    if (seriesIds.length === 0) return bySeries;
    const rows = await this.db
      .selectFrom('series_alternative_titles')
      .selectAll()
      .where('series_id', 'in', [...seriesIds])
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const title = { id: row.id, title: row.title, cleanTitle: row.clean_title, source: row.source };
      const list = bySeries.get(row.series_id);
      if (list) list.push(title);
      else bySeries.set(row.series_id, [title]);
    }
    return bySeries;
  }
}

function episodeQuery(db: Kysely<Database>) {
  return db.selectFrom('episodes').innerJoin('series', 'series.id', 'episodes.series_id');
}
type EpisodeQuery = ReturnType<typeof episodeQuery>;

/**
 * The distinct values of an indexed column, one index seek per value (a loose index scan): a few
 * dozen seeks where `select distinct` reads every row.
 */
async function distinctValues<T>(
  db: Kysely<Database>,
  table: 'series' | 'episode_files',
  column: 'quality_profile_id' | 'quality_name',
): Promise<T[]> {
  const { rows } = await sql<{ value: T | null }>`
    with recursive found(value) as (
      select min(${sql.ref(column)}) from ${sql.table(table)}
      union all
      select (select min(${sql.ref(column)}) from ${sql.table(table)} where ${sql.ref(column)} > found.value)
      from found where found.value is not null
    )
    select value from found where value is not null`.execute(db);
  return rows.map((row) => row.value!);
}

async function insertTitles(
  executor: Executor,
  seriesId: number,
  titles: readonly NewAlternativeTitle[],
  source: AlternativeTitleSource,
): Promise<void> {
  const unique = [...new Map(titles.map((title) => [title.cleanTitle, title])).values()].filter(
    (title) => title.cleanTitle.length > 0,
  );
  if (unique.length === 0) return;
  await executor
    .insertInto('series_alternative_titles')
    .values(unique.map((t) => ({ series_id: seriesId, title: t.title, clean_title: t.cleanTitle, source })))
    .execute();
}

async function insertSeasons(
  executor: Executor,
  seriesId: number,
  seasons: ReadonlyArray<{ seasonNumber: number; monitored: boolean }>,
): Promise<void> {
  if (seasons.length === 0) return;
  await executor
    .insertInto('seasons')
    .values(
      seasons.map((s) => ({
        series_id: seriesId,
        season_number: s.seasonNumber,
        monitored: s.monitored ? 1 : 0,
      })),
    )
    .execute();
}

// Chunked: a 1,000-episode daily show is one statement per 200 rows, under every bind limit.
async function insertEpisodes(
  executor: Executor,
  seriesId: number,
  episodes: readonly NewEpisode[],
): Promise<void> {
  for (let i = 0; i < episodes.length; i += 200) {
    await executor
      .insertInto('episodes')
      .values(
        episodes.slice(i, i + 200).map((episode) => ({
          series_id: seriesId,
          ...episodeColumns(episode),
          monitored: episode.monitored ? 1 : 0,
          episode_file_id: null,
          removed_upstream: 0,
        })),
      )
      .execute();
  }
}

function episodeColumns(episode: EpisodeFields) {
  return {
    season_number: episode.seasonNumber,
    episode_number: episode.episodeNumber,
    absolute_number: episode.absoluteNumber,
    air_date: episode.airDate,
    air_date_utc: episode.airDateUtc,
    title: episode.title,
    overview: episode.overview,
    runtime: episode.runtime,
  };
}

function metadataColumns(fields: SeriesMetadataFields) {
  return {
    tvdb_id: fields.tvdbId,
    tvmaze_id: fields.tvmazeId,
    tmdb_id: fields.tmdbId,
    imdb_id: fields.imdbId,
    title: fields.title,
    clean_title: fields.cleanTitle,
    sort_title: fields.sortTitle,
    year: fields.year,
    overview: fields.overview,
    status: fields.status,
    network: fields.network,
    runtime: fields.runtime,
  };
}

function settingsColumns(settings: SeriesSettings) {
  return {
    series_type: settings.seriesType,
    season_folders: settings.seasonFolders ? 1 : 0,
    monitored: settings.monitored ? 1 : 0,
    monitor_new_seasons: settings.monitorNewSeasons ? 1 : 0,
    quality_profile_id: settings.qualityProfileId,
    root_folder_path: settings.rootFolderPath,
    path: settings.path,
    tags: JSON.stringify(settings.tags),
  };
}

function toSeries(row: Selectable<SeriesTable>, alternativeTitles: SeriesAlternativeTitle[]): Series {
  return {
    id: row.id,
    tvdbId: row.tvdb_id,
    tvmazeId: row.tvmaze_id,
    tmdbId: row.tmdb_id,
    imdbId: row.imdb_id,
    metadataSource: row.metadata_source,
    title: row.title,
    cleanTitle: row.clean_title,
    sortTitle: row.sort_title,
    year: row.year,
    overview: row.overview,
    status: row.status,
    network: row.network,
    runtime: row.runtime,
    seriesType: row.series_type,
    seasonFolders: row.season_folders === 1,
    monitored: row.monitored === 1,
    monitorNewSeasons: row.monitor_new_seasons === 1,
    qualityProfileId: row.quality_profile_id,
    rootFolderPath: row.root_folder_path,
    path: row.path,
    tags: JSON.parse(row.tags) as string[],
    addedAt: row.added_at,
    lastRefreshedAt: row.last_refreshed_at,
    alternativeTitles,
  };
}

function toEpisode(row: Selectable<EpisodesTable>): Episode {
  return {
    id: row.id,
    seriesId: row.series_id,
    seasonNumber: row.season_number,
    episodeNumber: row.episode_number,
    absoluteNumber: row.absolute_number,
    airDate: row.air_date,
    airDateUtc: row.air_date_utc,
    title: row.title,
    overview: row.overview,
    runtime: row.runtime,
    monitored: row.monitored === 1,
    episodeFileId: row.episode_file_id,
    removedUpstream: row.removed_upstream === 1,
  };
}
