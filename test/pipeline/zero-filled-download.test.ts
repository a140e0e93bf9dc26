// Fault: a download "completes" but holds only zeros (it passed the client's checks, as zero-filled
// usenet files pass PAR2). The import must fail it, blocklist it and search again, and the new search
// must refuse it and take another release. Real components: the app on SQLite, two qbittorrent-nox
// (Omniarr's client and a seeder), ffprobe on the downloaded file.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQbittorrent, type QbittorrentDaemon } from '../support/qbittorrent.js';
import { createTorrent, startSeeder, type CreatedTorrent, type Seeder } from '../support/torrents.js';
import { GIB, matrixRelease, startPipelineApp, waitFor, type PipelineApp } from './pipeline-app.js';

const ZEROS = 'The.Matrix.1999.1080p.BluRay.x264-ZERO';
const OTHER = 'The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-NTB';

interface HistoryPage {
  records: Array<{ event: string; sourceTitle: string; data: Record<string, unknown> }>;
}
interface BlocklistPage {
  total: number;
  records: Array<{ title: string; infoHash: string | null; indexer: string | null; reason: string }>;
}
interface SearchView {
  trigger: string;
  grabbed: string | null;
  decisions: Array<{ title: string; accepted: boolean; rejections: Array<{ code: string }> }>;
}

describe('zero-filled download', () => {
  let created: CreatedTorrent;
  let seeder: Seeder;
  let client: QbittorrentDaemon;
  let pipeline: PipelineApp;

  beforeAll(async () => {
    // A folder torrent as release groups ship them, the "movie" being 8 MiB of zeros.
    created = createTorrent([{ path: `${ZEROS}.mkv`, content: Buffer.alloc(8 * 1024 * 1024) }], {
      name: ZEROS,
    });
    [seeder, client] = await Promise.all([startSeeder(created), startQbittorrent()]);
    pipeline = await startPipelineApp({
      releases: [
        matrixRelease(ZEROS, { download: created.torrent, infoHash: created.infoHash, size: 9 * GIB }),
        matrixRelease(OTHER, { size: 7 * GIB }),
      ],
    });
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
  });

  it('fails the download, blocklists it and searches again, taking another release', async () => {
    const first = await pipeline.api<SearchView>('POST', `/api/v1/movies/${pipeline.movieId}/search`);
    expect(first.grabbed).toBe(ZEROS);
    await waitFor('the grab to reach qBittorrent', async () => {
      const torrents = JSON.parse(await client.api(`torrents/info?hashes=${created.infoHash}`)) as unknown[];
      return torrents.length === 1;
    });
    await client.addPeer(created.infoHash, seeder.peer);

    const failed = await waitFor(
      'the import to fail the download',
      async () => {
        await pipeline.api('POST', '/api/v1/queue/refresh');
        const page = await pipeline.api<HistoryPage>('GET', '/api/v1/history?event=download_failed');
        return page.records[0];
      },
      30_000,
      250,
    );
    expect(failed.sourceTitle).toBe(ZEROS);
    expect(String(failed.data.reason)).toContain(`${ZEROS}.mkv`);
    expect(String(failed.data.reason)).toMatch(/zero/i);

    const blocklisted = await pipeline.api<HistoryPage>('GET', '/api/v1/history?event=blocklisted');
    expect(blocklisted.records).toHaveLength(1);
    expect(blocklisted.records[0]?.sourceTitle).toBe(ZEROS);
    expect(blocklisted.records[0]?.data).toMatchObject({ infoHash: created.infoHash });

    const blocklist = await pipeline.api<BlocklistPage>('GET', '/api/v1/blocklist');
    expect(blocklist.total).toBe(1);
    expect(blocklist.records[0]).toMatchObject({
      title: ZEROS,
      infoHash: created.infoHash,
      indexer: 'Fake Torznab',
    });
    expect(blocklist.records[0]?.reason).toBe(failed.data.reason);

    // The new search ran by itself: it refuses the blocklisted release and grabs the other one.
    const again = await waitFor('the search after the failure', async () => {
      const searches = await pipeline.api<SearchView[]>('GET', `/api/v1/movies/${pipeline.movieId}/searches`);
      return searches.length === 2 ? searches[0] : undefined;
    });
    expect(again).toMatchObject({ trigger: 'automatic', grabbed: OTHER });
    const refused = again.decisions.find((decision) => decision.title === ZEROS);
    expect(refused?.accepted).toBe(false);
    expect(refused?.rejections.map((rejection) => rejection.code)).toContain('blocklisted');

    const queue = await pipeline.api<Array<{ title: string }>>('GET', '/api/v1/queue');
    expect(queue.map((item) => item.title)).toEqual([OTHER]);
    // Nothing reached the library.
    const movieFolders = readdirSync(pipeline.library);
    for (const folder of movieFolders) {
      expect(readdirSync(`${pipeline.library}/${folder}`)).toEqual([]);
    }
    const imported = await pipeline.api<HistoryPage>('GET', '/api/v1/history?event=imported');
    expect(imported.records).toEqual([]);
  }, 60_000);
});
