// Owns importing a finished movie download: find the feature file (samples and extras left out, with
// reasons), verify it is a real video, name it, put it in the library (hardlink, copy or move, never a
// half file under the final name, the old file recycled only once the new one is staged), record the
// movie file and the history, and tell the media servers. A corrupt or zero-filled download is failed,
// blocklisted and searched again; anything else that needs the user is "import blocked" with reasons.
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TrackedDownload, TrackedDownloadRepository } from '../downloads/tracked-download.repository.js';
import type { HistoryRepository } from '../history/history.repository.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { PermanentJobError, type JobDefinition } from '../jobs/job-registry.js';
import type { Logger } from '../logging/logger.js';
import { NOTIFY_JOB } from '../mediaservers/notify.job.js';
import type { MovieFileRepository } from '../movies/movie-file.repository.js';
import type { MovieRepository } from '../movies/movie.repository.js';
import type { Movie } from '../movies/movie.js';
import type { Clock } from '../shared/clock.js';
import type { CandidateFile, CandidateListing } from './candidates.js';
import {
  type CandidateSource,
  type FilePlacer,
  fileLabel,
  fileRevisionOf,
  importJob,
  type ImportStop,
  ImportSetbacks,
  namingQualityOf,
  triageCandidates,
} from './download-import.js';
import type { LibraryNamer, MovieNamingContext } from './naming.js';
import type { TransferResult } from './transfer.js';

export const MOVIE_IMPORT_JOB = 'imports.movie';

export interface MovieImportDependencies {
  db: Kysely<Database>;
  tracked: TrackedDownloadRepository;
  movies: Pick<MovieRepository, 'findById'>;
  movieFiles: Pick<MovieFileRepository, 'listByMovie' | 'add' | 'delete'>;
  history: HistoryRepository;
  candidates: CandidateSource;
  files: FilePlacer;
  /** The namer of the moment (naming settings change without a restart); asked once per import. */
  namer: () => Promise<Pick<LibraryNamer<MovieNamingContext>, 'fileNameFor'>>;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Move (rather than hardlink or copy) when the client no longer needs the files. */
  allowMove?: boolean;
}

export type ImportOutcome =
  { outcome: 'imported' | 'upgraded'; path: string; mode: TransferResult['mode'] } | ImportStop;

export class MovieImportService {
  private readonly setbacks: ImportSetbacks;

  constructor(private readonly deps: MovieImportDependencies) {
    this.setbacks = new ImportSetbacks(deps);
  }

  async import(trackedDownloadId: number, signal?: AbortSignal): Promise<ImportOutcome> {
    const { deps } = this;
    const started = await this.setbacks.start(trackedDownloadId, async (download) => {
      if (download.movieId === null) throw new PermanentJobError(`download ${download.id} is not a movie's`);
      const movie = await deps.movies.findById(download.movieId);
      if (!movie) throw new PermanentJobError(`movie ${download.movieId} no longer exists`);
      return movie;
    });
    if ('stop' in started) return started.stop;
    const { download, subject: movie } = started;
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
      quality: namingQualityOf(parsed.quality),
      ...(parsed.edition ? { editionTags: [parsed.edition] } : {}),
      ...(parsed.releaseGroup ? { releaseGroup: parsed.releaseGroup } : {}),
      ...(feature.info ? { mediaInfo: feature.info } : {}),
      releaseTitle: download.releaseTitle,
      originalFileName: path.basename(feature.path, path.extname(feature.path)),
    };
    const namer = await deps.namer();
    const destination = path.join(movie.path, namer.fileNameFor(context, extension));
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
          revision: fileRevisionOf(parsed.quality),
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
    const { broken, transient, reasons } = triageCandidates(listing);
    const [bad] = broken;
    if (bad) return this.setbacks.fail(download, `${fileLabel(bad.file)}: ${bad.message}`);
    const [unsure] = transient;
    if (unsure) throw new Error(`cannot check ${unsure.file.path} yet: ${unsure.message}`);
    return this.setbacks.block(
      download,
      reasons.length > 0 ? `no video file to import (${reasons.join('; ')})` : 'the download holds no files',
    );
  }

  /** The import job ran out of attempts: hand the download to the user with the last error. */
  giveUp(trackedDownloadId: number, reason: string): Promise<void> {
    return this.setbacks.giveUp(trackedDownloadId, reason);
  }
}

function durationOf(candidate: CandidateFile): number {
  return candidate.verdict.status === 'accepted' ? candidate.verdict.durationSeconds : 0;
}

export function movieImportJob(imports: MovieImportService): JobDefinition<{ trackedDownloadId: number }> {
  return importJob(MOVIE_IMPORT_JOB, imports);
}
