// The profile routes through the real HTTP stack (auth, zod validation, error mapping, OpenAPI) on a
// migrated SQLite database: reading for any signed-in user, changing for admins, 400/404/409 mapped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/http/api-server.js';
import { ProfileRepository } from '../../src/profiles/profile.repository.js';
import type { QualityProfile } from '../../src/profiles/profile.schema.js';
import { ProfileService } from '../../src/profiles/profile.service.js';
import { profileRoutes } from '../../src/profiles/profiles.routes.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serveRoutesWithAuth, type SignedInRoutes } from '../support/route-server.js';

describe('profile routes', () => {
  let database: TestDatabase;
  let server: ApiServer;
  let call: SignedInRoutes['call'];
  const inUse = new Set<number>();

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    const profiles = new ProfileService(new ProfileRepository(database.handle.db), systemClock, {
      isProfileInUse: (id) => Promise.resolve(inUse.has(id)),
    });
    await profiles.seedDefaults();
    ({ server, call } = await serveRoutesWithAuth(database.handle.db, (app) =>
      profileRoutes(app, { profiles }),
    ));
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  it('lists definitions and profiles to any signed-in user, and nothing without credentials', async () => {
    const definitions = await call('GET', '/api/v1/qualitydefinitions', undefined, 'user');
    expect(definitions.statusCode).toBe(200);
    expect(definitions.json<unknown[]>()).toHaveLength(30);
    const one = await call('GET', '/api/v1/qualitydefinitions/Bluray-1080p', undefined, 'user');
    expect(one.json()).toMatchObject({ quality: 'Bluray-1080p', minSize: 50.8 });
    const profiles = await call('GET', '/api/v1/qualityprofiles', undefined, 'user');
    expect(profiles.json<QualityProfile[]>().map((p) => p.name)).toContain('HD - 720p/1080p');
    expect((await server.inject({ method: 'GET', url: '/api/v1/qualityprofiles' })).statusCode).toBe(401);
  });

  it('lets only admins change things', async () => {
    const response = await call('POST', '/api/v1/customformats', { name: 'x', conditions: [] }, 'user');
    expect(response.statusCode).toBe(403);
  });

  it('creates, reads, replaces and deletes a custom format and a profile that scores it', async () => {
    const created = await call('POST', '/api/v1/customformats', {
      name: 'Freeleech',
      conditions: [{ type: 'indexerFlag', name: 'fl', flag: 'FreeLeech' }],
    });
    expect(created.statusCode).toBe(201);
    const format = created.json<{ id: number }>();
    expect(created.json()).toMatchObject({
      conditions: [{ flag: 'freeleech', negate: false, required: false }],
    });

    const [any] = (await call('GET', '/api/v1/qualityprofiles')).json<QualityProfile[]>();
    const { id: _id, ...input } = any!;
    const profile = await call('POST', '/api/v1/qualityprofiles', {
      ...input,
      name: 'Freeleech first',
      formatScores: [{ customFormatId: format.id, score: 50 }],
    });
    expect(profile.statusCode).toBe(201);
    const profileId = profile.json<QualityProfile>().id;

    const replaced = await call('PUT', `/api/v1/qualityprofiles/${profileId}`, {
      ...input,
      name: 'Renamed',
      upgradeAllowed: false,
    });
    expect(replaced.json()).toMatchObject({ name: 'Renamed', upgradeAllowed: false, formatScores: [] });

    inUse.add(profileId);
    const refused = await call('DELETE', `/api/v1/qualityprofiles/${profileId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'conflict' } });
    inUse.clear();
    expect((await call('DELETE', `/api/v1/qualityprofiles/${profileId}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/qualityprofiles/${profileId}`)).statusCode).toBe(404);

    expect(
      (
        await call('PUT', `/api/v1/customformats/${format.id}`, {
          name: 'FL',
          conditions: [{ type: 'source', name: 's', source: 'webdl' }],
        })
      ).json(),
    ).toMatchObject({ name: 'FL' });
    expect((await call('DELETE', `/api/v1/customformats/${format.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/customformats/${format.id}`)).statusCode).toBe(404);
  });

  it('answers bad input with 400 naming the problem', async () => {
    const badRegex = await call('POST', '/api/v1/customformats', {
      name: 'bad',
      conditions: [{ type: 'releaseTitle', name: 't', pattern: '([' }],
    });
    expect(badRegex.statusCode).toBe(400);
    expect(badRegex.json<{ error: { message: string } }>().error.message).toMatch(/regular expression/);

    const [any] = (await call('GET', '/api/v1/qualityprofiles')).json<QualityProfile[]>();
    const { id: _id, ...input } = any!;
    const badCutoff = await call('POST', '/api/v1/qualityprofiles', { ...input, name: 'x', cutoff: 'CAM' });
    expect(badCutoff.statusCode).toBe(400);
    expect(badCutoff.json<{ error: { message: string } }>().error.message).toMatch(
      /cutoff "CAM" is not a wanted quality/,
    );

    const badQuality = await call('POST', '/api/v1/qualityprofiles', {
      ...input,
      name: 'y',
      items: [{ kind: 'quality', quality: 'VHS', allowed: true }],
    });
    expect(badQuality.statusCode).toBe(400);

    const sizes = await call('PUT', '/api/v1/qualitydefinitions/SDTV', {
      title: 'SDTV',
      minSize: 10,
      preferredSize: 5,
      maxSize: 20,
    });
    expect(sizes.statusCode).toBe(400);
    const ok = await call('PUT', '/api/v1/qualitydefinitions/SDTV', {
      title: 'SD TV',
      minSize: 1.5,
      preferredSize: 5,
      maxSize: null,
    });
    expect(ok.json()).toEqual({
      quality: 'SDTV',
      title: 'SD TV',
      minSize: 1.5,
      preferredSize: 5,
      maxSize: null,
    });
    expect(
      (
        await call('PUT', '/api/v1/qualitydefinitions/VHS', {
          title: 'x',
          minSize: 0,
          preferredSize: null,
          maxSize: null,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('documents every route in the OpenAPI', () => {
    // The same document /api/v1/openapi.json serves (that route belongs to the system routes).
    const spec = server.swagger() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths['/api/v1/qualityprofiles/{id}'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'put',
    ]);
    expect(Object.keys(spec.paths['/api/v1/customformats'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/api/v1/qualitydefinitions/{quality}'] ?? {}).sort()).toEqual([
      'get',
      'put',
    ]);
  });
});
