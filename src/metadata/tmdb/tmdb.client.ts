// Owns every call Omniarr makes to TMDB v3: one private request() holds the base URL, the
// credential (API key or v4 read access token), the timeout, the rate limiter and the retries, and
// turns TMDB's answers into typed errors. Results are cached in memory for a while, so a catalog
// refresh or a burst of lookups does not ask the same question twice.
import type { z } from 'zod';
import type { Logger } from '../../logging/logger.js';
import { sleep as realSleep, systemClock, type Clock } from '../../shared/clock.js';
import { BadRequestError, NotFoundError, UpstreamError } from '../../shared/errors.js';
import type { MovieMetadata, MovieMetadataProvider, MovieSearchResult } from '../metadata-provider.js';
import { RequestLimiter } from '../request-limiter.js';
import { TtlCache } from '../ttl-cache.js';
import {
  tmdbConfigurationSchema,
  tmdbErrorSchema,
  tmdbFindSchema,
  tmdbMovieDetailsSchema,
  tmdbSearchMovieSchema,
} from './tmdb-api.js';
import { imageBaseFrom, mapMovieDetails, mapSearchResult, type TmdbImageBase } from './tmdb-mapper.js';
import { parseApiBaseUrl, parseJsonPayload, sendWithRetries, type RetryPolicy } from '../json-api.js';

export const TMDB_DEFAULT_BASE_URL = 'https://api.themoviedb.org/3';

export interface TmdbClientOptions {
  /** v3 API key, sent as the `api_key` query parameter. Give this or `readAccessToken`. */
  apiKey?: string | undefined;
  /** v4 read access token, sent as `Authorization: Bearer …`. Preferred when both are given. */
  readAccessToken?: string | undefined;
  baseUrl?: string;
  /** TMDB `language` for titles and overviews, e.g. `en-US`. */
  language?: string;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx or a dropped connection. */
  retries?: number;
  /** First back-off after a 5xx; doubles each retry. */
  retryDelayMs?: number;
  /** How many 429 answers to wait out before giving up. */
  rateLimitRetries?: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs?: number;
  /** TMDB allows ~40-50 requests/s; these defaults stay well below. */
  concurrency?: number;
  minIntervalMs?: number;
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  posterSize?: string;
  backdropSize?: string;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  logger?: Pick<Logger, 'debug' | 'warn'>;
}

type QueryValue = string | number | boolean | undefined;

/** One call to TMDB: its path below the API root, query, payload schema and 404 message. */
export interface TmdbRequest<T> {
  path: string;
  query?: Record<string, QueryValue>;
  schema: z.ZodType<T>;
  /** Message of the NotFoundError thrown on 404. */
  notFound: string;
}

const SERVICE = 'TMDB';
const IMAGE_CONFIGURATION_TTL_MS = 24 * 60 * 60 * 1000;
const IMDB_ID = /^tt\d{5,10}$/;

export class TmdbClient implements MovieMetadataProvider {
  readonly name = SERVICE;

  private readonly baseUrl: string;
  private readonly credential: { kind: 'apiKey' | 'readAccessToken'; value: string };
  /** TMDB `language` for titles and overviews, e.g. `en-US`. */
  readonly language: string;
  private readonly clock: Clock;
  private readonly logger: Pick<Logger, 'debug' | 'warn'> | undefined;
  /** Timeout, retries, rate-limit pauses and the request limiter, for every call. */
  private readonly policy: RetryPolicy;
  private readonly imageSizes: { posterSize: string; backdropSize: string };

  private readonly images: TtlCache<TmdbImageBase>;
  private readonly movies: TtlCache<MovieMetadata>;
  private readonly searches: TtlCache<MovieSearchResult[]>;
  private readonly imdbIds: TtlCache<number | null>;

  constructor(options: TmdbClientOptions) {
    const readAccessToken = options.readAccessToken?.trim();
    const apiKey = options.apiKey?.trim();
    if (readAccessToken) this.credential = { kind: 'readAccessToken', value: readAccessToken };
    else if (apiKey) this.credential = { kind: 'apiKey', value: apiKey };
    else throw new BadRequestError('TMDB needs an API key or a read access token');

    this.baseUrl = parseApiBaseUrl(SERVICE, options.baseUrl ?? TMDB_DEFAULT_BASE_URL);
    this.language = options.language ?? 'en-US';
    this.clock = options.clock ?? systemClock;
    const sleep = options.sleep ?? ((ms: number) => realSleep(ms));
    this.logger = options.logger;
    this.imageSizes = {
      posterSize: options.posterSize ?? 'original',
      backdropSize: options.backdropSize ?? 'original',
    };
    this.policy = {
      service: SERVICE,
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 2,
      retryDelayMs: options.retryDelayMs ?? 500,
      rateLimitRetries: options.rateLimitRetries ?? 3,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      rateLimitPauseMs: 1_000,
      limiter: new RequestLimiter({
        concurrency: options.concurrency ?? 8,
        minIntervalMs: options.minIntervalMs ?? 30,
        clock: this.clock,
        sleep,
      }),
      clock: this.clock,
      sleep,
      logger: this.logger,
    };

    const ttlMs = options.cacheTtlMs ?? 60 * 60 * 1000;
    const maxEntries = options.cacheMaxEntries ?? 5_000;
    const cache = { ttlMs, maxEntries, clock: this.clock };
    this.images = new TtlCache({ ttlMs: IMAGE_CONFIGURATION_TTL_MS, maxEntries: 1, clock: this.clock });
    this.movies = new TtlCache(cache);
    this.searches = new TtlCache({ ...cache, maxEntries: Math.min(maxEntries, 500) });
    this.imdbIds = new TtlCache(cache);
  }

  async testConnection(): Promise<void> {
    this.images.clear();
    await this.imageBase();
  }

  async searchMovies(query: string, year?: number): Promise<MovieSearchResult[]> {
    const text = query.trim();
    if (!text) throw new BadRequestError('A search needs some text');
    if (year !== undefined && (!Number.isInteger(year) || year < 1870 || year > 2200)) {
      throw new BadRequestError(`Not a release year: ${year}`);
    }
    const key = `${this.language}|${year ?? ''}|${text.toLowerCase()}`;
    return this.searches.getOrLoad(key, async () => {
      const [images, page] = await Promise.all([
        this.imageBase(),
        this.request({
          path: '/search/movie',
          query: { query: text, year, include_adult: false, language: this.language, page: 1 },
          schema: tmdbSearchMovieSchema,
          notFound: 'TMDB search is not available at this URL',
        }),
      ]);
      return page.results.map((item) => mapSearchResult(item, images));
    });
  }

  async getMovie(tmdbId: number): Promise<MovieMetadata> {
    if (!Number.isInteger(tmdbId) || tmdbId <= 0) throw new BadRequestError(`Not a TMDB id: ${tmdbId}`);
    return this.movies.getOrLoad(String(tmdbId), async () => {
      const [images, details] = await Promise.all([
        this.imageBase(),
        this.request({
          path: `/movie/${tmdbId}`,
          query: {
            append_to_response: 'alternative_titles,release_dates,external_ids',
            language: this.language,
          },
          schema: tmdbMovieDetailsSchema,
          notFound: `TMDB has no movie with id ${tmdbId}`,
        }),
      ]);
      return mapMovieDetails(details, images);
    });
  }

  async findByImdbId(imdbId: string): Promise<MovieMetadata | null> {
    const id = imdbId.trim().toLowerCase();
    if (!IMDB_ID.test(id)) throw new BadRequestError(`Not an IMDb id: ${imdbId}`);
    const tmdbId = await this.imdbIds.getOrLoad(id, async () => {
      const found = await this.request({
        path: `/find/${id}`,
        query: { external_source: 'imdb_id', language: this.language },
        schema: tmdbFindSchema,
        notFound: `TMDB cannot look up ${id}`,
      });
      return found.movie_results[0]?.id ?? null;
    });
    return tmdbId === null ? null : this.getMovie(tmdbId);
  }

  /** Where poster and fanart URLs point, from /configuration, cached for a day. */
  imageBase(): Promise<TmdbImageBase> {
    return this.images.getOrLoad('images', async () => {
      const configuration = await this.request({
        path: '/configuration',
        schema: tmdbConfigurationSchema,
        notFound: 'TMDB configuration is not available at this URL (check the base URL)',
      });
      return imageBaseFrom(configuration, this.imageSizes);
    });
  }

  /**
   * The one door to TMDB, shared with the TV client (./tmdb-tv.client.ts) so movie and TV calls keep
   * to one rate limit. Errors never carry the URL (it may hold the API key) nor the credential.
   */
  async request<T>(spec: TmdbRequest<T>): Promise<T> {
    const url = new URL(`${this.baseUrl}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.credential.kind === 'apiKey') url.searchParams.set('api_key', this.credential.value);
    else headers.authorization = `Bearer ${this.credential.value}`;

    const outcome = await sendWithRetries(this.policy, spec.path, (signal) =>
      fetch(url, { headers, signal }),
    );
    if (outcome.status >= 200 && outcome.status < 300) {
      return parseJsonPayload(SERVICE, spec.path, spec.schema, outcome.body);
    }
    const upstreamMessage = this.redact(errorMessageOf(outcome.body));
    if (outcome.status === 404) throw new NotFoundError(spec.notFound);
    if (outcome.status === 401) {
      const what = this.credential.kind === 'apiKey' ? 'API key' : 'read access token';
      throw new UpstreamError(SERVICE, `the ${what} was refused (${upstreamMessage ?? 'HTTP 401'})`);
    }
    const detail = `HTTP ${outcome.status}${upstreamMessage ? ` (${upstreamMessage})` : ''}`;
    throw new UpstreamError(SERVICE, `${spec.path} answered ${detail}`);
  }

  /** Removes the credential from text that came from elsewhere, in case a proxy echoes it. */
  private redact(text: string | null): string | null {
    if (text === null) return null;
    const secret = this.credential.value;
    return text.split(secret).join('[redacted]').split(encodeURIComponent(secret)).join('[redacted]');
  }
}

/** TMDB's `status_message`, or a short excerpt of a non-TMDB body (a proxy's error page). */
function errorMessageOf(body: string): string | null {
  try {
    const parsed = tmdbErrorSchema.safeParse(JSON.parse(body));
    if (parsed.success) return `status ${parsed.data.status_code}: ${parsed.data.status_message}`;
  } catch {
    // not JSON: fall through to the excerpt
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 120) : null;
}
