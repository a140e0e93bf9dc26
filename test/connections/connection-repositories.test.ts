// The download-client and media-server repositories on SQLite and PostgreSQL: every field survives a
// round trip (flags, JSON path mappings, nullable secrets), names are unique in the database itself,
// and lists come back in the order the services rely on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DownloadClientRepository,
  type DownloadClientInput,
} from '../../src/downloads/download-client.repository.js';
import {
  MediaServerRepository,
  type MediaServerInput,
} from '../../src/mediaservers/media-server.repository.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';

const qbittorrent: DownloadClientInput = {
  name: 'qBittorrent',
  implementation: 'qbittorrent',
  url: 'http://qbittorrent:8080/qbt',
  username: 'admin',
  password: 's3cret-pass',
  category: 'omniarr-movies',
  priority: 10,
  enabled: true,
  removeCompletedDownloads: false,
  timeoutMs: 15_000,
};

const jellyfin: MediaServerInput = {
  name: 'Living room',
  implementation: 'jellyfin',
  url: 'http://jellyfin:8096',
  apiKey: 'a'.repeat(32),
  pathMappings: [
    { local: '/data/media/movies', remote: '/media/movies' },
    { local: '/data/media/tv', remote: 'D:\\TV' },
  ],
  enabled: true,
};

describe.each(dialects)('connection repositories on %s', (dialect) => {
  let database: TestDatabase;
  let downloadClients: DownloadClientRepository;
  let mediaServers: MediaServerRepository;

  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    downloadClients = new DownloadClientRepository(database.handle.db);
    mediaServers = new MediaServerRepository(database.handle.db);
  });
  afterEach(() => database.cleanup());

  it('stores a download client and reads every field back', async () => {
    const created = await downloadClients.insert(qbittorrent, 1_700_000_000_000);
    expect(created).toEqual({ ...qbittorrent, id: created.id, updatedAt: 1_700_000_000_000 });
    expect(await downloadClients.get(created.id)).toEqual(created);
    expect(await downloadClients.findByName('qBittorrent')).toEqual(created);
    expect(await downloadClients.get(created.id + 1)).toBeUndefined();
  });

  it('updates and deletes a download client, clearing its password', async () => {
    const created = await downloadClients.insert(qbittorrent, 1);
    const updated = await downloadClients.update(
      created.id,
      { ...qbittorrent, password: null, username: null, enabled: false, removeCompletedDownloads: true },
      2,
    );
    expect(updated).toMatchObject({
      password: null,
      username: null,
      enabled: false,
      removeCompletedDownloads: true,
      updatedAt: 2,
    });
    expect(await downloadClients.update(created.id + 1, qbittorrent, 3)).toBeUndefined();
    expect(await downloadClients.delete(created.id)).toBe(true);
    expect(await downloadClients.delete(created.id)).toBe(false);
    expect(await downloadClients.list()).toEqual([]);
  });

  it('lists download clients best priority first, then oldest', async () => {
    await downloadClients.insert({ ...qbittorrent, name: 'B', priority: 20 }, 1);
    await downloadClients.insert({ ...qbittorrent, name: 'C', priority: 5 }, 1);
    await downloadClients.insert({ ...qbittorrent, name: 'A', priority: 20 }, 1);
    expect((await downloadClients.list()).map((client) => client.name)).toEqual(['C', 'B', 'A']);
  });

  it('refuses a second download client or media server of the same name in the database', async () => {
    await downloadClients.insert(qbittorrent, 1);
    await expect(downloadClients.insert({ ...qbittorrent, url: 'http://other:8080' }, 2)).rejects.toThrow();
    await mediaServers.insert(jellyfin, 1);
    await expect(mediaServers.insert({ ...jellyfin, url: 'http://other:8096' }, 2)).rejects.toThrow();
  });

  it('stores a media server with its path mappings and reads them back', async () => {
    const created = await mediaServers.insert(jellyfin, 5);
    expect(created).toEqual({ ...jellyfin, id: created.id, updatedAt: 5 });
    expect(await mediaServers.get(created.id)).toEqual(created);
    expect(await mediaServers.findByName('Living room')).toEqual(created);

    const updated = await mediaServers.update(
      created.id,
      { ...jellyfin, apiKey: null, pathMappings: [], enabled: false },
      6,
    );
    expect(updated).toMatchObject({ apiKey: null, pathMappings: [], enabled: false, updatedAt: 6 });
    expect(await mediaServers.delete(created.id)).toBe(true);
    expect(await mediaServers.get(created.id)).toBeUndefined();
  });

  it('fails loudly on path mappings that are not what was stored', async () => {
    const created = await mediaServers.insert(jellyfin, 5);
    await database.handle.db
      .updateTable('media_servers')
      .set({ path_mappings: '[{"local": 3}]' })
      .where('id', '=', created.id)
      .execute();
    await expect(mediaServers.get(created.id)).rejects.toThrow();
  });
});
