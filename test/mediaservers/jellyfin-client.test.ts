// The Jellyfin client against the Jellyfin contract fake: the MediaServer compliance suite, the
// MediaBrowser header (and nothing legacy), login, faults, and that no secret leaks.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  JellyfinClient,
  type JellyfinClientOptions,
} from '../../src/mediaservers/jellyfin/jellyfin.client.js';
import { BadRequestError, UnauthorizedError, UpstreamError } from '../../src/shared/errors.js';
import { startJellyfinFake, type JellyfinFake } from '../fakes/jellyfin/jellyfin-fake.js';
import { describeMediaServerCompliance } from './media-server-compliance.js';

describeMediaServerCompliance('Jellyfin', async () => {
  const fake = await startJellyfinFake({ serverName: 'living-room', version: '10.10.7' });
  return {
    create: (pathMappings) => new JellyfinClient({ url: fake.url, apiKey: fake.token, pathMappings }),
    expectedInfo: { name: 'living-room', version: '10.10.7' },
    waitForServerPath: (path) => fake.waitForUpdate(path, 2_000),
    receivedPaths: () => fake.updates.map((update) => update.path),
    addLibrary: (name, type, locations) => fake.addLibrary({ name, collectionType: type, locations }),
    stop: () => fake.stop(),
  };
});

describe('JellyfinClient against the Jellyfin fake', () => {
  let fake: JellyfinFake;
  beforeAll(async () => {
    fake = await startJellyfinFake({ basePath: '/jellyfin' });
  });
  afterAll(async () => {
    await fake.stop();
  });
  afterEach(() => {
    fake.setFault('none');
    fake.requests.length = 0;
  });

  function client(options: Partial<JellyfinClientOptions> = {}) {
    return new JellyfinClient({
      url: fake.url,
      apiKey: fake.token,
      timeoutMs: 2_000,
      retryDelayMs: 1,
      ...options,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the call to fail');
  }

  function expectNoSecrets(error: unknown, ...secrets: string[]) {
    const text = `${String(error)}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
    for (const secret of [fake.token, ...secrets]) expect(text).not.toContain(secret);
  }

  it('authenticates only with the MediaBrowser Authorization header, under a base path', async () => {
    await client({
      deviceId: 'omniarr-test',
      deviceName: 'NAS, "rack" 1',
      version: '1.2.3',
    }).testConnection();
    expect(fake.requests).toEqual([
      {
        method: 'GET',
        path: '/System/Info',
        legacyAuth: false,
        authorization: {
          client: 'Omniarr',
          device: 'NAS, "rack" 1',
          deviceid: 'omniarr-test',
          version: '1.2.3',
          token: '[token]',
        },
      },
    ]);
  });

  it('is refused when it would use legacy auth (the fake checks as Jellyfin 12 does)', async () => {
    const legacy = await fetch(`${fake.url}/System/Info`, { headers: { 'X-Emby-Token': fake.token } });
    expect(legacy.status).toBe(401);
    const query = await fetch(`${fake.url}/System/Info?api_key=${fake.token}`);
    expect(query.status).toBe(401);
  });

  it('splits a mass update into batches and drops duplicates', async () => {
    const paths = Array.from({ length: 1_201 }, (_, index) => `/movies/Movie ${index}/Movie ${index}.mkv`);
    const before = fake.updates.length;
    await client().notifyPathsUpdated([
      ...paths.map((path) => ({ path, updateType: 'Created' as const })),
      { path: paths[0]!, updateType: 'Created' },
    ]);
    expect(fake.updates.length - before).toBe(1_201);
    expect(fake.requests.filter((request) => request.path === '/Library/Media/Updated')).toHaveLength(3);
  });

  it('signs a user in with name and password', async () => {
    fake.addUser('alice', 'correct horse', { isAdministrator: false });
    const login = await client({ apiKey: undefined }).authenticateByName('Alice', 'correct horse', {
      deviceId: 'omniarr-user-alice',
    });
    expect(login).toMatchObject({ serverId: fake.serverId, user: { name: 'alice', isAdministrator: false } });
    expect(login.accessToken).toMatch(/^[0-9a-f]{32}$/);
    const request = fake.requests.find((candidate) => candidate.path === '/Users/AuthenticateByName');
    expect(request?.authorization).toMatchObject({ client: 'Omniarr', deviceid: 'omniarr-user-alice' });
    expect(request?.authorization).not.toHaveProperty('token');

    // The user's token works for user-level calls and not for admin ones.
    await expect(client({ apiKey: login.accessToken }).testConnection()).resolves.toMatchObject({
      id: fake.serverId,
    });
    const forbidden = await failure(client({ apiKey: login.accessToken }).libraries());
    expect(forbidden).toBeInstanceOf(UpstreamError);
    expect(forbidden.message).toContain(
      "/Library/VirtualFolders needs an administrator's API key (HTTP 403)",
    );
  });

  it('reports a wrong password as UnauthorizedError, without the password', async () => {
    fake.addUser('bob', 'hunter2-secret');
    const error = await failure(client().authenticateByName('bob', 'wrong-password-123'));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe('Jellyfin refused the username or password');
    expectNoSecrets(error, 'wrong-password-123', 'hunter2-secret');
  });

  it('reports a refused API key clearly and without the key', async () => {
    const wrongKey = 'ffffffffffffffffffffffffffffffff';
    const error = await failure(client({ apiKey: wrongKey }).testConnection());
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      'Jellyfin: the API key was refused (HTTP 401); create one in Dashboard → API Keys',
    );
    expectNoSecrets(error, wrongKey);
  });

  it('needs an API key for everything but login', async () => {
    await expect(client({ apiKey: undefined }).testConnection()).rejects.toBeInstanceOf(BadRequestError);
    expect(fake.requests).toEqual([]);
  });

  it('reports a wrong base path as a clear 404', async () => {
    const error = await failure(client({ url: fake.url.replace('/jellyfin', '') }).testConnection());
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toContain('/System/Info was not found (HTTP 404); check the URL and any base path');
  });

  it('retries a 500 once and succeeds when Jellyfin recovers', async () => {
    fake.setFault('serverError', { times: 1 });
    await client({ retries: 1 }).notifyPathsUpdated([
      { path: '/movies/Recovered/Recovered.mkv', updateType: 'Created' },
    ]);
    await expect(fake.waitForUpdate('/movies/Recovered/Recovered.mkv', 1_000)).resolves.toMatchObject({
      updateType: 'Created',
    });
  });

  it('reports a persistent 500 as UpstreamError', async () => {
    fake.setFault('serverError');
    const error = await failure(
      client({ retries: 1 }).notifyPathsUpdated([{ path: '/x.mkv', updateType: 'Created' }]),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      'Jellyfin: /Library/Media/Updated answered HTTP 500: Error processing request.',
    );
    expect(fake.requests).toHaveLength(2);
  });

  it('times out a hanging Jellyfin', async () => {
    fake.setFault('hang');
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 300 }).libraries());
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe('Jellyfin: /Library/VirtualFolders: no answer within 0.3s');
    expect(Date.now() - started).toBeLessThan(2_000);
    expectNoSecrets(error);
  });

  it('reports an answer that is not Jellyfin’s JSON', async () => {
    fake.setFault('notJson');
    const error = await failure(client().testConnection());
    expect(error.message).toBe(
      'Jellyfin: /System/Info answered with something that is not JSON (is this Jellyfin?)',
    );
  });

  it('reports an unreachable Jellyfin', async () => {
    const gone = await startJellyfinFake();
    await gone.stop();
    const error = await failure(
      new JellyfinClient({ url: gone.url, apiKey: gone.token, retryDelayMs: 1 }).testConnection(),
    );
    expect(error.message).toBe('Jellyfin: /System/Info: cannot reach Jellyfin (ECONNREFUSED)');
    expect(inspect(error, { depth: 10 })).not.toContain(gone.token);
  });

  it('refuses a URL with credentials or a query string', () => {
    expect(() => new JellyfinClient({ url: 'http://user:pw@127.0.0.1:1' })).toThrow(BadRequestError);
    expect(() => new JellyfinClient({ url: 'http://127.0.0.1:1/?api_key=x' })).toThrow(BadRequestError);
    expect(() => new JellyfinClient({ url: 'not a url' })).toThrow(BadRequestError);
  });

  it('logs requests without the key', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (...args: unknown[]) => lines.push(JSON.stringify(args)),
      warn: (...args: unknown[]) => lines.push(JSON.stringify(args)),
    };
    fake.setFault('serverError', { times: 1 });
    await client({ logger: logger as unknown as JellyfinClientOptions['logger'] }).testConnection();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.join('\n')).not.toContain(fake.token);
  });
});
