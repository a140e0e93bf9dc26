// Media servers through the API against the Jellyfin contract fake: settings with a write-only API
// key and validated path mappings, a connection test before saving, libraries seen through the
// mappings, telling every enabled server about new files (one server's failure reported, never
// thrown), the health check, and no API key in any response or log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaServersCheck } from '../../src/mediaservers/media-server.health.js';
import { startJellyfinFake, type JellyfinFake } from '../fakes/jellyfin/jellyfin-fake.js';
import { apiClient } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { freePort } from '../support/ports.js';

interface View {
  id: number;
  name: string;
  hasApiKey: boolean;
  [key: string]: unknown;
}

describe('media servers', () => {
  let service: TestApp;
  let livingRoom: JellyfinFake;
  let bedroom: JellyfinFake;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    [service, livingRoom, bedroom] = await Promise.all([
      startTestApp('sqlite'),
      startJellyfinFake({
        serverName: 'living-room',
        libraries: [{ name: 'Movies', collectionType: 'movies', locations: ['/media/movies'] }],
      }),
      startJellyfinFake({ serverName: 'bedroom', basePath: '/jellyfin' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([service?.stop(), livingRoom?.stop(), bedroom?.stop()]);
  });

  const api = apiClient(() => service);

  const settings = (name: string, fake: JellyfinFake, extra: Record<string, unknown> = {}) => ({
    name,
    implementation: 'jellyfin',
    url: fake.url,
    apiKey: fake.token,
    ...extra,
  });

  it('refuses a wrong API key or a wrong URL with the reason, and saves nothing', async () => {
    const wrongKey = await api(
      'POST',
      '/api/v1/mediaservers',
      settings('Living room', livingRoom, { apiKey: 'f'.repeat(32) }),
    );
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.text).toMatch(/media server test failed: Jellyfin: the API key was refused/);
    expect(wrongKey.text).not.toContain('f'.repeat(32));

    const noBasePath = await api(
      'POST',
      '/api/v1/mediaservers',
      settings('Bedroom', bedroom, { url: bedroom.url.replace('/jellyfin', '') }),
    );
    expect(noBasePath.status).toBe(400);
    expect(noBasePath.text).toMatch(/base path/);

    const down = await api(
      'POST',
      '/api/v1/mediaservers',
      settings('Gone', livingRoom, { url: `http://127.0.0.1:${await freePort()}` }),
    );
    expect(down.status).toBe(400);
    expect(down.text).toMatch(/cannot reach Jellyfin/);
    expect((await api('GET', '/api/v1/mediaservers')).body).toEqual([]);
  });

  it('refuses a path mapping that is not absolute, even when the test is skipped', async () => {
    const relative = await api(
      'POST',
      '/api/v1/mediaservers?test=false',
      settings('Living room', livingRoom, {
        pathMappings: [{ local: 'data/movies', remote: '/media/movies' }],
      }),
    );
    expect(relative.status).toBe(400);
    expect(relative.text).toMatch(/local path must be absolute: data\/movies/);
  });

  it('tests unsaved settings', async () => {
    const tested = await api('POST', '/api/v1/mediaservers/test', settings('Bedroom', bedroom));
    expect(tested.status, tested.text).toBe(200);
    expect(tested.body).toEqual({
      ok: true,
      id: bedroom.serverId,
      name: 'bedroom',
      product: 'Jellyfin Server',
      version: '10.10.7',
    });
  });

  it('stores media servers with a write-only API key and their path mappings', async () => {
    const mappings = {
      'Living room': [{ local: '/data/media/movies', remote: '/media/movies' }],
      Bedroom: [{ local: '/data/media', remote: 'D:\\Media' }],
    };
    for (const [name, fake] of [
      ['Living room', livingRoom],
      ['Bedroom', bedroom],
    ] as const) {
      const created = await api(
        'POST',
        '/api/v1/mediaservers',
        settings(name, fake, { pathMappings: mappings[name] }),
      );
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        name,
        implementation: 'jellyfin',
        hasApiKey: true,
        enabled: true,
        pathMappings: mappings[name],
      });
      expect(created.text).not.toContain(fake.token);
      ids[name] = (created.body as View).id;
    }
    const listed = await api<View[]>('GET', '/api/v1/mediaservers');
    expect(listed.body.map((server) => server.name)).toEqual(['Living room', 'Bedroom']);
    for (const fake of [livingRoom, bedroom]) expect(listed.text).not.toContain(fake.token);
    expect((await api('POST', '/api/v1/mediaservers', settings('Bedroom', bedroom))).status).toBe(409);

    // An update without a key keeps the stored one (the connection test proves it still works).
    const { apiKey: _omitted, ...withoutKey } = settings('Living room', livingRoom, {
      pathMappings: mappings['Living room'],
    });
    const updated = await api('PUT', `/api/v1/mediaservers/${ids['Living room']}`, withoutKey);
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ hasApiKey: true });
    expect((await api('POST', `/api/v1/mediaservers/${ids['Living room']}/test`)).body).toMatchObject({
      ok: true,
      name: 'living-room',
    });
  });

  it("lists a server's libraries with their folders in Omniarr's view", async () => {
    const libraries = await api('GET', `/api/v1/mediaservers/${ids['Living room']}/libraries`);
    expect(libraries.status, libraries.text).toBe(200);
    expect(libraries.body).toEqual([
      {
        id: expect.any(String) as string,
        name: 'Movies',
        type: 'movies',
        serverPaths: ['/media/movies'],
        paths: ['/data/media/movies'],
      },
    ]);
    // A library added later shows without restarting anything.
    bedroom.addLibrary({ name: 'Films', collectionType: 'movies', locations: ['D:\\Media\\Films'] });
    const bedroomLibraries = await service.app.domain.mediaServers.libraries(ids.Bedroom!);
    expect(bedroomLibraries.map((library) => library.paths)).toEqual([['/data/media/Films']]);
    expect((await api('GET', '/api/v1/mediaservers/9999/libraries')).status).toBe(404);
  });

  it('tells every enabled server about a new file, each in its own path', async () => {
    const path = '/data/media/movies/The Matrix (1999)/The Matrix (1999) Bluray-1080p.mkv';
    const report = await service.app.domain.mediaServers.notifyPathsUpdated([
      { path, updateType: 'Created' },
    ]);
    expect({ ...report, notified: [...report.notified].sort() }).toEqual({
      notified: ['Bedroom', 'Living room'],
      failures: [],
    });
    expect(
      await livingRoom.waitForUpdate('/media/movies/The Matrix (1999)/The Matrix (1999) Bluray-1080p.mkv'),
    ).toEqual({
      path: '/media/movies/The Matrix (1999)/The Matrix (1999) Bluray-1080p.mkv',
      updateType: 'Created',
    });
    expect(
      await bedroom.waitForUpdate('D:\\Media\\movies\\The Matrix (1999)\\The Matrix (1999) Bluray-1080p.mkv'),
    ).toMatchObject({ updateType: 'Created' });
  });

  it("reports one server's failure without throwing, and still tells the others", async () => {
    bedroom.setFault('serverError', { times: 2 }); // the first try and the client's one retry
    const path = '/data/media/movies/Heat (1995)/Heat (1995) Bluray-1080p.mkv';
    const report = await service.app.domain.mediaServers.notifyPathsUpdated([
      { path, updateType: 'Created' },
    ]);
    expect(report.notified).toEqual(['Living room']);
    expect(report.failures).toEqual([
      { server: 'Bedroom', reason: expect.stringMatching(/Jellyfin: .*HTTP 500/) as string },
    ]);
    expect(livingRoom.updates.map((update) => update.path)).toContain(
      '/media/movies/Heat (1995)/Heat (1995) Bluray-1080p.mkv',
    );
    expect(service.logs.join('')).toMatch(/media server was not told about changed paths/);
  });

  it('leaves a disabled server alone and may save it while it is down', async () => {
    const { apiKey: _key, ...bedroomSettings } = settings('Bedroom', bedroom, {
      url: `http://127.0.0.1:${await freePort()}/jellyfin`,
      enabled: false,
      pathMappings: [{ local: '/data/media', remote: 'D:\\Media' }],
    });
    const disabled = await api('PUT', `/api/v1/mediaservers/${ids.Bedroom}`, bedroomSettings);
    expect(disabled.status, disabled.text).toBe(200);
    expect((await service.app.domain.mediaServers.enabledServers()).map((server) => server.name)).toEqual([
      'Living room',
    ]);
    const before = bedroom.updates.length;
    const report = await service.app.domain.mediaServers.notifyPathsUpdated([
      { path: '/data/media/movies/Alien (1979)', updateType: 'Modified' },
    ]);
    expect(report).toEqual({ notified: ['Living room'], failures: [] });
    expect(bedroom.updates.length).toBe(before);
  });

  it('reports an unreachable server by name in the health check, as a warning', async () => {
    const check = mediaServersCheck(service.app.domain.mediaServers, 2000);
    expect(await check()).toEqual({ status: 'ok', message: '1 media server reachable' });
    livingRoom.setFault('hang', { times: 1 });
    const result = await mediaServersCheck(service.app.domain.mediaServers, 300)();
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(
      /^1 of 1 media server unreachable .*: Living room: no answer within 300 ms$/,
    );
  });

  it('deletes a server', async () => {
    expect((await api('DELETE', `/api/v1/mediaservers/${ids.Bedroom}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/mediaservers/${ids.Bedroom}`)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/mediaservers/${ids.Bedroom}`)).status).toBe(404);
  });

  it('documents every connection route in the OpenAPI document, without a secret in any response', async () => {
    const document = (await api('GET', '/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { responses?: unknown }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/downloadclients',
        '/api/v1/downloadclients/{id}',
        '/api/v1/downloadclients/{id}/test',
        '/api/v1/downloadclients/test',
        '/api/v1/mediaservers',
        '/api/v1/mediaservers/{id}',
        '/api/v1/mediaservers/{id}/test',
        '/api/v1/mediaservers/test',
        '/api/v1/mediaservers/{id}/libraries',
      ]),
    );
    const responses = JSON.stringify(
      Object.entries(document.paths)
        .filter(([path]) => /downloadclients|mediaservers/.test(path))
        .map(([, operations]) => Object.values(operations).map((operation) => operation.responses)),
    );
    expect(responses).toContain('hasApiKey');
    expect(responses).toContain('hasPassword');
    expect(responses).not.toMatch(/"(apiKey|password)"/);
  });

  it('never logs an API key', () => {
    const logs = service.logs.join('');
    expect(logs).toContain('media server added');
    for (const secret of [livingRoom.token, bedroom.token, 'f'.repeat(32)])
      expect(logs).not.toContain(secret);
  });
});
