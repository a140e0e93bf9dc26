// A Cardigann indexer, stored and searched like any other: the real 1337x definition (from the
// public definitions folder) against a local site built to match it, added through the API, its
// releases judged in a movie search, and the best one grabbed into a real qBittorrent.
import path from 'node:path';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start1337xSite, type X1337xSite } from '../fakes/cardigann-sites/x1337x-site.js';
import { startTmdbFake, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { apiClient } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startQbittorrent, type QbittorrentDaemon } from '../support/qbittorrent.js';

const definitions = path.resolve(import.meta.dirname, '../../../shared/cardigann/v11');

describe('a Cardigann indexer in a movie search and a grab', () => {
  let work: string;
  let site: X1337xSite;
  let tmdb: TmdbFake;
  let client: QbittorrentDaemon;
  let service: TestApp;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'omniarr-cardigann-e2e-'));
    await mkdir(path.join(work, 'movies'));
    [site, tmdb, client] = await Promise.all([
      start1337xSite([
        {
          id: 1,
          title: 'The.Matrix.1999.1080p.BluRay.x264-GRP',
          category: 42,
          seeders: 40,
          leechers: 2,
          size: '8.1 GB',
          date: "Jan. 2nd '24",
          uploader: 'u',
        },
        {
          id: 2,
          title: 'The.Matrix.1999.CAM.XviD-BAD',
          category: 42,
          seeders: 90,
          leechers: 2,
          size: '700 MB',
          date: "Jan. 3rd '24",
          uploader: 'u',
        },
      ]),
      startTmdbFake({
        movies: [
          {
            id: 603,
            title: 'The Matrix',
            release_date: '1999-03-30',
            runtime: 136,
            status: 'Released',
            imdb_id: 'tt0133093',
          },
        ],
      }),
      startQbittorrent(),
    ]);
    service = await startTestApp('sqlite', {
      OMNIARR_TMDB_URL: tmdb.url,
      OMNIARR_TMDB_API_KEY: tmdb.apiKey,
      OMNIARR_CARDIGANN_DIR: definitions,
    });
  });
  afterAll(async () => {
    await service?.stop();
    await Promise.all([site?.close(), tmdb?.stop(), client?.stop()]);
    await rm(work, { recursive: true, force: true });
  });

  const api = apiClient(() => service);

  it('lists the definitions that can run, with their settings', async () => {
    const listed = await api<Array<{ id: string; settings: Array<{ name: string }> }>>(
      'GET',
      '/api/v1/indexers/definitions',
    );
    expect(listed.body.length).toBeGreaterThan(500);
    expect(
      listed.body.find((definition) => definition.id === '1337x')?.settings.map((setting) => setting.name),
    ).toContain('downloadlink');
  });

  it(
    'adds the 1337x indexer (tested against the site first) and grabs its best release for a movie',
    { timeout: 90_000 },
    async () => {
      const added = await api<{ id: number; implementation: string; definitionId: string; protocol: string }>(
        'POST',
        '/api/v1/indexers',
        {
          name: '1337x',
          implementation: 'cardigann',
          definitionId: '1337x',
          url: site.url,
          definitionSettings: { downloadlink: site.url },
          minIntervalMs: 0,
        },
      );
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      expect(added.body).toMatchObject({
        implementation: 'cardigann',
        definitionId: '1337x',
        protocol: 'torrent',
      });

      expect(
        (
          await api('POST', '/api/v1/downloadclients', {
            name: 'qBittorrent',
            implementation: 'qbittorrent',
            url: client.url,
          })
        ).status,
      ).toBe(201);
      expect((await api('POST', '/api/v1/rootfolders', { path: path.join(work, 'movies') })).status).toBe(
        201,
      );
      const profiles = (await api<Array<{ id: number; name: string }>>('GET', '/api/v1/qualityprofiles'))
        .body;
      const movie = await api<{ id: number }>('POST', '/api/v1/movies', {
        tmdbId: 603,
        qualityProfileId: profiles.find((profile) => profile.name === 'HD-1080p')!.id,
        rootFolderPath: path.join(work, 'movies'),
      });
      expect(movie.status).toBe(201);

      const search = await api<{
        grabbed: string | null;
        indexers: { answered: string[] };
        decisions: Array<{ title: string; accepted: boolean; rejections: Array<{ code: string }> }>;
      }>('POST', `/api/v1/movies/${movie.body.id}/search`);
      expect(search.status, JSON.stringify(search.body)).toBe(200);
      expect(search.body.indexers.answered).toEqual(['1337x']);
      expect(search.body.grabbed).toBe('The.Matrix.1999.1080p.BluRay.x264-GRP');
      const cam = search.body.decisions.find((decision) => decision.title === 'The.Matrix.1999.CAM.XviD-BAD');
      expect(cam?.rejections.map((rejection) => rejection.code)).toContain('qualityNotWanted');

      // The grab job fetches the .torrent from the site (through the definition's download block) and
      // hands it to qBittorrent.
      const infoHash = site.infoHashOf(1);
      await expect
        .poll(
          async () =>
            (await api<Array<{ downloadId: string | null }>>('GET', '/api/v1/queue')).body[0]?.downloadId,
          { timeout: 20_000 },
        )
        .toBe(infoHash);
      const inClient = JSON.parse(await client.api(`torrents/info?hashes=${infoHash}`)) as Array<{
        name: string;
      }>;
      expect(inClient.map((torrent) => torrent.name)).toEqual(['The.Matrix.1999.1080p.BluRay.x264-GRP']);
    },
  );
});
