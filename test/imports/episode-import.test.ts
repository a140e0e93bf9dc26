// The episode importer on both databases with real components: ffmpeg-made episodes, ffprobe, real
// hardlinks into a library on the same filesystem, a real recycle bin, real repositories and a real job
// queue (not started: the test reads what the import enqueued). A season pack with a sample and an
// extras folder, a multi-episode file, a daily show by air date, an anime by absolute number, a special,
// an upgrade recycling the older file, a downgrade refused, a corrupt download failed and searched again,
// and a rerun after a crash half-way through a pack that leaves one record per file.
import { copyFile, link, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serialiseRelease } from '../../src/downloads/grab.service.js';
import { TrackedDownloadRepository } from '../../src/downloads/tracked-download.repository.js';
import { HistoryRepository } from '../../src/history/history.repository.js';
import { CandidateFinder } from '../../src/imports/candidates.js';
import type { FilePlacer } from '../../src/imports/download-import.js';
import {
  EpisodeImportService,
  episodeImportJob,
  EPISODE_IMPORT_JOB,
} from '../../src/imports/episode-import.service.js';
import { EpisodeNamer } from '../../src/imports/episode-naming.js';
import { FfprobeMediaProbe } from '../../src/imports/media-probe.js';
import { FileTransfer, isTransferTemporary } from '../../src/imports/transfer.js';
import { FileVerifier } from '../../src/imports/verification.js';
import type { IndexerRelease } from '../../src/indexers/indexer.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { NOTIFY_JOB } from '../../src/mediaservers/notify.job.js';
import { parseRelease } from '../../src/parser/index.js';
import { defaultQualityProfiles } from '../../src/profiles/default-profiles.js';
import { EPISODE_SEARCH_JOB } from '../../src/search/episode-search.service.js';
import { EpisodeFileRepository } from '../../src/series/episode-file.repository.js';
import { SeriesRepository } from '../../src/series/series.repository.js';
import type { SeriesType } from '../../src/series/series.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { makeVideo, makeZeroFilledFile } from '../support/media.js';
import { indexerRelease } from '../support/releases.js';
import { episodeFile, newEpisode, NOW, seedSeries, type SeededSeries } from './episode-import-support.js';

const EPISODE = 22 * 60;

/** The profile every test series uses; only its order matters here (Bluray-1080p over HDTV-720p). */
const profile = defaultQualityProfiles()[0]!;

function release(title: string): IndexerRelease {
  return indexerRelease({ title, seeders: 10, leechers: 0, peers: 10, categories: [5000] });
}

describe.each(dialects)('episode import on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let masters: { episode: string; sample: string; extra: string };
  let downloads: string;
  let library: string;
  let recycleBin: string;
  let tracked: TrackedDownloadRepository;
  let episodeFiles: EpisodeFileRepository;
  let seriesRepository: SeriesRepository;
  let history: HistoryRepository;
  let jobs: JobRepository;
  let queue: JobQueue;
  const clock = new ManualClock(NOW);
  const transfer = (): FilePlacer => new FileTransfer({ recycleBin, clock });

  function importer(files: FilePlacer = transfer()): EpisodeImportService {
    return new EpisodeImportService({
      db: database.handle.db,
      tracked,
      series: seriesRepository,
      episodeFiles,
      profiles: { getProfile: () => Promise.resolve(profile) },
      history,
      candidates: new CandidateFinder(new FileVerifier(new FfprobeMediaProbe())),
      files,
      namer: () => Promise.resolve(new EpisodeNamer()),
      queue,
      clock,
      logger: pino({ level: 'silent' }),
    });
  }

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    dir = await mkdtemp(path.join(tmpdir(), 'omniarr-episode-import-'));
    const made = path.join(dir, 'masters');
    masters = {
      episode: path.join(made, 'episode.mkv'),
      sample: path.join(made, 'sample.mkv'),
      extra: path.join(made, 'extra.mkv'),
    };
    await Promise.all([
      makeVideo(masters.episode, { durationSeconds: EPISODE }),
      makeVideo(masters.sample, { durationSeconds: 30 }),
      makeVideo(masters.extra, { durationSeconds: 300 }),
    ]);
    tracked = new TrackedDownloadRepository(database.handle.db);
    episodeFiles = new EpisodeFileRepository(database.handle.db);
    seriesRepository = new SeriesRepository(database.handle.db);
    history = new HistoryRepository(database.handle.db);
    jobs = new JobRepository(database.handle.db, database.handle.dialect);
    const registry = new JobRegistry();
    // Stand-ins with the real payloads: the import only enqueues them.
    registry.define({
      name: NOTIFY_JOB,
      payload: z.object({ paths: z.array(z.string()).min(1) }),
      run: async () => {},
    });
    registry.define({
      name: EPISODE_SEARCH_JOB,
      payload: z.object({ seriesId: z.number(), episodeIds: z.array(z.number()).optional() }),
      run: async () => {},
    });
    queue = new JobQueue(registry, jobs, clock, pino({ level: 'silent' }), { concurrency: 1 });
  }, 60_000);

  afterAll(async () => {
    await database.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    const db = database.handle.db;
    await db.deleteFrom('jobs').execute();
    await db.deleteFrom('history').execute();
    await db.deleteFrom('blocklist').execute();
    await db.deleteFrom('tracked_downloads').execute();
    await db.deleteFrom('series').execute();
    const run = await mkdtemp(path.join(dir, 'run-'));
    downloads = path.join(run, 'downloads');
    library = path.join(run, 'tv');
    recycleBin = path.join(run, 'recycle');
    await mkdir(downloads, { recursive: true });
    await mkdir(library, { recursive: true });
  });

  /** A copy (its own inode) of a made video at `relative` under the downloads folder. */
  async function put(relative: string, master: keyof typeof masters = 'episode'): Promise<string> {
    const file = path.join(downloads, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await copyFile(masters[master], file);
    return file;
  }

  async function seed(
    title: string,
    episodes: Parameters<typeof seedSeries>[1]['episodes'],
    seriesType: SeriesType = 'standard',
  ): Promise<SeededSeries> {
    return seedSeries(database.handle.db, {
      title,
      seriesType,
      rootFolderPath: library,
      path: path.join(library, `${title} (2020)`),
      // Listed at 30 minutes, as TV listings round a 22-minute episode up.
      runtime: 30,
      episodes,
    });
  }

  async function finishedDownload(
    show: SeededSeries,
    releaseTitle: string,
    contentPath: string,
    episodeIds: number[],
  ): Promise<number> {
    const grabbed = serialiseRelease(release(releaseTitle), parseRelease(releaseTitle));
    const download = await tracked.insert(
      {
        target: { seriesId: show.series.id, episodeIds },
        protocol: 'torrent',
        indexer: 'Test Indexer',
        releaseTitle,
        infoHash: null,
        guid: grabbed.release.guid,
        size: null,
        qualityName: grabbed.parsed.quality.name,
        customFormatScore: 0,
        grabbed,
      },
      NOW,
    );
    await tracked.update(download.id, { state: 'completed', contentPath, finishedAt: NOW }, NOW);
    return download.id;
  }

  async function enqueued(name: string): Promise<unknown[]> {
    const rows = await jobs.list({ name, limit: 100, offset: 0 });
    return rows.map((row) => JSON.parse(row.payload) as unknown);
  }

  async function filesUnder(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
      .sort();
  }

  it('imports a season pack: samples and extras left out, a missing episode and an unknown one named, an episode beyond the grab taken', async () => {
    const show = await seed('Show', [
      newEpisode(1, 1, { title: 'Pilot' }),
      newEpisode(1, 2, { title: 'Second' }),
      newEpisode(1, 3, { title: 'Third' }),
      newEpisode(1, 4, { title: 'Fourth' }),
      newEpisode(2, 1, { title: 'Return' }),
    ]);
    const pack = 'Show.S01.720p.HDTV.x264-GRP';
    await put(`${pack}/Show.S01E01.720p.HDTV.x264-GRP.mkv`);
    await put(`${pack}/Show.S01E02.720p.HDTV.x264-GRP.mkv`);
    await put(`${pack}/Show.S01E03.720p.HDTV.x264-GRP.mkv`);
    await put(`${pack}/Show.S02E01.720p.HDTV.x264-GRP.mkv`);
    await put(`${pack}/Show.S01E09.720p.HDTV.x264-GRP.mkv`);
    await put(`${pack}/Sample/show.s01e01.sample.mkv`, 'sample');
    await put(`${pack}/Show.S01E02.sample.mkv`, 'sample');
    await put(`${pack}/Extras/Making of.mkv`, 'extra');
    await writeFile(path.join(downloads, pack, 'Show.S01.nfo'), 'nfo');
    const season1 = [1, 2, 3, 4].map((n) => show.episode(1, n).id);
    const id = await finishedDownload(show, pack, path.join(downloads, pack), season1);

    const outcome = await importer().import(id);

    expect(outcome.outcome).toBe('imported');
    expect(await filesUnder(show.series.path)).toEqual([
      'Season 01/Show - S01E01 - Pilot HDTV-720p.mkv',
      'Season 01/Show - S01E02 - Second HDTV-720p.mkv',
      'Season 01/Show - S01E03 - Third HDTV-720p.mkv',
      'Season 02/Show - S02E01 - Return HDTV-720p.mkv',
    ]);
    // Hardlinked: the library file is the downloaded file, seeding goes on.
    const source = await stat(path.join(downloads, pack, 'Show.S01E01.720p.HDTV.x264-GRP.mkv'));
    const placed = await stat(path.join(show.series.path, 'Season 01/Show - S01E01 - Pilot HDTV-720p.mkv'));
    expect(placed.ino).toBe(source.ino);

    const records = await episodeFiles.listBySeries(show.series.id);
    expect(
      records.map((file) => [file.relativePath, file.episodeIds, file.qualityName, file.seasonNumber]),
    ).toEqual([
      ['Season 01/Show - S01E01 - Pilot HDTV-720p.mkv', [show.episode(1, 1).id], 'HDTV-720p', 1],
      ['Season 01/Show - S01E02 - Second HDTV-720p.mkv', [show.episode(1, 2).id], 'HDTV-720p', 1],
      ['Season 01/Show - S01E03 - Third HDTV-720p.mkv', [show.episode(1, 3).id], 'HDTV-720p', 1],
      ['Season 02/Show - S02E01 - Return HDTV-720p.mkv', [show.episode(2, 1).id], 'HDTV-720p', 2],
    ]);
    expect(records[0]).toMatchObject({ sceneName: pack, releaseGroup: 'GRP' });
    expect(records[0]?.mediaInfo?.durationSeconds).toBeCloseTo(EPISODE, 0);

    const download = await tracked.get(id);
    expect(download?.state).toBe('imported');
    expect(download?.statusMessage).toContain(
      'Show.S01E09.720p.HDTV.x264-GRP.mkv: S01E09 is not in the catalog',
    );
    expect(download?.statusMessage).toContain('S01E04: no file for them in the download');
    expect(download?.statusMessage).not.toMatch(/sample|Making of|nfo/i);

    const events = (await history.list({ seriesId: show.series.id, limit: 50, offset: 0 })).records;
    expect(events.map((e) => e.event)).toEqual(['imported', 'imported', 'imported', 'imported']);
    const beyond = events.find((e) => e.episodeIds.includes(show.episode(2, 1).id));
    expect(beyond?.data).toMatchObject({ inGrab: false, mode: 'hardlink' });
    expect(String(beyond?.data.note)).toMatch(/not in the grab/);
    expect(events.filter((e) => e.data.inGrab === true)).toHaveLength(3);

    const notified = (await enqueued(NOTIFY_JOB)) as Array<{ paths: string[] }>;
    expect(notified).toHaveLength(1);
    expect(notified[0]?.paths).toHaveLength(4);
    expect(notified[0]?.paths.every((p) => p.startsWith(show.series.path))).toBe(true);
  }, 60_000);

  it('imports a multi-episode file once, for both episodes', async () => {
    const show = await seed('Show', [
      newEpisode(1, 1, { title: 'Part One' }),
      newEpisode(1, 2, { title: 'Part Two' }),
    ]);
    const title = 'Show.S01E01E02.720p.HDTV.x264-GRP';
    const file = await put(`${title}.mkv`);
    const ids = [show.episode(1, 1).id, show.episode(1, 2).id];
    const id = await finishedDownload(show, title, file, ids);

    const outcome = await importer().import(id);

    expect(outcome).toMatchObject({ outcome: 'imported', notImported: [] });
    const records = await episodeFiles.listBySeries(show.series.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      relativePath: 'Season 01/Show - S01E01-02 - Part One + Part Two HDTV-720p.mkv',
      episodeIds: ids,
    });
    const episodes = await seriesRepository.episodes(show.series.id);
    expect(episodes.map((e) => e.episodeFileId)).toEqual([records[0]!.id, records[0]!.id]);
    const events = (await history.list({ seriesId: show.series.id, limit: 10, offset: 0 })).records;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'imported', episodeIds: ids });
    expect((await tracked.get(id))?.statusMessage).toBeNull();
  }, 30_000);

  it('imports a daily show by air date and an anime by absolute number', async () => {
    const daily = await seed(
      'Nightly',
      [
        newEpisode(2025, 40, { airDate: '2025-03-03', title: 'Monday Guest' }),
        newEpisode(2025, 41, { airDate: '2025-03-04', title: 'Tuesday Guest' }),
      ],
      'daily',
    );
    const dailyTitle = 'Nightly.2025.03.04.720p.HDTV.x264-GRP';
    const dailyFile = await put(`${dailyTitle}/${dailyTitle}.mkv`);
    const dailyId = await finishedDownload(daily, dailyTitle, path.dirname(dailyFile), [
      daily.episode(2025, 41).id,
    ]);

    const anime = await seed(
      'Frieren',
      [
        newEpisode(1, 4, { absoluteNumber: 4, title: 'The Land Where Souls Rest' }),
        newEpisode(1, 5, { absoluteNumber: 5, title: 'Phantoms of the Dead' }),
      ],
      'anime',
    );
    const animeTitle = '[SubsPlease] Frieren - 05 (1080p) [ABCD1234]';
    const animeFile = await put(`${animeTitle}.mkv`);
    const animeId = await finishedDownload(anime, animeTitle, animeFile, [anime.episode(1, 5).id]);

    await importer().import(dailyId);
    await importer().import(animeId);

    expect(await filesUnder(daily.series.path)).toEqual([
      'Season 2025/Nightly - 2025-03-04 - Tuesday Guest HDTV-720p.mkv',
    ]);
    expect((await episodeFiles.listBySeries(daily.series.id))[0]?.episodeIds).toEqual([
      daily.episode(2025, 41).id,
    ]);
    const quality = parseRelease(animeTitle).quality.name;
    expect(await filesUnder(anime.series.path)).toEqual([
      `Season 01/Frieren - S01E05 - 005 - Phantoms of the Dead ${quality}.mkv`,
    ]);
    expect((await episodeFiles.listBySeries(anime.series.id))[0]?.episodeIds).toEqual([
      anime.episode(1, 5).id,
    ]);
  }, 30_000);

  it('puts a special in "Specials", and takes the one file of a single-episode download its name does not explain', async () => {
    const show = await seed('Show', [newEpisode(0, 1, { title: 'Behind the Show' }), newEpisode(1, 1)]);
    const special = 'Show.S00E01.Behind.the.Show.720p.HDTV.x264-GRP';
    const specialFile = await put(`${special}.mkv`);
    const obscure = 'Show.S01E01.720p.HDTV.x264-GRP';
    // An obfuscated file in an obfuscated folder: only the grab says what it is.
    const obscureFile = await put('a1b2c3/d4e5f6.mkv');

    await importer().import(await finishedDownload(show, special, specialFile, [show.episode(0, 1).id]));
    await importer().import(
      await finishedDownload(show, obscure, path.dirname(obscureFile), [show.episode(1, 1).id]),
    );

    expect(await filesUnder(show.series.path)).toEqual([
      'Season 01/Show - S01E01 - Episode 1 HDTV-720p.mkv',
      'Specials/Show - S00E01 - Behind the Show HDTV-720p.mkv',
    ]);
  }, 30_000);

  it('upgrades: the better file replaces the older one, which goes to the recycle bin', async () => {
    const show = await seed('Show', [newEpisode(1, 1, { title: 'Pilot' })]);
    const oldPath = path.join(show.series.path, 'Season 01/Show - S01E01 - Pilot HDTV-720p.mkv');
    await mkdir(path.dirname(oldPath), { recursive: true });
    await copyFile(masters.episode, oldPath);
    const old = await episodeFiles.add(
      episodeFile(show.series.id, 'Season 01/Show - S01E01 - Pilot HDTV-720p.mkv'),
      [show.episode(1, 1).id],
    );
    const title = 'Show.S01E01.1080p.BluRay.x264-BETTER';
    const id = await finishedDownload(show, title, await put(`${title}.mkv`), [show.episode(1, 1).id]);

    const outcome = await importer().import(id);

    expect(outcome).toMatchObject({ outcome: 'imported', files: [{ outcome: 'upgraded' }] });
    expect(await filesUnder(show.series.path)).toEqual(['Season 01/Show - S01E01 - Pilot Bluray-1080p.mkv']);
    expect(await filesUnder(recycleBin)).toEqual([path.relative(library, oldPath)]);
    const records = await episodeFiles.listBySeries(show.series.id);
    expect(records.map((file) => [file.qualityName, file.episodeIds])).toEqual([
      ['Bluray-1080p', [show.episode(1, 1).id]],
    ]);
    expect(await episodeFiles.findById(old.id)).toBeUndefined();
    const [event] = (await history.list({ seriesId: show.series.id, limit: 10, offset: 0 })).records;
    expect(event).toMatchObject({ event: 'upgraded', qualityName: 'Bluray-1080p' });
    expect(event?.data.replaced).toEqual([{ path: old.relativePath, quality: 'HDTV-720p' }]);
  }, 30_000);

  it('refuses a downgrade: the better file on disk stays and the import is blocked with the reason', async () => {
    const show = await seed('Show', [newEpisode(1, 1, { title: 'Pilot' })]);
    const kept = path.join(show.series.path, 'Season 01/Show - S01E01 - Pilot Bluray-1080p.mkv');
    await mkdir(path.dirname(kept), { recursive: true });
    await copyFile(masters.episode, kept);
    await episodeFiles.add(
      episodeFile(show.series.id, 'Season 01/Show - S01E01 - Pilot Bluray-1080p.mkv', {
        qualityName: 'Bluray-1080p',
      }),
      [show.episode(1, 1).id],
    );
    const title = 'Show.S01E01.720p.HDTV.x264-WORSE';
    const id = await finishedDownload(show, title, await put(`${title}.mkv`), [show.episode(1, 1).id]);

    const outcome = await importer().import(id);

    expect(outcome.outcome).toBe('blocked');
    const download = await tracked.get(id);
    expect(download?.state).toBe('import_blocked');
    expect(download?.statusMessage).toContain(
      'S01E01: the Bluray-1080p file on disk is better than HDTV-720p',
    );
    expect(await filesUnder(show.series.path)).toEqual(['Season 01/Show - S01E01 - Pilot Bluray-1080p.mkv']);
    expect(await filesUnder(recycleBin)).toEqual([]);
    const events = (await history.list({ seriesId: show.series.id, limit: 10, offset: 0 })).records;
    expect(events.map((e) => [e.event, e.episodeIds])).toEqual([['import_blocked', [show.episode(1, 1).id]]]);
  }, 30_000);

  it('fails a zero-filled download, blocklists it for the series and searches its episodes again', async () => {
    const show = await seed('Show', [newEpisode(1, 1), newEpisode(1, 2)]);
    const title = 'Show.S01E01.720p.HDTV.x264-ZERO';
    const file = path.join(downloads, `${title}.mkv`);
    await makeZeroFilledFile(file, 8 * 1024 * 1024);
    const id = await finishedDownload(show, title, file, [show.episode(1, 1).id]);

    const outcome = await importer().import(id);

    expect(outcome.outcome).toBe('failed');
    expect((await tracked.get(id))?.state).toBe('failed');
    const blocklist = await tracked.blocklistForSeries(show.series.id);
    expect(blocklist.map((entry) => entry.releaseTitle)).toEqual([title]);
    expect(await enqueued(EPISODE_SEARCH_JOB)).toEqual([
      { seriesId: show.series.id, episodeIds: [show.episode(1, 1).id] },
    ]);
    expect(await filesUnder(show.series.path)).toEqual([]);
    const events = (await history.list({ seriesId: show.series.id, limit: 10, offset: 0 })).records;
    expect(events.map((e) => e.event).sort()).toEqual(['blocklisted', 'download_failed']);
  }, 30_000);

  it('after a crash half-way through a pack, the rerun completes it: one record and one event per file', async () => {
    const show = await seed('Show', [newEpisode(1, 1), newEpisode(1, 2), newEpisode(1, 3)]);
    const pack = 'Show.S01.720p.HDTV.x264-GRP';
    for (const n of [1, 2, 3]) await put(`${pack}/Show.S01E0${n}.720p.HDTV.x264-GRP.mkv`);
    const id = await finishedDownload(
      show,
      pack,
      path.join(downloads, pack),
      [1, 2, 3].map((n) => show.episode(1, n).id),
    );
    let placed = 0;
    const crashing: FilePlacer = {
      async transfer(request) {
        if (placed === 2) throw new Error('killed');
        placed++;
        return transfer().transfer(request);
      },
    };
    // Through the job: its retry is what a restarted worker would run.
    const job = episodeImportJob(importer(crashing));
    const context = {
      jobId: 1,
      attempt: 1,
      idempotencyKey: null,
      signal: new AbortController().signal,
      logger: pino({ level: 'silent' }),
    };
    await expect(job.run({ trackedDownloadId: id }, context)).rejects.toThrow('killed');
    expect(job.name).toBe(EPISODE_IMPORT_JOB);
    expect((await tracked.get(id))?.state).toBe('importing');
    expect(await episodeFiles.listBySeries(show.series.id)).toEqual([]);

    await episodeImportJob(importer()).run({ trackedDownloadId: id }, { ...context, attempt: 2 });

    expect((await tracked.get(id))?.state).toBe('imported');
    expect(await episodeFiles.listBySeries(show.series.id)).toHaveLength(3);
    const events = (await history.list({ seriesId: show.series.id, limit: 10, offset: 0 })).records;
    expect(events.map((e) => e.event)).toEqual(['imported', 'imported', 'imported']);
    const names = await filesUnder(show.series.path);
    expect(names).toHaveLength(3);
    expect(names.some((name) => isTransferTemporary(path.basename(name)))).toBe(false);
    // A finished import is not imported again.
    expect(await importer().import(id)).toEqual({ outcome: 'skipped', reason: 'download is imported' });
    expect(await episodeFiles.listBySeries(show.series.id)).toHaveLength(3);
  }, 30_000);

  it('blocks a pack whose files name no episode of the series, saying why for each', async () => {
    const show = await seed('Show', [newEpisode(1, 1)]);
    const pack = 'Show.S01.720p.HDTV.x264-GRP';
    await put(`${pack}/Show.S03E01.720p.HDTV.x264-GRP.mkv`);
    await put(`${pack}/Other.Show.S01.Trailer.mkv`, 'extra');
    await link(masters.sample, path.join(downloads, pack, 'sample.mkv'));
    const id = await finishedDownload(show, pack, path.join(downloads, pack), [show.episode(1, 1).id]);

    const outcome = await importer().import(id);

    expect(outcome.outcome).toBe('blocked');
    const message = (await tracked.get(id))?.statusMessage ?? '';
    expect(message).toContain('Show.S03E01.720p.HDTV.x264-GRP.mkv: S03E01 is not in the catalog');
    expect(await filesUnder(show.series.path)).toEqual([]);
  }, 30_000);
});
