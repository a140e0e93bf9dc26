// Import cost against file size: a 2 GB and a 2 MB movie file imported on one filesystem, through the
// real FileTransfer (hardlink) alone and through the whole MovieImportService (candidate finding,
// ffprobe, the zero-region sampling, naming, transfer, movie file + history rows on SQLite). With
// hardlinks the ratio should be about 1: no byte of the movie is copied. A cross-device copy
// (tmpfs /dev/shm → disk, fsynced) shows what the same import costs when hardlinks are impossible.
//
// Both movie files are built the same way: a real two-hour mkv made by ffmpeg, extended with truncate
// to its size (sparse, so 2 GB costs no disk), then the regions the verifier samples are filled with
// incompressible bytes, because a real download has data there and a zeroed body is rightly refused.
// ffprobe and the verifier must accept each file before anything is timed.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, stat, truncate, unlink, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { serialiseRelease } from '../src/downloads/grab.service.js';
import { TrackedDownloadRepository } from '../src/downloads/tracked-download.repository.js';
import { HistoryRepository } from '../src/history/history.repository.js';
import { CandidateFinder } from '../src/imports/candidates.js';
import { FfprobeMediaProbe } from '../src/imports/media-probe.js';
import { MovieImportService } from '../src/imports/movie-import.service.js';
import { createMovieNamer } from '../src/imports/naming.js';
import { FileTransfer } from '../src/imports/transfer.js';
import { FileVerifier, sampleContent } from '../src/imports/verification.js';
import type { IndexerRelease } from '../src/indexers/indexer.js';
import { JobQueue } from '../src/jobs/job-queue.js';
import { JobRegistry } from '../src/jobs/job-registry.js';
import { JobRepository } from '../src/jobs/job.repository.js';
import { createLogger, SecretRegistry } from '../src/logging/logger.js';
import { notifyMediaServersJob } from '../src/mediaservers/notify.job.js';
import { MovieFileRepository } from '../src/movies/movie-file.repository.js';
import { MovieRepository } from '../src/movies/movie.repository.js';
import { parseRelease } from '../src/parser/index.js';
import { systemClock } from '../src/shared/clock.js';
import { indexerRelease } from '../test/support/releases.js';
import { benchMovie } from './library-seed.js';
import { median } from './service.bench.js';

const run = promisify(execFile);

const RUNTIME_MINUTES = 120;
const RELEASE_TITLE = 'The.Bench.Movie.2000.1080p.BluRay.x264-GRP';

export interface ImportBenchmarkOptions {
  smallBytes?: number;
  largeBytes?: number;
  /** Timed runs per size (after one untimed warm-up each). */
  runs?: number;
  /** Size of the dense file copied across filesystems; 0 skips that figure. */
  crossDeviceBytes?: number;
  crossDeviceRuns?: number;
}

export interface SizePair {
  smallMsMedian: number;
  largeMsMedian: number;
  /** largeMsMedian / smallMsMedian: about 1 when nothing is copied. */
  ratio: number;
  /** The fastest runs: less sensitive than the median to other work on a busy machine. */
  smallMsMin: number;
  largeMsMin: number;
  ratioOfMinimums: number;
}

export interface ImportBenchmark {
  smallBytes: number;
  largeBytes: number;
  /** Blocks really allocated for the large file: it is sparse outside its header and sampled regions. */
  largeFileAllocatedMb: number;
  runs: number;
  fileTransferHardlink: SizePair;
  movieImportHardlink: SizePair;
  crossDeviceCopy: { bytes: number; runs: number; msMedian: number; mbPerSecond: number } | null;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function makeHead(file: string): Promise<void> {
  // A two-hour, 64x36 h264 + AAC mkv with ~120 frames: a few KB, made in well under a second.
  const seconds = RUNTIME_MINUTES * 60;
  await run(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `color=c=black:s=64x36:r=120000/${seconds * 1000}`,
      '-f', 'lavfi', '-t', '1', '-i', 'anullsrc=r=48000:cl=stereo',
      '-t', String(seconds), '-map', '0', '-map', '1',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
    ], // prettier-ignore
    { timeout: 60_000 },
  );
}

/** Copies the real mkv head, extends it to `bytes` (sparse) and gives the sampled regions real bytes. */
async function makeMovieFile(head: string, file: string, bytes: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await copyFile(head, file);
  const headBytes = (await stat(head)).size;
  if (bytes < headBytes * 2) throw new Error(`${bytes} bytes is too small for a ${headBytes}-byte mkv`);
  await truncate(file, bytes);
  const handle = await open(file, 'r+');
  try {
    for (const window of (await sampleContent(file)).windows) {
      if (!window.allZero) continue;
      if (window.offset < headBytes) throw new Error(`sampled region at ${window.offset} overlaps the mkv`);
      await handle.write(randomBytes(window.length), 0, window.length, window.offset);
    }
  } finally {
    await handle.close();
  }
  const verdict = await new FileVerifier(new FfprobeMediaProbe()).verify(file, {
    kind: 'movie',
    runtimeSeconds: RUNTIME_MINUTES * 60,
  });
  if (verdict.verdict.status !== 'accepted') {
    throw new Error(`the benchmark file ${file} is not importable: ${verdict.verdict.message}`);
  }
}

async function makeDenseFile(file: string, bytes: number): Promise<void> {
  const block = randomBytes(1024 * 1024);
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += block.length) {
      await handle.write(block, 0, Math.min(block.length, bytes - written));
    }
  } finally {
    await handle.close();
  }
}

function release(guid: string): IndexerRelease {
  return indexerRelease({
    guid,
    title: RELEASE_TITLE,
    indexer: 'Bench',
    seeders: 10,
    files: 1,
    categories: [2000],
  });
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function pair(small: number[], large: number[]): SizePair {
  const smallMsMedian = median(small);
  const largeMsMedian = median(large);
  const smallMsMin = Math.min(...small);
  const largeMsMin = Math.min(...large);
  return {
    smallMsMedian: round(smallMsMedian),
    largeMsMedian: round(largeMsMedian),
    ratio: round(largeMsMedian / smallMsMedian),
    smallMsMin: round(smallMsMin),
    largeMsMin: round(largeMsMin),
    ratioOfMinimums: round(largeMsMin / smallMsMin),
  };
}

export async function importBenchmark(options: ImportBenchmarkOptions = {}): Promise<ImportBenchmark> {
  const smallBytes = options.smallBytes ?? 2 * 1024 ** 2;
  const largeBytes = options.largeBytes ?? 2 * 1024 ** 3;
  const runs = options.runs ?? 15;
  const crossDeviceBytes = options.crossDeviceBytes ?? 256 * 1024 ** 2;
  const crossDeviceRuns = options.crossDeviceRuns ?? 3;

  const root = await mkdtemp(path.join(tmpdir(), 'omniarr-import-bench-'));
  let shm: string | undefined;
  const handle = openDatabase({ dataDir: path.join(root, 'data'), databaseUrl: undefined });
  try {
    const library = path.join(root, 'movies');
    const head = path.join(root, 'head.mkv');
    await makeHead(head);
    const sizes = { small: smallBytes, large: largeBytes };
    const contentFolder = (label: string) => path.join(root, 'downloads', label, RELEASE_TITLE);
    const sourceOf = (label: string) => path.join(contentFolder(label), `${RELEASE_TITLE}.mkv`);
    for (const [label, bytes] of Object.entries(sizes)) await makeMovieFile(head, sourceOf(label), bytes);
    const largeFileAllocatedMb = ((await stat(sourceOf('large'))).blocks * 512) / 1024 ** 2;

    // The same order every run would favour whichever size goes second (warm dentries): alternate.
    const order = (i: number) =>
      i % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);

    // 1. FileTransfer alone.
    const transfer = new FileTransfer();
    const transferMs = { small: [] as number[], large: [] as number[] };
    for (let i = -1; i < runs; i += 1) {
      for (const label of order(i)) {
        const destination = path.join(library, 'transfer', `${label} ${i}`, 'The Bench Movie (2000).mkv');
        let mode = '';
        const ms = await timed(async () => {
          ({ mode } = await transfer.transfer({
            source: sourceOf(label),
            destination,
            libraryRoot: library,
          }));
        });
        if (mode !== 'hardlink') throw new Error(`expected a hardlink on one filesystem, got a ${mode}`);
        if (i >= 0) transferMs[label].push(ms);
      }
    }

    // 2. The whole import, as the import job runs it.
    await migrateToLatest(handle);
    const db = handle.db;
    const logger = createLogger({ level: 'silent', secrets: new SecretRegistry() });
    const registry = new JobRegistry();
    registry.define(notifyMediaServersJob({ notifyPathsUpdated: () => Promise.resolve({ failures: [] }) }));
    // Never started: the import only writes the notify job; nothing here runs it.
    const queue = new JobQueue(registry, new JobRepository(db, handle.dialect), systemClock, logger, {
      concurrency: 1,
    });
    const movies = new MovieRepository(db);
    const tracked = new TrackedDownloadRepository(db);
    const imports = new MovieImportService({
      db,
      tracked,
      movies,
      movieFiles: new MovieFileRepository(db),
      history: new HistoryRepository(db),
      candidates: new CandidateFinder(new FileVerifier(new FfprobeMediaProbe())),
      files: new FileTransfer({ recycleBin: path.join(library, '.omniarr-recycle') }),
      namer: () => Promise.resolve(createMovieNamer()),
      queue,
      clock: systemClock,
      logger,
    });
    const parsed = parseRelease(RELEASE_TITLE);
    let movieIndex = 0;
    const prepareDownload = async (label: 'small' | 'large') => {
      const movie = benchMovie(movieIndex++, library);
      const movieId = await movies.insert({ ...movie, runtime: RUNTIME_MINUTES });
      const now = systemClock.now();
      const download = await tracked.insert(
        {
          target: { movieId },
          protocol: 'torrent',
          indexer: 'Bench',
          releaseTitle: RELEASE_TITLE,
          infoHash: null,
          guid: `bench-${movieIndex}`,
          size: sizes[label],
          qualityName: parsed.quality.name,
          customFormatScore: 0,
          grabbed: serialiseRelease(release(`bench-${movieIndex}`), parsed),
        },
        now,
      );
      await tracked.update(download.id, { state: 'completed', contentPath: contentFolder(label) }, now);
      return download.id;
    };
    const importMs = { small: [] as number[], large: [] as number[] };
    for (let i = -1; i < runs; i += 1) {
      for (const label of order(i)) {
        const downloadId = await prepareDownload(label);
        let outcome: Awaited<ReturnType<MovieImportService['import']>> | undefined;
        const ms = await timed(async () => {
          outcome = await imports.import(downloadId);
        });
        if (outcome?.outcome !== 'imported' || outcome.mode !== 'hardlink') {
          throw new Error(`the ${label} import did not hardlink: ${JSON.stringify(outcome)}`);
        }
        if (i >= 0) importMs[label].push(ms);
      }
    }

    // 3. Across filesystems: a dense file on tmpfs copied to the disk and fsynced.
    let crossDeviceCopy: ImportBenchmark['crossDeviceCopy'] = null;
    if (crossDeviceBytes > 0) {
      shm = await mkdtemp('/dev/shm/omniarr-import-bench-');
      const source = path.join(shm, 'The.Bench.Movie.2000.mkv');
      await makeDenseFile(source, crossDeviceBytes);
      const copyMs: number[] = [];
      for (let i = 0; i < crossDeviceRuns; i += 1) {
        const destination = path.join(library, 'cross-device', String(i), 'The Bench Movie (2000).mkv');
        let result: Awaited<ReturnType<FileTransfer['transfer']>> | undefined;
        copyMs.push(
          await timed(async () => {
            result = await transfer.transfer({ source, destination, libraryRoot: library });
          }),
        );
        if (result?.mode !== 'copy' || !result.crossDevice) {
          throw new Error(`expected a cross-device copy from /dev/shm, got ${JSON.stringify(result)}`);
        }
        await unlink(destination);
      }
      const msMedian = median(copyMs);
      crossDeviceCopy = {
        bytes: crossDeviceBytes,
        runs: crossDeviceRuns,
        msMedian: round(msMedian, 1),
        mbPerSecond: round(crossDeviceBytes / 1024 ** 2 / (msMedian / 1000), 1),
      };
    }

    return {
      smallBytes,
      largeBytes,
      largeFileAllocatedMb: round(largeFileAllocatedMb, 1),
      runs,
      fileTransferHardlink: pair(transferMs.small, transferMs.large),
      movieImportHardlink: pair(importMs.small, importMs.large),
      crossDeviceCopy,
    };
  } finally {
    await handle.close();
    await rm(root, { recursive: true, force: true });
    if (shm) await rm(shm, { recursive: true, force: true });
  }
}
