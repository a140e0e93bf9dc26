// Movie catalog figures on SQLite with a 10,000-movie library: resident memory the in-memory catalog
// index adds once loaded (idle, after GC when --expose-gc is on), how long loading it takes, the cost
// of one release-matcher lookup, and the latency of a 100-movie page of the list (p50/p95).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { MovieMetadataProvider } from '../src/metadata/metadata-provider.js';
import { NodeLibraryFolders, RecycleBinFileDeleter } from '../src/movies/library-folders.js';
import { MovieRepository } from '../src/movies/movie.repository.js';
import { MovieService, sortTitleOf } from '../src/movies/movie.service.js';
import { RootFolderRepository } from '../src/movies/root-folder.repository.js';
import { cleanTitle } from '../src/parser/index.js';
import { systemClock } from '../src/shared/clock.js';

const MOVIES = 10_000;
const PAGE = 100;

const words = [
  'Dark', 'Night', 'Return', 'Star', 'Lost', 'City', 'Blade', 'Runner', 'Last', 'Kingdom', 'Ghost', 'Iron',
  'Silent', 'River', 'Empire', 'Secret', 'Storm', 'Winter', 'Fire', 'Shadow', 'Golden', 'Island', 'Wild', 'Red',
]; // prettier-ignore

function titleOf(index: number): string {
  const parts: string[] = [];
  for (let n = index + 1; n > 0; n = Math.floor(n / words.length)) parts.push(words[n % words.length]!);
  return `The ${parts.join(' ')} ${index}`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function settle(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().rss;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export async function moviesBenchmark() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-movies-bench-'));
  const handle = openDatabase({ dataDir, databaseUrl: undefined });
  try {
    await migrateToLatest(handle);
    const db = handle.db;
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < MOVIES; start += 500) {
        const batch = Array.from({ length: Math.min(500, MOVIES - start) }, (_, offset) => {
          const index = start + offset;
          const title = titleOf(index);
          return {
            tmdb_id: 100_000 + index,
            imdb_id: `tt${String(1_000_000 + index)}`,
            title,
            original_title: title,
            original_language: 'en',
            clean_title: cleanTitle(title),
            sort_title: sortTitleOf(title),
            year: 1950 + (index % 75),
            overview: 'A movie about something that happens to someone, somewhere, for about two hours.',
            runtime: 90 + (index % 60),
            production_status: 'released',
            status: 'released' as const,
            in_cinemas: '2001-01-01',
            digital_release: '2001-06-01',
            physical_release: null,
            genres: '["Drama","Thriller"]',
            images: '{"poster":"https://image.tmdb.org/t/p/original/abcdefghijklmnop.jpg","fanart":null}',
            monitored: index % 5 === 0 ? 0 : 1,
            minimum_availability: 'released' as const,
            quality_profile_id: 1,
            root_folder_path: '/data/media/movies',
            path: `/data/media/movies/${title} (${1950 + (index % 75)})`,
            tags: '[]',
            added_at: now - index * 1000,
            last_refreshed_at: now,
          };
        });
        const ids = await trx.insertInto('movies').values(batch).returning('id').execute();
        // Two alternative titles per movie, as TMDB typically has for a popular title.
        await trx
          .insertInto('movie_alternative_titles')
          .values(
            ids.flatMap(({ id }, offset) => [
              {
                movie_id: id,
                title: `Alt ${start + offset}`,
                clean_title: cleanTitle(`Alt ${start + offset}`),
                country: 'DE',
              },
              {
                movie_id: id,
                title: `Autre ${start + offset}`,
                clean_title: cleanTitle(`Autre ${start + offset}`),
                country: 'FR',
              },
            ]),
          )
          .execute();
      }
    });

    const unused = (): never => {
      throw new Error('the benchmark makes no metadata calls');
    };
    const metadata: MovieMetadataProvider = {
      name: 'none',
      testConnection: unused,
      searchMovies: unused,
      getMovie: unused,
      findByImdbId: unused,
    };
    const folders = new NodeLibraryFolders();
    const service = new MovieService({
      movies: new MovieRepository(db),
      rootFolders: new RootFolderRepository(db),
      metadata,
      folders,
      fileDeleter: new RecycleBinFileDeleter(path.join(dataDir, 'recycle'), folders),
      clock: systemClock,
    });

    const rssBefore = settle();
    const heapBefore = process.memoryUsage().heapUsed;
    const loadStarted = performance.now();
    const index = await service.catalog();
    const loadMs = performance.now() - loadStarted;
    const rssAfter = settle();
    const heapAfter = process.memoryUsage().heapUsed;

    const lookups = 200_000;
    const keys = Array.from({ length: 1000 }, (_, i) => cleanTitle(i % 2 ? titleOf(i * 7) : `Alt ${i * 3}`));
    let found = 0;
    const lookupStarted = performance.now();
    for (let i = 0; i < lookups; i += 1) found += index.findByCleanTitle(keys[i % keys.length]!).length;
    const lookupUs = ((performance.now() - lookupStarted) * 1000) / lookups;
    if (found !== lookups) throw new Error(`lookups found ${found} of ${lookups}`);

    const pageTimes = { title: [] as number[], year: [] as number[] };
    for (let i = 0; i < 400; i += 1) {
      const sortKey = i % 2 ? 'title' : 'year';
      const started = performance.now();
      const page = await service.list({
        sortKey,
        sortDirection: 'asc',
        limit: PAGE,
        offset: ((i * 37) % (MOVIES / PAGE)) * PAGE,
      });
      pageTimes[sortKey].push(performance.now() - started);
      if (page.movies.length !== PAGE) throw new Error(`page ${i} had ${page.movies.length} movies`);
    }

    return {
      movies: MOVIES,
      gcBeforeMeasuring: typeof (globalThis as { gc?: unknown }).gc === 'function',
      catalogIndexRssDeltaMb: round((rssAfter - rssBefore) / 1024 / 1024, 1),
      catalogIndexHeapDeltaMb: round((heapAfter - heapBefore) / 1024 / 1024, 1),
      catalogIndexLoadMs: round(loadMs, 1),
      findByCleanTitleMicroseconds: round(lookupUs, 3),
      listPage100ByTitleP50Ms: round(percentile(pageTimes.title, 50)),
      listPage100ByTitleP95Ms: round(percentile(pageTimes.title, 95)),
      listPage100ByYearP95Ms: round(percentile(pageTimes.year, 95)),
    };
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
