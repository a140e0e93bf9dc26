// Resident memory of the built service holding a 10,000-movie library (SQLite): idle right after
// start-up, and again after a client has paged through the whole library over the API (what the web
// UI's movie list does). Median of several starts on the same seeded data dir.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { MovieRepository } from '../src/movies/movie.repository.js';
import { seedLibrary } from './library-seed.js';
import { median, rssMegabytes, startService } from './service.bench.js';

export interface LibraryMemoryBenchmark {
  movies: number;
  runs: number;
  seedSeconds: number;
  idleRssMbMedian: number;
  /** After GET /api/v1/movies for every page of 500, then the same idle wait. */
  afterListingRssMbMedian: number;
  coldStartToPingMsMedian: number;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function seed(dataDir: string, count: number): Promise<number> {
  const handle = openDatabase({ dataDir, databaseUrl: undefined });
  try {
    await migrateToLatest(handle);
    const started = performance.now();
    const ids = await seedLibrary(new MovieRepository(handle.db), count, '/data/media/movies');
    if (ids.length !== count) throw new Error(`seeded ${ids.length} movies instead of ${count}`);
    return (performance.now() - started) / 1000;
  } finally {
    await handle.close();
  }
}

async function pageThroughLibrary(baseUrl: string, apiKey: string, expected: number): Promise<void> {
  const pageSize = 500;
  let seen = 0;
  for (let page = 1; ; page += 1) {
    const response = await fetch(`${baseUrl}/api/v1/movies?page=${page}&pageSize=${pageSize}`, {
      headers: { 'X-Api-Key': apiKey },
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`GET /api/v1/movies page ${page}: HTTP ${response.status}`);
    const body = (await response.json()) as { totalRecords: number; records: unknown[] };
    if (body.totalRecords !== expected) {
      throw new Error(`the service reports ${body.totalRecords} movies, ${expected} were seeded`);
    }
    seen += body.records.length;
    if (body.records.length < pageSize) break;
  }
  if (seen !== expected) throw new Error(`paged through ${seen} movies of ${expected}`);
}

export async function libraryMemoryBenchmark(
  movieCount = 10_000,
  runs = 3,
  idleMs = 3000,
): Promise<LibraryMemoryBenchmark> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-library-memory-'));
  const apiKey = randomBytes(24).toString('hex');
  try {
    const seedSeconds = await seed(dataDir, movieCount);
    const results: Array<{ coldStartMs: number; idleRssMb: number; afterListingRssMb: number }> = [];
    for (let run = 0; run < runs; run += 1) {
      const service = await startService(dataDir, { OMNIARR_API_KEY: apiKey });
      try {
        await new Promise((resolve) => setTimeout(resolve, idleMs));
        const idleRssMb = rssMegabytes(service.pid);
        await pageThroughLibrary(service.baseUrl, apiKey, movieCount);
        await new Promise((resolve) => setTimeout(resolve, idleMs));
        results.push({
          coldStartMs: service.coldStartMs,
          idleRssMb,
          afterListingRssMb: rssMegabytes(service.pid),
        });
      } finally {
        await service.stop();
      }
    }
    return {
      movies: movieCount,
      runs,
      seedSeconds: round(seedSeconds),
      idleRssMbMedian: round(median(results.map((result) => result.idleRssMb))),
      afterListingRssMbMedian: round(median(results.map((result) => result.afterListingRssMb))),
      coldStartToPingMsMedian: Math.round(median(results.map((result) => result.coldStartMs))),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
