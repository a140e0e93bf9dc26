// The TMDB TV client against the TMDB contract fake: a series with every season's episodes, search,
// /find by TVDB and IMDb id, caching, the movie client's door shared (credential, retries, 429
// pauses, image configuration), and the faults that must not read as "series gone".
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TmdbTvClient } from '../../src/metadata/tmdb/tmdb-tv.client.js';
import type { TmdbClientOptions } from '../../src/metadata/tmdb/tmdb.client.js';
import { BadRequestError, NotFoundError, UpstreamError } from '../../src/shared/errors.js';
import { startTmdbFake, type FakeTmdbTvShow, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { expectNoSecrets, failure } from '../support/errors.js';
import { tmdbClientFor } from './tmdb-clients.js';

const thrones: FakeTmdbTvShow = {
  id: 1399,
  name: 'Game of Thrones',
  overview: 'Seven noble families fight for control of the mythical land of Westeros.',
  first_air_date: '2011-04-17',
  status: 'Ended',
  type: 'Scripted',
  episode_run_time: [],
  genres: [{ id: 10765, name: 'Sci-Fi & Fantasy' }],
  networks: [{ id: 49, name: 'HBO', origin_country: 'US' }],
  origin_country: ['US'],
  poster_path: '/1XS1oqL89opfnbLl8WnZY1O1uJx.jpg',
  backdrop_path: '/2OMB0ynKlyIenMJWI2Dy9IWT4c.jpg',
  popularity: 300,
  tvdb_id: 121361,
  imdb_id: 'tt0944947',
  alternative_titles: [{ iso_3166_1: 'DE', title: 'Das Lied von Eis und Feuer' }],
  seasons: [
    {
      season_number: 0,
      episodes: [{ episode_number: 1, name: 'Inside Game of Thrones', air_date: '2010-12-05', runtime: 15 }],
    },
    {
      season_number: 1,
      episodes: [
        { episode_number: 1, name: 'Winter Is Coming', air_date: '2011-04-17', runtime: 62 },
        { episode_number: 2, name: 'The Kingsroad', air_date: '2011-04-24', runtime: 56 },
      ],
    },
    {
      season_number: 2,
      episodes: [{ episode_number: 1, name: 'The North Remembers', air_date: '2012-04-01', runtime: 53 }],
    },
  ],
};
const houseOfTheDragon: FakeTmdbTvShow = {
  id: 94997,
  name: 'House of the Dragon',
  first_air_date: '2022-08-21',
  status: 'Returning Series',
  popularity: 200,
  tvdb_id: 371572,
  seasons: [{ season_number: 1, episodes: [{ episode_number: 1, air_date: '2022-08-21' }] }],
};
const frieren: FakeTmdbTvShow = {
  id: 209867,
  name: "Frieren: Beyond Journey's End",
  original_name: '葬送のフリーレン',
  original_language: 'ja',
  first_air_date: '2023-09-29',
  genres: [{ id: 16, name: 'Animation' }],
  origin_country: ['JP'],
  tvdb_id: 424536,
  imdb_id: 'tt22248376',
  alternative_titles: [{ iso_3166_1: 'JP', title: 'Sousou no Frieren' }],
  seasons: [
    {
      season_number: 1,
      episodes: [
        { episode_number: 1, air_date: '2023-09-29', runtime: 24 },
        { episode_number: 2, air_date: '2023-09-29', runtime: 24 },
      ],
    },
    { season_number: 2, episodes: [{ episode_number: 1, air_date: null }] },
  ],
};
const tonightShow: FakeTmdbTvShow = {
  id: 59941,
  name: 'The Tonight Show Starring Jimmy Fallon',
  type: 'Talk Show',
  first_air_date: '2014-02-17',
  seasons: [{ season_number: 2024, episodes: [{ episode_number: 40, air_date: '2024-03-05' }] }],
};

let fake: TmdbFake;

beforeAll(async () => {
  fake = await startTmdbFake({ shows: [thrones, houseOfTheDragon, frieren, tonightShow] });
});
afterAll(async () => {
  await fake.stop();
});
afterEach(() => {
  fake.setFault('none');
  fake.requests.length = 0;
});

function client(options: Partial<TmdbClientOptions> = {}, cacheTtlMs?: number): TmdbTvClient {
  const tmdb = tmdbClientFor(fake, options);
  return new TmdbTvClient({
    tmdb,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(cacheTtlMs ? { cacheTtlMs } : {}),
  });
}

const count = (path: string) => fake.requests.filter((request) => request.path === path).length;

describe('TmdbTvClient against the TMDB fake', () => {
  it('reads a series with its ids appended and every season, specials as season 0, dates without times', async () => {
    const series = await client().getSeries(1399);
    expect(series).toMatchObject({
      tvmazeId: null,
      tvdbId: 121361,
      tmdbId: 1399,
      imdbId: 'tt0944947',
      title: 'Game of Thrones',
      year: 2011,
      network: 'HBO',
      status: 'ended',
      seriesType: 'standard',
      runtimeMinutes: 56,
      alternativeTitles: ['Das Lied von Eis und Feuer'],
      posterUrl: 'https://image.tmdb.org/t/p/original/1XS1oqL89opfnbLl8WnZY1O1uJx.jpg',
      fanartUrl: 'https://image.tmdb.org/t/p/original/2OMB0ynKlyIenMJWI2Dy9IWT4c.jpg',
    });
    expect(series.episodes.map((e) => [e.seasonNumber, e.episodeNumber, e.title, e.airDate])).toEqual([
      [0, 1, 'Inside Game of Thrones', '2010-12-05'],
      [1, 1, 'Winter Is Coming', '2011-04-17'],
      [1, 2, 'The Kingsroad', '2011-04-24'],
      [2, 1, 'The North Remembers', '2012-04-01'],
    ]);
    expect(series.episodes.every((e) => e.airDateUtc === null && e.absoluteNumber === null)).toBe(true);

    const details = fake.requests.filter((request) => request.path === '/tv/1399');
    expect(details).toHaveLength(1);
    expect(details[0]?.query).toMatchObject({
      append_to_response: 'external_ids,alternative_titles',
      language: 'en-US',
    });
    expect(details[0]?.auth).toBe('apiKey');
    expect([count('/tv/1399/season/0'), count('/tv/1399/season/1'), count('/tv/1399/season/2')]).toEqual([
      1, 1, 1,
    ]);
  });

  it('reads a Japanese animation as anime with absolute numbers, and a talk show as daily', async () => {
    const tv = client();
    const anime = await tv.getSeries(209867);
    expect(anime).toMatchObject({
      seriesType: 'anime',
      originalTitle: '葬送のフリーレン',
      alternativeTitles: ['Sousou no Frieren'],
      language: 'ja',
      runtimeMinutes: 24,
    });
    expect(anime.episodes.map((e) => [e.seasonNumber, e.episodeNumber, e.absoluteNumber, e.airDate])).toEqual(
      [
        [1, 1, 1, '2023-09-29'],
        [1, 2, 2, '2023-09-29'],
        [2, 1, 3, null],
      ],
    );
    const daily = await tv.getSeries(59941);
    expect(daily.seriesType).toBe('daily');
    expect(daily.episodes[0]).toMatchObject({ seasonNumber: 2024, episodeNumber: 40, airDate: '2024-03-05' });
  });

  it('searches by title, best match first, in the configured language without adult titles', async () => {
    const tv = client();
    const results = await tv.searchSeries('  thrones ');
    expect(results).toEqual([
      {
        tvmazeId: null,
        tvdbId: null,
        tmdbId: 1399,
        imdbId: null,
        title: 'Game of Thrones',
        year: 2011,
        overview: thrones.overview,
        network: null,
        status: 'unknown',
        posterUrl: 'https://image.tmdb.org/t/p/original/1XS1oqL89opfnbLl8WnZY1O1uJx.jpg',
      },
    ]);
    expect(fake.requests.find((request) => request.path === '/search/tv')?.query).toMatchObject({
      query: 'thrones',
      include_adult: 'false',
      language: 'en-US',
      page: '1',
    });
    // An alternative title finds the series too.
    expect((await tv.searchSeries('sousou no frieren')).map((r) => r.tmdbId)).toEqual([209867]);
    expect(await tv.searchSeries('nothing like this')).toEqual([]);
  });

  it('finds a series by TVDB id first, then by IMDb id, and answers null when TMDB knows neither', async () => {
    const tv = client();
    expect((await tv.findSeries({ tvdbId: 371572 }))?.tmdbId).toBe(94997);
    expect((await tv.findSeries({ imdbId: 'TT22248376' }))?.tmdbId).toBe(209867);
    expect((await tv.findSeries({ tvdbId: 999_999, imdbId: 'tt0944947' }))?.tmdbId).toBe(1399);
    expect(await tv.findSeries({ tvdbId: 999_999, imdbId: 'tt9999999' })).toBeNull();

    const finds = fake.requests.filter((request) => request.path.startsWith('/find/'));
    expect(finds.map((request) => [request.path, request.query.external_source])).toEqual([
      ['/find/371572', 'tvdb_id'],
      ['/find/tt22248376', 'imdb_id'],
      ['/find/999999', 'tvdb_id'],
      ['/find/tt0944947', 'imdb_id'],
      ['/find/tt9999999', 'imdb_id'],
    ]);
  });

  it('caches series, searches and lookups until their time to live ends', async () => {
    const clock = { time: Date.now(), now: () => clock.time };
    const tv = client({ clock }, 60_000);
    await Promise.all([tv.getSeries(94997), tv.getSeries(94997)]);
    await tv.getSeries(94997);
    await tv.findSeries({ tvdbId: 371572 });
    await tv.findSeries({ tvdbId: 371572 });
    await tv.searchSeries('dragon');
    await tv.searchSeries('DRAGON');
    expect([
      count('/configuration'),
      count('/tv/94997'),
      count('/tv/94997/season/1'),
      count('/find/371572'),
      count('/search/tv'),
    ]).toEqual([1, 1, 1, 1, 1]);
    clock.time += 60_001;
    await tv.getSeries(94997);
    expect(count('/tv/94997')).toBe(2);
  });

  it('shares the movie client: its credential kind and its image configuration', async () => {
    const tmdb = tmdbClientFor(fake, { apiKey: undefined, readAccessToken: fake.readToken });
    const tv = new TmdbTvClient({ tmdb });
    await tmdb.testConnection();
    await tv.getSeries(94997);
    expect(count('/configuration')).toBe(1);
    expect(new Set(fake.requests.map((request) => request.auth))).toEqual(new Set(['bearer']));
    await tv.testConnection();
    expect(count('/configuration')).toBe(2);
  });

  it('throws NotFoundError for an unknown series, and refuses bad input before calling TMDB', async () => {
    const tv = client();
    const error = await failure(tv.getSeries(424_242));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('TMDB has no TV series with id 424242');
    fake.requests.length = 0;
    await expect(tv.getSeries(0)).rejects.toBeInstanceOf(BadRequestError);
    await expect(tv.getSeries(2.5)).rejects.toBeInstanceOf(BadRequestError);
    await expect(tv.searchSeries('  ')).rejects.toBeInstanceOf(BadRequestError);
    await expect(tv.findSeries({})).rejects.toBeInstanceOf(BadRequestError);
    await expect(tv.findSeries({ tvdbId: -1 })).rejects.toBeInstanceOf(BadRequestError);
    await expect(tv.findSeries({ imdbId: '0944947' })).rejects.toBeInstanceOf(BadRequestError);
    expect(fake.requests).toEqual([]);
  });

  it('reports a season TMDB lists but cannot serve as an upstream fault, not as a missing series', async () => {
    fake.setFault('notFound', { path: '/tv/1399/season/1' });
    const error = await failure(client().getSeries(1399));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('TMDB: series 1399 lists season 1 but cannot serve it');
    // Every season was read before the failure was thrown: nothing still runs in the background.
    expect([count('/tv/1399/season/0'), count('/tv/1399/season/2')]).toEqual([1, 1]);
  });

  it('does not cache a failed read: the next call asks again and succeeds', async () => {
    const tv = client({ retries: 0 });
    fake.setFault('serverError', { path: '/tv/94997/season/1', times: 1 });
    await expect(tv.getSeries(94997)).rejects.toBeInstanceOf(UpstreamError);
    expect((await tv.getSeries(94997)).episodes).toHaveLength(1);
  });

  it('waits out a 429 on a season read through the shared door, then succeeds', async () => {
    const waits: number[] = [];
    const tv = client({
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    fake.setFault('rateLimit', { path: '/tv/1399/season/2', times: 1, retryAfterSeconds: 2 });
    const series = await tv.getSeries(1399);
    expect(series.episodes).toHaveLength(4);
    expect(count('/tv/1399/season/2')).toBe(2);
    expect(waits.some((ms) => ms > 1_000 && ms <= 2_000)).toBe(true);
  });

  it('reports a persistent 500 and a refused key without showing the credential', async () => {
    fake.setFault('serverError');
    const serverError = await failure(client({ retries: 1 }).getSeries(1399));
    expect(serverError).toBeInstanceOf(UpstreamError);
    expect((serverError as Error).message).toMatch(/answered HTTP 500 \(status 11: Internal error/);

    fake.setFault('invalidKey');
    const refused = await failure(client().searchSeries('thrones'));
    expect((refused as Error).message).toContain('the API key was refused');
    for (const error of [serverError, refused]) expectNoSecrets(error, fake.apiKey);
  });
});
