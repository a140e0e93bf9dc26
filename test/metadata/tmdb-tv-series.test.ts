// The series catalog with TMDB TV as the source, on both databases: the real TMDB clients against
// the TMDB contract fake, TVmaze as an in-test source beside it. A series added from TMDB remembers
// it and every refresh asks TMDB by the TMDB id; a TVmaze series keeps asking TVmaze; without a TMDB
// key, TMDB answers a clear 400. The HTTP routes take the source (`?source=tmdb`, `metadataSource`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/http/api-server.js';
import { TmdbTvClient } from '../../src/metadata/tmdb/tmdb-tv.client.js';
import { TmdbClient } from '../../src/metadata/tmdb/tmdb.client.js';
import type { SeriesRepository } from '../../src/series/series.repository.js';
import { seriesRoutes } from '../../src/series/series.routes.js';
import { SeriesService, type SeriesServiceDeps } from '../../src/series/series.service.js';
import { BadRequestError, ConflictError } from '../../src/shared/errors.js';
import { startTmdbFake, type FakeTmdbTvShow, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { openSeriesCatalog } from '../series/series-catalog-setup.js';
import { DAY, episode, HOUR, InTestSeriesMetadata, NOW, show } from '../series/series-metadata.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serveRoutes } from '../support/route-server.js';

const date = (daysFromNow: number) => new Date(NOW + daysFromNow * DAY).toISOString().slice(0, 10);

function severance(): FakeTmdbTvShow {
  return {
    id: 95396,
    name: 'Severance',
    first_air_date: date(-14),
    status: 'Returning Series',
    networks: [{ id: 2552, name: 'Apple TV+' }],
    tvdb_id: 371980,
    imdb_id: 'tt11280740',
    alternative_titles: [{ iso_3166_1: 'DE', title: 'Severance – Trennung' }],
    seasons: [
      { season_number: 0, episodes: [{ episode_number: 1, name: 'Behind the Scenes', air_date: date(-20) }] },
      {
        season_number: 1,
        episodes: [
          { episode_number: 1, name: 'Good News About Hell', air_date: date(-14), runtime: 57 },
          { episode_number: 2, name: 'Half Loop', air_date: date(-7), runtime: 53 },
          // Airs today: TMDB has the date only, so it counts as aired once the day is over.
          { episode_number: 3, name: 'In Perpetuity', air_date: date(0), runtime: 55 },
        ],
      },
      { season_number: 2, episodes: [{ episode_number: 1, air_date: date(45) }] },
    ],
  };
}

describe.each(dialects)('series from TMDB on %s', (dialect) => {
  let database: TestDatabase;
  let fake: TmdbFake;
  let dir: string;
  let library: string;
  let repository: SeriesRepository;
  let deps: SeriesServiceDeps;
  let service: SeriesService;
  const tvmaze = new InTestSeriesMetadata();
  const clock = new ManualClock(NOW);
  /** The TMDB client's cache clock, moved past its time to live so a refresh reads TMDB again. */
  const cacheClock = new ManualClock(NOW);
  const expireCache = () => cacheClock.advance(2 * HOUR);

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fake = await startTmdbFake();
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-tmdb-tv-'));
    const tmdb = new TmdbClient({
      baseUrl: fake.url,
      apiKey: fake.apiKey,
      retryDelayMs: 1,
      minIntervalMs: 0,
    });
    ({ service, repository, library, deps } = await openSeriesCatalog(database.handle.db, dir, {
      metadata: tvmaze,
      tmdbMetadata: new TmdbTvClient({ tmdb, clock: cacheClock }),
      clock,
    }));
  });
  afterAll(async () => {
    await fake.stop();
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await database.handle.db.deleteFrom('series').execute();
    tvmaze.shows.clear();
    fake.addShow(severance());
    expireCache();
    fake.requests.length = 0;
  });

  const addFromTmdb = (metadataId: number) =>
    service.add({ metadataId, metadataSource: 'tmdb', qualityProfileId: 1, rootFolderPath: library });

  it('adds a series from TMDB: the source remembered, ids from external_ids, date-only air times', async () => {
    const added = await addFromTmdb(95396);
    expect(added).toMatchObject({
      metadataSource: 'tmdb',
      tmdbId: 95396,
      tvmazeId: null,
      tvdbId: 371980,
      imdbId: 'tt11280740',
      title: 'Severance',
      network: 'Apple TV+',
      status: 'continuing',
      path: path.join(library, 'Severance (2026)'),
    });
    expect(added.alternativeTitles.map((t) => t.title)).toEqual(['Severance – Trennung']);
    expect(added.seasons.map((s) => [s.seasonNumber, s.episodeCount, s.airedCount])).toEqual([
      [0, 1, 1],
      [1, 3, 2],
      [2, 1, 0],
    ]);
    const episodes = await service.episodes(added.id, 1);
    const today = episodes.find((e) => e.episodeNumber === 3);
    expect(today).toMatchObject({ airDate: date(0), airDateUtc: Date.parse(`${date(1)}T00:00:00Z`) });
    const missing = await service.missing({ limit: 10, offset: 0 });
    expect(missing.records.map((e) => [e.seasonNumber, e.episodeNumber])).toEqual([
      [1, 2],
      [1, 1],
    ]);
    // Stored, not just returned: a fresh read says the same.
    expect((await repository.findById(added.id))?.metadataSource).toBe('tmdb');
  });

  it('refreshes a TMDB series from TMDB by its TMDB id, keeping an episode with a file', async () => {
    const added = await addFromTmdb(95396);
    const [withFile] = await service.episodes(added.id, 1);
    await repository.addEpisodeFile(
      {
        seriesId: added.id,
        seasonNumber: 1,
        relativePath: 'Season 01/Severance - S01E01.mkv',
        size: 1_000,
        qualityName: 'WEBDL-1080p',
        revision: { version: 1, real: 0, isRepack: false },
        mediaInfo: null,
        releaseGroup: null,
        sceneName: null,
        languages: [],
        dateAdded: NOW,
      },
      [withFile!.id],
    );

    const changed = severance();
    changed.status = 'Ended';
    const [specials, seasonOne, seasonTwo] = changed.seasons!;
    seasonOne!.episodes = seasonOne!.episodes.filter((e) => e.episode_number !== 1); // dropped upstream
    seasonTwo!.episodes = [
      { episode_number: 1, air_date: date(30) }, // moved earlier
      { episode_number: 2, air_date: date(37) }, // new
    ];
    changed.seasons = [specials!, seasonOne!, seasonTwo!];
    fake.addShow(changed);
    expireCache();
    fake.requests.length = 0;

    expect(await service.refresh(added.id)).toEqual({
      outcome: 'refreshed',
      added: 1,
      removed: 0,
      flagged: 1,
    });
    // By the TMDB id, not through a TVDB / IMDb lookup.
    expect(fake.requests.map((r) => r.path)).toContain('/tv/95396');
    expect(fake.requests.filter((r) => r.path.startsWith('/find/'))).toEqual([]);
    const refreshed = await service.get(added.id);
    expect(refreshed).toMatchObject({ status: 'ended', metadataSource: 'tmdb', lastRefreshedAt: NOW });
    const episodes = await service.episodes(added.id);
    expect(episodes.map((e) => [e.seasonNumber, e.episodeNumber, e.airDate, e.removedUpstream])).toEqual([
      [0, 1, date(-20), false],
      [1, 1, date(-14), true],
      [1, 2, date(-7), false],
      [1, 3, date(0), false],
      [2, 1, date(30), false],
      [2, 2, date(37), false],
    ]);
  });

  it('refreshes every series from its own source, and answers "gone" when TMDB drops one', async () => {
    tvmaze.shows.set(7, show(7, 'A TVmaze Show', 2024, [episode(1, 1, -3)]));
    const fromTvmaze = await service.add({ metadataId: 7, qualityProfileId: 1, rootFolderPath: library });
    const fromTmdb = await addFromTmdb(95396);
    expect(fromTvmaze.metadataSource).toBe('tvmaze');

    tvmaze.shows.set(7, show(7, 'A TVmaze Show', 2024, [episode(1, 1, -3), episode(1, 2, 4)]));
    expireCache();
    const result = await service.refreshAll({ refreshedBefore: NOW + 1 });
    expect(result).toEqual({ refreshed: 2, gone: [], failed: [] });
    expect((await service.get(fromTvmaze.id)).seasons[0]?.episodeCount).toBe(2);

    fake.removeShow(95396);
    expireCache();
    expect((await service.refresh(fromTmdb.id)).outcome).toBe('gone');
    expect((await service.get(fromTmdb.id)).title).toBe('Severance');
  });

  it('looks series up in TMDB, by title or id, giving the id to add them by', async () => {
    const [hit] = await service.lookup('severance', 'tmdb');
    expect(hit).toMatchObject({ metadataSource: 'tmdb', metadataId: 95396, tmdbId: 95396, seriesId: null });
    const added = await addFromTmdb(95396);
    expect((await service.lookup('tmdb:95396', 'tmdb')).map((r) => r.seriesId)).toEqual([added.id]);
    expect((await service.lookup('id:95396', 'tmdb')).map((r) => r.title)).toEqual(['Severance']);
    expect((await service.lookup('tvdb:371980', 'tmdb')).map((r) => r.metadataId)).toEqual([95396]);
    expect((await service.lookup('tt11280740', 'tmdb')).map((r) => r.seriesId)).toEqual([added.id]);
    await expect(service.lookup('tvmaze:95396', 'tmdb')).rejects.toBeInstanceOf(BadRequestError);
    await expect(service.lookup('tmdb:95396')).rejects.toBeInstanceOf(BadRequestError);
    // The default source is still TVmaze.
    tvmaze.shows.set(7, show(7, 'Severance Documentary', 2024, []));
    expect((await service.lookup('severance')).map((r) => [r.metadataSource, r.metadataId])).toEqual([
      ['tvmaze', 7],
    ]);
  });

  it('refuses the same show from the other source', async () => {
    tvmaze.shows.set(5, show(5, 'Severance', 2022, [], { tvdbId: 371980, imdbId: null }));
    const fromTvmaze = await service.add({ metadataId: 5, qualityProfileId: 1, rootFolderPath: library });
    const error = await addFromTmdb(95396).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ details: { seriesId: fromTvmaze.id } });
  });

  it('answers 400 for TMDB without a TMDB key, for adding, looking up and refreshing', async () => {
    const added = await addFromTmdb(95396);
    const withoutTmdb = new SeriesService({ ...deps, tmdbMetadata: undefined });
    const message = 'TMDB is not configured: set OMNIARR_TMDB_API_KEY or OMNIARR_TMDB_READ_TOKEN';
    await expect(
      withoutTmdb.add({
        metadataId: 1,
        metadataSource: 'tmdb',
        qualityProfileId: 1,
        rootFolderPath: library,
      }),
    ).rejects.toThrow(new BadRequestError(message));
    await expect(withoutTmdb.lookup('severance', 'tmdb')).rejects.toThrow(message);
    await expect(withoutTmdb.refresh(added.id)).rejects.toThrow(message);
    const all = await withoutTmdb.refreshAll({ refreshedBefore: NOW + 1 });
    expect(all).toEqual({ refreshed: 0, gone: [], failed: [{ seriesId: added.id, error: message }] });
  });
});

describe('series routes with TMDB as a source', () => {
  let database: TestDatabase;
  let fake: TmdbFake;
  let dir: string;
  let library: string;
  let app: ApiServer;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    fake = await startTmdbFake({ shows: [severance()] });
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-tmdb-tv-api-'));
    const clock = new ManualClock(NOW);
    let series: SeriesService;
    ({ service: series, library } = await openSeriesCatalog(database.handle.db, dir, {
      metadata: new InTestSeriesMetadata(),
      tmdbMetadata: new TmdbTvClient({
        tmdb: new TmdbClient({ baseUrl: fake.url, apiKey: fake.apiKey, minIntervalMs: 0 }),
      }),
      clock,
    }));
    // Adding never asks for a search here, so nothing is enqueued.
    const queue = { enqueue: () => Promise.reject(new Error('no job expected')) };
    app = await serveRoutes((server) => seriesRoutes(server, { series, queue, clock }));
  });
  afterAll(async () => {
    await app.close();
    await fake.stop();
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('looks up with ?source=tmdb and adds with metadataSource: tmdb', async () => {
    const lookup = await app.inject({
      method: 'GET',
      url: '/api/v1/series/lookup?term=severance&source=tmdb',
    });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject([{ title: 'Severance', metadataSource: 'tmdb', metadataId: 95396 }]);

    const added = await app.inject({
      method: 'POST',
      url: '/api/v1/series',
      payload: { metadataId: 95396, metadataSource: 'tmdb', qualityProfileId: 1, rootFolderPath: library },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ metadataSource: 'tmdb', tmdbId: 95396, tvdbId: 371980 });
    const listed = await app.inject({ method: 'GET', url: '/api/v1/series' });
    expect(listed.json()).toMatchObject({ records: [{ metadataSource: 'tmdb' }] });
  });

  it.each([
    ['an unknown source in a lookup', 'GET', '/api/v1/series/lookup?term=x&source=tvdb', undefined],
    [
      'an unknown source when adding',
      'POST',
      '/api/v1/series',
      { metadataId: 1, metadataSource: 'tvdb', qualityProfileId: 1, rootFolderPath: '/tv' },
    ],
  ] as const)('answers %s with 400', async (_name, method, url, payload) => {
    const response = await app.inject({ method, url, ...(payload ? { payload } : {}) });
    expect(response.statusCode).toBe(400);
  });

  it('documents the source in the OpenAPI', () => {
    const document = app.swagger() as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }>;
    };
    const parameters = document.paths['/api/v1/series/lookup']?.get?.parameters ?? [];
    expect(parameters.map((parameter) => parameter.name)).toContain('source');
    expect(JSON.stringify(document.paths['/api/v1/series'])).toContain('metadataSource');
  });
});
