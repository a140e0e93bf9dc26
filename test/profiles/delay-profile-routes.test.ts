// The delay profile routes through the real HTTP stack (auth, zod validation, error mapping, OpenAPI)
// on a migrated SQLite database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/http/api-server.js';
import { DelayProfileRepository } from '../../src/profiles/delay-profile.repository.js';
import { delayProfileRoutes } from '../../src/profiles/delay-profile.routes.js';
import { DelayProfileService } from '../../src/profiles/delay-profile.service.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serveRoutesWithAuth, type SignedInRoutes } from '../support/route-server.js';

interface Profile {
  id: number;
  tags: string[];
  order: number;
  isDefault: boolean;
  torrentDelay: number;
}

describe('delay profile routes', () => {
  let database: TestDatabase;
  let server: ApiServer;
  let call: SignedInRoutes['call'];

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    const delayProfiles = new DelayProfileService(
      new DelayProfileRepository(database.handle.db),
      systemClock,
    );
    ({ server, call } = await serveRoutesWithAuth(database.handle.db, (app) =>
      delayProfileRoutes(app, { delayProfiles }),
    ));
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  it('walks create → read → replace → reorder → delete, with defaults filled in', async () => {
    const [defaultProfile] = (await call('GET', '/api/v1/delayprofile', undefined, 'user')).json<Profile[]>();
    expect(defaultProfile).toMatchObject({ isDefault: true, tags: [] });

    const created = await call('POST', '/api/v1/delayprofile', { torrentDelay: 60, tags: ['Anime'] });
    expect(created.statusCode).toBe(201);
    const anime = created.json<Profile>();
    expect(anime).toEqual({
      id: anime.id,
      preferredProtocol: 'torrent',
      usenetDelay: 0,
      torrentDelay: 60,
      bypassIfHighestQuality: false,
      tags: ['anime'],
      order: 1,
      isDefault: false,
    });
    const kids = (await call('POST', '/api/v1/delayprofile', { tags: ['kids'] })).json<Profile>();
    expect((await call('GET', `/api/v1/delayprofile/${kids.id}`, undefined, 'user')).json()).toMatchObject({
      order: 2,
    });

    const replaced = await call('PUT', `/api/v1/delayprofile/${anime.id}`, {
      torrentDelay: 15,
      usenetDelay: 5,
      preferredProtocol: 'usenet',
      tags: ['anime'],
    });
    expect(replaced.json()).toMatchObject({ torrentDelay: 15, usenetDelay: 5, preferredProtocol: 'usenet' });

    const reordered = await call('PUT', `/api/v1/delayprofile/reorder/${anime.id}?after=${kids.id}`);
    expect(reordered.json<Profile[]>().map((p) => p.id)).toEqual([kids.id, anime.id, defaultProfile!.id]);

    expect((await call('DELETE', `/api/v1/delayprofile/${anime.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/delayprofile/${anime.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/delayprofile/${kids.id}`)).statusCode).toBe(204);
  });

  it('answers 400 for a bad body, a tagless profile, tags on the default or deleting it; 403 to a user', async () => {
    const [defaultProfile] = (await call('GET', '/api/v1/delayprofile')).json<Profile[]>();
    const statuses = await Promise.all([
      call('POST', '/api/v1/delayprofile', { torrentDelay: -1, tags: ['x'] }),
      call('POST', '/api/v1/delayprofile', { torrentDelay: 10, preferredProtocol: 'ftp', tags: ['x'] }),
      call('POST', '/api/v1/delayprofile', { torrentDelay: 10 }),
      call('PUT', `/api/v1/delayprofile/${defaultProfile!.id}`, { tags: ['x'] }),
      call('DELETE', `/api/v1/delayprofile/${defaultProfile!.id}`),
      call('PUT', `/api/v1/delayprofile/reorder/${defaultProfile!.id}`),
    ]);
    expect(statuses.map((response) => response.statusCode)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(statuses[2].json()).toMatchObject({ error: { message: /at least one tag/ } });
    expect((await call('POST', '/api/v1/delayprofile', { tags: ['x'] }, 'user')).statusCode).toBe(403);
    expect((await call('PUT', '/api/v1/delayprofile/999', { tags: ['x'] })).statusCode).toBe(404);
    expect((await server.inject({ method: 'GET', url: '/api/v1/delayprofile' })).statusCode).toBe(401);
  });

  it('documents every route in the OpenAPI', () => {
    const spec = server.swagger() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths['/api/v1/delayprofile'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/api/v1/delayprofile/{id}'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'put',
    ]);
    expect(Object.keys(spec.paths['/api/v1/delayprofile/reorder/{id}'] ?? {})).toEqual(['put']);
  });
});
