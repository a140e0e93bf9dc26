// Runs the DownloadClient compliance suite against a real qbittorrent-nox that requires a login
// (LocalHostAuth=true, PBKDF2 password), plus the no-login path of a localhost-bypass instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QbittorrentClient } from '../../src/downloads/clients/qbittorrent/qbittorrent.client.js';
import { startQbittorrent, type QbittorrentDaemon } from '../support/qbittorrent.js';
import { createTorrent, startSeeder, type CreatedTorrent, type Seeder } from '../support/torrents.js';
import { describeDownloadClientCompliance } from './download-client.compliance.js';

describeDownloadClientCompliance('qBittorrent', async () => {
  const daemon = await startQbittorrent({
    credentials: { username: 'omniarr', password: 'correct horse battery' },
  });
  const settings = { url: daemon.url, username: daemon.username, password: daemon.password, timeoutMs: 5000 };
  return {
    client: new QbittorrentClient(settings),
    clientWith: (overrides) => new QbittorrentClient({ ...settings, ...overrides }),
    url: daemon.url,
    wrongPathFailure: 'rejected',
    downloadDir: daemon.downloadDir,
    // The downloader dials the seeder.
    connect: (seeder, infoHash) => daemon.addPeer(infoHash, seeder.peer),
    stopDaemon: () => daemon.pause(),
    startDaemon: () => daemon.start(),
    teardown: () => daemon.stop(),
  };
});

describe('qBittorrent with localhost authentication bypassed', () => {
  let created: CreatedTorrent;
  let seeder: Seeder;
  let daemon: QbittorrentDaemon;

  beforeAll(async () => {
    created = createTorrent([{ path: 'Bypass.Movie.2021.mkv', sizeBytes: 64 * 1024 }]);
    seeder = await startSeeder(created);
    daemon = seeder.daemon;
  });
  afterAll(async () => {
    await seeder?.stop();
    created?.cleanup();
  });

  it('works with no credentials at all', async () => {
    const client = new QbittorrentClient({ url: daemon.url });
    expect((await client.testConnection()).version).toBe('4.5.2');
    const download = await client.get(created.infoHash);
    expect(download).toMatchObject({ state: 'seeding', progress: 1, savePath: created.payloadDir });
  });
});
