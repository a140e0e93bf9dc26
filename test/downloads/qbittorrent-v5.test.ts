// qBittorrent 5.x cannot run here (Debian ships 4.5), so its differences are checked against a small
// stand-in written to the WebUI API 5.0 docs: pause/resume became /torrents/stop and /torrents/start,
// the add option `paused` became `stopped`, and states pausedDL/pausedUP became stoppedDL/stoppedUP.
// It also expires the session once, to show the adapter logs in again after a 403.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QbittorrentClient } from '../../src/downloads/clients/qbittorrent/qbittorrent.client.js';
import { createTorrent, type CreatedTorrent } from '../support/torrents.js';

interface Recorded {
  method: string;
  path: string;
  body: string;
}

describe('qBittorrent 5.x API differences', () => {
  let server: Server;
  let url: string;
  let created: CreatedTorrent;
  const requests: Recorded[] = [];
  const torrents = new Map<string, { state: string; category: string }>();
  let logins = 0;
  let expireSessionOnce = false;

  function read(request: IncomingMessage): Promise<string> {
    return new Promise((resolve) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      request.on('end', () => resolve(body));
    });
  }

  beforeAll(async () => {
    created = createTorrent([{ path: 'Stopped.Movie.2024.mkv', sizeBytes: 32 * 1024 }]);
    server = createServer((request, response) => {
      void (async () => {
        const address = new URL(request.url ?? '/', 'http://stub');
        const body = await read(request);
        requests.push({ method: request.method ?? '', path: address.pathname, body });
        const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
          response.writeHead(status, {
            'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json',
            ...headers,
          });
          response.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
        };
        if (address.pathname === '/api/v2/auth/login') {
          logins += 1;
          return send(200, 'Ok.', { 'set-cookie': `SID=session${logins}; HttpOnly; path=/` });
        }
        if (request.headers.cookie !== `SID=session${logins}`) return send(403, 'Forbidden');
        if (expireSessionOnce && address.pathname === '/api/v2/torrents/info') {
          expireSessionOnce = false;
          logins += 1; // the old SID is no longer valid
          return send(403, 'Forbidden');
        }
        switch (address.pathname) {
          case '/api/v2/app/version':
            return send(200, 'v5.0.2');
          case '/api/v2/app/webapiVersion':
            return send(200, '2.11.2');
          case '/api/v2/torrents/categories':
            return send(200, { movies: { name: 'movies', savePath: '' } });
          case '/api/v2/torrents/add': {
            const stopped = /name="stopped"\r\n\r\ntrue/.test(body);
            torrents.set(created.infoHash, {
              state: stopped ? 'stoppedDL' : 'stalledDL',
              category: 'movies',
            });
            return send(200, 'Ok.');
          }
          case '/api/v2/torrents/info': {
            const hash = address.searchParams.get('hashes') ?? '';
            const torrent = torrents.get(hash);
            if (!torrent) return send(200, []);
            return send(200, [
              {
                hash,
                infohash_v1: hash,
                name: created.name,
                state: torrent.state,
                category: torrent.category,
                tags: '',
                progress: torrent.state === 'stoppedUP' ? 1 : 0,
                size: 32 * 1024,
                amount_left: torrent.state === 'stoppedUP' ? 0 : 32 * 1024,
                eta: 8_640_000,
                dlspeed: 0,
                upspeed: 0,
                num_seeds: 0,
                num_leechs: 0,
                ratio: 0,
                save_path: '/downloads',
                content_path: `/downloads/${created.name}`,
                added_on: 1_700_000_000,
              },
            ]);
          }
          case '/api/v2/torrents/files':
            return send(200, [{ name: created.name, size: 32 * 1024, progress: 0, priority: 1 }]);
          case '/api/v2/torrents/stop':
          case '/api/v2/torrents/start': {
            const torrent = torrents.get(new URLSearchParams(body).get('hashes') ?? '');
            if (torrent) torrent.state = address.pathname.endsWith('stop') ? 'stoppedUP' : 'stalledUP';
            return send(200, '');
          }
          default:
            // 5.x removed /torrents/pause and /torrents/resume.
            return send(404, 'Not Found');
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    url = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    created.cleanup();
  });

  it('adds stopped, reads stopped states, and pauses/resumes through stop/start', async () => {
    const client = new QbittorrentClient({ url, username: 'admin', password: 'secret', timeoutMs: 2000 });
    expect(await client.testConnection()).toMatchObject({ version: '5.0.2', apiVersion: '2.11.2' });

    await client.add({ torrent: created.torrent }, { category: 'movies', paused: true });
    const add = requests.find((request) => request.path === '/api/v2/torrents/add');
    expect(add?.body).toMatch(/name="stopped"\r\n\r\ntrue/);
    expect(add?.body).not.toMatch(/name="paused"/);
    expect((await client.get(created.infoHash)).state).toBe('paused');

    await client.pause(created.infoHash);
    expect(await client.get(created.infoHash)).toMatchObject({ state: 'completed', canMoveFiles: true });
    await client.resume(created.infoHash);
    expect((await client.get(created.infoHash)).state).toBe('seeding');
    const paths = requests.map((request) => request.path);
    expect(paths).toContain('/api/v2/torrents/stop');
    expect(paths).toContain('/api/v2/torrents/start');
    expect(paths).not.toContain('/api/v2/torrents/pause');
  });

  it('logs in again when the session expires (403)', async () => {
    const client = new QbittorrentClient({ url, username: 'admin', password: 'secret', timeoutMs: 2000 });
    await client.testConnection();
    const before = logins;
    expireSessionOnce = true;
    expect((await client.get(created.infoHash)).id).toBe(created.infoHash);
    expect(logins).toBe(before + 2);
  });
});
