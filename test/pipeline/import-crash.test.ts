// Fault: Omniarr is killed (SIGKILL) in the middle of an import, then started again. The import job's
// lease runs out, a fresh worker retakes it and finishes the import: no file lost, none duplicated, no
// temporary left, one movie_files row, one "imported" event. The download sits on /dev/shm (tmpfs) and
// the library on disk, so the import is a cross-device copy with time to kill it while it is staged.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync, watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDomain } from '../../src/app/domain.js';
import { loadConfig } from '../../src/config/env.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { serialiseRelease } from '../../src/downloads/grab.service.js';
import { TrackedDownloadRepository } from '../../src/downloads/tracked-download.repository.js';
import { isTransferTemporary } from '../../src/imports/transfer.js';
import { MOVIE_IMPORT_JOB } from '../../src/imports/movie-import.service.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { RootFolderRepository } from '../../src/movies/root-folder.repository.js';
import { parseRelease } from '../../src/parser/index.js';
import { systemClock } from '../../src/shared/clock.js';
import { startTmdbFake, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { makeVideo } from '../support/media.js';
import { indexerRelease } from '../support/releases.js';
import { MATRIX, waitFor } from './pipeline-app.js';

const RELEASE = 'The.Matrix.1999.1080p.BluRay.x264-GRP';
const LEASE_MS = 1000;
/** Big enough that the cross-device copy and its fsync take a noticeable moment. */
const VIDEO_BYTES = 128 * 1024 * 1024;

interface Prepared {
  trackedDownloadId: number;
  jobId: number;
  movieId: number;
  moviePath: string;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function startWorker(dataDir: string): ChildProcess & { ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/pipeline/import-worker-process.ts', dataDir, String(LEASE_MS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker exited early (${code ?? signal})`)));
  });
  ready.catch(() => undefined);
  return Object.assign(child, { ready });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The database as the service would have it: a movie, and its download finished and due to import. */
async function prepare(
  database: DatabaseHandle,
  dataDir: string,
  library: string,
  contentPath: string,
  tmdb: TmdbFake,
): Promise<Prepared> {
  await migrateToLatest(database);
  const config = loadConfig({
    OMNIARR_DATA_DIR: dataDir,
    OMNIARR_TMDB_API_KEY: tmdb.apiKey,
    OMNIARR_TMDB_URL: tmdb.url,
  });
  const registry = new JobRegistry();
  const jobs = new JobRepository(database.db, database.dialect);
  const logger = pino({ level: 'silent' });
  const queue = new JobQueue(registry, jobs, systemClock, logger, { concurrency: 1 });
  const domain = buildDomain({
    config,
    database,
    queue,
    clock: systemClock,
    logger,
    version: 'test',
    onSecret: () => undefined,
  });
  for (const job of domain.jobs) registry.define(job);
  await domain.prepare();
  await new RootFolderRepository(database.db).insert(library, systemClock.now());
  const profiles = await domain.profiles.listProfiles();
  const profile = profiles.find((candidate) => candidate.name === 'HD-1080p');
  if (!profile) throw new Error('no HD-1080p profile');
  const movie = await domain.movies.add({
    tmdbId: MATRIX.tmdbId,
    qualityProfileId: profile.id,
    rootFolderPath: library,
  });

  const release = indexerRelease({
    guid: 'fake-guid-1',
    title: RELEASE,
    indexer: 'Fake Torznab',
    infoHash: 'a'.repeat(40),
    size: VIDEO_BYTES,
    seeders: 10,
    leechers: 0,
    peers: 10,
    files: 1,
    imdbId: MATRIX.imdbId,
    tmdbId: MATRIX.tmdbId,
    categories: [2000],
  });
  const parsed = parseRelease(RELEASE);
  const tracked = new TrackedDownloadRepository(database.db);
  const now = systemClock.now();
  const download = await tracked.insert(
    {
      target: { movieId: movie.id },
      protocol: 'torrent',
      indexer: release.indexer,
      releaseTitle: RELEASE,
      infoHash: release.infoHash,
      guid: release.guid,
      size: VIDEO_BYTES,
      qualityName: parsed.quality.name,
      customFormatScore: 0,
      grabbed: serialiseRelease(release, parsed),
    },
    now,
  );
  await tracked.update(
    download.id,
    { state: 'completed', progress: 1, sizeLeft: 0, contentPath, clientItemId: release.infoHash },
    now,
  );
  const job = await queue.enqueue(
    MOVIE_IMPORT_JOB,
    { trackedDownloadId: download.id },
    { idempotencyKey: `import:${download.id}` },
  );
  mkdirSync(movie.path, { recursive: true });
  return { trackedDownloadId: download.id, jobId: job.id, movieId: movie.id, moviePath: movie.path };
}

describe('kill -9 during an import', () => {
  let tmdb: TmdbFake;
  let scratch: string;
  let downloads: string;
  let source: string;
  let sourceHash: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    tmdb = await startTmdbFake({
      movies: [
        {
          id: MATRIX.tmdbId,
          title: MATRIX.title,
          imdb_id: MATRIX.imdbId,
          release_date: '1999-03-30',
          runtime: MATRIX.runtime,
          status: 'Released',
        },
      ],
    });
    scratch = await mkdtemp(path.join(tmpdir(), 'omniarr-import-crash-'));
    downloads = await mkdtemp('/dev/shm/omniarr-downloads-');
    source = path.join(downloads, RELEASE, `${RELEASE}.mkv`);
    await makeVideo(source, { durationSeconds: MATRIX.runtime * 60, minSizeBytes: VIDEO_BYTES });
    sourceHash = await sha256(source);
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGKILL');
        await exited(worker);
      }
    }
    await tmdb?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  /**
   * Prepares a fresh service database, starts a worker, SIGKILLs it the moment `killWhen` sees a file
   * of its kind appear in the movie folder, checks the state it left (`afterKill`), restarts a worker
   * and checks the import ended exactly once.
   */
  async function crashAndRestart(
    name: string,
    killWhen: (fileName: string) => boolean,
    afterKill: (left: {
      files: string[];
      state: string | undefined;
      job: { status: string; attempts: number } | undefined;
    }) => void,
  ): Promise<{ attempts: number }> {
    const dataDir = path.join(scratch, name);
    const library = path.join(dataDir, 'movies');
    mkdirSync(library, { recursive: true });
    expect(statSync(downloads).dev).not.toBe(statSync(library).dev);
    const database = openDatabase({ dataDir, databaseUrl: undefined });
    try {
      const prepared = await prepare(database, dataDir, library, path.dirname(source), tmdb);
      const tracked = new TrackedDownloadRepository(database.db);
      const jobs = new JobRepository(database.db, database.dialect);

      const seen = new Promise<void>((resolve) => {
        const watcher = watch(prepared.moviePath, (_event, fileName) => {
          if (fileName && killWhen(fileName) && existsSync(path.join(prepared.moviePath, fileName))) {
            watcher.close();
            resolve();
          }
        });
      });
      const first = startWorker(dataDir);
      workers.push(first);
      await seen;
      first.kill('SIGKILL');
      await exited(first);
      expect(first.signalCode).toBe('SIGKILL');
      afterKill({
        files: readdirSync(prepared.moviePath),
        state: (await tracked.get(prepared.trackedDownloadId))?.state,
        job: await jobs.findById(prepared.jobId),
      });

      // Restart: a fresh worker retakes the job once the dead worker's lease has run out.
      const second = startWorker(dataDir);
      workers.push(second);
      await second.ready;
      const done = await waitFor('the import job to end', async () => {
        const job = await jobs.findById(prepared.jobId);
        return job?.status === 'succeeded' || job?.status === 'failed' ? job : undefined;
      });
      second.kill('SIGTERM');
      await exited(second);
      expect(done.status).toBe('succeeded');

      // Exactly one library file, byte-identical to the download; no temporary anywhere.
      const libraryFiles = filesUnder(library);
      expect(libraryFiles).toHaveLength(1);
      const [placed = ''] = libraryFiles;
      expect(path.dirname(placed)).toBe(prepared.moviePath);
      expect(isTransferTemporary(path.basename(placed))).toBe(false);
      expect(await sha256(placed)).toBe(sourceHash);
      expect(statSync(placed).ino).not.toBe(statSync(source).ino);
      // The download is still there for seeding: an import copies, it does not take.
      expect(await sha256(source)).toBe(sourceHash);
      expect(filesUnder(downloads)).toEqual([source]);

      expect((await tracked.get(prepared.trackedDownloadId))?.state).toBe('imported');
      const { rows: files } = await sql<{
        relative_path: string;
        size: number;
      }>`select relative_path, size from movie_files where movie_id = ${prepared.movieId}`.execute(
        database.db,
      );
      expect(files).toEqual([
        { relative_path: path.relative(prepared.moviePath, placed), size: statSync(source).size },
      ]);
      const { rows: events } = await sql<{
        event: string;
      }>`select event from history where movie_id = ${prepared.movieId} order by id`.execute(database.db);
      expect(events.map((row) => row.event)).toEqual(['imported']);
      return { attempts: done.attempts };
    } finally {
      await database.close();
    }
  }

  it('killed while the copy is staged: the retaken job redoes it', async () => {
    const { attempts } = await crashAndRestart('staged', isTransferTemporary, (left) => {
      // A partial temporary, nothing under the final name, the job still "running".
      expect(left.files).toHaveLength(1);
      expect(isTransferTemporary(left.files[0] ?? '')).toBe(true);
      expect(left.state).toBe('importing');
      expect(left.job).toMatchObject({ status: 'running', attempts: 1 });
    });
    expect(attempts).toBe(2);
  }, 60_000);

  it('killed as the file gets its final name: the import completes once', async () => {
    // The kill lands just before or just after the database records the import; either way the
    // result must be the same single file, row and event.
    await crashAndRestart(
      'placed',
      (fileName) => !isTransferTemporary(fileName),
      (left) => {
        expect(left.files.filter((file) => !isTransferTemporary(file))).toHaveLength(1);
        expect(['importing', 'imported']).toContain(left.state);
      },
    );
  }, 60_000);
});
