// The TVmaze client against the TVmaze contract fake: mapping of standard, daily and anime shows
// (specials as season 0, absolute numbers), id lookups through TVmaze's 301, caching, rate limiting
// (spacing, a shared pause after 429 with and without Retry-After) and every fault the fake can play.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TvmazeClient, type TvmazeClientOptions } from '../../src/metadata/tvmaze/tvmaze.client.js';
import { BadRequestError, NotFoundError, UpstreamError } from '../../src/shared/errors.js';
import {
  animeShow,
  dailyShow,
  standardShow,
  startTvmazeFake,
  type TvmazeFake,
} from '../fakes/tvmaze/tvmaze-fake.js';

const thrones = standardShow(82, 'Game of Thrones', {
  seasons: [3, 2],
  tvdbId: 121361,
  imdbId: 'tt0944947',
  specials: 2,
  unscheduled: 1,
  akas: ['Le Trône de fer', 'Game of Thrones'],
  premiered: '2011-04-17',
  overrides: { status: 'Ended' },
});
const lateShow = dailyShow(1573, 'The Late Show with Stephen Colbert', {
  premiered: '2024-12-30',
  episodes: 6,
});
const frieren = animeShow(65749, "Frieren: Beyond Journey's End", {
  tvdbId: 424536,
  akas: ['Sousou no Frieren'],
});

let fake: TvmazeFake;
/** Waits the client asked for (Retry-After, back-off), recorded instead of slept where injected. */
let waits: number[];

beforeAll(async () => {
  fake = await startTvmazeFake({ shows: [thrones, lateShow] });
  fake.addShow(frieren);
});
afterAll(async () => {
  await fake.stop();
});
afterEach(() => {
  fake.setFault('none');
  fake.requests.length = 0;
});

function client(options: Partial<TvmazeClientOptions> = {}): TvmazeClient {
  waits = [];
  return new TvmazeClient({
    baseUrl: fake.url,
    timeoutMs: 2_000,
    minIntervalMs: 0,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
}

const paths = () => fake.requests.map((request) => request.path);

describe('TvmazeClient against the TVmaze fake', () => {
  it('searches shows by title or alias, best score first, and caches the answer', async () => {
    const tvmaze = client();
    const results = await tvmaze.searchSeries('  Sousou no Frieren ');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      tvmazeId: 65749,
      tvdbId: 424536,
      tmdbId: null,
      title: "Frieren: Beyond Journey's End",
      year: 2023,
      network: 'Nippon TV',
      status: 'continuing',
    });
    expect(fake.requests[0]).toMatchObject({ path: '/search/shows', query: { q: 'Sousou no Frieren' } });

    await tvmaze.searchSeries('sousou NO frieren');
    expect(fake.requests).toHaveLength(1);
    expect(await tvmaze.searchSeries('Nothing Like This')).toEqual([]);
    await expect(tvmaze.searchSeries('   ')).rejects.toBeInstanceOf(BadRequestError);
  });

  it('reads a standard show: episodes in aired order, specials as season 0, akas, unscheduled episodes', async () => {
    const series = await client().getSeries(82);
    expect(fake.requests.map((r) => [r.path, r.query])).toEqual(
      expect.arrayContaining([
        ['/shows/82', {}],
        ['/shows/82/episodes', { specials: '1' }],
        ['/shows/82/akas', {}],
      ]),
    );
    expect(series).toMatchObject({
      tvmazeId: 82,
      tvdbId: 121361,
      imdbId: 'tt0944947',
      title: 'Game of Thrones',
      year: 2011,
      status: 'ended',
      network: 'HBO',
      seriesType: 'standard',
      runtimeMinutes: 60,
      alternativeTitles: ['Le Trône de fer'],
      overview: 'Game of Thrones is a drama.',
    });
    expect(series.episodes.map((e) => `${e.seasonNumber}x${e.episodeNumber}`)).toEqual([
      '1x1',
      '1x2',
      '1x3',
      '0x1',
      '0x2',
      '2x1',
      '2x2',
    ]);
    expect(series.episodes[0]).toMatchObject({
      airDate: '2011-04-17',
      // 21:00 in New York in April (EST offset as the fake writes it) is 02:00 UTC the next day.
      airDateUtc: '2011-04-18T02:00:00.000Z',
      runtimeMinutes: 60,
      absoluteNumber: null,
    });
    expect(series.episodes[3]).toMatchObject({ title: 'Game of Thrones Special 1', runtimeMinutes: 45 });
    expect(series.episodes.at(-1)).toMatchObject({ airDate: null, airDateUtc: null });
  });

  it('reads a talk show as daily and an anime as anime with absolute numbers', async () => {
    const tvmaze = client();
    const daily = await tvmaze.getSeries(1573);
    expect(daily.seriesType).toBe('daily');
    expect(daily.episodes.map((e) => [e.seasonNumber, e.episodeNumber, e.airDate])).toEqual([
      [2024, 1, '2024-12-30'],
      [2024, 2, '2024-12-31'],
      [2025, 1, '2025-01-01'],
      [2025, 2, '2025-01-02'],
      [2025, 3, '2025-01-03'],
      [2025, 4, '2025-01-06'],
    ]);

    const anime = await tvmaze.getSeries(65749);
    expect(anime).toMatchObject({
      seriesType: 'anime',
      language: 'Japanese',
      alternativeTitles: ['Sousou no Frieren'],
    });
    expect(anime.episodes).toHaveLength(24);
    expect(anime.episodes.map((e) => e.absoluteNumber)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(anime.episodes[12]).toMatchObject({ seasonNumber: 2, episodeNumber: 1, absoluteNumber: 13 });
    // 23:00 in Tokyo is 14:00 UTC the same day.
    expect(anime.episodes[0]?.airDateUtc).toBe('2023-09-29T14:00:00.000Z');
  });

  it('throws NotFoundError for an unknown show and refuses ids that cannot be TVmaze ids', async () => {
    const tvmaze = client();
    await expect(tvmaze.getSeries(999_999)).rejects.toThrow(NotFoundError);
    await expect(tvmaze.getSeries(0)).rejects.toBeInstanceOf(BadRequestError);
    await expect(tvmaze.getSeries(1.5)).rejects.toBeInstanceOf(BadRequestError);
    // The failed read settled all three of its calls before throwing: none is left running.
    expect(paths().sort()).toEqual(['/shows/999999', '/shows/999999/akas', '/shows/999999/episodes']);
  });

  it('finds a show by TVDB or IMDb id through the 301, caches the lookup, and says null when unknown', async () => {
    const tvmaze = client();
    const byTvdb = await tvmaze.findSeries({ tvdbId: 121361 });
    expect(byTvdb?.tvmazeId).toBe(82);
    expect(fake.requests[0]).toMatchObject({ path: '/lookup/shows', query: { thetvdb: '121361' } });

    const byImdb = await tvmaze.findSeries({ imdbId: ' TT0944947 ' });
    expect(byImdb?.tvmazeId).toBe(82);
    expect(fake.requests.filter((r) => r.path === '/lookup/shows').map((r) => r.query)).toEqual([
      { thetvdb: '121361' },
      { imdb: 'tt0944947' },
    ]);
    // The show itself was read once (cached), the redirect target was never fetched separately.
    expect(paths().filter((path) => path === '/shows/82')).toHaveLength(1);

    fake.requests.length = 0;
    expect(await tvmaze.findSeries({ tvdbId: 121361 })).not.toBeNull();
    expect(fake.requests).toHaveLength(0);

    expect(await tvmaze.findSeries({ tvdbId: 1 })).toBeNull();
    // An unknown TVDB id falls back to the IMDb id.
    expect((await tvmaze.findSeries({ tvdbId: 2, imdbId: 'tt0944947' }))?.tvmazeId).toBe(82);
    await expect(tvmaze.findSeries({})).rejects.toBeInstanceOf(BadRequestError);
    await expect(tvmaze.findSeries({ imdbId: '0944947' })).rejects.toBeInstanceOf(BadRequestError);
    await expect(tvmaze.findSeries({ tvdbId: -3 })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('caches a show for its time to live, then asks again', async () => {
    let now = 1_000_000;
    const tvmaze = client({ clock: { now: () => now }, cacheTtlMs: 60_000 });
    await tvmaze.getSeries(82);
    await tvmaze.getSeries(82);
    expect(fake.requests).toHaveLength(3);
    now += 60_001;
    await tvmaze.getSeries(82);
    expect(fake.requests).toHaveLength(6);
  });

  it('tests the connection with the update index', async () => {
    await expect(client().testConnection()).resolves.toBeUndefined();
    expect(fake.requests[0]).toMatchObject({ path: '/updates/shows', query: { since: 'day' } });
    fake.setFault('serverError');
    await expect(client({ retries: 0 }).testConnection()).rejects.toThrow(/HTTP 500/);
  });

  it('refuses a base URL that is not http(s) or carries a query', () => {
    expect(() => new TvmazeClient({ baseUrl: 'ftp://example.test' })).toThrow(BadRequestError);
    expect(() => new TvmazeClient({ baseUrl: 'not a url' })).toThrow(BadRequestError);
    expect(() => new TvmazeClient({ baseUrl: `${fake.url}/?x=1` })).toThrow(BadRequestError);
  });
});

describe('TvmazeClient faults and rate limiting', () => {
  it('waits out a 429 for its Retry-After, then succeeds', async () => {
    fake.setFault('rateLimit', { times: 2, retryAfterSeconds: 3 });
    const results = await client().searchSeries('thrones');
    expect(results[0]?.tvmazeId).toBe(82);
    expect(fake.requests).toHaveLength(3);
    expect(waits.filter((ms) => ms >= 2_900)).toHaveLength(2);
  });

  it('pauses for its own default when a 429 has no Retry-After', async () => {
    fake.setFault('rateLimit', { times: 1, retryAfterSeconds: null });
    await client({ rateLimitPauseMs: 7_000 }).searchSeries('thrones');
    expect(waits).toContain(7_000);
  });

  it('gives up after the allowed number of 429s, or at once on an over-long Retry-After', async () => {
    fake.setFault('rateLimit');
    await expect(client({ rateLimitRetries: 2 }).searchSeries('thrones')).rejects.toThrow(
      /rate limit exceeded on \/search\/shows; gave up after 2 retries/,
    );
    expect(fake.requests).toHaveLength(3);

    fake.requests.length = 0;
    fake.setFault('rateLimit', { retryAfterSeconds: 3_600 });
    await expect(client().searchSeries('thrones')).rejects.toBeInstanceOf(UpstreamError);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a 500 with back-off, and reports it with TVmaze’s message when it persists', async () => {
    fake.setFault('serverError', { times: 1 });
    expect((await client({ retryDelayMs: 10 }).getSeries(82)).tvmazeId).toBe(82);
    expect(waits).toContain(10);

    fake.setFault('serverError');
    const error = await client({ retries: 2, retryDelayMs: 10 })
      .searchSeries('frieren')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).service).toBe('TVmaze');
    expect((error as Error).message).toMatch(/\/search\/shows answered HTTP 500 \(Internal Server Error: /);
    expect(waits).toEqual([10, 20]);
  });

  it('fails a hanging request at the timeout without retrying it', async () => {
    fake.setFault('hang');
    const started = Date.now();
    await expect(client({ timeoutMs: 200 }).getSeries(1573)).rejects.toThrow(/no answer within 0.2s/);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(fake.requests.length).toBeLessThanOrEqual(3); // the three parallel calls, once each
  });

  it('reports a body that is not JSON, and does not cache the failure', async () => {
    const tvmaze = client();
    fake.setFault('notJson', { times: 1 });
    await expect(tvmaze.searchSeries('late show')).rejects.toThrow(/not JSON/);
    expect((await tvmaze.searchSeries('late show'))[0]?.tvmazeId).toBe(1573);
  });

  it('reports a payload of an unexpected shape with where it broke', async () => {
    // A show TVmaze could never send (negative id) reaches the client through the search.
    fake.addShow({ ...standardShow(-7, 'Broken Record Show'), externals: {} });
    await expect(client().searchSeries('broken record')).rejects.toThrow(
      /\/search\/shows answered an unexpected shape at 0\.show\.id/,
    );
  });

  it('reports a dropped connection as unreachable after its retries', async () => {
    const dead = await startTvmazeFake();
    const url = dead.url;
    await dead.stop();
    await expect(client({ baseUrl: url, retries: 1 }).searchSeries('x')).rejects.toThrow(
      /cannot reach TVmaze/,
    );
    expect(waits).toHaveLength(1);
  });

  it('spaces requests by the minimum interval', async () => {
    const tvmaze = new TvmazeClient({ baseUrl: fake.url, minIntervalMs: 80, concurrency: 4 });
    await Promise.all(['a', 'b', 'c', 'd'].map((q) => tvmaze.searchSeries(`thrones ${q}`)));
    const at = fake.requests.map((request) => request.at).sort((a, b) => a - b);
    for (let i = 1; i < at.length; i += 1) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(70);
  });

  it('holds every queued request while one waits out a 429 (one shared pause)', async () => {
    fake.setFault('rateLimit', { times: 1, retryAfterSeconds: 1 });
    const tvmaze = new TvmazeClient({ baseUrl: fake.url, minIntervalMs: 50, concurrency: 3 });
    const results = await Promise.all(['x', 'y', 'z'].map((q) => tvmaze.searchSeries(`frieren ${q}`)));
    expect(results.every((hits) => hits[0]?.tvmazeId === 65749)).toBe(true);
    const [first, ...rest] = fake.requests.map((request) => request.at);
    expect(fake.requests).toHaveLength(4);
    for (const at of rest) expect(at - first!).toBeGreaterThanOrEqual(950);
  });
});
