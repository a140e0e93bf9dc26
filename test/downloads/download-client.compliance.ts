// The one behaviour every DownloadClient must show, run against each real daemon (qbittorrent-nox,
// transmission-daemon) by a *.test.ts per client. A qbittorrent-nox seeder serves real payloads on
// loopback, so "it downloads" means real pieces moved and the bytes on disk are identical.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DownloadClientError,
  type ClientDownload,
  type DownloadClient,
  type DownloadClientFailure,
} from '../../src/downloads/clients/download-client.js';
import { BadRequestError, NotFoundError } from '../../src/shared/errors.js';
import { createTorrent, startSeeder, type CreatedTorrent, type Seeder } from '../support/torrents.js';

export interface ComplianceTarget {
  client: DownloadClient;
  /** A client for the same daemon with some settings changed. */
  clientWith(settings: { password?: string; url?: string; timeoutMs?: number }): DownloadClient;
  url: string;
  /**
   * How a wrong URL path shows: a 404 (`rejected`, qBittorrent), or an HTML page where JSON was
   * expected (`invalid_response`: Transmission serves its web UI for unknown paths).
   */
  wrongPathFailure: DownloadClientFailure;
  downloadDir: string;
  /** Makes the daemon and the seeder connect for this torrent (whichever side must dial). */
  connect(seeder: Seeder, infoHash: string): Promise<void>;
  /** Stops the daemon, keeping its state, and starts it again. */
  stopDaemon(): Promise<void>;
  startDaemon(): Promise<void>;
  teardown(): Promise<void>;
}

const UNKNOWN_HASH = '0123456789abcdef0123456789abcdef01234567';
const CATEGORY = 'omniarr-movies';

async function expectFailure(
  promise: Promise<unknown>,
  reason: DownloadClientFailure,
): Promise<DownloadClientError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DownloadClientError);
  expect((error as DownloadClientError).reason).toBe(reason);
  return error as DownloadClientError;
}

async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    last = await read();
  }
  return last;
}

/** A TCP server that accepts connections and never answers: a hung daemon. */
async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function describeDownloadClientCompliance(name: string, start: () => Promise<ComplianceTarget>): void {
  describe(`${name} (DownloadClient compliance, real daemon)`, () => {
    let target: ComplianceTarget;
    let seeder: Seeder;
    // single is added as a .torrent file, folder as a magnet link; never is not seeded by anyone.
    let single: CreatedTorrent;
    let folder: CreatedTorrent;
    let never: CreatedTorrent;

    beforeAll(async () => {
      single = createTorrent([{ path: 'Some.Movie.2020.1080p.BluRay.x264-GRP.mkv', sizeBytes: 1536 * 1024 }]);
      folder = createTorrent(
        [
          { path: 'Other.Movie.2019.720p.WEB-DL.mkv', sizeBytes: 1024 * 1024 },
          { path: 'Subs/English.srt', content: Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nHello\n') },
        ],
        { name: 'Other.Movie.2019.720p.WEB-DL-GRP' },
      );
      never = createTorrent([{ path: 'Never.Seeded.2001.mkv', sizeBytes: 128 * 1024 }]);
      [target, seeder] = await Promise.all([start(), startSeeder(single, folder)]);
    });

    afterAll(async () => {
      await Promise.all([target?.teardown(), seeder?.stop()]);
      for (const created of [single, folder, never]) created?.cleanup();
    });

    it('tests the connection and reports the version', async () => {
      const info = await target.client.testConnection();
      expect(info.product).toBe(target.client.product);
      expect(info.version).toMatch(/^\d+\.\d+/);
      expect(info.apiVersion).not.toBe('');
    });

    it('says clearly when the password is wrong', async () => {
      const error = await expectFailure(
        target.clientWith({ password: 'wrong-password' }).testConnection(),
        'unauthorized',
      );
      expect(error.message).toMatch(/username and password/);
      expect(error.service).toBe(target.client.product);
    });

    it('says clearly when the URL does not lead to the API', async () => {
      const client = target.clientWith({ url: `${target.url}/not-here` });
      const error = await expectFailure(client.testConnection(), target.wrongPathFailure);
      expect(error.message).toMatch(/check the URL/);
    });

    it('refuses bad input before it reaches the client, and adds nothing', async () => {
      const before = (await target.client.list()).length;
      await expect(target.client.add({ torrent: Buffer.from('<html>login</html>') })).rejects.toThrow(
        BadRequestError,
      );
      await expect(target.client.add({ magnet: 'https://example.invalid/x.torrent' })).rejects.toThrow(
        BadRequestError,
      );
      expect(await target.client.list()).toHaveLength(before);
    });

    it(
      'adds a .torrent and a magnet link and downloads both for real, byte-identical',
      { timeout: 60_000 },
      async () => {
        const singleDir = path.join(target.downloadDir, 'single');
        const added = await Promise.all([
          target.client.add({ torrent: single.torrent }, { category: CATEGORY, savePath: singleDir }),
          target.client.add({ magnet: folder.magnet }, { category: CATEGORY }),
        ]);
        expect(added).toEqual([single.infoHash, folder.infoHash]);

        const finished = await Promise.all(
          [single, folder].map(async (created) => {
            let lastConnect = 0;
            return waitFor(
              `${created.name} to finish`,
              async () => {
                const download = await target.client.get(created.infoHash);
                if (download.progress < 1 && Date.now() - lastConnect > 2000) {
                  lastConnect = Date.now();
                  await target.connect(seeder, created.infoHash);
                }
                return download;
              },
              (download) => download.state === 'seeding',
              50_000,
            );
          }),
        );
        const [singleDownload, folderDownload] = finished as [ClientDownload, ClientDownload];

        expect(singleDownload).toMatchObject({
          id: single.infoHash,
          infoHash: single.infoHash,
          name: single.name,
          category: CATEGORY,
          progress: 1,
          sizeBytes: 1536 * 1024,
          sizeLeftBytes: 0,
          etaSeconds: 0,
          savePath: singleDir,
          contentPath: path.join(singleDir, single.name),
          canMoveFiles: false,
          errorMessage: undefined,
        });
        expect(singleDownload.files).toEqual([{ path: single.name, sizeBytes: 1536 * 1024, progress: 1 }]);
        expect(
          readFileSync(singleDownload.contentPath).equals(readFileSync(single.filePaths[0] as string)),
        ).toBe(true);

        expect(folderDownload).toMatchObject({
          name: folder.name,
          category: CATEGORY,
          progress: 1,
          savePath: target.downloadDir,
        });
        expect(folderDownload.contentPath).toBe(path.join(target.downloadDir, folder.name));
        expect(folderDownload.files.map((file) => file.path).sort()).toEqual(
          [`${folder.name}/Other.Movie.2019.720p.WEB-DL.mkv`, `${folder.name}/Subs/English.srt`].sort(),
        );
        for (const [index, file] of ['Other.Movie.2019.720p.WEB-DL.mkv', 'Subs/English.srt'].entries()) {
          const downloaded = readFileSync(path.join(folderDownload.contentPath, file));
          expect(downloaded.equals(readFileSync(folder.filePaths[index] as string))).toBe(true);
        }
        expect(folderDownload.addedAt?.getTime()).toBeGreaterThan(Date.now() - 120_000);
      },
    );

    it('adds the same torrent twice without a duplicate', async () => {
      expect(await target.client.add({ torrent: single.torrent }, { category: CATEGORY })).toBe(
        single.infoHash,
      );
      expect(await target.client.add({ magnet: single.magnet })).toBe(single.infoHash);
      const ids = (await target.client.list()).map((download) => download.id);
      expect(ids.filter((id) => id === single.infoHash)).toHaveLength(1);
    });

    it('lists by category', async () => {
      const inCategory = await target.client.list({ category: CATEGORY });
      expect(inCategory.map((download) => download.id).sort()).toEqual(
        [single.infoHash, folder.infoHash].sort(),
      );
      expect(await target.client.list({ category: 'no-such-category' })).toEqual([]);
    });

    it('adds paused, resumes, pauses again', async () => {
      expect(
        await target.client.add({ torrent: never.torrent }, { paused: true, category: 'omniarr-other' }),
      ).toBe(never.infoHash);
      await waitFor(
        'paused',
        () => target.client.get(never.infoHash),
        (download) => download.state === 'paused',
        10_000,
      );
      await target.client.resume(never.infoHash);
      // Nobody seeds it: it runs but gets nothing.
      const running = await waitFor(
        'running',
        () => target.client.get(never.infoHash),
        (download) => ['stalled', 'downloading', 'queued'].includes(download.state),
        10_000,
      );
      expect(running.progress).toBe(0);
      expect(running.etaSeconds).toBeUndefined();
      await target.client.pause(never.infoHash);
      await waitFor(
        'paused again',
        () => target.client.get(never.infoHash),
        (download) => download.state === 'paused',
        10_000,
      );
    });

    it('a finished download paused is completed and may be moved; resumed it seeds', async () => {
      await target.client.pause(single.infoHash);
      const paused = await waitFor(
        'completed',
        () => target.client.get(single.infoHash),
        (download) => download.state === 'completed',
        10_000,
      );
      expect(paused.canMoveFiles).toBe(true);
      await target.client.resume(single.infoHash);
      await waitFor(
        'seeding',
        () => target.client.get(single.infoHash),
        (download) => download.state === 'seeding',
        10_000,
      );
    });

    it('changes the category', async () => {
      await target.client.setCategory(never.infoHash, 'omniarr-failed');
      expect((await target.client.get(never.infoHash)).category).toBe('omniarr-failed');
      expect(
        (await target.client.list({ category: 'omniarr-failed' })).map((download) => download.id),
      ).toEqual([never.infoHash]);
    });

    it('answers NotFoundError for an unknown id', async () => {
      for (const id of [UNKNOWN_HASH, 'not-a-hash']) {
        await expect(target.client.get(id)).rejects.toThrow(NotFoundError);
        await expect(target.client.remove(id, { deleteData: false })).rejects.toThrow(NotFoundError);
        await expect(target.client.pause(id)).rejects.toThrow(NotFoundError);
        await expect(target.client.resume(id)).rejects.toThrow(NotFoundError);
        await expect(target.client.setCategory(id, CATEGORY)).rejects.toThrow(NotFoundError);
      }
    });

    it('removes a download keeping its data, and one with its data', async () => {
      const singleFile = (await target.client.get(single.infoHash)).contentPath;
      const folderPath = (await target.client.get(folder.infoHash)).contentPath;
      await target.client.remove(single.infoHash, { deleteData: false });
      await target.client.remove(folder.infoHash, { deleteData: true });
      await expect(target.client.get(single.infoHash)).rejects.toThrow(NotFoundError);
      await expect(target.client.get(folder.infoHash)).rejects.toThrow(NotFoundError);
      await waitFor(
        'data removed',
        () => Promise.resolve(existsSync(folderPath)),
        (exists) => !exists,
        10_000,
      );
      expect(existsSync(singleFile)).toBe(true);
    });

    it('fails with a timeout UpstreamError when the daemon hangs', async () => {
      const silent = await startSilentServer();
      try {
        const started = Date.now();
        const error = await expectFailure(
          target.clientWith({ url: silent.url, timeoutMs: 400 }).testConnection(),
          'timeout',
        );
        expect(error.message).toMatch(/within 400 ms/);
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        await silent.close();
      }
    });

    it(
      'fails fast with an UpstreamError when the daemon is down, and recovers when it is back',
      { timeout: 40_000 },
      async () => {
        await target.client.list();
        await target.stopDaemon();
        const started = Date.now();
        const error = await expectFailure(target.client.list(), 'unreachable');
        expect(error.message).toMatch(/cannot reach .*connection refused/);
        expect(Date.now() - started).toBeLessThan(3000);
        // Back with a new session: the same client logs in again (qBittorrent 403) or learns the new
        // session id (Transmission 409) by itself.
        await target.startDaemon();
        // A daemon may answer before it has loaded its torrents again, hence the short wait.
        const back = await waitFor(
          'the download after the restart',
          () =>
            target.client.get(never.infoHash).catch((error: unknown) => {
              if (error instanceof NotFoundError) return undefined;
              throw error;
            }),
          (download) => download !== undefined,
          10_000,
        );
        expect(back?.category).toBe('omniarr-failed');
      },
    );
  });
}
