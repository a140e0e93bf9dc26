// Owns keeping tracked downloads in step with the download clients: a poll (every minute and on
// demand) maps each client item's state onto the queue, notices finished downloads and starts their
// import, and notices items that vanished from the client.
import { z } from 'zod';
import { EPISODE_IMPORT_JOB } from '../imports/episode-import.service.js';
import { MOVIE_IMPORT_JOB } from '../imports/movie-import.service.js';
import type { Logger } from '../logging/logger.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobDefinition } from '../jobs/job-registry.js';
import type { Schedule } from '../jobs/scheduler.js';
import type { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/errors.js';
import { isFinished, type ClientDownload } from './clients/download-client.js';
import type { ConfiguredDownloadClient } from './download-client.service.js';
import type {
  TrackedDownload,
  TrackedDownloadRepository,
  TrackedDownloadUpdate,
} from './tracked-download.repository.js';
import type { TrackedDownloadState } from './tracked-download.tables.js';

export const REFRESH_JOB = 'downloads.refresh';

export interface DownloadClientDirectory {
  enabledClients(): Promise<ConfiguredDownloadClient[]>;
}

/** The states a poll may change: later states belong to the importer. */
const polledStates: readonly TrackedDownloadState[] = ['queued', 'downloading', 'stalled', 'paused'];

export function queueStateOf(item: ClientDownload): { state: TrackedDownloadState; message: string | null } {
  if (isFinished(item.state)) return { state: 'completed', message: null };
  switch (item.state) {
    case 'stalled':
      return {
        state: 'stalled',
        message: 'no connections: the download is stalled (check the VPN port forwarding and the seeders)',
      };
    case 'paused':
      return { state: 'paused', message: 'paused in the download client' };
    case 'error':
      return {
        state: 'stalled',
        message: `the download client reports an error: ${item.errorMessage ?? 'unknown'}`,
      };
    case 'metadata':
      return { state: 'queued', message: 'fetching metadata from peers' };
    case 'queued':
    case 'checking':
    case 'moving':
    case 'unknown':
      return { state: 'queued', message: null };
    case 'downloading':
      return { state: 'downloading', message: null };
    case 'seeding':
    case 'completed':
      return { state: 'completed', message: null };
  }
}

/** The job that imports a finished download: episodes go to the episode importer. */
export function importJobOf(download: Pick<TrackedDownload, 'seriesId'>): string {
  return download.seriesId === null ? MOVIE_IMPORT_JOB : EPISODE_IMPORT_JOB;
}

export class DownloadTrackingService {
  constructor(
    private readonly tracked: TrackedDownloadRepository,
    private readonly clients: DownloadClientDirectory,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** One poll of every client that holds a tracked download. */
  async refresh(): Promise<{ checked: number; completed: number }> {
    const downloads = (await this.tracked.listActive()).filter((download) =>
      polledStates.includes(download.state),
    );
    const imported = await this.tracked.listImportedInClient();
    if (downloads.length === 0 && imported.length === 0) return { checked: 0, completed: 0 };
    const clients = new Map((await this.clients.enabledClients()).map((client) => [client.id, client]));
    await this.removeImported(imported, clients);
    let completed = 0;
    for (const download of downloads) {
      const client = download.downloadClientId === null ? undefined : clients.get(download.downloadClientId);
      if (!client || !download.clientItemId) continue;
      try {
        const item = await client.client.get(download.clientItemId);
        if (await this.apply(download, item)) completed += 1;
      } catch (error) {
        if (error instanceof NotFoundError) {
          await this.tracked.update(
            download.id,
            { state: 'removed', statusMessage: `removed from ${client.name} before it was imported` },
            this.clock.now(),
          );
          continue;
        }
        // The client is down: keep the last known state, say why, try again next poll.
        this.logger.warn({ err: error, client: client.name }, 'cannot poll download client');
        await this.tracked.update(
          download.id,
          { statusMessage: `cannot reach ${client.name}: ${(error as Error).message}` },
          this.clock.now(),
        );
      }
    }
    return { checked: downloads.length, completed };
  }

  /**
   * "Remove completed downloads": once imported AND the client has stopped serving it (seeding goals
   * met), the item and its files leave the client. The library copy is a hardlink or a copy, so it
   * stays; a torrent still seeding is left alone until a later poll.
   */
  private async removeImported(
    imported: readonly TrackedDownload[],
    clients: ReadonlyMap<number, ConfiguredDownloadClient>,
  ): Promise<void> {
    for (const download of imported) {
      const client = download.downloadClientId === null ? undefined : clients.get(download.downloadClientId);
      if (!client?.removeCompletedDownloads || !download.clientItemId) continue;
      try {
        const item = await client.client.get(download.clientItemId);
        if (!item.canMoveFiles) continue;
        await client.client.remove(download.clientItemId, { deleteData: true });
      } catch (error) {
        if (!(error instanceof NotFoundError)) {
          this.logger.warn(
            { err: error, client: client.name },
            'cannot remove an imported download from its client',
          );
          continue;
        }
      }
      await this.tracked.update(
        download.id,
        { clientItemId: null, statusMessage: `removed from ${client.name} after import` },
        this.clock.now(),
      );
    }
  }

  /** Returns true when the download just finished and its import was started. */
  private async apply(download: TrackedDownload, item: ClientDownload): Promise<boolean> {
    const { state, message } = queueStateOf(item);
    const now = this.clock.now();
    const change: TrackedDownloadUpdate = {
      state,
      statusMessage: message,
      progress: item.progress,
      sizeLeft: item.sizeLeftBytes,
      etaSeconds: item.etaSeconds ?? null,
      contentPath: item.contentPath,
      canMoveFiles: item.canMoveFiles,
    };
    if (state !== 'completed') {
      await this.tracked.update(download.id, change, now);
      return false;
    }
    await this.tracked.update(download.id, { ...change, finishedAt: now }, now);
    await this.queue.enqueue(
      importJobOf(download),
      { trackedDownloadId: download.id },
      { idempotencyKey: `import:${download.id}` },
    );
    this.logger.info({ release: download.releaseTitle }, 'download finished; importing');
    return true;
  }
}

export function refreshDownloadsJob(tracking: DownloadTrackingService): JobDefinition<object> {
  return {
    name: REFRESH_JOB,
    payload: z.object({}),
    maxAttempts: 1,
    leaseMs: 120_000,
    async run() {
      await tracking.refresh();
    },
  };
}

export const refreshDownloadsSchedule: Schedule = {
  id: 'downloads-refresh',
  pattern: '*/30 * * * * *',
  job: REFRESH_JOB,
};
