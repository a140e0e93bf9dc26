// Fault: the download client is down when a release is grabbed. The grab is a durable job (outbox), so
// it is retried, not lost: the queue shows the item with the reason while qBittorrent is down, and once
// it is back the retry hands the release over and it downloads (from a real seeder) and imports.
// Real components: the app on SQLite, two qbittorrent-nox (Omniarr's client and a seeder), a real MKV.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../support/media.js';
import { startQbittorrent, type QbittorrentDaemon } from '../support/qbittorrent.js';
import { createTorrent, startSeeder, type CreatedTorrent, type Seeder } from '../support/torrents.js';
import {
  GIB,
  MATRIX,
  matrixRelease,
  OffsetClock,
  startPipelineApp,
  waitFor,
  type PipelineApp,
} from './pipeline-app.js';

const RELEASE = 'The.Matrix.1999.1080p.BluRay.x264-GRP';

interface QueueItem {
  id: number;
  title: string;
  state: string;
  statusMessage: string | null;
  downloadClientId: number | null;
}
interface HistoryPage {
  records: Array<{ event: string; sourceTitle: string; data: Record<string, unknown> }>;
}
interface JobsPage {
  records: Array<{ name: string; status: string; attempts: number; lastError: string | null }>;
}

describe('download client down when grabbing', () => {
  const clock = new OffsetClock();
  let scratch: string;
  let created: CreatedTorrent;
  let seeder: Seeder;
  let client: QbittorrentDaemon;
  let pipeline: PipelineApp;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'omniarr-grab-fault-'));
    const video = path.join(scratch, `${RELEASE}.mkv`);
    await makeVideo(video, { durationSeconds: MATRIX.runtime * 60 });
    created = createTorrent([{ path: `${RELEASE}.mkv`, content: readFileSync(video) }], { name: RELEASE });
    [seeder, client] = await Promise.all([startSeeder(created), startQbittorrent()]);
    pipeline = await startPipelineApp({
      releases: [
        matrixRelease(RELEASE, { download: created.torrent, infoHash: created.infoHash, size: 9 * GIB }),
      ],
      appOptions: { clock },
    });
    // Added while it is up, with the connection test: the setup is right, only the outage is staged.
    await pipeline.api('POST', '/api/v1/downloadclients', {
      name: 'qBittorrent',
      implementation: 'qbittorrent',
      url: client.url,
      username: client.username,
      password: client.password,
      timeoutMs: 2000,
    });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    await Promise.all([client?.stop(), seeder?.stop()]);
    created?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps the grab while qBittorrent is down and hands it over when it is back', async () => {
    await client.pause();

    const search = await pipeline.api<{ grabbed: string | null }>(
      'POST',
      `/api/v1/movies/${pipeline.movieId}/search`,
    );
    expect(search.grabbed).toBe(RELEASE);

    // The queue tells the user what is wrong while the job waits for its retry.
    const waiting = await waitFor('the failed first hand-over', async () => {
      const queue = await pipeline.api<QueueItem[]>('GET', '/api/v1/queue');
      const item = queue.find((entry) => entry.title === RELEASE);
      return item?.statusMessage ? item : undefined;
    });
    expect(waiting).toMatchObject({ state: 'grabbing', downloadClientId: null });
    expect(waiting.statusMessage).toMatch(/^grab attempt 1 failed: .+; retrying$/);
    const jobs = await pipeline.api<JobsPage>('GET', '/api/v1/jobs?name=downloads.grab');
    expect(jobs.records).toEqual([
      expect.objectContaining({ name: 'downloads.grab', status: 'queued', attempts: 1 }),
    ]);
    expect(jobs.records[0]?.lastError).toBeTruthy();
    const history = await pipeline.api<HistoryPage>('GET', '/api/v1/history?event=grabbed');
    expect(history.records).toHaveLength(0);

    // qBittorrent comes back; the backoff (30 s for the first retry) passes on the app's clock.
    await client.start();
    clock.advance(31_000);
    const handedOver = await waitFor('the retry to hand the release over', async () => {
      const queue = await pipeline.api<QueueItem[]>('GET', '/api/v1/queue');
      const item = queue.find((entry) => entry.title === RELEASE);
      return item && item.state !== 'grabbing' ? item : undefined;
    });
    expect(handedOver.downloadClientId).not.toBeNull();
    expect(handedOver.statusMessage).toBeNull();
    const [grabJob] = (await pipeline.api<JobsPage>('GET', '/api/v1/jobs?name=downloads.grab')).records;
    expect(grabJob).toMatchObject({ status: 'succeeded', attempts: 2 });
    const inClient = JSON.parse(await client.api(`torrents/info?hashes=${created.infoHash}`)) as unknown[];
    expect(inClient).toHaveLength(1);

    // It really downloads from the seeder, and the pipeline carries on to the import.
    await client.addPeer(created.infoHash, seeder.peer);
    const imported = await waitFor(
      'the download to finish and import',
      async () => {
        await pipeline.api('POST', '/api/v1/queue/refresh');
        const page = await pipeline.api<HistoryPage>('GET', '/api/v1/history?event=imported');
        return page.records[0];
      },
      30_000,
      250,
    );
    const libraryFile = String(imported.data.path);
    expect(libraryFile.startsWith(pipeline.library)).toBe(true);
    expect(readFileSync(libraryFile).equals(readFileSync(created.filePaths[0] ?? ''))).toBe(true);
    expect(statSync(libraryFile).size).toBe(statSync(created.filePaths[0] ?? '').size);

    const grabbed = await pipeline.api<HistoryPage>('GET', '/api/v1/history?event=grabbed');
    expect(grabbed.records).toHaveLength(1);
    expect(grabbed.records[0]?.sourceTitle).toBe(RELEASE);
    expect(grabbed.records[0]?.data).toMatchObject({
      downloadClient: 'qBittorrent',
      infoHash: created.infoHash,
    });
    expect(await pipeline.api<QueueItem[]>('GET', '/api/v1/queue')).toEqual([]);
  }, 60_000);
});
