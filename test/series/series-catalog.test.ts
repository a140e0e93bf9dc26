// The series catalog on both databases, with an in-test SeriesMetadataProvider (the TVmaze client is
// built elsewhere) and real folders on disk: add with each monitoring option, duplicates refused,
// lookup, paged list, season counts, edit, aliases kept across refreshes, refresh (new episodes,
// moved air dates, dropped episodes deleted or kept with their file), wanted, calendar, delete.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { SERIES_REFRESH_JOB, seriesRefreshJob } from '../../src/series/series-refresh.job.js';
import type { SeriesRepository } from '../../src/series/series.repository.js';
import type { SeriesService } from '../../src/series/series.service.js';
import { BadRequestError, ConflictError, NotFoundError, UpstreamError } from '../../src/shared/errors.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { openSeriesCatalog } from './series-catalog-setup.js';
import { DAY, episode, HOUR, InTestSeriesMetadata, NOW, show } from './series-metadata.js';

describe.each(dialects)('series catalog on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let library: string;
  let repository: SeriesRepository;
  let service: SeriesService;
  let metadata: InTestSeriesMetadata;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-series-'));
    metadata = new InTestSeriesMetadata();
    ({ service, repository, library } = await openSeriesCatalog(database.handle.db, dir, {
      metadata,
      clock,
      qualityProfileExists: (id) => Promise.resolve(id === 1),
    }));
  });
  afterAll(async () => {
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await database.handle.db.deleteFrom('series').execute();
    metadata.shows.clear();
  });

  const add = (metadataId: number, extra: Partial<Parameters<SeriesService['add']>[0]> = {}) =>
    service.add({ metadataId, qualityProfileId: 1, rootFolderPath: library, ...extra });

  it('adds a series with its seasons and episodes, and refuses it twice or in a taken folder', async () => {
    metadata.shows.set(
      1,
      show(
        1,
        'Frieren: Beyond Journey’s End',
        2023,
        [episode(0, 1, -50), episode(1, 1, -30, 1), episode(1, 2, -23, 2), episode(2, 1, 5, 3)],
        {
          alternativeTitles: ['Sousou no Frieren'],
          seriesType: 'anime',
        },
      ),
    );
    const added = await add(1, { monitor: 'all', tags: ['Anime', 'anime'] });
    expect(added).toMatchObject({
      tvmazeId: 1,
      tvdbId: 1001,
      imdbId: 'tt0000001',
      title: 'Frieren: Beyond Journey’s End',
      seriesType: 'anime',
      monitored: true,
      monitorNewSeasons: true,
      seasonFolders: true,
      tags: ['anime'],
      path: path.join(library, 'Frieren - Beyond Journey’s End (2023)'),
      addedAt: NOW,
    });
    expect(added.alternativeTitles.map((t) => [t.title, t.source])).toEqual([
      ['Sousou no Frieren', 'metadata'],
    ]);
    expect(added.seasons).toEqual([
      {
        seasonNumber: 0,
        monitored: false,
        episodeCount: 1,
        episodeFileCount: 0,
        monitoredCount: 0,
        airedCount: 1,
      },
      {
        seasonNumber: 1,
        monitored: true,
        episodeCount: 2,
        episodeFileCount: 0,
        monitoredCount: 2,
        airedCount: 2,
      },
      {
        seasonNumber: 2,
        monitored: true,
        episodeCount: 1,
        episodeFileCount: 0,
        monitoredCount: 1,
        airedCount: 0,
      },
    ]);
    const episodes = await service.episodes(added.id);
    expect(episodes.map((e) => [e.seasonNumber, e.episodeNumber, e.absoluteNumber, e.monitored])).toEqual([
      [0, 1, null, false],
      [1, 1, 1, true],
      [1, 2, 2, true],
      [2, 1, 3, true],
    ]);
    expect(episodes[1]!.airDateUtc).toBe(NOW - 30 * DAY);

    await expect(add(1)).rejects.toMatchObject({
      constructor: ConflictError,
      details: { seriesId: added.id },
    });
    // Another source id, same TVDB id: the same show.
    metadata.shows.set(2, { ...show(2, 'Other Name', 2023, []), tvdbId: 1001 });
    await expect(add(2)).rejects.toBeInstanceOf(ConflictError);
    // Only the IMDb id in common, written in capitals by the source.
    metadata.shows.set(4, { ...show(4, 'Third Name', 2023, []), tvdbId: null, imdbId: 'TT0000001' });
    await expect(add(4)).rejects.toMatchObject({ details: { seriesId: added.id } });
    // Same title and year as an existing folder.
    metadata.shows.set(3, show(3, 'Frieren: Beyond Journey’s End', 2023, []));
    await expect(add(3)).rejects.toThrow(/already the folder of/);
    await expect(add(9)).rejects.toBeInstanceOf(NotFoundError);
    await expect(add(3, { qualityProfileId: 2 })).rejects.toBeInstanceOf(BadRequestError);
    await expect(add(3, { rootFolderPath: '/elsewhere' })).rejects.toThrow(/not a root folder/);
  });

  it('applies the monitoring option when adding', async () => {
    const episodes = [episode(1, 1, -60), episode(1, 2, -53), episode(2, 1, -10), episode(2, 2, 4)];
    metadata.shows.set(1, show(1, 'Future Show', 2020, episodes));
    metadata.shows.set(2, show(2, 'Latest Show', 2020, episodes));
    metadata.shows.set(3, show(3, 'None Show', 2020, episodes));
    const monitoredOf = async (id: number) =>
      (await service.episodes(id))
        .filter((e) => e.monitored)
        .map((e) => `${e.seasonNumber}x${e.episodeNumber}`);
    const future = await add(1, { monitor: 'future' });
    expect(await monitoredOf(future.id)).toEqual(['2x2']);
    expect(future.seasons.map((s) => s.monitored)).toEqual([false, true]);
    const latest = await add(2, { monitor: 'latestSeason', monitorNewSeasons: false });
    expect(await monitoredOf(latest.id)).toEqual(['2x1', '2x2']);
    expect(latest.monitorNewSeasons).toBe(false);
    const none = await add(3, { monitor: 'none' });
    expect(await monitoredOf(none.id)).toEqual([]);
    expect(none.monitored).toBe(false);
  });

  it('refreshes: new episodes per season and "monitor new seasons", moved air dates, dropped episodes kept with their file', async () => {
    metadata.shows.set(
      1,
      show(1, 'Refresh Show', 2024, [episode(1, 1, -20), episode(1, 2, -13), episode(1, 3, -6)], {
        alternativeTitles: ['Old Name'],
      }),
    );
    const added = await add(1, { monitor: 'all', monitorNewSeasons: false });
    const alias = await service.addAlias(added.id, 'Refresh Show US');
    const [e1, e2] = await service.episodes(added.id);
    const fileId = await repository.addEpisodeFile(
      {
        seriesId: added.id,
        seasonNumber: 1,
        relativePath: 'Season 01/Refresh Show - S01E01E02.mkv',
        size: 1_000_000,
        qualityName: 'HDTV-720p',
        revision: { version: 1, real: 0, isRepack: false },
        mediaInfo: undefined,
        releaseGroup: 'GRP',
        sceneName: null,
        languages: ['English'],
        dateAdded: NOW,
      },
      [e1!.id, e2!.id],
    );

    // Upstream: 1x1 moves a day, 1x2 (has the file) and 1x3 (no file) are dropped, 1x4 and season 2 appear.
    const moved = episode(1, 1, -19);
    metadata.shows.set(
      1,
      show(1, 'Refresh Show', 2024, [moved, episode(1, 4, 1), episode(2, 1, 30)], {
        alternativeTitles: ['New Name'],
        status: 'ended',
      }),
    );
    clock.advance(DAY);
    try {
      const result = await service.refresh(added.id);
      expect(result).toEqual({ outcome: 'refreshed', added: 2, removed: 1, flagged: 1 });
    } finally {
      clock.advance(-DAY);
    }
    const episodes = await service.episodes(added.id);
    expect(
      episodes.map((e) => [
        `${e.seasonNumber}x${e.episodeNumber}`,
        e.monitored,
        e.episodeFileId,
        e.removedUpstream,
      ]),
    ).toEqual([
      ['1x1', true, fileId, false],
      ['1x2', true, fileId, true],
      ['1x4', true, null, false],
      ['2x1', false, null, false],
    ]);
    expect(episodes[0]!.airDate).toBe(moved.airDate);
    const refreshed = await service.get(added.id);
    expect(refreshed.status).toBe('ended');
    expect(refreshed.lastRefreshedAt).toBe(NOW + DAY);
    expect(refreshed.alternativeTitles.map((t) => [t.title, t.source])).toEqual([
      ['Refresh Show US', 'user'],
      ['New Name', 'metadata'],
    ]);
    expect(alias.source).toBe('user');

    // Gone from the source altogether: kept as it is.
    metadata.shows.delete(1);
    expect((await service.refresh(added.id)).outcome).toBe('gone');
    expect((await service.episodes(added.id)).length).toBe(4);
  });

  it('keeps aliases editable and the catalog index in step', async () => {
    metadata.shows.set(
      1,
      show(1, 'Frieren: Beyond Journey’s End', 2023, [], { alternativeTitles: ['Sousou no Frieren'] }),
    );
    metadata.shows.set(2, show(2, 'The Office', 2005, []));
    metadata.shows.set(3, show(3, 'The Office', 2001, []));
    const frieren = await add(1);
    const index = await service.catalog();
    expect(index.findByCleanTitle('sosonofrieren')).toEqual([]);
    const alias = await service.addAlias(frieren.id, 'Soso no Frieren');
    expect(index.findByCleanTitle('sosonofrieren').map((s) => s.id)).toEqual([frieren.id]);
    expect(index.findByCleanTitle('sousounofrieren').map((s) => s.id)).toEqual([frieren.id]);
    await expect(service.addAlias(frieren.id, 'SOSO no frieren!')).rejects.toBeInstanceOf(ConflictError);
    await expect(service.addAlias(frieren.id, '???')).rejects.toBeInstanceOf(BadRequestError);
    // A metadata title made a user alias survives refreshes as 'user'.
    await service.addAlias(frieren.id, 'Sousou no Frieren');
    await service.refresh(frieren.id);
    expect((await service.aliases(frieren.id)).map((t) => [t.title, t.source])).toEqual([
      ['Soso no Frieren', 'user'],
      ['Sousou no Frieren', 'user'],
    ]);
    await service.deleteAlias(frieren.id, alias.id);
    expect(index.findByCleanTitle('sosonofrieren')).toEqual([]);
    await expect(service.deleteAlias(frieren.id, alias.id)).rejects.toBeInstanceOf(NotFoundError);

    const us = await add(2);
    const uk = await add(3);
    expect(uk.path).toBe(path.join(library, 'The Office (2001)'));
    expect(index.findByCleanTitle('theoffice').map((s) => s.id)).toEqual([us.id, uk.id]);
    expect(index.findByIds({ tvdbId: 1003 })?.id).toBe(uk.id);
    await service.delete(uk.id);
    expect(index.findByIds({ tvdbId: 1003 })).toBeUndefined();
  });

  it('lists a page at a time with filters, edits settings and season monitoring, deletes to the recycle bin', async () => {
    for (const [id, title] of [
      [1, 'Zeta'],
      [2, 'alpha'],
      [3, 'Beta'],
    ] as const) {
      metadata.shows.set(id, show(id, title, 2020, [episode(1, 1, -5), episode(1, 2, 2)]));
      await add(id, { monitor: id === 3 ? 'none' : 'all', seriesType: id === 1 ? 'daily' : undefined });
    }
    const page = await service.list({ sortKey: 'title', sortDirection: 'asc', limit: 2, offset: 0 });
    expect(page.total).toBe(3);
    expect(page.series.map((s) => s.title)).toEqual(['alpha', 'Beta']);
    const second = await service.list({ sortKey: 'title', sortDirection: 'asc', limit: 2, offset: 2 });
    expect(second.series.map((s) => s.title)).toEqual(['Zeta']);
    const monitored = await service.list({
      monitored: true,
      sortKey: 'title',
      sortDirection: 'desc',
      limit: 10,
      offset: 0,
    });
    expect(monitored.series.map((s) => s.title)).toEqual(['Zeta', 'alpha']);
    const daily = await service.list({
      seriesType: 'daily',
      sortKey: 'addedAt',
      sortDirection: 'asc',
      limit: 10,
      offset: 0,
    });
    expect(daily.series.map((s) => s.title)).toEqual(['Zeta']);

    const unmonitored = await service.list({
      monitored: false,
      sortKey: 'title',
      sortDirection: 'asc',
      limit: 10,
      offset: 0,
    });
    expect(unmonitored.series.map((s) => s.title)).toEqual(['Beta']);
    const beta = unmonitored.series[0];
    const edited = await service.edit(beta!.id, { monitored: true, seasonFolders: false, tags: ['x'] });
    expect(edited).toMatchObject({ monitored: true, seasonFolders: false, tags: ['x'], path: beta!.path });
    const seasonOn = await service.setSeasonMonitored(beta!.id, 1, true);
    expect(seasonOn.seasons[0]).toMatchObject({ monitored: true, monitoredCount: 2 });
    await expect(service.setSeasonMonitored(beta!.id, 7, true)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.edit(beta!.id, { qualityProfileId: 5 })).rejects.toBeInstanceOf(BadRequestError);

    mkdirSync(beta!.path, { recursive: true });
    writeFileSync(path.join(beta!.path, 'keep.mkv'), 'x');
    const { recycledTo } = await service.delete(beta!.id, { deleteFiles: true });
    expect(existsSync(beta!.path)).toBe(false);
    expect(existsSync(path.join(recycledTo!, 'keep.mkv'))).toBe(true);
    await expect(service.get(beta!.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await repository.episodes(beta!.id)).toEqual([]);
  });

  it('answers wanted missing, cutoff unmet and calendar pages', async () => {
    metadata.shows.set(
      1,
      show(1, 'Wanted Show', 2020, [
        episode(1, 1, -10),
        episode(1, 2, -3),
        episode(1, 3, -2),
        episode(1, 4, 3),
        episode(0, 1, -9),
      ]),
    );
    metadata.shows.set(2, show(2, 'Unmonitored Show', 2020, [episode(1, 1, -1)]));
    const wanted = await add(1);
    await add(2, { monitor: 'none' });
    const episodes = await service.episodes(wanted.id);
    const byKey = new Map(episodes.map((e) => [`${e.seasonNumber}x${e.episodeNumber}`, e]));
    const file = (relativePath: string, qualityName: string, ids: number[]) =>
      repository.addEpisodeFile(
        {
          seriesId: wanted.id,
          seasonNumber: 1,
          relativePath,
          size: 1,
          qualityName,
          revision: { version: 1, real: 0, isRepack: false },
          mediaInfo: undefined,
          releaseGroup: null,
          sceneName: null,
          languages: [],
          dateAdded: NOW,
        },
        ids,
      );
    await file('a.mkv', 'HDTV-720p', [byKey.get('1x1')!.id]);
    await file('b.mkv', 'WEBDL-1080p', [byKey.get('1x2')!.id]);
    await service.setEpisodeMonitored(byKey.get('1x3')!.id, true);

    const missing = await service.missing({ limit: 10, offset: 0 });
    expect(missing.total).toBe(1);
    expect(missing.records.map((e) => [e.seriesTitle, e.seasonNumber, e.episodeNumber])).toEqual([
      ['Wanted Show', 1, 3],
    ]);
    await service.setEpisodeMonitored(byKey.get('1x3')!.id, false);
    expect((await service.missing({ limit: 10, offset: 0 })).total).toBe(0);
    await expect(service.setEpisodeMonitored(999_999, true)).rejects.toBeInstanceOf(NotFoundError);

    const asked: string[] = [];
    const unmet = await service.cutoffUnmet(
      (profileId, quality) => {
        asked.push(`${profileId}:${quality}`);
        return quality !== 'WEBDL-1080p';
      },
      { limit: 10, offset: 0 },
    );
    expect(asked.sort()).toEqual(['1:HDTV-720p', '1:WEBDL-1080p']);
    expect(unmet.records.map((e) => [e.episodeNumber, e.qualityName])).toEqual([[1, 'HDTV-720p']]);
    expect((await service.cutoffUnmet(() => false, { limit: 10, offset: 0 })).total).toBe(0);

    const calendar = await service.calendar(NOW - 3 * DAY, NOW + 4 * DAY, { limit: 2, offset: 0 });
    expect(calendar.total).toBe(4);
    expect(calendar.records.map((e) => [e.seriesTitle, e.episodeNumber])).toEqual([
      ['Wanted Show', 2],
      ['Wanted Show', 3],
    ]);
    const rest = await service.calendar(NOW - 3 * DAY, NOW + 4 * DAY, { limit: 2, offset: 2 });
    expect(rest.records.map((e) => [e.seriesTitle, e.episodeNumber])).toEqual([
      ['Unmonitored Show', 1],
      ['Wanted Show', 4],
    ]);
    await expect(service.calendar(NOW, NOW, { limit: 1, offset: 0 })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('looks series up by title and ids, marking the ones in the library', async () => {
    metadata.shows.set(1, show(1, 'Lookup Show', 2020, []));
    metadata.shows.set(2, show(2, 'Lookup Show Two', 2021, []));
    const added = await add(1);
    expect((await service.lookup('lookup')).map((r) => [r.tvmazeId, r.seriesId])).toEqual([
      [1, added.id],
      [2, null],
    ]);
    expect((await service.lookup('tvdb:1002')).map((r) => r.title)).toEqual(['Lookup Show Two']);
    expect((await service.lookup('tt0000001')).map((r) => r.seriesId)).toEqual([added.id]);
    expect(await service.lookup('id:77')).toEqual([]);
    await expect(service.lookup('  ')).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('series refresh job', () => {
  let database: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-series-job-'));
  });
  afterAll(async () => {
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refreshes stale series as a durable job; a source outage fails it and the retry resumes', async () => {
    const clock = new ManualClock(NOW);
    const metadata = new InTestSeriesMetadata();
    const { service, library } = await openSeriesCatalog(database.handle.db, dir, { metadata, clock });
    metadata.shows.set(1, show(1, 'Job Show', 2020, [episode(1, 1, -1)]));
    metadata.shows.set(2, show(2, 'Other Job Show', 2020, [episode(1, 1, -1)]));
    const a = await service.add({ metadataId: 1, qualityProfileId: 1, rootFolderPath: library });
    const b = await service.add({ metadataId: 2, qualityProfileId: 1, rootFolderPath: library });
    const registry = new JobRegistry();
    registry.define(seriesRefreshJob({ series: service, clock }));
    const jobs = new JobRepository(database.handle.db, 'sqlite');
    const queue = new JobQueue(registry, jobs, clock, pino({ level: 'silent' }), { concurrency: 1 });

    clock.advance(HOUR);
    await queue.enqueue(SERIES_REFRESH_JOB, {});
    await queue.drain();
    // Refreshed an hour ago: the scheduled run skips them.
    expect((await service.get(a.id)).lastRefreshedAt).toBe(NOW);

    clock.advance(6 * HOUR);
    const outage = metadata.getSeries.bind(metadata);
    metadata.getSeries = () => Promise.reject(new UpstreamError('in-test', 'HTTP 503'));
    const job = await queue.enqueue(SERIES_REFRESH_JOB, {});
    await queue.drain();
    const failed = await jobs.findById(job.id);
    expect(failed?.status).toBe('queued');
    expect(failed?.last_error).toMatch(/2 series could not be refreshed/);

    metadata.getSeries = outage;
    metadata.shows.set(2, show(2, 'Other Job Show', 2020, [episode(1, 1, -1), episode(1, 2, 6)]));
    clock.advance(10 * 60_000);
    await queue.drain();
    expect((await jobs.findById(job.id))?.status).toBe('succeeded');
    expect((await service.episodes(b.id)).map((e) => e.episodeNumber)).toEqual([1, 2]);
    expect((await service.get(a.id)).lastRefreshedAt).toBe(clock.now());

    // One series, and one deleted since it was asked for.
    await queue.enqueue(SERIES_REFRESH_JOB, { seriesId: b.id });
    await service.delete(a.id);
    const gone = await queue.enqueue(SERIES_REFRESH_JOB, { seriesId: a.id });
    await queue.drain();
    expect((await jobs.findById(gone.id))?.status).toBe('succeeded');
  });
});
