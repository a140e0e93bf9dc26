// Owns TMDB as the second TV metadata source: search, a series with every season's episodes, and
// resolving a TVDB or IMDb id through /find. Every call goes through the movie client's one door
// (credential, base URL, timeout, retries, rate limit), so movie and TV calls share TMDB's rate;
// results are cached in memory here, like the movie client does for movies.
import type { Clock } from '../../shared/clock.js';
import { systemClock } from '../../shared/clock.js';
import { BadRequestError, NotFoundError, UpstreamError } from '../../shared/errors.js';
import type {
  SeriesIds,
  SeriesMetadata,
  SeriesMetadataProvider,
  SeriesSearchResult,
} from '../series-metadata-provider.js';
import { TtlCache } from '../ttl-cache.js';
import {
  tmdbFindTvSchema,
  tmdbSearchTvSchema,
  tmdbTvDetailsSchema,
  tmdbTvSeasonSchema,
  type TmdbTvSeason,
} from './tmdb-tv-api.js';
import { mapTvDetails, mapTvSearchResult } from './tmdb-tv-mapper.js';
import type { TmdbClient } from './tmdb.client.js';

export interface TmdbTvClientOptions {
  /** The configured TMDB client; its door carries every TV call. */
  tmdb: Pick<TmdbClient, 'request' | 'imageBase' | 'testConnection' | 'language'>;
  clock?: Clock;
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
}

type ExternalSource = 'tvdb_id' | 'imdb_id';

const IMDB_ID = /^tt\d{5,10}$/;

export class TmdbTvClient implements SeriesMetadataProvider {
  readonly name = 'TMDB';

  private readonly tmdb: TmdbTvClientOptions['tmdb'];
  private readonly series: TtlCache<SeriesMetadata>;
  private readonly searches: TtlCache<SeriesSearchResult[]>;
  /** `tvdb_id:81189` / `imdb_id:tt…` → TMDB id, or null when TMDB does not know it. */
  private readonly lookups: TtlCache<number | null>;

  constructor(options: TmdbTvClientOptions) {
    this.tmdb = options.tmdb;
    const clock = options.clock ?? systemClock;
    const ttlMs = options.cacheTtlMs ?? 60 * 60 * 1000;
    const maxEntries = options.cacheMaxEntries ?? 2_000;
    const cache = { ttlMs, maxEntries, clock };
    this.series = new TtlCache(cache);
    this.searches = new TtlCache({ ...cache, maxEntries: Math.min(maxEntries, 500) });
    this.lookups = new TtlCache(cache);
  }

  testConnection(): Promise<void> {
    return this.tmdb.testConnection();
  }

  async searchSeries(query: string): Promise<SeriesSearchResult[]> {
    const text = query.trim();
    if (!text) throw new BadRequestError('A search needs some text');
    const { language } = this.tmdb;
    return this.searches.getOrLoad(`${language}|${text.toLowerCase()}`, async () => {
      const [images, page] = await Promise.all([
        this.tmdb.imageBase(),
        this.tmdb.request({
          path: '/search/tv',
          query: { query: text, include_adult: false, language, page: 1 },
          schema: tmdbSearchTvSchema,
          notFound: 'TMDB TV search is not available at this URL',
        }),
      ]);
      return page.results.map((item) => mapTvSearchResult(item, images));
    });
  }

  async getSeries(id: number): Promise<SeriesMetadata> {
    if (!Number.isInteger(id) || id <= 0) throw new BadRequestError(`Not a TMDB id: ${id}`);
    return this.series.getOrLoad(String(id), async () => {
      const { language } = this.tmdb;
      const [images, details] = await Promise.all([
        this.tmdb.imageBase(),
        this.tmdb.request({
          path: `/tv/${id}`,
          query: { append_to_response: 'external_ids,alternative_titles', language },
          schema: tmdbTvDetailsSchema,
          notFound: `TMDB has no TV series with id ${id}`,
        }),
      ]);
      const numbers = [...new Set(details.seasons.map((season) => season.season_number))];
      const reads = numbers.map((seasonNumber) => this.season(id, seasonNumber));
      // Settle every season before throwing the first error, so a failed read leaves none of its
      // requests still running (and spending rate) in the background.
      await Promise.allSettled(reads);
      return mapTvDetails(details, await Promise.all(reads), images);
    });
  }

  async findSeries(ids: Partial<Pick<SeriesIds, 'tvdbId' | 'imdbId'>>): Promise<SeriesMetadata | null> {
    const lookups: { source: ExternalSource; value: string }[] = [];
    if (ids.tvdbId !== undefined && ids.tvdbId !== null) {
      if (!Number.isInteger(ids.tvdbId) || ids.tvdbId <= 0) {
        throw new BadRequestError(`Not a TVDB id: ${ids.tvdbId}`);
      }
      lookups.push({ source: 'tvdb_id', value: String(ids.tvdbId) });
    }
    if (ids.imdbId !== undefined && ids.imdbId !== null) {
      const imdbId = ids.imdbId.trim().toLowerCase();
      if (!IMDB_ID.test(imdbId)) throw new BadRequestError(`Not an IMDb id: ${ids.imdbId}`);
      lookups.push({ source: 'imdb_id', value: imdbId });
    }
    if (lookups.length === 0) throw new BadRequestError('A lookup needs a TVDB or an IMDb id');

    // The TVDB id first: it is what indexers and release names carry most often.
    for (const { source, value } of lookups) {
      const tmdbId = await this.lookups.getOrLoad(`${source}:${value}`, async () => {
        const found = await this.tmdb.request({
          path: `/find/${value}`,
          query: { external_source: source, language: this.tmdb.language },
          schema: tmdbFindTvSchema,
          notFound: `TMDB cannot look up ${value}`,
        });
        return found.tv_results[0]?.id ?? null;
      });
      if (tmdbId !== null) return this.getSeries(tmdbId);
    }
    return null;
  }

  /**
   * One season's episodes. A season the series lists but TMDB cannot serve is an upstream fault, not
   * a missing series: a NotFoundError here would read as "TMDB dropped the series".
   */
  private async season(id: number, seasonNumber: number): Promise<TmdbTvSeason> {
    try {
      return await this.tmdb.request({
        path: `/tv/${id}/season/${seasonNumber}`,
        query: { language: this.tmdb.language },
        schema: tmdbTvSeasonSchema,
        notFound: `TMDB has no season ${seasonNumber} of TV series ${id}`,
      });
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new UpstreamError('TMDB', `series ${id} lists season ${seasonNumber} but cannot serve it`);
      }
      throw error;
    }
  }
}
