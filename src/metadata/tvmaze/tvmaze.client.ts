// Owns every call Omniarr makes to TVmaze (no API key): one private request() holds the base URL,
// the timeout, the rate limiter (TVmaze allows about 20 calls per 10 seconds per IP and answers 429
// beyond) and the retries, and turns TVmaze's answers into typed errors. Results are cached in
// memory for a while, so a catalog refresh or a burst of lookups does not ask the same question twice.
import type { z } from 'zod';
import type { Logger } from '../../logging/logger.js';
import { sleep as realSleep, systemClock, type Clock } from '../../shared/clock.js';
import { BadRequestError, NotFoundError, UpstreamError } from '../../shared/errors.js';
import { RequestLimiter } from '../request-limiter.js';
import type {
  SeriesIds,
  SeriesMetadata,
  SeriesMetadataProvider,
  SeriesSearchResult,
} from '../series-metadata-provider.js';
import { TtlCache } from '../ttl-cache.js';
import {
  tvmazeAkasSchema,
  tvmazeEpisodesSchema,
  tvmazeErrorSchema,
  tvmazeSearchSchema,
  tvmazeShowSchema,
  tvmazeUpdatesSchema,
  type TvmazeShow,
} from './tvmaze-api.js';
import { mapSearchResult, mapShow } from './tvmaze-mapper.js';
import { parseApiBaseUrl, parseJsonPayload, sendWithRetries, type RetryPolicy } from '../json-api.js';

export const TVMAZE_DEFAULT_BASE_URL = 'https://api.tvmaze.com';

export interface TvmazeClientOptions {
  baseUrl?: string;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx or a dropped connection. */
  retries?: number;
  /** First back-off after a 5xx; doubles each retry. */
  retryDelayMs?: number;
  /** How many 429 answers to wait out before giving up. */
  rateLimitRetries?: number;
  /** Wait after a 429 without Retry-After (TVmaze often sends none). */
  rateLimitPauseMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs?: number;
  concurrency?: number;
  /** 500 ms spacing keeps a long refresh at TVmaze's 20 calls per 10 seconds. */
  minIntervalMs?: number;
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  logger?: Pick<Logger, 'debug' | 'warn'>;
}

interface RequestSpec<T> {
  path: string;
  query?: Record<string, string>;
  schema: z.ZodType<T>;
  /** Message of the NotFoundError thrown on 404. */
  notFound: string;
}

type Answer<T> = { kind: 'body'; value: T } | { kind: 'redirect'; location: string };

const SERVICE = 'TVmaze';
const IMDB_ID = /^tt\d{5,10}$/;

export class TvmazeClient implements SeriesMetadataProvider {
  readonly name = SERVICE;

  private readonly baseUrl: string;
  private readonly clock: Clock;
  private readonly logger: Pick<Logger, 'debug' | 'warn'> | undefined;
  /** Timeout, retries, rate-limit pauses and the request limiter, for every call. */
  private readonly policy: RetryPolicy;

  private readonly shows: TtlCache<SeriesMetadata>;
  private readonly searches: TtlCache<SeriesSearchResult[]>;
  /** `thetvdb:123` / `imdb:tt…` → TVmaze id, or null when TVmaze does not know it. */
  private readonly lookups: TtlCache<number | null>;

  constructor(options: TvmazeClientOptions = {}) {
    this.baseUrl = parseApiBaseUrl(SERVICE, options.baseUrl ?? TVMAZE_DEFAULT_BASE_URL);
    this.clock = options.clock ?? systemClock;
    const sleep = options.sleep ?? ((ms: number) => realSleep(ms));
    this.logger = options.logger;
    this.policy = {
      service: SERVICE,
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 2,
      retryDelayMs: options.retryDelayMs ?? 500,
      rateLimitRetries: options.rateLimitRetries ?? 3,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      rateLimitPauseMs: options.rateLimitPauseMs ?? 10_000,
      limiter: new RequestLimiter({
        concurrency: options.concurrency ?? 2,
        minIntervalMs: options.minIntervalMs ?? 500,
        clock: this.clock,
        sleep,
      }),
      clock: this.clock,
      sleep,
      logger: this.logger,
    };

    const ttlMs = options.cacheTtlMs ?? 60 * 60 * 1000;
    const maxEntries = options.cacheMaxEntries ?? 2_000;
    const cache = { ttlMs, maxEntries, clock: this.clock };
    this.shows = new TtlCache(cache);
    this.searches = new TtlCache({ ...cache, maxEntries: Math.min(maxEntries, 500) });
    this.lookups = new TtlCache(cache);
  }

  async testConnection(): Promise<void> {
    // TVmaze has no ping; the day's update index is small and always there.
    await this.request({
      path: '/updates/shows',
      query: { since: 'day' },
      schema: tvmazeUpdatesSchema,
      notFound: 'TVmaze is not available at this URL (check the base URL)',
    });
  }

  async searchSeries(query: string): Promise<SeriesSearchResult[]> {
    const text = query.trim();
    if (!text) throw new BadRequestError('A search needs some text');
    return this.searches.getOrLoad(text.toLowerCase(), async () => {
      const hits = await this.body({
        path: '/search/shows',
        query: { q: text },
        schema: tvmazeSearchSchema,
        notFound: 'TVmaze search is not available at this URL',
      });
      return [...hits].sort((a, b) => b.score - a.score).map((hit) => mapSearchResult(hit.show));
    });
  }

  async getSeries(id: number): Promise<SeriesMetadata> {
    if (!Number.isInteger(id) || id <= 0) throw new BadRequestError(`Not a TVmaze id: ${id}`);
    return this.shows.getOrLoad(String(id), async () => {
      const notFound = `TVmaze has no show with id ${id}`;
      // Three documented endpoints rather than embeds: the episodes embed leaves specials out, and
      // akas have their own list. The limiter keeps them within TVmaze's rate.
      const show = this.body({ path: `/shows/${id}`, schema: tvmazeShowSchema, notFound });
      const episodes = this.body({
        path: `/shows/${id}/episodes`,
        query: { specials: '1' },
        schema: tvmazeEpisodesSchema,
        notFound,
      });
      const akas = this.body({ path: `/shows/${id}/akas`, schema: tvmazeAkasSchema, notFound });
      // Settle all three before throwing the first error, so a failed read leaves none of its
      // requests still running (and spending rate) in the background.
      await Promise.allSettled([show, episodes, akas]);
      return mapShow(await show, await akas, await episodes);
    });
  }

  async findSeries(ids: Partial<Pick<SeriesIds, 'tvdbId' | 'imdbId'>>): Promise<SeriesMetadata | null> {
    const lookups: { key: string; param: 'thetvdb' | 'imdb'; value: string }[] = [];
    if (ids.tvdbId !== undefined && ids.tvdbId !== null) {
      if (!Number.isInteger(ids.tvdbId) || ids.tvdbId <= 0) {
        throw new BadRequestError(`Not a TVDB id: ${ids.tvdbId}`);
      }
      lookups.push({ key: `thetvdb:${ids.tvdbId}`, param: 'thetvdb', value: String(ids.tvdbId) });
    }
    if (ids.imdbId !== undefined && ids.imdbId !== null) {
      const imdbId = ids.imdbId.trim().toLowerCase();
      if (!IMDB_ID.test(imdbId)) throw new BadRequestError(`Not an IMDb id: ${ids.imdbId}`);
      lookups.push({ key: `imdb:${imdbId}`, param: 'imdb', value: imdbId });
    }
    if (lookups.length === 0) throw new BadRequestError('A lookup needs a TVDB or an IMDb id');

    // The TVDB id first: it is what indexers and release names carry most often.
    for (const lookup of lookups) {
      const tvmazeId = await this.lookups.getOrLoad(lookup.key, () =>
        this.lookup(lookup.param, lookup.value),
      );
      if (tvmazeId !== null) return this.getSeries(tvmazeId);
    }
    return null;
  }

  /**
   * TVmaze answers a lookup with a 301 to the show. We read the show id from the Location instead of
   * following it: the id is all we need, and getSeries() then fetches (and caches) the full record.
   */
  private async lookup(param: 'thetvdb' | 'imdb', value: string): Promise<number | null> {
    let answer: Answer<TvmazeShow>;
    try {
      answer = await this.request({
        path: '/lookup/shows',
        query: { [param]: value },
        schema: tvmazeShowSchema,
        notFound: 'unknown id',
      });
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    if (answer.kind === 'body') return answer.value.id;
    const match = /\/shows\/(\d+)\/?$/.exec(new URL(answer.location, this.baseUrl).pathname);
    if (!match?.[1]) {
      throw new UpstreamError(SERVICE, `/lookup/shows redirected somewhere unexpected: ${answer.location}`);
    }
    return Number(match[1]);
  }

  private async body<T>(spec: RequestSpec<T>): Promise<T> {
    const answer = await this.request(spec);
    if (answer.kind === 'body') return answer.value;
    throw new UpstreamError(SERVICE, `${spec.path} answered with an unexpected redirect`);
  }

  /** The one door to TVmaze. */
  private async request<T>(spec: RequestSpec<T>): Promise<Answer<T>> {
    const url = new URL(`${this.baseUrl}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.set(name, value);

    const outcome = await sendWithRetries(this.policy, spec.path, (signal) =>
      fetch(url, { headers: { accept: 'application/json' }, redirect: 'manual', signal }),
    );
    if (outcome.status >= 200 && outcome.status < 300) {
      return { kind: 'body', value: parseJsonPayload(SERVICE, spec.path, spec.schema, outcome.body) };
    }
    if ([301, 302, 307, 308].includes(outcome.status)) {
      if (!outcome.location) throw new UpstreamError(SERVICE, `${spec.path} redirected without a Location`);
      return { kind: 'redirect', location: outcome.location };
    }
    if (outcome.status === 404) throw new NotFoundError(spec.notFound);
    const upstreamMessage = errorMessageOf(outcome.body);
    const detail = `HTTP ${outcome.status}${upstreamMessage ? ` (${upstreamMessage})` : ''}`;
    throw new UpstreamError(SERVICE, `${spec.path} answered ${detail}`);
  }
}

/** TVmaze's `name: message`, or a short excerpt of a non-TVmaze body (a proxy's error page). */
function errorMessageOf(body: string): string | null {
  try {
    const parsed = tvmazeErrorSchema.safeParse(JSON.parse(body));
    if (parsed.success) {
      return parsed.data.message ? `${parsed.data.name}: ${parsed.data.message}` : parsed.data.name;
    }
  } catch {
    // not JSON: fall through to the excerpt
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 120) : null;
}
