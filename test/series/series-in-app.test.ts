// The TV catalog inside the running service, against the TVmaze contract fake: a series added by its
// TVmaze id comes with its seasons and episodes, shows in wanted/missing, and keeps its root folder
// from being forgotten.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardShow, startTvmazeFake, type TvmazeFake } from '../fakes/tvmaze/tvmaze-fake.js';
import { apiClient } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('series in the service', () => {
  let tvmaze: TvmazeFake;
  let service: TestApp;
  let library: string;

  beforeAll(async () => {
    library = await mkdtemp(path.join(tmpdir(), 'omniarr-tv-'));
    tvmaze = await startTvmazeFake({
      shows: [
        standardShow(82, 'Game of Thrones', { seasons: [10, 10], premiered: '2011-04-17', tvdbId: 121361 }),
      ],
    });
    service = await startTestApp('sqlite', { OMNIARR_TVMAZE_URL: tvmaze.url });
  });
  afterAll(async () => {
    await service?.stop();
    await tvmaze?.stop();
    await rm(library, { recursive: true, force: true });
  });

  const api = apiClient(() => service);

  it('adds a series from TVmaze, lists its missing episodes, and guards its root folder', async () => {
    const root = await api<{ id: number }>('POST', '/api/v1/rootfolders', { path: library });
    expect(root.status).toBe(201);
    const profiles = (await api<Array<{ id: number; name: string }>>('GET', '/api/v1/qualityprofiles')).body;
    const added = await api<{ id: number; title: string; path: string }>('POST', '/api/v1/series', {
      metadataId: 82,
      qualityProfileId: profiles.find((profile) => profile.name === 'HD-1080p')!.id,
      rootFolderPath: library,
      monitor: 'all',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({
      title: 'Game of Thrones',
      path: path.join(library, 'Game of Thrones (2011)'),
    });

    const episodes = await api<unknown[]>('GET', `/api/v1/episodes?seriesId=${added.body.id}`);
    expect(episodes.body).toHaveLength(20);
    const missing = await api<{ totalRecords: number }>('GET', '/api/v1/wanted/missing');
    expect(missing.body.totalRecords).toBe(20);

    const refused = await api<{ error: { message: string } }>(
      'DELETE',
      `/api/v1/rootfolders/${root.body.id}`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/1 series/);

    // Its quality profile is in use too: deleting it would leave the series without one.
    const hd1080 = profiles.find((profile) => profile.name === 'HD-1080p')!.id;
    const profileKept = await api('DELETE', `/api/v1/qualityprofiles/${hd1080}`);
    expect(profileKept.status).toBe(409);
  });
});
