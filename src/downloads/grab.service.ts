// Owns grabbing: a chosen release becomes a tracked download and a durable `downloads.grab` job in
// one transaction (outbox), and the job hands the release to a download client with retries, so a
// client that is down when the user clicks "grab" delays the download, it does not lose it.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { HistoryRepository } from '../history/history.repository.js';
import type { IndexerRelease, FetchedRelease } from '../indexers/indexer.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { targetOf, type MediaTarget } from '../library/media-target.js';
import { PermanentJobError, type JobDefinition } from '../jobs/job-registry.js';
import type { ParsedRelease } from '../parser/index.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError } from '../shared/errors.js';
import type { ConfiguredDownloadClient, DownloadProtocol } from './download-client.service.js';
import type { DownloadSource } from './clients/download-client.js';
import type {
  GrabbedRelease,
  TrackedDownload,
  TrackedDownloadRepository,
} from './tracked-download.repository.js';

export const GRAB_JOB = 'downloads.grab';
const GRAB_ATTEMPTS = 6;

export interface ReleaseSource {
  fetchRelease(release: IndexerRelease, signal?: AbortSignal): Promise<FetchedRelease>;
}

export interface DownloadClientPicker {
  pick(protocol: DownloadProtocol): Promise<ConfiguredDownloadClient>;
}

/** A release for a movie (`movieId`) or for some episodes of a series (`seriesId`, `episodeIds`). */
export type GrabRequest = MediaTarget & {
  release: IndexerRelease;
  parsed: ParsedRelease;
  customFormatScore: number;
};

function targetOfRequest(request: GrabRequest): MediaTarget {
  return request.movieId !== undefined
    ? { movieId: request.movieId }
    : { seriesId: request.seriesId, episodeIds: request.episodeIds };
}

export function serialiseRelease(release: IndexerRelease, parsed: ParsedRelease): GrabbedRelease {
  return {
    release: {
      ...release,
      publishDate: release.publishDate?.toISOString() ?? null,
      usenetDate: release.usenetDate?.toISOString() ?? null,
    },
    parsed,
  };
}

export function deserialiseRelease(grabbed: GrabbedRelease): IndexerRelease {
  return {
    ...grabbed.release,
    publishDate: grabbed.release.publishDate ? new Date(grabbed.release.publishDate) : null,
    usenetDate: grabbed.release.usenetDate ? new Date(grabbed.release.usenetDate) : null,
  };
}

export class GrabService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly tracked: TrackedDownloadRepository,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  /** Records the grab and enqueues the hand-over to the download client; returns at once. */
  async grab(request: GrabRequest): Promise<TrackedDownload> {
    const active =
      request.movieId !== undefined
        ? await this.tracked.listActiveForMovie(request.movieId)
        : await this.tracked.listActiveForSeries(request.seriesId);
    const same = active.find(
      (download) =>
        (request.release.infoHash && download.infoHash === request.release.infoHash) ||
        (download.guid === request.release.guid && download.indexer === request.release.indexer),
    );
    if (same) throw new ConflictError(`"${request.release.title}" is already in the queue`);
    return this.db.transaction().execute(async (trx) => {
      const download = await this.tracked.insert(
        {
          target: targetOfRequest(request),
          protocol: request.release.protocol,
          indexer: request.release.indexer,
          releaseTitle: request.release.title,
          infoHash: request.release.infoHash,
          guid: request.release.guid,
          size: request.release.size,
          qualityName: request.parsed.quality.name,
          customFormatScore: request.customFormatScore,
          grabbed: serialiseRelease(request.release, request.parsed),
        },
        this.clock.now(),
        trx,
      );
      await this.queue.enqueue(
        GRAB_JOB,
        { trackedDownloadId: download.id },
        { idempotencyKey: `grab:${download.id}`, executor: trx },
      );
      return download;
    });
  }
}

function toSource(fetched: FetchedRelease): DownloadSource {
  switch (fetched.kind) {
    case 'torrent':
      return { torrent: fetched.bytes };
    case 'magnet':
      return { magnet: fetched.uri };
    case 'nzb':
      throw new PermanentJobError(
        'usenet downloads need a usenet client (SABnzbd/NZBGet), which is not supported yet',
      );
  }
}

export interface GrabJobDependencies {
  tracked: TrackedDownloadRepository;
  history: HistoryRepository;
  indexers: ReleaseSource;
  downloadClients: DownloadClientPicker;
  clock: Clock;
  db: Kysely<Database>;
  /** First retry delay; doubles each time (5 tries). */
  backoffMs?: number;
}

/** Hands a grabbed release to the best download client; safe to run twice (the client dedupes by hash). */
export function grabJob(deps: GrabJobDependencies): JobDefinition<{ trackedDownloadId: number }> {
  return {
    name: GRAB_JOB,
    payload: z.object({ trackedDownloadId: z.number().int() }),
    maxAttempts: GRAB_ATTEMPTS,
    backoffMs: deps.backoffMs ?? 30_000,
    leaseMs: 120_000,
    async run({ trackedDownloadId }, { signal, logger, attempt }) {
      const download = await deps.tracked.get(trackedDownloadId);
      if (!download || download.state !== 'grabbing') return; // Already handed over, or removed.
      const release = deserialiseRelease(download.grabbed);
      try {
        const client = await deps.downloadClients.pick(release.protocol);
        const fetched = await deps.indexers.fetchRelease(release, signal);
        const itemId = await client.client.add(toSource(fetched), { category: client.category });
        const now = deps.clock.now();
        await deps.db.transaction().execute(async (trx) => {
          await deps.tracked.update(
            trackedDownloadId,
            {
              state: 'queued',
              downloadClientId: client.id,
              clientItemId: itemId,
              infoHash: itemId,
              statusMessage: null,
            },
            now,
            trx,
          );
          await deps.history.add(
            {
              ...targetOf(download),
              event: 'grabbed',
              sourceTitle: download.releaseTitle,
              qualityName: download.qualityName,
              trackedDownloadId,
              data: {
                indexer: download.indexer,
                guid: download.guid,
                infoHash: itemId,
                downloadClient: client.name,
                protocol: download.protocol,
                size: download.size,
              },
            },
            now,
            trx,
          );
        });
        logger.info(
          { release: download.releaseTitle, client: client.name },
          'release sent to the download client',
        );
      } catch (error) {
        // Keep the reason visible in the queue while the job retries.
        const message = error instanceof Error ? error.message : String(error);
        const final = attempt >= GRAB_ATTEMPTS || error instanceof PermanentJobError;
        await deps.tracked.update(
          trackedDownloadId,
          final
            ? { state: 'failed', statusMessage: `grab failed: ${message}` }
            : { statusMessage: `grab attempt ${attempt} failed: ${message}; retrying` },
          deps.clock.now(),
        );
        throw error;
      }
    },
  };
}
