// Owns what the movie and the episode importers share: where a finished download's candidate files come
// from and where files are placed, the sorting of rejected candidates (a broken file fails the download,
// a file we could not judge yet retries, the rest are reasons), what happens to a download that cannot
// be imported (blocked for the user; or failed, blocklisted and searched again), and the durable job
// that runs an importer.
//
//   interface CandidateSource, FilePlacer          the importers' side effects
//   triageCandidates(listing): CandidateTriage     pure
//   class ImportSetbacks  start(trackedDownloadId, subjectOf)  block(download, reason)  fail(download, reason)
//                         giveUp(trackedDownloadId, reason)
//   importJob(name, importer): JobDefinition       retries with backoff; gives up to "import blocked"
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { TrackedDownload, TrackedDownloadRepository } from '../downloads/tracked-download.repository.js';
import type { HistoryRepository } from '../history/history.repository.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { PermanentJobError, type JobDefinition } from '../jobs/job-registry.js';
import { targetOf, type MediaTarget } from '../library/media-target.js';
import type { Logger } from '../logging/logger.js';
import { EPISODE_SEARCH_JOB } from '../search/episode-search.service.js';
import { MOVIE_SEARCH_JOB } from '../search/movie-search.service.js';
import type { ParsedQuality } from '../parser/index.js';
import type { Clock } from '../shared/clock.js';
import type { CandidateFile, CandidateListing, SkippedFile } from './candidates.js';
import type { NamingQuality } from './naming.js';
import type { TransferRequest, TransferResult } from './transfer.js';
import type { ExpectedMedia } from './verification.js';

const IMPORT_ATTEMPTS = 5;

/** A release's revision as library files record it. */
export function fileRevisionOf(quality: ParsedQuality): { version: number; real: number; isRepack: boolean } {
  const { version, real, repack } = quality.revision;
  return { version, real, isRepack: repack };
}

/** A release's quality as the naming templates read it. */
export function namingQualityOf(quality: ParsedQuality): NamingQuality {
  return { name: quality.name, ...fileRevisionOf(quality) };
}

export interface CandidateSource {
  find(contentPath: string, expected: ExpectedMedia, signal?: AbortSignal): Promise<CandidateListing>;
}

export interface FilePlacer {
  transfer(request: TransferRequest): Promise<TransferResult>;
}

/** How an import ended without placing anything. */
export type ImportStop = { outcome: 'blocked' | 'failed' | 'skipped'; reason: string };

/** A candidate or a skipped file as the user knows it: its path inside the download. */
export function fileLabel(file: Pick<CandidateFile | SkippedFile, 'path' | 'relativePath'>): string {
  return file.relativePath || path.basename(file.path);
}

export interface CandidateTriage {
  accepted: CandidateFile[];
  /** A corrupt, truncated or zero-filled file: the download is bad. */
  broken: Array<{ file: CandidateFile; message: string }>;
  /** A file we could not judge yet (ffprobe missing or too slow, the file not there yet). */
  transient: Array<{ file: CandidateFile; message: string }>;
  /** "file: why" for every file left out, rejected or skipped, in path order. */
  reasons: string[];
}

export function triageCandidates(listing: CandidateListing): CandidateTriage {
  const triage: CandidateTriage = { accepted: [], broken: [], transient: [], reasons: [] };
  for (const file of listing.candidates) {
    const { verdict } = file;
    if (verdict.status === 'accepted') {
      triage.accepted.push(file);
      continue;
    }
    if (verdict.action === 'fail_download') triage.broken.push({ file, message: verdict.message });
    if (verdict.action === 'retry') triage.transient.push({ file, message: verdict.message });
    triage.reasons.push(`${fileLabel(file)}: ${verdict.message}`);
  }
  for (const file of listing.skipped) triage.reasons.push(`${fileLabel(file)}: ${file.message}`);
  return triage;
}

export interface ImportSetbackDependencies {
  db: Kysely<Database>;
  tracked: Pick<TrackedDownloadRepository, 'get' | 'update' | 'blocklist'>;
  history: Pick<HistoryRepository, 'add'>;
  queue: Pick<JobQueue, 'enqueue'>;
  clock: Clock;
  logger: Logger;
}

/** A download taken for import, with what it is for; or why it is not imported now. */
export type ImportStart<S> =
  { download: TrackedDownload & { contentPath: string }; subject: S } | { stop: ImportStop };

const importableStates = new Set(['completed', 'importing', 'import_blocked']);

/** What becomes of a download the importer cannot finish, for a movie or for episodes alike. */
export class ImportSetbacks {
  constructor(private readonly deps: ImportSetbackDependencies) {}

  /**
   * Takes a finished download for import: it still exists and is finished, `subjectOf` finds the
   * movie or series it is for (or throws a PermanentJobError saying why not), and it is marked
   * importing so the queue shows it. A client that never said where the files are blocks it.
   */
  async start<S>(
    trackedDownloadId: number,
    subjectOf: (download: TrackedDownload) => Promise<S>,
  ): Promise<ImportStart<S>> {
    const { deps } = this;
    const download = await deps.tracked.get(trackedDownloadId);
    if (!download) throw new PermanentJobError(`tracked download ${trackedDownloadId} no longer exists`);
    if (!importableStates.has(download.state))
      return { stop: { outcome: 'skipped', reason: `download is ${download.state}` } };
    const subject = await subjectOf(download);
    await deps.tracked.update(
      trackedDownloadId,
      { state: 'importing', statusMessage: null },
      deps.clock.now(),
    );
    const { contentPath } = download;
    if (!contentPath)
      return { stop: await this.block(download, 'the download client did not say where the files are') };
    return { download: { ...download, contentPath }, subject };
  }

  /** Hand the download to the user with the reason ("import blocked"); nothing is retried. */
  async block(download: TrackedDownload, reason: string): Promise<ImportStop> {
    const { deps } = this;
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (trx) => {
      await deps.tracked.update(download.id, { state: 'import_blocked', statusMessage: reason }, now, trx);
      await deps.history.add(
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
    deps.logger.warn({ release: download.releaseTitle, reason }, 'import blocked');
    return { outcome: 'blocked', reason };
  }

  /** The download is bad: fail it, never grab it again, and look for another release. */
  async fail(download: TrackedDownload, reason: string): Promise<ImportStop> {
    const { deps } = this;
    const now = deps.clock.now();
    const target = targetOf(download);
    await deps.db.transaction().execute(async (trx) => {
      await deps.tracked.update(
        download.id,
        { state: 'failed', statusMessage: reason, finishedAt: now },
        now,
        trx,
      );
      await deps.tracked.blocklist(download, reason, now, trx);
      const common = {
        ...target,
        sourceTitle: download.releaseTitle,
        qualityName: download.qualityName,
        trackedDownloadId: download.id,
      };
      await deps.history.add({ ...common, event: 'download_failed', data: { reason } }, now, trx);
      await deps.history.add(
        {
          ...common,
          event: 'blocklisted',
          data: { reason, infoHash: download.infoHash, indexer: download.indexer },
        },
        now,
        trx,
      );
      const search = searchAgain(target);
      await deps.queue.enqueue(search.job, search.payload, {
        idempotencyKey: `search:after-failure:${download.id}`,
        executor: trx,
      });
    });
    deps.logger.warn(
      { release: download.releaseTitle, reason },
      'download failed; blocklisted and searching again',
    );
    return { outcome: 'failed', reason };
  }

  /** The import job ran out of attempts: hand the download to the user with the last error. */
  async giveUp(trackedDownloadId: number, reason: string): Promise<void> {
    const download = await this.deps.tracked.get(trackedDownloadId);
    if (download && download.state === 'importing') await this.block(download, `import failed: ${reason}`);
  }
}

function searchAgain(target: MediaTarget): { job: string; payload: Record<string, unknown> } {
  return target.movieId !== undefined
    ? { job: MOVIE_SEARCH_JOB, payload: { movieId: target.movieId } }
    : {
        job: EPISODE_SEARCH_JOB,
        // No episodes named (a release forced for none): every missing episode of the series.
        payload:
          target.episodeIds.length > 0
            ? { seriesId: target.seriesId, episodeIds: [...target.episodeIds] }
            : { seriesId: target.seriesId },
      };
}

export interface Importer {
  import(trackedDownloadId: number, signal?: AbortSignal): Promise<unknown>;
  giveUp(trackedDownloadId: number, reason: string): Promise<void>;
}

/** The durable job running `importer` for one tracked download; its last failed try blocks the import. */
export function importJob(name: string, importer: Importer): JobDefinition<{ trackedDownloadId: number }> {
  return {
    name,
    payload: z.object({ trackedDownloadId: z.number().int() }),
    maxAttempts: IMPORT_ATTEMPTS,
    backoffMs: 60_000,
    // Copies across filesystems can take minutes; the lease is renewed while it runs.
    leaseMs: 120_000,
    async run({ trackedDownloadId }, { signal, attempt }) {
      try {
        await importer.import(trackedDownloadId, signal);
      } catch (error) {
        if (attempt >= IMPORT_ATTEMPTS || error instanceof PermanentJobError) {
          await importer.giveUp(trackedDownloadId, error instanceof Error ? error.message : String(error));
        }
        throw error;
      }
    },
  };
}
