// GET /api/v1/wanted/cutoff on SQLite and PostgreSQL with the real series and profile services: each
// series judged by its own profile's cutoff, read live (a profile or series edit shows at once),
// multi-episode files, unmonitored episodes and series left out, paging; and both wanted routes in
// the OpenAPI document, the feed as text/calendar.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/http/api-server.js';
import { ProfileRepository } from '../../src/profiles/profile.repository.js';
import { ProfileService } from '../../src/profiles/profile.service.js';
import { CalendarFeed } from '../../src/series/calendar-feed.js';
import type { SeriesRepository } from '../../src/series/series.repository.js';
import type { SeriesService } from '../../src/series/series.service.js';
import { wantedRoutes } from '../../src/series/wanted.routes.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serveRoutes } from '../support/route-server.js';
import { openSeriesCatalog } from './series-catalog-setup.js';
import { episode, InTestSeriesMetadata, NOW, show } from './series-metadata.js';

interface CutoffPage {
  page: number;
  pageSize: number;
  totalRecords: number;
  records: Array<{
    id: number;
    seriesTitle: string;
    seasonNumber: number;
    episodeNumber: number;
    qualityName: string | null;
    hasFile: boolean;
  }>;
}

describe.each(dialects)('wanted: cutoff unmet (%s)', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let app: ApiServer;
  let profiles: ProfileService;
  let series: SeriesService;
  let repository: SeriesRepository;
  const clock = new ManualClock(NOW);
  const metadata = new InTestSeriesMetadata();
  const ids = { hd1080: 0, hd720: 0, alpha: 0, beta: 0, gamma: 0 };

  async function file(seriesId: number, quality: string, at: Array<[number, number]>): Promise<void> {
    const episodes = await repository.episodes(seriesId);
    const episodeIds = at.map(
      ([season, number]) => episodes.find((e) => e.seasonNumber === season && e.episodeNumber === number)!.id,
    );
    await repository.addEpisodeFile(
      {
        seriesId,
        seasonNumber: at[0]![0],
        relativePath: `Season ${at[0]![0]}/${quality} ${episodeIds.join('-')}.mkv`,
        size: 1_000_000,
        qualityName: quality,
        revision: { version: 1, real: 0, isRepack: false },
        mediaInfo: null,
        releaseGroup: 'GRP',
        sceneName: null,
        languages: ['English'],
        dateAdded: NOW,
      },
      episodeIds,
    );
  }

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const db = database.handle.db;
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-wanted-cutoff-'));
    profiles = new ProfileService(new ProfileRepository(db), clock);
    await profiles.seedDefaults();
    const byName = new Map((await profiles.listProfiles()).map((p) => [p.name, p.id]));
    ids.hd1080 = byName.get('HD-1080p')!; // cutoff Bluray-1080p
    ids.hd720 = byName.get('HD-720p')!; // cutoff Bluray-720p
    let library: string;
    ({ service: series, repository, library } = await openSeriesCatalog(db, dir, { metadata, clock }));
    const season = (n: number, count: number, daysAgo: number) =>
      Array.from({ length: count }, (_, i) => episode(n, i + 1, -daysAgo + i * 7));
    metadata.shows.set(1, show(1, 'Alpha', 2020, [...season(1, 4, 200), ...season(2, 3, 60)]));
    metadata.shows.set(2, show(2, 'Beta', 2021, season(1, 3, 100)));
    metadata.shows.set(3, show(3, 'Gamma', 2022, season(1, 2, 50)));
    const add = (metadataId: number, qualityProfileId: number) =>
      series.add({ metadataId, qualityProfileId, rootFolderPath: library });
    ids.alpha = (await add(1, ids.hd1080)).id;
    ids.beta = (await add(2, ids.hd720)).id;
    ids.gamma = (await add(3, ids.hd1080)).id;

    await file(ids.alpha, 'WEBDL-1080p', [[1, 1]]); // below Bluray-1080p
    await file(ids.alpha, 'Bluray-1080p', [[1, 2]]); // at the cutoff
    await file(ids.alpha, 'Remux-1080p', [[1, 3]]); // above it
    await file(ids.alpha, 'HDTV-720p', [[1, 4]]); // below, but the episode is unmonitored
    await file(ids.alpha, 'HDTV-1080p', [
      [2, 1],
      [2, 2],
    ]); // a multi-episode file, below
    await file(ids.beta, 'Bluray-720p', [[1, 1]]); // meets HD-720p's cutoff (would not meet HD-1080p's)
    await file(ids.beta, 'WEBDL-720p', [[1, 2]]); // below Bluray-720p
    await file(ids.gamma, 'SDTV', [[1, 1]]); // below, but the series is unmonitored
    const alphaEpisodes = await repository.episodes(ids.alpha);
    await series.setEpisodeMonitored(
      alphaEpisodes.find((e) => e.seasonNumber === 1 && e.episodeNumber === 4)!.id,
      false,
    );
    await series.edit(ids.gamma, { monitored: false });

    app = await serveRoutes((server) =>
      wantedRoutes(server, { series, profiles, feed: new CalendarFeed({ series, clock, version: 'test' }) }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await database?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cutoff = async (query = '') => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/wanted/cutoff${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CutoffPage>();
  };
  const rows = (page: CutoffPage) =>
    page.records.map((r) => `${r.seriesTitle} ${r.seasonNumber}x${r.episodeNumber} ${r.qualityName}`);

  it("lists the episodes whose file is below their own series' cutoff, most recent first", async () => {
    const page = await cutoff();
    expect(page).toMatchObject({ page: 1, pageSize: 50, totalRecords: 4 });
    expect(rows(page)).toEqual([
      'Alpha 2x2 HDTV-1080p',
      'Alpha 2x1 HDTV-1080p',
      'Beta 1x2 WEBDL-720p',
      'Alpha 1x1 WEBDL-1080p',
    ]);
    expect(page.records.every((r) => r.hasFile)).toBe(true);
  });

  it('pages without gaps or repeats', async () => {
    const first = await cutoff('?pageSize=3');
    const second = await cutoff('?pageSize=3&page=2');
    const third = await cutoff('?pageSize=3&page=3');
    expect([first.totalRecords, second.totalRecords]).toEqual([4, 4]);
    expect([first.records.length, second.records.length, third.records.length]).toEqual([3, 1, 0]);
    expect(rows(first).concat(rows(second))).toEqual(rows(await cutoff()));
    expect((await app.inject({ method: 'GET', url: '/api/v1/wanted/cutoff?pageSize=0' })).statusCode).toBe(
      400,
    );
  });

  it("follows a profile's cutoff and a series' profile as soon as they change", async () => {
    const hd1080 = await profiles.getProfile(ids.hd1080);
    const { id: _id, ...input } = hd1080;
    await profiles.updateProfile(ids.hd1080, { ...input, cutoff: 'WEB 1080p' });
    try {
      // WEBDL-1080p now meets Alpha's cutoff; HDTV-1080p is still below it.
      expect(rows(await cutoff())).toEqual([
        'Alpha 2x2 HDTV-1080p',
        'Alpha 2x1 HDTV-1080p',
        'Beta 1x2 WEBDL-720p',
      ]);
      await series.edit(ids.beta, { qualityProfileId: ids.hd1080 });
      // Beta's Bluray-720p is below WEB 1080p; its WEBDL-720p too.
      expect(rows(await cutoff())).toEqual([
        'Alpha 2x2 HDTV-1080p',
        'Alpha 2x1 HDTV-1080p',
        'Beta 1x2 WEBDL-720p',
        'Beta 1x1 Bluray-720p',
      ]);
    } finally {
      await series.edit(ids.beta, { qualityProfileId: ids.hd720 });
      await profiles.updateProfile(ids.hd1080, input);
    }
    expect((await cutoff()).totalRecords).toBe(4);
  });

  it('documents both routes in the OpenAPI, the feed as text/calendar', () => {
    const document = app.swagger() as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    expect(Object.keys(document.paths['/api/v1/wanted/cutoff']!.get!.responses['200']!.content!)).toEqual([
      'application/json',
    ]);
    expect(
      Object.keys(document.paths['/feed/v1/calendar/omniarr.ics']!.get!.responses['200']!.content!),
    ).toEqual(['text/calendar']);
  });
});
