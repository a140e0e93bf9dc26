// Owns importing a finished movie download: find the feature file (samples and extras left out, with
// reasons), verify it is a real video, name it, put it in the library (hardlink, copy or move, never a
// half file under the final name, the old file recycled only once the new one is staged), record the
// movie file and the history, and tell the media servers. A corrupt or zero-filled download is failed,
// blocklisted and searched again; anything else that needs the user is "import blocked" with reasons.
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { TrackedDownload, TrackedDownloadRepository } from '../downloads/tracked-download.repository.js';
import type { HistoryRepository } from '../history/history.repository.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { targetOf } from '../library/media-target.js';
import { PermanentJobError, type JobDefinition } from '../jobs/job-registry.js';
import type { Logger } from '../logging/logger.js';
import { NOTIFY_JOB } from '../mediaservers/notify.job.js';
import type { MovieFileRepository } from '../movies/movie-file.repository.js';
import type { MovieRepository } from '../movies/movie.repository.js';
import type { Movie } from '../movies/movie.js';
import { MOVIE_SEARCH_JOB } from '../search/movie-search.service.js';
import type { Clock } from '../shared/clock.js';
import type { CandidateFile, CandidateListing } from './candidates.js';
import type { LibraryNamer, MovieNamingContext } from './naming.js';
import type { TransferRequest, TransferResult } from './transfer.js';
import type { ExpectedMedia } from './verification.js';

export const MOVIE_IMPORT_JOB = 'imports.movie';
const IMPORT_ATTEMPTS = 5;

export interface CandidateSource {
  find(contentPath: string, expected: ExpectedMedia, signal?: AbortSignal): Promise<CandidateListing>;
}

export interface FilePlacer {
  transfer(request: TransferRequest): Promise<TransferResult>;
}

export interface MovieImportDependencies {
  db: Kysely<Database>;
  tracked: TrackedDownloadRepository;
  movies: Pick<MovieRepository, 'findById'>;
  movieFiles: Pick<MovieFileRepository, 'listByMovie' | 'add' | 'delete'>;
  history: HistoryRepository;
  candidates: CandidateSource;
  files: FilePlacer;
  namer: LibraryNamer<MovieNamingContext>;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Move (rather than hardlink or copy) when the client no longer needs the files. */
  allowMove?: boolean;
}

export type ImportOutcome =
  | { outcome: 'imported' | 'upgraded'; path: string; mode: TransferResult['mode'] }
  | { outcome: 'blocked'; reason: string }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'skipped'; reason: string };

const importableStates = new Set(['completed', 'importing', 'import_blocked']);

export class MovieImportService {
  constructor(private readonly deps: MovieImportDependencies) {}

  async import(trackedDownloadId: number, signal?: AbortSignal): Promise<ImportOutcome> {
    const { deps } = this;
    const download = await deps.tracked.get(trackedDownloadId);
    if (!download) throw new PermanentJobError(`tracked download ${trackedDownloadId} no longer exists`);
    if (!importableStates.has(download.state))
      return { outcome: 'skipped', reason: `download is ${download.state}` };
    if (download.movieId === null) throw new PermanentJobError(`download ${download.id} is not a movie's`);
    const movie = await deps.movies.findById(download.movieId);
    if (!movie) throw new PermanentJobError(`movie ${download.movieId} no longer exists`);
    await deps.tracked.update(
      trackedDownloadId,
      { state: 'importing', statusMessage: null },
      deps.clock.now(),
    );

    if (!download.contentPath)
      return this.block(download, 'the download client did not say where the files are');
    const listing = await deps.candidates.find(
      download.contentPath,
      { kind: 'movie', runtimeSeconds: movie.runtime ? movie.runtime * 60 : undefined },
      signal,
    );
    const accepted = listing.candidates.filter((candidate) => candidate.verdict.status === 'accepted');
    if (accepted.length === 0) return this.noFeature(download, listing);

    // The feature is the longest accepted file; ties go to the larger one.
    const feature = accepted.reduce((best, candidate) =>
      durationOf(candidate) > durationOf(best) ||
      (durationOf(candidate) === durationOf(best) && candidate.sizeBytes > best.sizeBytes)
        ? candidate
        : best,
    );
    return this.place(download, movie, feature);
  }

  private async place(
    download: TrackedDownload,
    movie: Movie,
    feature: CandidateFile,
  ): Promise<ImportOutcome> {
    const { deps } = this;
    const parsed = download.grabbed.parsed;
    const extension = path.extname(feature.path).toLowerCase();
    const context: MovieNamingContext = {
      title: movie.title,
      originalTitle: movie.originalTitle,
      ...(movie.year === null ? {} : { year: movie.year }),
      ...(movie.imdbId ? { imdbId: movie.imdbId } : {}),
      tmdbId: movie.tmdbId,
      quality: {
        name: parsed.quality.name,
        version: parsed.quality.revision.version,
        real: parsed.quality.revision.real,
        isRepack: parsed.quality.revision.repack,
      },
      ...(parsed.edition ? { editionTags: [parsed.edition] } : {}),
      ...(parsed.releaseGroup ? { releaseGroup: parsed.releaseGroup } : {}),
      ...(feature.info ? { mediaInfo: feature.info } : {}),
      releaseTitle: download.releaseTitle,
      originalFileName: path.basename(feature.path, path.extname(feature.path)),
    };
    const destination = path.join(movie.path, deps.namer.fileNameFor(context, extension));
    const existing = await deps.movieFiles.listByMovie(movie.id);
    const replaces = existing.map((file) => path.join(movie.path, file.relativePath));

    const result = await deps.files.transfer({
      source: feature.path,
      destination,
      libraryRoot: movie.rootFolderPath,
      allowMove: Boolean(deps.allowMove && download.canMoveFiles),
      replaces,
    });

    const now = deps.clock.now();
    const outcome = existing.length > 0 ? 'upgraded' : 'imported';
    await deps.db.transaction().execute(async (trx) => {
      for (const file of existing) await deps.movieFiles.delete(file.id, trx);
      await deps.movieFiles.add(
        {
          movieId: movie.id,
          relativePath: path.relative(movie.path, destination),
          size: result.sizeBytes,
          qualityName: parsed.quality.name,
          revision: {
            version: parsed.quality.revision.version,
            real: parsed.quality.revision.real,
            isRepack: parsed.quality.revision.repack,
          },
          mediaInfo: feature.info ?? null,
          releaseGroup: parsed.releaseGroup,
          originalFileName: path.basename(feature.path),
          sceneName: download.releaseTitle,
          edition: parsed.edition,
          languages: parsed.languages,
          dateAdded: now,
        },
        trx,
      );
      await deps.tracked.update(
        download.id,
        { state: 'imported', statusMessage: null, finishedAt: now },
        now,
        trx,
      );
      await deps.history.add(
        {
          movieId: movie.id,
          event: outcome,
          sourceTitle: download.releaseTitle,
          qualityName: parsed.quality.name,
          trackedDownloadId: download.id,
          data: {
            path: destination,
            mode: result.mode,
            crossDevice: result.crossDevice,
            replaced: existing.map((file) => ({ path: file.relativePath, quality: file.qualityName })),
            recycled: result.recycled,
          },
        },
        now,
        trx,
      );
      await deps.queue.enqueue(
        NOTIFY_JOB,
        { paths: [destination] },
        { idempotencyKey: `notify:import:${download.id}`, executor: trx },
      );
    });
    deps.logger.info({ movie: movie.title, path: destination, mode: result.mode, outcome }, 'movie imported');
    return { outcome, path: destination, mode: result.mode };
  }

  private async noFeature(download: TrackedDownload, listing: CandidateListing): Promise<ImportOutcome> {
    const rejected = listing.candidates.filter((candidate) => candidate.verdict.status === 'rejected');
    const broken = rejected.find(
      (candidate) => candidate.verdict.status === 'rejected' && candidate.verdict.action === 'fail_download',
    );
    if (broken && broken.verdict.status === 'rejected')
      return this.fail(
        download,
        `${broken.relativePath || path.basename(broken.path)}: ${broken.verdict.message}`,
      );
    const transient = rejected.find(
      (candidate) => candidate.verdict.status === 'rejected' && candidate.verdict.action === 'retry',
    );
    if (transient && transient.verdict.status === 'rejected')
      throw new Error(`cannot check ${transient.path} yet: ${transient.verdict.message}`);
    const reasons = [
      ...rejected.map(
        (candidate) =>
          `${candidate.relativePath || path.basename(candidate.path)}: ${candidate.verdict.status === 'rejected' ? candidate.verdict.message : ''}`,
      ),
      ...listing.skipped.map((file) => `${file.relativePath || path.basename(file.path)}: ${file.message}`),
    ];
    return this.block(
      download,
      reasons.length > 0 ? `no video file to import (${reasons.join('; ')})` : 'the download holds no files',
    );
  }

  /** The import job ran out of attempts: hand the download to the user with the last error. */
  async giveUp(trackedDownloadId: number, reason: string): Promise<void> {
    const download = await this.deps.tracked.get(trackedDownloadId);
    if (download && download.state === 'importing') await this.block(download, `import failed: ${reason}`);
  }

  private async block(download: TrackedDownload, reason: string): Promise<ImportOutcome> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.tracked.update(
        download.id,
        { state: 'import_blocked', statusMessage: reason },
        now,
        trx,
      );
      await this.deps.history.add(
        {
          ...targetOf(download),
          event: 'import_blocked',
          sourceTitle: download.releaseTitle,
          qualityName: download.qualityName,
          trackedDownloadId: download.id,
          data: { reason },
        },
        now,
        trx,
      );
    });
    this.deps.logger.warn({ release: download.releaseTitle, reason }, 'import blocked');
    return { outcome: 'blocked', reason };
  }

  /** The download is bad: fail it, never grab it again, and look for another release. */
  private async fail(download: TrackedDownload, reason: string): Promise<ImportOutcome> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.tracked.update(
        download.id,
        { state: 'failed', statusMessage: reason, finishedAt: now },
        now,
        trx,
      );
      await this.deps.tracked.blocklist(download, reason, now, trx);
      const common = {
        ...targetOf(download),
        sourceTitle: download.releaseTitle,
        qualityName: download.qualityName,
        trackedDownloadId: download.id,
      };
      await this.deps.history.add({ ...common, event: 'download_failed', data: { reason } }, now, trx);
      await this.deps.history.add(
        {
          ...common,
          event: 'blocklisted',
          data: { reason, infoHash: download.infoHash, indexer: download.indexer },
        },
        now,
        trx,
      );
      if (download.movieId !== null) {
        await this.deps.queue.enqueue(
          MOVIE_SEARCH_JOB,
          { movieId: download.movieId },
          { idempotencyKey: `search:after-failure:${download.id}`, executor: trx },
        );
      }
    });
    this.deps.logger.warn(
      { release: download.releaseTitle, reason },
      'download failed; blocklisted and searching again',
    );
    return { outcome: 'failed', reason };
  }
}

function durationOf(candidate: CandidateFile): number {
  return candidate.verdict.status === 'accepted' ? candidate.verdict.durationSeconds : 0;
}

export function movieImportJob(imports: MovieImportService): JobDefinition<{ trackedDownloadId: number }> {
  return {
    name: MOVIE_IMPORT_JOB,
    payload: z.object({ trackedDownloadId: z.number().int() }),
    maxAttempts: IMPORT_ATTEMPTS,
    backoffMs: 60_000,
    // Copies across filesystems can take minutes; the lease is renewed while it runs.
    leaseMs: 120_000,
    async run({ trackedDownloadId }, { signal, attempt }) {
      try {
        await imports.import(trackedDownloadId, signal);
      } catch (error) {
        if (attempt >= IMPORT_ATTEMPTS || error instanceof PermanentJobError) {
          await imports.giveUp(trackedDownloadId, error instanceof Error ? error.message : String(error));
        }
        throw error;
      }
    },
  };
}
