// The TMDB client against the TMDB contract fake: mapping, both credential kinds, caching, rate
// limiting, every fault TMDB documents, and that the credential never leaks into an error.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TmdbClient, type TmdbClientOptions } from '../../src/metadata/tmdb/tmdb.client.js';
import { BadRequestError, NotFoundError, UpstreamError } from '../../src/shared/errors.js';
import { startTmdbFake, type FakeTmdbMovie, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { expectNoSecrets, failure } from '../support/errors.js';
import { tmdbClientFor } from './tmdb-clients.js';

const matrix: FakeTmdbMovie = {
  id: 603,
  title: 'The Matrix',
  imdb_id: 'tt0133093',
  overview: 'Set in the 22nd century…',
  release_date: '1999-03-30',
  runtime: 136,
  genres: [{ id: 28, name: 'Action' }],
  poster_path: '/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg',
  backdrop_path: '/ncEsesgOJDNrTUED89hYbA117wo.jpg',
  popularity: 80,
  belongs_to_collection: { id: 2344, name: 'The Matrix Collection' },
  alternative_titles: [
    { iso_3166_1: 'DE', title: 'Matrix' },
    { iso_3166_1: 'BR', title: 'Matrix: O Filme' },
  ],
  release_dates: [
    {
      iso_3166_1: 'US',
      release_dates: [
        { release_date: '1999-03-31', type: 3 },
        { release_date: '1999-09-21', type: 5 },
      ],
    },
    { iso_3166_1: 'AU', release_dates: [{ release_date: '1999-03-30', type: 3 }] },
  ],
};
const matrixReloaded: FakeTmdbMovie = {
  id: 604,
  title: 'The Matrix Reloaded',
  release_date: '2003-05-15',
  popularity: 50,
};
const matrix2021: FakeTmdbMovie = {
  id: 624860,
  title: 'The Matrix Resurrections',
  release_date: '2021-12-16',
  popularity: 60,
  status: 'Released',
};

let fake: TmdbFake;

beforeAll(async () => {
  fake = await startTmdbFake({ movies: [matrix, matrixReloaded, matrix2021] });
});
afterAll(async () => {
  await fake.stop();
});
afterEach(() => {
  fake.setFault('none');
  fake.requests.length = 0;
});

const client = (options: Partial<TmdbClientOptions> = {}) => tmdbClientFor(fake, options);

/** Neither the API key nor the read access token may reach an error. */
const expectNoTmdbSecrets = (error: unknown) => expectNoSecrets(error, fake.apiKey, fake.readToken);

describe('TmdbClient against the TMDB fake', () => {
  it('gets a movie in one call with alternative titles, release dates and external ids appended', async () => {
    const movie = await client().getMovie(603);
    expect(movie).toMatchObject({
      tmdbId: 603,
      imdbId: 'tt0133093',
      title: 'The Matrix',
      year: 1999,
      runtime: 136,
      status: 'released',
      releaseDates: { inCinemas: '1999-03-30', digital: null, physical: '1999-09-21' },
      alternativeTitles: [
        { title: 'Matrix', country: 'DE' },
        { title: 'Matrix: O Filme', country: 'BR' },
      ],
      genres: ['Action'],
      posterUrl: 'https://image.tmdb.org/t/p/original/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg',
      fanartUrl: 'https://image.tmdb.org/t/p/original/ncEsesgOJDNrTUED89hYbA117wo.jpg',
      collection: { tmdbId: 2344, name: 'The Matrix Collection' },
    });
    const movieCalls = fake.requests.filter((request) => request.path === '/movie/603');
    expect(movieCalls).toHaveLength(1);
    expect(movieCalls[0]?.query.append_to_response).toBe('alternative_titles,release_dates,external_ids');
    expect(movieCalls[0]?.auth).toBe('apiKey');
  });

  it('authenticates with a v4 read access token as a Bearer header, never as a query parameter', async () => {
    const tmdb = client({ apiKey: undefined, readAccessToken: fake.readToken });
    await tmdb.testConnection();
    expect(fake.requests.map((request) => request.auth)).toEqual(['bearer']);
  });

  it('searches by title, with and without a year', async () => {
    const tmdb = client();
    const all = await tmdb.searchMovies('matrix');
    expect(all.map((result) => result.tmdbId)).toEqual([603, 624860, 604]);
    expect(all[0]).toMatchObject({ title: 'The Matrix', year: 1999, popularity: 80 });
    const only2003 = await tmdb.searchMovies('  The Matrix ', 2003);
    expect(only2003.map((result) => result.title)).toEqual(['The Matrix Reloaded']);
    const search = fake.requests.find(
      (request) => request.path === '/search/movie' && request.query.year === '2003',
    );
    expect(search?.query).toMatchObject({ query: 'The Matrix', include_adult: 'false', page: '1' });
    expect(await tmdb.searchMovies('Nothing like this')).toEqual([]);
  });

  it('finds a movie by IMDb id, and answers null for an unknown one', async () => {
    const tmdb = client();
    expect((await tmdb.findByImdbId('tt0133093'))?.tmdbId).toBe(603);
    expect(await tmdb.findByImdbId('tt9999999')).toBeNull();
    const find = fake.requests.find((request) => request.path === '/find/tt0133093');
    expect(find?.query.external_source).toBe('imdb_id');
  });

  it('caches lookups: repeated and concurrent calls reach TMDB once until the time to live ends', async () => {
    const clock = { time: Date.now(), now: () => clock.time };
    const tmdb = client({ clock, cacheTtlMs: 60_000 });
    await Promise.all([tmdb.getMovie(603), tmdb.getMovie(603), tmdb.getMovie(603)]);
    await tmdb.getMovie(603);
    await tmdb.findByImdbId('tt0133093');
    await tmdb.findByImdbId('tt0133093');
    await tmdb.searchMovies('matrix');
    await tmdb.searchMovies('MATRIX');
    const count = (path: string) => fake.requests.filter((request) => request.path === path).length;
    expect([
      count('/configuration'),
      count('/movie/603'),
      count('/find/tt0133093'),
      count('/search/movie'),
    ]).toEqual([1, 1, 1, 1]);
    clock.time += 60_001;
    await tmdb.getMovie(603);
    expect(count('/movie/603')).toBe(2);
  });

  it('keeps to its request rate', async () => {
    const tmdb = client({ minIntervalMs: 20, concurrency: 4 });
    const started = Date.now();
    await Promise.all([604, 624860, 603].map((id) => tmdb.getMovie(id)));
    // /configuration + 3 movies = 4 starts, at least 3 intervals apart.
    expect(fake.requests).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('throws NotFoundError for an unknown movie', async () => {
    const error = await failure(client().getMovie(999_999));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('TMDB has no movie with id 999999');
  });

  it('refuses bad input before calling TMDB', async () => {
    const tmdb = client();
    await expect(tmdb.getMovie(0)).rejects.toBeInstanceOf(BadRequestError);
    await expect(tmdb.getMovie(1.5)).rejects.toBeInstanceOf(BadRequestError);
    await expect(tmdb.findByImdbId('0133093')).rejects.toBeInstanceOf(BadRequestError);
    await expect(tmdb.searchMovies('   ')).rejects.toBeInstanceOf(BadRequestError);
    await expect(tmdb.searchMovies('x', 99)).rejects.toBeInstanceOf(BadRequestError);
    expect(fake.requests).toEqual([]);
    expect(() => new TmdbClient({ baseUrl: fake.url })).toThrow(BadRequestError);
    expect(() => new TmdbClient({ apiKey: 'k', baseUrl: 'ftp://example' })).toThrow(BadRequestError);
  });

  it.each([
    ['API key', { apiKey: 'wrong-key-0123456789' }, 'the API key was refused'],
    [
      'read token',
      { apiKey: undefined, readAccessToken: 'eyJ.wrong.token' },
      'the read access token was refused',
    ],
  ])('reports an invalid %s clearly (TMDB status 7)', async (_kind, credentials, expected) => {
    const error = await failure(client(credentials).getMovie(603));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe(
      `TMDB: ${expected} (status 7: Invalid API key: You must be granted a valid key.)`,
    );
    expect(String(error)).not.toContain(credentials.apiKey ?? credentials.readAccessToken);
  });

  it('reports a key TMDB suddenly refuses, without showing the key', async () => {
    fake.setFault('invalidKey');
    const error = await failure(client().testConnection());
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toContain('the API key was refused');
    expectNoTmdbSecrets(error);
  });

  it('waits out a 429 for the Retry-After time, then succeeds', async () => {
    const waits: number[] = [];
    const tmdb = client({
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    await tmdb.testConnection();
    fake.requests.length = 0;
    fake.setFault('rateLimit', { times: 2, retryAfterSeconds: 2 });
    const movie = await tmdb.getMovie(604);
    expect(movie.title).toBe('The Matrix Reloaded');
    expect(fake.requests).toHaveLength(3);
    expect(waits.filter((ms) => ms > 1_000)).toHaveLength(2);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2_000);
  });

  it('gives up on 429 after its bound, and at once on an unreasonable Retry-After', async () => {
    const instant = () => Promise.resolve();
    fake.setFault('rateLimit', { retryAfterSeconds: 1 });
    const bounded = await failure(client({ sleep: instant, rateLimitRetries: 2 }).testConnection());
    expect(bounded).toBeInstanceOf(UpstreamError);
    expect((bounded as Error).message).toContain(
      'rate limit exceeded on /configuration; gave up after 2 retries',
    );
    expect(fake.requests).toHaveLength(3);
    expectNoTmdbSecrets(bounded);

    fake.requests.length = 0;
    fake.setFault('rateLimit', { retryAfterSeconds: 3600 });
    const tooLong = await failure(client({ sleep: instant }).testConnection());
    expect((tooLong as Error).message).toContain('gave up after 0 retries (Retry-After 3600s)');
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a 500 and succeeds when TMDB recovers', async () => {
    fake.setFault('serverError', { times: 2 });
    await client({ retries: 2 }).testConnection();
    expect(fake.requests).toHaveLength(3);
  });

  it('reports a persistent 500 as UpstreamError with TMDB’s message', async () => {
    fake.setFault('serverError');
    const error = await failure(client({ retries: 1 }).getMovie(603));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/answered HTTP 500 \(status 11: Internal error/);
    expectNoTmdbSecrets(error);
  });

  it('times out a hanging TMDB without retrying it', async () => {
    fake.setFault('hang');
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 300 }).getMovie(603));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toContain('no answer within 0.3s');
    expect(Date.now() - started).toBeLessThan(2_000);
    expectNoTmdbSecrets(error);
  });

  it('reports a body that is not JSON', async () => {
    fake.setFault('notJson');
    const error = await failure(client().testConnection());
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe('TMDB: /configuration answered with something that is not JSON');
  });

  it('reports an unreachable TMDB after its retries', async () => {
    const stopped = await startTmdbFake();
    await stopped.stop();
    const error = await failure(
      new TmdbClient({
        baseUrl: stopped.url,
        apiKey: stopped.apiKey,
        retries: 1,
        retryDelayMs: 1,
      }).testConnection(),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe('TMDB: /configuration: cannot reach TMDB (ECONNREFUSED)');
    const text = inspect(error, { depth: 10 });
    expect(text).not.toContain(stopped.apiKey);
  });

  it('logs requests without the credential', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (...args: unknown[]) => lines.push(JSON.stringify(args)),
      warn: (...args: unknown[]) => lines.push(JSON.stringify(args)),
    };
    fake.setFault('serverError', { times: 1 });
    await client({ logger: logger as unknown as TmdbClientOptions['logger'] }).getMovie(603);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.join('\n')).not.toContain(fake.apiKey);
  });
});
