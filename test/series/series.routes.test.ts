// The series catalog's HTTP API through Fastify's inject, with the real service on SQLite, an in-test
// metadata source and the shared error mapping: status codes, shapes, paging, and the OpenAPI document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/http/api-server.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import { seriesRoutes } from '../../src/series/series.routes.js';
import type { SeriesService } from '../../src/series/series.service.js';
import { ManualClock } from '../support/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serveRoutes } from '../support/route-server.js';
import { openSeriesCatalog } from './series-catalog-setup.js';
import { DAY, episode, InTestSeriesMetadata, NOW, show } from './series-metadata.js';

describe('series catalog API', () => {
  let database: TestDatabase;
  let dir: string;
  let library: string;
  let app: ApiServer;
  const clock = new ManualClock(NOW);
  const metadata = new InTestSeriesMetadata();

  const enqueued: Array<{ name: string; payload: unknown }> = [];
  const queue = {
    enqueue: (name: string, payload: unknown) => {
      enqueued.push({ name, payload });
      return Promise.resolve({ id: enqueued.length });
    },
  } as unknown as Pick<JobQueue, 'enqueue'>;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-series-api-'));
    let series: SeriesService;
    ({ service: series, library } = await openSeriesCatalog(database.handle.db, dir, { metadata, clock }));
    metadata.shows.set(
      169,
      show(169, 'Breaking Bad', 2008, [
        episode(1, 1, -20),
        episode(1, 2, -13),
        episode(2, 1, 3),
        episode(2, 2, 10),
      ]),
    );
    metadata.shows.set(170, show(170, 'Better Call Saul', 2015, [episode(1, 1, -2)]));

    app = await serveRoutes((server) => seriesRoutes(server, { series, queue, clock }));
  });
  afterAll(async () => {
    await app.close();
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('walks a series through add, lookup, list, get, episodes, aliases, wanted, calendar and delete', async () => {
    const added = await call('POST', '/api/v1/series', {
      metadataId: 169,
      qualityProfileId: 1,
      rootFolderPath: library,
      monitor: 'firstSeason',
    });
    expect(added.statusCode).toBe(201);
    const series = added.json<{ id: number; seasons: unknown[] }>();
    expect(series).toMatchObject({
      tvmazeId: 169,
      title: 'Breaking Bad',
      path: path.join(library, 'Breaking Bad (2008)'),
      monitored: true,
      addedAt: new Date(NOW).toISOString(),
      seasons: [
        { seasonNumber: 1, monitored: true, episodeCount: 2, monitoredCount: 2, airedCount: 2 },
        { seasonNumber: 2, monitored: false, episodeCount: 2, monitoredCount: 0, airedCount: 0 },
      ],
    });
    const again = await call('POST', '/api/v1/series', {
      metadataId: 169,
      qualityProfileId: 1,
      rootFolderPath: library,
    });
    expect(again.statusCode).toBe(409);
    expect(enqueued).toEqual([]);
    expect(again.json()).toMatchObject({ error: { code: 'conflict', details: { seriesId: series.id } } });
    const unknown = await call('POST', '/api/v1/series', {
      metadataId: 999,
      qualityProfileId: 1,
      rootFolderPath: library,
    });
    expect(unknown.statusCode).toBe(404);
    const saul = await call('POST', '/api/v1/series', {
      metadataId: 170,
      qualityProfileId: 1,
      rootFolderPath: library,
      monitor: 'none',
      searchForMissingEpisodes: true,
    });
    // "Search for missing episodes" on add is a background job for the new series.
    expect(enqueued).toEqual([
      { name: 'series.search', payload: { seriesId: saul.json<{ id: number }>().id, userInvoked: true } },
    ]);

    const lookup = await call('GET', '/api/v1/series/lookup?term=breaking');
    expect(
      lookup.json<Array<{ tvmazeId: number; seriesId: number }>>().map((r) => [r.tvmazeId, r.seriesId]),
    ).toEqual([[169, series.id]]);

    const list = await call('GET', '/api/v1/series?pageSize=1&page=2');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      page: 2,
      pageSize: 1,
      totalRecords: 2,
      records: [{ title: 'Breaking Bad' }],
    });
    const unmonitored = await call('GET', '/api/v1/series?monitored=false');
    expect(unmonitored.json<{ records: Array<{ title: string }> }>().records.map((r) => r.title)).toEqual([
      'Better Call Saul',
    ]);

    const episodes = await call('GET', `/api/v1/episodes?seriesId=${series.id}&seasonNumber=1`);
    const [first] = episodes.json<Array<{ id: number; airDateUtc: string; hasFile: boolean }>>();
    expect(first).toMatchObject({
      episodeNumber: 1,
      hasFile: false,
      airDateUtc: new Date(NOW - 20 * DAY).toISOString(),
    });

    const missing = await call('GET', '/api/v1/wanted/missing');
    expect(
      missing.json<{ records: Array<{ episodeNumber: number }> }>().records.map((r) => r.episodeNumber),
    ).toEqual([2, 1]);
    const unmonitor = await call('PUT', `/api/v1/episodes/${first!.id}`, { monitored: false });
    expect(unmonitor.json()).toMatchObject({ id: first!.id, monitored: false });
    expect((await call('GET', '/api/v1/wanted/missing')).json()).toMatchObject({ totalRecords: 1 });

    const season = await call('PUT', `/api/v1/series/${series.id}/seasons/2`, { monitored: true });
    expect(season.json()).toMatchObject({
      seasons: [{ seasonNumber: 1 }, { seasonNumber: 2, monitoredCount: 2 }],
    });

    const calendar = await call('GET', '/api/v1/calendar?start=2026-01-15&end=2026-01-26');
    expect(calendar.statusCode).toBe(200);
    expect(
      calendar
        .json<{ records: Array<{ seasonNumber: number; episodeNumber: number }> }>()
        .records.map((r) => [r.seasonNumber, r.episodeNumber]),
    ).toEqual([
      [2, 1],
      [2, 2],
    ]);
    // Default range: today and the next 6 days.
    expect((await call('GET', '/api/v1/calendar')).json()).toMatchObject({ totalRecords: 1 });

    const alias = await call('POST', `/api/v1/series/${series.id}/aliases`, { title: 'Breaking Bad US' });
    expect(alias.statusCode).toBe(201);
    const aliasId = alias.json<{ id: number }>().id;
    expect(
      (await call('POST', `/api/v1/series/${series.id}/aliases`, { title: 'breaking bad us' })).statusCode,
    ).toBe(409);
    expect((await call('GET', `/api/v1/series/${series.id}/aliases`)).json()).toEqual([
      { id: aliasId, title: 'Breaking Bad US', source: 'user' },
    ]);
    expect((await call('DELETE', `/api/v1/series/${series.id}/aliases/${aliasId}`)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/v1/series/${series.id}/aliases/${aliasId}`)).statusCode).toBe(404);

    const edited = await call('PUT', `/api/v1/series/${series.id}`, { seriesType: 'daily', tags: ['Drama'] });
    expect(edited.json()).toMatchObject({ seriesType: 'daily', tags: ['drama'] });

    const deleted = await call('DELETE', `/api/v1/series/${series.id}`);
    expect(deleted.json()).toEqual({ deleted: true, recycledTo: null });
    expect((await call('GET', `/api/v1/series/${series.id}`)).statusCode).toBe(404);
  });

  it.each([
    ['a missing metadata id', 'POST', '/api/v1/series', { qualityProfileId: 1, rootFolderPath: '/x' }, 400],
    [
      'an unknown monitor option',
      'POST',
      '/api/v1/series',
      { metadataId: 1, qualityProfileId: 1, rootFolderPath: '/x', monitor: 'some' },
      400,
    ],
    [
      'an unregistered root folder',
      'POST',
      '/api/v1/series',
      { metadataId: 170, qualityProfileId: 1, rootFolderPath: '/nowhere' },
      400,
    ],
    ['a bad series type', 'PUT', '/api/v1/series/1', { seriesType: 'weekly' }, 400],
    ['a non-numeric id', 'GET', '/api/v1/series/abc', undefined, 400],
    ['an unknown series', 'GET', '/api/v1/series/424242', undefined, 404],
    ['editing an unknown series', 'PUT', '/api/v1/series/424242', { monitored: true }, 404],
    ['an unknown season', 'PUT', '/api/v1/series/424242/seasons/1', { monitored: true }, 404],
    ['aliases of an unknown series', 'GET', '/api/v1/series/424242/aliases', undefined, 404],
    ['an empty alias', 'POST', '/api/v1/series/1/aliases', { title: ' ' }, 400],
    ['episodes without a series id', 'GET', '/api/v1/episodes', undefined, 400],
    ['episodes of an unknown series', 'GET', '/api/v1/episodes?seriesId=424242', undefined, 404],
    ['an unknown episode', 'PUT', '/api/v1/episodes/424242', { monitored: true }, 404],
    ['an empty lookup', 'GET', '/api/v1/series/lookup?term=', undefined, 400],
    ['a calendar date that is not one', 'GET', '/api/v1/calendar?start=soon', undefined, 400],
    [
      'a calendar ending before it starts',
      'GET',
      '/api/v1/calendar?start=2026-02-01&end=2026-01-01',
      undefined,
      400,
    ],
    ['a calendar of two years', 'GET', '/api/v1/calendar?start=2026-01-01&end=2028-01-01', undefined, 400],
    ['a page size over 500', 'GET', '/api/v1/wanted/missing?pageSize=501', undefined, 400],
  ] as const)('answers %s with %i', async (_name, method, url, payload, status) => {
    const response = await call(method, url, payload);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error: { code: expect.any(String) as string } });
  });

  it('puts every route in the OpenAPI document', () => {
    const document = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths['/api/v1/series']!)).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/series/{id}']!)).toEqual(['get', 'put', 'delete']);
    expect(Object.keys(document.paths['/api/v1/series/{id}/aliases']!)).toEqual(['get', 'post']);
    for (const route of [
      '/api/v1/series/lookup',
      '/api/v1/episodes',
      '/api/v1/wanted/missing',
      '/api/v1/calendar',
    ]) {
      expect(document.paths[route]).toHaveProperty('get');
    }
    expect(document.paths['/api/v1/episodes/{id}']).toHaveProperty('put');
    expect(document.paths['/api/v1/series/{id}/seasons/{seasonNumber}']).toHaveProperty('put');
    expect(document.paths['/api/v1/series/{id}/aliases/{aliasId}']).toHaveProperty('delete');
  });
});
