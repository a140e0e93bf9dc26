// The movie catalog's HTTP API through Fastify's inject, with the real services on SQLite, the TMDB
// fake and the shared error mapping: status codes, shapes, the refresh job, and the OpenAPI document.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/http/api-server.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { TmdbClient } from '../../src/metadata/tmdb/tmdb.client.js';
import { NodeLibraryFolders, RecycleBinFileDeleter } from '../../src/movies/library-folders.js';
import { movieRefreshJob } from '../../src/movies/movie-refresh.job.js';
import { MovieRepository } from '../../src/movies/movie.repository.js';
import { MovieService } from '../../src/movies/movie.service.js';
import { movieRoutes } from '../../src/movies/movies.routes.js';
import { RootFolderRepository } from '../../src/movies/root-folder.repository.js';
import { RootFolderService } from '../../src/movies/root-folder.service.js';
import { startTmdbFake, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { ManualClock } from '../support/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serveRoutes } from '../support/route-server.js';

describe('movie catalog API', () => {
  let tmdb: TmdbFake;
  let database: TestDatabase;
  let dir: string;
  let library: string;
  let app: ApiServer;
  let queue: JobQueue;
  let jobs: JobRepository;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));

  beforeAll(async () => {
    tmdb = await startTmdbFake({
      movies: [
        { id: 603, title: 'The Matrix', imdb_id: 'tt0133093', release_date: '1999-03-30', runtime: 136 },
        { id: 604, title: 'The Matrix Reloaded', release_date: '2003-05-15', runtime: 138 },
      ],
    });
    database = await openTestDatabase('sqlite');
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-movie-api-'));
    library = path.join(dir, 'movies');
    mkdirSync(library);
    const folders = new NodeLibraryFolders();
    const movieRepository = new MovieRepository(database.handle.db);
    const rootFolderRepository = new RootFolderRepository(database.handle.db);
    const movies = new MovieService({
      movies: movieRepository,
      rootFolders: rootFolderRepository,
      metadata: new TmdbClient({
        baseUrl: tmdb.url,
        apiKey: tmdb.apiKey,
        minIntervalMs: 0,
        retries: 0,
        clock,
      }),
      folders,
      fileDeleter: new RecycleBinFileDeleter(path.join(dir, 'recycle'), folders),
      clock,
    });
    const rootFolders = new RootFolderService({
      rootFolders: rootFolderRepository,
      movies: movieRepository,
      folders,
      clock,
    });
    const registry = new JobRegistry();
    registry.define(movieRefreshJob({ movies, clock }));
    jobs = new JobRepository(database.handle.db, 'sqlite');
    queue = new JobQueue(registry, jobs, clock, pino({ level: 'silent' }), { concurrency: 1 });

    app = await serveRoutes((server) => movieRoutes(server, { movies, rootFolders, queue, clock }));
  });
  afterAll(async () => {
    await app.close();
    await database.cleanup();
    await tmdb.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('walks a movie through add, lookup, list, get, edit, refresh and delete', async () => {
    expect((await call('POST', '/api/v1/rootfolders', { path: library })).statusCode).toBe(201);
    const roots = await call('GET', '/api/v1/rootfolders');
    expect(roots.json()).toMatchObject([{ path: library, accessible: true, movieCount: 0 }]);
    expect(roots.json<Array<{ freeSpace: number }>>()[0]!.freeSpace).toBeGreaterThan(0);

    const added = await call('POST', '/api/v1/movies', {
      tmdbId: 603,
      qualityProfileId: 1,
      rootFolderPath: library,
    });
    expect(added.statusCode).toBe(201);
    const movie = added.json<{ id: number; path: string; addedAt: string }>();
    expect(movie).toMatchObject({
      tmdbId: 603,
      title: 'The Matrix',
      path: path.join(library, 'The Matrix (1999)'),
      monitored: true,
      minimumAvailability: 'released',
      addedAt: '2026-01-01T00:00:00.000Z',
    });

    const again = await call('POST', '/api/v1/movies', {
      tmdbId: 603,
      qualityProfileId: 1,
      rootFolderPath: library,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'conflict', details: { movieId: movie.id } } });

    const lookup = await call('GET', '/api/v1/movies/lookup?term=matrix');
    expect(lookup.statusCode).toBe(200);
    expect(
      lookup
        .json<Array<{ tmdbId: number; movieId: number | null }>>()
        .map((hit) => [hit.tmdbId, hit.movieId]),
    ).toEqual([
      [603, movie.id],
      [604, null],
    ]);

    await call('POST', '/api/v1/movies', {
      tmdbId: 604,
      qualityProfileId: 1,
      rootFolderPath: library,
      monitored: false,
    });
    const list = await call('GET', '/api/v1/movies?pageSize=1&page=2&sortKey=title');
    expect(list.json()).toMatchObject({ page: 2, pageSize: 1, totalRecords: 2, records: [{ tmdbId: 604 }] });
    const monitoredOnly = await call('GET', '/api/v1/movies?monitored=true');
    expect(monitoredOnly.json()).toMatchObject({ totalRecords: 1, records: [{ id: movie.id }] });

    expect((await call('GET', `/api/v1/movies/${movie.id}`)).json()).toMatchObject({
      id: movie.id,
      hasFile: false,
    });
    const edited = await call('PUT', `/api/v1/movies/${movie.id}`, { monitored: false, tags: ['UHD'] });
    expect(edited.json()).toMatchObject({ monitored: false, tags: ['uhd'] });

    const refresh = await call('POST', `/api/v1/movies/${movie.id}/refresh`);
    expect(refresh.statusCode).toBe(202);
    const { jobId } = refresh.json<{ jobId: number }>();
    clock.advance(2 * 60 * 60 * 1000);
    expect(await queue.drain()).toBe(1);
    expect((await jobs.findById(jobId))?.status).toBe('succeeded');
    expect((await call('GET', `/api/v1/movies/${movie.id}`)).json()).toMatchObject({
      lastRefreshedAt: new Date(clock.now()).toISOString(),
    });
    const refreshAll = await call('POST', '/api/v1/movies/refresh');
    expect(refreshAll.statusCode).toBe(202);
    expect(await queue.drain()).toBe(1);

    const removed = await call('DELETE', `/api/v1/movies/${movie.id}?deleteFiles=false`);
    expect(removed.json()).toEqual({ deleted: true, recycledTo: null });
    expect((await call('GET', `/api/v1/movies/${movie.id}`)).statusCode).toBe(404);
  });

  it.each([
    ['a missing TMDB id', 'POST', '/api/v1/movies', { qualityProfileId: 1, rootFolderPath: '/x' }, 400],
    [
      'an unknown field',
      'POST',
      '/api/v1/movies',
      { tmdbId: 1, qualityProfileId: 1, rootFolderPath: '/x', foo: 1 },
      400,
    ],
    [
      'an unregistered root folder',
      'POST',
      '/api/v1/movies',
      { tmdbId: 603, qualityProfileId: 1, rootFolderPath: '/nowhere' },
      400,
    ],
    ['a bad minimum availability', 'PUT', '/api/v1/movies/1', { minimumAvailability: 'soon' }, 400],
    ['a non-numeric id', 'GET', '/api/v1/movies/abc', undefined, 400],
    ['an unknown movie', 'GET', '/api/v1/movies/424242', undefined, 404],
    ['editing an unknown movie', 'PUT', '/api/v1/movies/424242', { monitored: true }, 404],
    ['deleting an unknown movie', 'DELETE', '/api/v1/movies/424242', undefined, 404],
    ['refreshing an unknown movie', 'POST', '/api/v1/movies/424242/refresh', undefined, 404],
    ['an empty lookup', 'GET', '/api/v1/movies/lookup?term=', undefined, 400],
    ['a relative root folder', 'POST', '/api/v1/rootfolders', { path: 'movies' }, 400],
    ['a missing root folder', 'POST', '/api/v1/rootfolders', { path: '/does/not/exist' }, 400],
    ['deleting an unknown root folder', 'DELETE', '/api/v1/rootfolders/999', undefined, 404],
  ] as const)('answers %s with %i', async (_label, method, url, body, status) => {
    const response = await call(method, url, body);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error: { message: expect.any(String) as string } });
  });

  it('adds an unknown TMDB id with 404 once the root folder is valid', async () => {
    const response = await call('POST', '/api/v1/movies', {
      tmdbId: 999999,
      qualityProfileId: 1,
      rootFolderPath: library,
    });
    expect(response.statusCode).toBe(404);
  });

  it('refuses to forget a root folder that holds movies, and duplicates', async () => {
    const [root] = (await call('GET', '/api/v1/rootfolders')).json<
      Array<{ id: number; movieCount: number }>
    >();
    expect(root!.movieCount).toBeGreaterThan(0);
    expect((await call('DELETE', `/api/v1/rootfolders/${root!.id}`)).statusCode).toBe(409);
    expect((await call('POST', '/api/v1/rootfolders', { path: library })).statusCode).toBe(409);
  });

  it('describes every route in the OpenAPI document', () => {
    const document = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths['/api/v1/movies/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(document.paths['/api/v1/movies'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(document.paths['/api/v1/movies/lookup']).toHaveProperty('get');
    expect(document.paths['/api/v1/movies/{id}/refresh']).toHaveProperty('post');
    expect(Object.keys(document.paths['/api/v1/rootfolders'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(document.paths['/api/v1/rootfolders/{id}']).toHaveProperty('delete');
  });
});
