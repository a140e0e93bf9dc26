// Owns what the user can do with the queue: see it, refresh it now, retry an import, and remove an
// item (optionally from the client, optionally blocklisting the release so it is never grabbed again).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { HistoryRepository } from '../history/history.repository.js';
import { targetOf } from '../library/media-target.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import {
  importJobOf,
  type DownloadClientDirectory,
  type DownloadTrackingService,
} from './download-tracking.service.js';
import type { TrackedDownload, TrackedDownloadRepository } from './tracked-download.repository.js';

export class QueueService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      tracked: TrackedDownloadRepository;
      history: HistoryRepository;
      tracking: Pick<DownloadTrackingService, 'refresh'>;
      clients: DownloadClientDirectory;
      queue: JobQueue;
      clock: Clock;
    },
  ) {}

  list(): Promise<TrackedDownload[]> {
    return this.deps.tracked.listActive();
  }

  refresh() {
    return this.deps.tracking.refresh();
  }

  async retryImport(id: number): Promise<void> {
    const download = await this.get(id);
    if (!['completed', 'import_blocked'].includes(download.state)) {
      throw new ConflictError(`only finished downloads can be imported (this one is ${download.state})`);
    }
    await this.deps.tracked.update(
      id,
      { state: 'completed', statusMessage: 'import requested' },
      this.deps.clock.now(),
    );
    await this.deps.queue.enqueue(
      importJobOf(download),
      { trackedDownloadId: id },
      { idempotencyKey: `import:${id}:${this.deps.clock.now()}` },
    );
  }

  async remove(id: number, options: { removeFromClient: boolean; blocklist: boolean }): Promise<void> {
    const download = await this.get(id);
    if (options.removeFromClient && download.downloadClientId !== null && download.clientItemId) {
      const client = (await this.deps.clients.enabledClients()).find(
        (candidate) => candidate.id === download.downloadClientId,
      );
      if (client) {
        await client.client.remove(download.clientItemId, { deleteData: true }).catch((error: unknown) => {
          if (!(error instanceof NotFoundError)) throw error;
        });
      }
    }
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.tracked.update(
        id,
        { state: 'removed', statusMessage: 'removed by the user' },
        now,
        trx,
      );
      if (options.blocklist) {
        await this.deps.tracked.blocklist(download, 'removed from the queue by the user', now, trx);
        await this.deps.history.add(
          {
            ...targetOf(download),
            event: 'blocklisted',
            sourceTitle: download.releaseTitle,
            qualityName: download.qualityName,
            trackedDownloadId: id,
            data: { reason: 'removed from the queue by the user' },
          },
          now,
          trx,
        );
      }
    });
  }

  private async get(id: number): Promise<TrackedDownload> {
    const download = await this.deps.tracked.get(id);
    if (!download) throw new NotFoundError(`queue item ${id} not found`);
    return download;
  }
}
