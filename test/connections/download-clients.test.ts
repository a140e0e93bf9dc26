// Download clients through the API against real daemons: a qbittorrent-nox and a transmission-daemon
// that both require a login. Settings with a write-only password, connection tests before saving
// (wrong password, daemon down), adapters cached until their settings change, choosing a client for
// a grab, the health check, and no password in any response or log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadClientsCheck } from '../../src/downloads/download-client.health.js';
import type { DownloadClientPatch } from '../../src/downloads/download-client.service.js';
import { startQbittorrent, type QbittorrentDaemon } from '../support/qbittorrent.js';
import { startTransmission, type TransmissionDaemon } from '../support/transmission.js';
import { apiClient } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { freePort } from '../support/ports.js';

const QBT_PASSWORD = 'qbt-Correct-Horse-7731';
const TR_PASSWORD = 'tr-Battery-Staple-4409';
const WRONG_PASSWORD = 'wrong-Password-0000';

interface View {
  id: number;
  name: string;
  hasPassword: boolean;
  priority: number;
  [key: string]: unknown;
}

describe('download clients', () => {
  let service: TestApp;
  let qbittorrent: QbittorrentDaemon;
  let transmission: TransmissionDaemon;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    [service, qbittorrent, transmission] = await Promise.all([
      startTestApp('sqlite'),
      startQbittorrent({ credentials: { username: 'omniarr', password: QBT_PASSWORD } }),
      startTransmission({ credentials: { username: 'omniarr', password: TR_PASSWORD } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([service?.stop(), qbittorrent?.stop(), transmission?.stop()]);
  });

  const api = apiClient(() => service);

  const qbtSettings = (extra: Record<string, unknown> = {}) => ({
    name: 'qBittorrent',
    implementation: 'qbittorrent',
    url: qbittorrent.url,
    username: 'omniarr',
    password: QBT_PASSWORD,
    priority: 1,
    timeoutMs: 3000,
    ...extra,
  });
  const trSettings = (extra: Record<string, unknown> = {}) => ({
    name: 'Transmission',
    implementation: 'transmission',
    url: transmission.url,
    username: 'omniarr',
    password: TR_PASSWORD,
    priority: 5,
    timeoutMs: 3000,
    ...extra,
  });

  it('refuses a wrong password with the reason, and saves nothing', async () => {
    for (const settings of [
      qbtSettings({ password: WRONG_PASSWORD }),
      trSettings({ password: WRONG_PASSWORD }),
    ]) {
      const refused = await api('POST', '/api/v1/downloadclients', settings);
      expect(refused.status, refused.text).toBe(400);
      expect(refused.body).toMatchObject({
        error: { code: 'bad_request', details: { reason: 'unauthorized' } },
      });
      expect(refused.text).toMatch(/download client test failed: .*(username and password|login)/i);
      expect(refused.text).not.toContain(WRONG_PASSWORD);
    }
    expect((await api('GET', '/api/v1/downloadclients')).body).toEqual([]);
  });

  it('refuses a client that cannot be reached, unless the test is skipped', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const refused = await api('POST', '/api/v1/downloadclients', qbtSettings({ name: 'Gone', url: nobody }));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { details: { reason: 'unreachable' } } });
    expect(refused.text).toMatch(/connection refused/);

    const saved = await api(
      'POST',
      '/api/v1/downloadclients?test=false',
      qbtSettings({ name: 'Gone', url: nobody, enabled: false, priority: 50 }),
    );
    expect(saved.status, saved.text).toBe(201);
    ids.Gone = (saved.body as View).id;
  });

  it('refuses credentials in the URL and bad categories before any connection', async () => {
    const inUrl = await api(
      'POST',
      '/api/v1/downloadclients?test=false',
      qbtSettings({ name: 'Inline', url: `http://omniarr:${QBT_PASSWORD}@127.0.0.1:1` }),
    );
    expect(inUrl.status).toBe(400);
    expect(inUrl.text).toMatch(/own fields/);
    expect(inUrl.text).not.toContain(QBT_PASSWORD);
    const slash = await api('POST', '/api/v1/downloadclients', qbtSettings({ category: 'movies/hd' }));
    expect(slash.status).toBe(400);
    expect(slash.text).toMatch(/category/);
  });

  it('tests settings before saving them', async () => {
    // A bare address, a base path and the full RPC path all reach the same RPC endpoint.
    for (const url of [
      transmission.url,
      `${transmission.url}/transmission/`,
      `${transmission.url}/transmission/rpc`,
    ]) {
      const tested = await api('POST', '/api/v1/downloadclients/test', trSettings({ url }));
      expect(tested.status, `${url}: ${tested.text}`).toBe(200);
      expect(tested.body).toMatchObject({ ok: true, product: 'Transmission', supportsCategories: true });
      expect((tested.body as { version: string }).version).toMatch(/^3\./);
    }
    const wrongPath = await api(
      'POST',
      '/api/v1/downloadclients/test',
      trSettings({ url: `${transmission.url}/elsewhere` }),
    );
    expect(wrongPath.status).toBe(400);
  });

  it('stores both clients with a write-only password and defaults for the rest', async () => {
    for (const [settings, password] of [
      [qbtSettings(), QBT_PASSWORD],
      [trSettings(), TR_PASSWORD],
    ] as const) {
      const created = await api('POST', '/api/v1/downloadclients', settings);
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        name: settings.name,
        protocol: 'torrent',
        username: 'omniarr',
        hasPassword: true,
        category: 'omniarr-movies',
        enabled: true,
        removeCompletedDownloads: true,
      });
      expect(created.text).not.toContain(password);
      ids[settings.name] = (created.body as View).id;
    }
    const listed = await api<View[]>('GET', '/api/v1/downloadclients');
    expect(listed.body.map((client) => client.name)).toEqual(['qBittorrent', 'Transmission', 'Gone']);
    expect(listed.text).not.toContain(QBT_PASSWORD);
    expect(listed.text).not.toContain(TR_PASSWORD);
    const duplicate = await api('POST', '/api/v1/downloadclients', qbtSettings());
    expect(duplicate.status).toBe(409);
  });

  it('tests a saved client by id and reports the daemon version', async () => {
    const qbt = await api('POST', `/api/v1/downloadclients/${ids.qBittorrent}/test`);
    expect(qbt.status, qbt.text).toBe(200);
    expect(qbt.body).toMatchObject({ ok: true, product: 'qBittorrent', supportsCategories: true });
    expect((qbt.body as { version: string }).version).toMatch(/^4\.\d+\.\d+/);
    const missing = await api('POST', '/api/v1/downloadclients/9999/test');
    expect(missing.status).toBe(404);
  });

  it('keeps the stored password when an update leaves it out, and drops it on null', async () => {
    const { password: _omitted, ...withoutPassword } = qbtSettings({ category: 'omniarr-films' });
    const kept = await api('PUT', `/api/v1/downloadclients/${ids.qBittorrent}`, withoutPassword);
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body).toMatchObject({ hasPassword: true, category: 'omniarr-films' });

    // Without the password the connection test fails, so nothing changes.
    const dropped = await api('PUT', `/api/v1/downloadclients/${ids.qBittorrent}`, {
      ...withoutPassword,
      password: null,
    });
    expect(dropped.status).toBe(400);
    expect((await api('GET', `/api/v1/downloadclients/${ids.qBittorrent}`)).body).toMatchObject({
      hasPassword: true,
    });
  });

  it('builds one adapter per client and a new one only when its connection settings change', async () => {
    const downloadClients = service.app.domain.downloadClients;
    const first = await downloadClients.clientFor(ids.qBittorrent!);
    expect(await downloadClients.clientFor(ids.qBittorrent!)).toBe(first);
    const info = await first.testConnection();
    expect(info.product).toBe('qBittorrent');

    // A priority change keeps the logged-in adapter; a timeout change builds a new one.
    const patch: DownloadClientPatch = {
      name: 'qBittorrent',
      implementation: 'qbittorrent',
      url: qbittorrent.url,
      username: 'omniarr',
      category: 'omniarr-movies',
      priority: 2,
      enabled: true,
      removeCompletedDownloads: true,
      timeoutMs: 3000,
    };
    await downloadClients.update(ids.qBittorrent!, patch);
    expect(await downloadClients.clientFor(ids.qBittorrent!)).toBe(first);
    await downloadClients.update(ids.qBittorrent!, { ...patch, priority: 1, timeoutMs: 4000 });
    const second = await downloadClients.clientFor(ids.qBittorrent!);
    expect(second).not.toBe(first);
    expect((await second.testConnection()).product).toBe('qBittorrent');
  });

  it('sends a grab to the enabled client with the best priority, taking turns on a tie', async () => {
    const downloadClients = service.app.domain.downloadClients;
    const picked = await downloadClients.pick('torrent');
    expect(picked).toMatchObject({ name: 'qBittorrent', category: 'omniarr-movies', protocol: 'torrent' });
    expect((await picked.client.testConnection()).product).toBe('qBittorrent');

    await api('PUT', `/api/v1/downloadclients/${ids.Transmission}?test=false`, trSettings({ priority: 1 }));
    const turns = [];
    for (let i = 0; i < 4; i += 1) turns.push((await downloadClients.pick('torrent')).name);
    expect(turns.filter((name) => name === 'qBittorrent')).toHaveLength(2);
    expect(turns.filter((name) => name === 'Transmission')).toHaveLength(2);
    expect(turns[0]).not.toBe(turns[1]);

    await expect(downloadClients.pick('usenet')).rejects.toThrow(/no enabled download client takes usenet/);
    expect((await downloadClients.enabledClients()).map((client) => client.name).sort()).toEqual([
      'Transmission',
      'qBittorrent',
    ]);
  });

  it('reports an unreachable client by name in the health check, as a warning', async () => {
    const check = downloadClientsCheck(service.app.domain.downloadClients, 2000);
    expect(await check()).toEqual({ status: 'ok', message: '2 download clients reachable' });

    await transmission.pause();
    try {
      const tested = await api('POST', `/api/v1/downloadclients/${ids.Transmission}/test`);
      expect(tested.status).toBe(400);
      expect(tested.text).toMatch(/Transmission.*connection refused/);
      const result = await check();
      expect(result.status).toBe('warning');
      expect(result.message).toMatch(
        /^1 of 2 download clients unreachable: Transmission: .*connection refused/,
      );
    } finally {
      await transmission.start();
    }
    // The cached adapter finds the restarted daemon again (new session id handshake).
    expect(await check()).toEqual({ status: 'ok', message: '2 download clients reachable' });
  });

  it('deletes a client and forgets its adapter', async () => {
    expect((await api('DELETE', `/api/v1/downloadclients/${ids.Gone}`)).status).toBe(204);
    expect((await api('DELETE', `/api/v1/downloadclients/${ids.Gone}`)).status).toBe(404);
    await expect(service.app.domain.downloadClients.clientFor(ids.Gone!)).rejects.toThrow(/not found/);
  });

  it('never logs a password', () => {
    const logs = service.logs.join('');
    expect(logs).toContain('download client added');
    for (const password of [QBT_PASSWORD, TR_PASSWORD, WRONG_PASSWORD]) expect(logs).not.toContain(password);
  });
});
