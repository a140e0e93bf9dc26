// The movie catalog on both databases, with the real TMDB client against the TMDB contract fake and
// real folders on disk: add, lookup, list, edit (moving folders), delete (to the recycle bin),
// refresh (alternative titles in sync, status recomputed, files kept), the catalog index, root folders.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import type { MovieMetadataProvider } from '../../src/metadata/metadata-provider.js';
import { TmdbClient } from '../../src/metadata/tmdb/tmdb.client.js';
import { NodeLibraryFolders, RecycleBinFileDeleter } from '../../src/movies/library-folders.js';
import { MovieFileRepository, type NewMovieFile } from '../../src/movies/movie-file.repository.js';
import { MOVIE_REFRESH_JOB, movieRefreshJob } from '../../src/movies/movie-refresh.job.js';
import { MovieRepository } from '../../src/movies/movie.repository.js';
import { MovieService } from '../../src/movies/movie.service.js';
import { RootFolderRepository } from '../../src/movies/root-folder.repository.js';
import { RootFolderService } from '../../src/movies/root-folder.service.js';
import { cleanTitle } from '../../src/parser/index.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../src/shared/errors.js';
import { startTmdbFake, type FakeTmdbMovie, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';

const silent = pino({ level: 'silent' });
const HOUR = 60 * 60 * 1000;

const matrix: FakeTmdbMovie = {
  id: 603,
  title: 'The Matrix',
  original_title: 'The Matrix',
  imdb_id: 'tt0133093',
  release_date: '1999-03-30',
  runtime: 136,
  genres: [{ id: 28, name: 'Action' }],
  poster_path: '/matrix.jpg',
  popularity: 80,
  alternative_titles: [
    { iso_3166_1: 'DE', title: 'Matrix' },
    { iso_3166_1: 'BR', title: 'Matrix: O Filme' },
  ],
  release_dates: [{ iso_3166_1: 'US', release_dates: [{ release_date: '1999-03-31', type: 3 }] }],
};
const amelie: FakeTmdbMovie = {
  id: 194,
  title: 'Amélie',
  original_title: 'Le Fabuleux Destin d’Amélie Poulain',
  original_language: 'fr',
  imdb_id: 'tt0211915',
  release_date: '2001-04-25',
  runtime: 122,
  popularity: 40,
  alternative_titles: [{ iso_3166_1: 'US', title: 'Amelie from Montmartre' }],
  release_dates: [
    {
      iso_3166_1: 'FR',
      release_dates: [
        { release_date: '2001-04-25', type: 3 },
        { release_date: '2001-10-10', type: 5 },
      ],
    },
  ],
};
/** Only in cinemas on 2026-01-01 (the test clock): no home release yet. */
const upcoming: FakeTmdbMovie = {
  id: 9001,
  title: 'An Upcoming Film',
  release_date: '2025-12-20',
  runtime: 100,
  status: 'Released',
  release_dates: [
    {
      iso_3166_1: 'US',
      release_dates: [
        { release_date: '2025-12-20', type: 3 },
        { release_date: '2026-02-10', type: 4 },
      ],
    },
  ],
};

let tmdb: TmdbFake;
beforeAll(async () => {
  tmdb = await startTmdbFake({ movies: [matrix, amelie, upcoming] });
});
afterAll(() => tmdb.stop());

describe.each(dialects)('movie catalog on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let library: string;
  let recycleBin: string;
  let clock: ManualClock;
  let movieRepository: MovieRepository;
  let files: MovieFileRepository;
  let service: MovieService;
  let roots: RootFolderService;

  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-movies-'));
    library = path.join(dir, 'movies');
    recycleBin = path.join(dir, 'recycle');
    mkdirSync(library);
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    const client = new TmdbClient({
      baseUrl: tmdb.url,
      apiKey: tmdb.apiKey,
      timeoutMs: 2_000,
      retries: 0,
      retryDelayMs: 1,
      minIntervalMs: 0,
      clock,
    });
    const folders = new NodeLibraryFolders();
    movieRepository = new MovieRepository(database.handle.db);
    files = new MovieFileRepository(database.handle.db);
    const rootFolderRepository = new RootFolderRepository(database.handle.db);
    service = new MovieService({
      movies: movieRepository,
      rootFolders: rootFolderRepository,
      metadata: client,
      folders,
      fileDeleter: new RecycleBinFileDeleter(recycleBin, folders),
      clock,
      qualityProfileExists: (id) => Promise.resolve(id === 1 || id === 2),
    });
    roots = new RootFolderService({
      rootFolders: rootFolderRepository,
      movies: movieRepository,
      folders,
      clock,
    });
    await roots.add(library);
  });
  afterEach(async () => {
    tmdb.setFault('none');
    tmdb.addMovie(matrix);
    tmdb.addMovie(amelie);
    tmdb.addMovie(upcoming);
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const add = (tmdbId: number, extra: Partial<Parameters<MovieService['add']>[0]> = {}) =>
    service.add({ tmdbId, qualityProfileId: 1, rootFolderPath: library, ...extra });

  function fileFor(movieId: number, relativePath: string): NewMovieFile {
    return {
      movieId,
      relativePath,
      size: 11,
      qualityName: 'Bluray-1080p',
      revision: { version: 1, real: 0, isRepack: false },
      mediaInfo: { container: 'matroska' },
      releaseGroup: 'GRP',
      originalFileName: 'The.Matrix.1999.1080p.BluRay.x264-GRP.mkv',
      sceneName: 'The.Matrix.1999.1080p.BluRay.x264-GRP',
      edition: null,
      languages: ['English'],
      dateAdded: clock.now(),
    };
  }

  /** A real file on disk plus its record, as the importer leaves them. */
  async function placeFile(movieId: number, moviePath: string, name = 'The Matrix (1999) Bluray-1080p.mkv') {
    mkdirSync(moviePath, { recursive: true });
    writeFileSync(path.join(moviePath, name), 'video bytes');
    return files.add(fileFor(movieId, name));
  }

  it('adds a movie from TMDB with its folder, status, titles and settings', async () => {
    const movie = await add(603, { tags: [' 4K ', 'kids', '4k'], minimumAvailability: 'inCinemas' });
    expect(movie).toMatchObject({
      tmdbId: 603,
      imdbId: 'tt0133093',
      title: 'The Matrix',
      cleanTitle: cleanTitle('The Matrix'),
      sortTitle: 'matrix',
      year: 1999,
      runtime: 136,
      status: 'released',
      inCinemas: '1999-03-31',
      genres: ['Action'],
      monitored: true,
      minimumAvailability: 'inCinemas',
      qualityProfileId: 1,
      rootFolderPath: library,
      path: path.join(library, 'The Matrix (1999)'),
      tags: ['4k', 'kids'],
      addedAt: clock.now(),
      lastRefreshedAt: clock.now(),
      hasFile: false,
    });
    expect(movie.images.poster).toMatch(/matrix\.jpg$/);
    expect(movie.alternativeTitles.map((title) => [title.title, title.country])).toEqual([
      ['Matrix', 'DE'],
      ['Matrix: O Filme', 'BR'],
    ]);

    const french = await add(194);
    // The original title is a title releases carry too.
    expect(french.alternativeTitles.map((title) => title.title)).toContain(
      'Le Fabuleux Destin d’Amélie Poulain',
    );
    expect(french.path).toBe(path.join(library, 'Amélie (2001)'));

    const cinema = await add(9001);
    expect(cinema.status).toBe('inCinemas');
    expect((await service.get(movie.id)).alternativeTitles).toHaveLength(2);
  });

  it('refuses a second add of the same movie, unknown ids, unregistered root folders and profiles', async () => {
    const first = await add(603);
    const conflict = await add(603).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).details).toEqual({ movieId: first.id });
    await expect(add(424242)).rejects.toBeInstanceOf(NotFoundError);
    await expect(add(194, { rootFolderPath: path.join(dir, 'elsewhere') })).rejects.toThrow(
      /not a root folder/,
    );
    await expect(add(194, { rootFolderPath: 'relative/movies' })).rejects.toBeInstanceOf(BadRequestError);
    await expect(add(194, { qualityProfileId: 7 })).rejects.toThrow(/no quality profile with id 7/);
    expect((await service.list({ sortKey: 'title', sortDirection: 'asc', limit: 10, offset: 0 })).total).toBe(
      1,
    );
  });

  it('answers the release matcher by clean title (main, original, alternative) and by ids', async () => {
    const matrixMovie = await add(603);
    const amelieMovie = await add(194);
    const byTitle = async (title: string) =>
      (await service.findByCleanTitle(cleanTitle(title))).map((m) => m.id);
    expect(await byTitle('The.Matrix')).toEqual([matrixMovie.id]);
    expect(await byTitle('Matrix')).toEqual([matrixMovie.id]);
    expect(await byTitle('Amelie')).toEqual([amelieMovie.id]);
    expect(await byTitle('Le Fabuleux Destin d Amelie Poulain')).toEqual([amelieMovie.id]);
    expect(await byTitle('Amelie From Montmartre')).toEqual([amelieMovie.id]);
    expect(await byTitle('Alien')).toEqual([]);
    expect((await service.findByIds({ imdbId: 'tt0211915' }))?.id).toBe(amelieMovie.id);
    expect((await service.findByIds({ tmdbId: 603 }))?.id).toBe(matrixMovie.id);
    expect(await service.findByIds({ imdbId: 'tt0000001', tmdbId: 1 })).toBeUndefined();
    // SQL agrees with the index, and a fresh process (a reload) sees the same catalog.
    expect(await movieRepository.findIdsByCleanTitle(cleanTitle('Matrix'))).toEqual([matrixMovie.id]);
    await service.reloadCatalog();
    expect((await service.catalog()).findByCleanTitle(cleanTitle('Amelie From Montmartre'))[0]).toMatchObject(
      {
        id: amelieMovie.id,
        year: 2001,
        runtime: 122,
        qualityProfileId: 1,
      },
    );
  });

  it('looks movies up by title, title and year, tmdb: and imdb: terms, marking those in the library', async () => {
    const inLibrary = await add(603);
    const hits = await service.lookup('matrix');
    expect(hits.map((hit) => [hit.tmdbId, hit.movieId])).toEqual([[603, inLibrary.id]]);
    expect((await service.lookup('Amelie (2001)')).map((hit) => [hit.title, hit.movieId])).toEqual([
      ['Amélie', null],
    ]);
    expect(await service.lookup('Amelie (1990)')).toEqual([]);
    expect(await service.lookup('tmdb:194')).toMatchObject([
      { tmdbId: 194, imdbId: 'tt0211915', movieId: null },
    ]);
    expect(await service.lookup('imdb:tt0133093')).toMatchObject([{ tmdbId: 603, movieId: inLibrary.id }]);
    expect(await service.lookup('tt0211915')).toMatchObject([{ tmdbId: 194 }]);
    expect(await service.lookup('tmdb:999999')).toEqual([]);
    expect(await service.lookup('imdb:tt9999999')).toEqual([]);
    await expect(service.lookup('   ')).rejects.toBeInstanceOf(BadRequestError);
  });

  it('lists a page at a time, sorted and filtered by monitoring', async () => {
    const a = await add(603);
    const b = await add(194);
    const c = await add(9001, { monitored: false });
    const page = (query: Partial<Parameters<MovieService['list']>[0]>) =>
      service.list({ sortKey: 'title', sortDirection: 'asc', limit: 50, offset: 0, ...query });
    // "An Upcoming Film" sorts under U, "The Matrix" under M.
    expect((await page({})).movies.map((m) => m.id)).toEqual([b.id, a.id, c.id]);
    expect((await page({ sortDirection: 'desc' })).movies.map((m) => m.id)).toEqual([c.id, a.id, b.id]);
    expect((await page({ sortKey: 'year', sortDirection: 'desc' })).movies.map((m) => m.year)).toEqual([
      2025, 2001, 1999,
    ]);
    const second = await page({ limit: 2, offset: 2 });
    expect(second.total).toBe(3);
    expect(second.movies.map((m) => m.id)).toEqual([c.id]);
    const unmonitored = await page({ monitored: false });
    expect([unmonitored.total, unmonitored.movies.map((m) => m.id)]).toEqual([1, [c.id]]);
    expect((await page({ monitored: true })).total).toBe(2);
  });

  it('edits settings, and moves the folder only when asked to', async () => {
    const movie = await add(603);
    const file = await placeFile(movie.id, movie.path);
    expect((await service.get(movie.id)).hasFile).toBe(true);

    const edited = await service.edit(movie.id, { monitored: false, tags: ['B', 'a'], qualityProfileId: 2 });
    expect(edited).toMatchObject({
      monitored: false,
      tags: ['a', 'b'],
      qualityProfileId: 2,
      path: movie.path,
    });
    await expect(service.edit(movie.id, { qualityProfileId: 9 })).rejects.toBeInstanceOf(BadRequestError);

    const other = path.join(dir, 'other');
    mkdirSync(other);
    await roots.add(other);
    // Files on disk and no moveFiles: the record would point away from them, so it is refused.
    await expect(service.edit(movie.id, { rootFolderPath: other })).rejects.toBeInstanceOf(ConflictError);
    expect((await service.get(movie.id)).path).toBe(movie.path);

    const moved = await service.edit(movie.id, { rootFolderPath: other, moveFiles: true });
    expect(moved).toMatchObject({ rootFolderPath: other, path: path.join(other, 'The Matrix (1999)') });
    expect(readFileSync(path.join(moved.path, file.relativePath), 'utf8')).toBe('video bytes');
    expect(existsSync(movie.path)).toBe(false);

    const renamed = await service.edit(movie.id, {
      path: path.join(library, 'Matrix 1999'),
      moveFiles: true,
    });
    expect(renamed).toMatchObject({ rootFolderPath: library, path: path.join(library, 'Matrix 1999') });
    expect(existsSync(path.join(renamed.path, file.relativePath))).toBe(true);
    await expect(service.edit(movie.id, { path: path.join(dir, 'nowhere', 'x') })).rejects.toThrow(
      /not inside any root folder/,
    );
    await expect(service.edit(movie.id, { path: library })).rejects.toThrow(/not inside any root folder/);
    const second = await add(194);
    await expect(service.edit(second.id, { path: renamed.path })).rejects.toBeInstanceOf(ConflictError);
    await expect(service.edit(4242, { monitored: true })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('records each movie file once, even when the importer records it twice', async () => {
    const movie = await add(603);
    const first = await files.add(fileFor(movie.id, 'a.mkv'));
    const again = await files.add({ ...fileFor(movie.id, 'a.mkv'), size: 99 });
    expect(again.id).toBe(first.id);
    expect(await files.listByMovie(movie.id)).toEqual([first]);
    expect(first).toMatchObject({ size: 11, revision: { version: 1 }, mediaInfo: { container: 'matroska' } });
  });

  it('deletes a movie, its folder to the recycle bin only when asked, and the index forgets it', async () => {
    const keep = await add(603);
    await placeFile(keep.id, keep.path);
    expect(await service.delete(keep.id)).toEqual({ recycledTo: null });
    expect(existsSync(path.join(keep.path, 'The Matrix (1999) Bluray-1080p.mkv'))).toBe(true);
    expect(await service.findByIds({ tmdbId: 603 })).toBeUndefined();
    expect(await files.listByMovie(keep.id)).toEqual([]);

    const again = await add(603);
    expect(again.path).toBe(keep.path);
    await placeFile(again.id, again.path);
    const { recycledTo } = await service.delete(again.id, { deleteFiles: true });
    expect(recycledTo).toBe(path.join(recycleBin, 'The Matrix (1999)'));
    expect(readFileSync(path.join(recycledTo!, 'The Matrix (1999) Bluray-1080p.mkv'), 'utf8')).toBe(
      'video bytes',
    );
    expect(existsSync(again.path)).toBe(false);
    await expect(service.get(again.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await service.findByCleanTitle(cleanTitle('Matrix'))).toEqual([]);

    // A second deletion of the same folder name does not overwrite the first one in the bin.
    const third = await add(603);
    await placeFile(third.id, third.path);
    const second = await service.delete(third.id, { deleteFiles: true });
    expect(second.recycledTo).not.toBe(recycledTo);
    expect(existsSync(path.join(recycledTo!, 'The Matrix (1999) Bluray-1080p.mkv'))).toBe(true);
  });

  it('refreshes metadata: titles and alternative titles in sync, status recomputed, settings and files kept', async () => {
    const movie = await add(9001, { monitored: false, tags: ['x'] });
    const file = await placeFile(movie.id, movie.path, 'Upcoming.mkv');
    expect(movie.status).toBe('inCinemas');
    tmdb.addMovie({
      ...upcoming,
      title: 'The Upcoming Film',
      runtime: 104,
      alternative_titles: [{ iso_3166_1: 'GB', title: 'Upcoming' }],
    });
    clock.advance(60 * 24 * HOUR); // past the digital release, and past the client's cache
    const { movie: refreshed, outcome } = await service.refresh(movie.id);
    expect(outcome).toBe('refreshed');
    expect(refreshed).toMatchObject({
      title: 'The Upcoming Film',
      sortTitle: 'upcoming film',
      runtime: 104,
      status: 'released',
      digitalRelease: '2026-02-10',
      monitored: false,
      tags: ['x'],
      path: movie.path,
      hasFile: true,
      lastRefreshedAt: clock.now(),
    });
    expect(refreshed.alternativeTitles.map((title) => title.title)).toEqual(['Upcoming']);
    expect(await files.listByMovie(movie.id)).toEqual([file]);
    expect((await service.findByCleanTitle(cleanTitle('Upcoming')))[0]?.runtime).toBe(104);

    tmdb.addMovie({ ...upcoming, title: 'Another Name', original_title: 'Ein Film', alternative_titles: [] });
    clock.advance(2 * HOUR);
    const again = await service.refresh(movie.id);
    // The alternative title TMDB dropped is gone from the matcher as well.
    expect(again.movie.alternativeTitles.map((title) => title.title)).toEqual(['Ein Film']);
    expect(await service.findByCleanTitle(cleanTitle('Upcoming'))).toEqual([]);
  });

  it('refreshes all stale movies as a durable job; TMDB outages fail the job and its retry resumes', async () => {
    const a = await add(603);
    const b = await add(194);
    const registry = new JobRegistry();
    registry.define(movieRefreshJob({ movies: service, clock }));
    const queue = new JobQueue(registry, new JobRepository(database.handle.db, dialect), clock, silent, {
      concurrency: 1,
    });

    clock.advance(HOUR);
    await queue.enqueue(MOVIE_REFRESH_JOB, {});
    await queue.drain();
    // Refreshed an hour ago: the scheduled run skips them.
    expect((await service.get(a.id)).lastRefreshedAt).toBe(clock.now() - HOUR);

    clock.advance(12 * HOUR);
    tmdb.setFault('serverError');
    const job = await queue.enqueue(MOVIE_REFRESH_JOB, {});
    await queue.drain();
    const failed = await new JobRepository(database.handle.db, dialect).findById(job.id);
    expect(failed?.status).toBe('queued');
    expect(failed?.last_error).toMatch(/2 movie\(s\) could not be refreshed/);

    tmdb.setFault('none');
    tmdb.addMovie({ ...amelie, runtime: 123 });
    clock.advance(10 * 60_000);
    await queue.drain();
    expect((await new JobRepository(database.handle.db, dialect).findById(job.id))?.status).toBe('succeeded');
    expect((await service.get(b.id)).runtime).toBe(123);
    expect((await service.get(a.id)).lastRefreshedAt).toBe(clock.now());
  });

  it('keeps a movie that TMDB no longer has', async () => {
    const movie = await add(603);
    const withdrawn: MovieMetadataProvider = {
      name: 'TMDB',
      testConnection: () => Promise.resolve(),
      searchMovies: () => Promise.resolve([]),
      getMovie: (id) => Promise.reject(new NotFoundError(`TMDB has no movie with id ${id}`)),
      findByImdbId: () => Promise.resolve(null),
    };
    const orphaned = new MovieService({
      movies: movieRepository,
      rootFolders: new RootFolderRepository(database.handle.db),
      metadata: withdrawn,
      folders: new NodeLibraryFolders(),
      fileDeleter: new RecycleBinFileDeleter(recycleBin),
      clock,
    });
    clock.advance(HOUR);
    const { movie: kept, outcome } = await orphaned.refresh(movie.id);
    expect(outcome).toBe('gone');
    expect(kept).toMatchObject({ title: 'The Matrix', path: movie.path, lastRefreshedAt: clock.now() });
    expect(kept.alternativeTitles).toHaveLength(2);
  });

  it('manages root folders: real, writable, not nested, free space measured, kept while in use', async () => {
    const [root] = await roots.list();
    const measured = statfsSync(library);
    expect(root).toMatchObject({ path: library, accessible: true, movieCount: 0 });
    expect(root!.totalSpace).toBe(measured.blocks * measured.bsize);
    expect(root!.freeSpace).toBeGreaterThan(0);

    await expect(roots.add(path.join(dir, 'missing'))).rejects.toThrow(/does not exist/);
    writeFileSync(path.join(dir, 'a-file'), '');
    await expect(roots.add(path.join(dir, 'a-file'))).rejects.toThrow(/is not a folder/);
    await expect(roots.add(`${library}/`)).rejects.toBeInstanceOf(ConflictError);
    mkdirSync(path.join(library, 'inner'));
    await expect(roots.add(path.join(library, 'inner'))).rejects.toThrow(/overlaps/);
    await expect(roots.add(dir)).rejects.toThrow(/overlaps/);
    await expect(roots.add('movies')).rejects.toBeInstanceOf(BadRequestError);

    const movie = await add(603);
    expect((await roots.list())[0]?.movieCount).toBe(1);
    await expect(roots.delete(root!.id)).rejects.toThrow(/holds 1 movie/);
    await service.delete(movie.id);
    await roots.delete(root!.id);
    expect(await roots.list()).toEqual([]);
    await expect(roots.delete(root!.id)).rejects.toBeInstanceOf(NotFoundError);

    // An unmounted share shows as inaccessible instead of breaking the list.
    const share = path.join(dir, 'share');
    mkdirSync(share);
    await roots.add(share);
    rmSync(share, { recursive: true });
    expect(await roots.list()).toMatchObject([{ path: share, accessible: false, freeSpace: null }]);
  });
});
