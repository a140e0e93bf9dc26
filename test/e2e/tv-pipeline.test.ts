// The TV pipeline end to end, the way a user runs it, with real parts: two qbittorrent-nox on loopback
// (one seeds, one is Omniarr's client), real MKV episodes made with ffmpeg, a Torznab indexer serving
// real .torrent files among decoys, and the TVmaze and Jellyfin contract fakes.
//
// A standard show: one episode of season 2 is already in the library; then everything is monitored
// and searched → the season pack is grabbed for the fully missing season 1 (its sample and extras
// left behind), single episodes and a multi-episode file for season 2 (its pack refused) → every file
// lands in `Season 0N/` under the naming template, hardlinked → Jellyfin is told each path → wanted
// is empty. A daily show (by air date) and an anime series (absolute numbers, a romanised alias) the
// same way.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJellyfinFake, type JellyfinFake } from '../fakes/jellyfin/jellyfin-fake.js';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import {
  animeShow,
  dailyShow,
  standardShow,
  startTvmazeFake,
  type TvmazeFake,
} from '../fakes/tvmaze/tvmaze-fake.js';
import { apiClient, type Json } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { pipelineRunner } from '../support/download-pipeline.js';
import { makeVideo } from '../support/media.js';
import { startQbittorrent, type QbittorrentDaemon } from '../support/qbittorrent.js';
import { createTorrent, startSeeder, type CreatedTorrent, type Seeder } from '../support/torrents.js';

const GB = 1024 ** 3;
const STANDARD = { tvmazeId: 501, tvdbId: 90501, title: 'Harbor Lights' };
const DAILY = { tvmazeId: 502, tvdbId: 90502, title: 'Late Night Daily' };
const ANIME = { tvmazeId: 503, tvdbId: 90503, title: 'Frieren: Beyond Journey’s End' };

interface EpisodeView {
  id: number;
  seasonNumber: number;
  episodeNumber: number;
  hasFile?: boolean;
  episodeFileId?: number | null;
}

interface SearchView {
  grabbed: string | null;
  decisions: Array<{
    title: string;
    accepted: boolean;
    rejections: Array<{ code: string; message: string }>;
  }>;
}

describe('TV end to end with qbittorrent', () => {
  let work: string;
  let library: string;
  let tvmaze: TvmazeFake;
  let jellyfin: JellyfinFake;
  let indexer: TorznabFake;
  let client: QbittorrentDaemon;
  let seeder: Seeder;
  let service: TestApp;
  const torrents = new Map<string, CreatedTorrent>();
  const seriesIds: Record<'standard' | 'daily' | 'anime', number> = { standard: 0, daily: 0, anime: 0 };
  let profileId: number;

  const api = apiClient(() => service);

  /** A release served as a real torrent; `files` are paths inside it with the bytes they hold. */
  const torrentRelease = (
    title: string,
    files: Array<{ path: string; content: Buffer }>,
    extra: Partial<FakeRelease> & { size: number },
  ): FakeRelease => {
    const single = files.length === 1 && !files[0]!.path.includes('/');
    const torrent = createTorrent(files, single ? {} : { name: title });
    torrents.set(title, torrent);
    return {
      title,
      categories: [5040],
      pubDate: new Date(Date.now() - 3 * 3_600_000),
      download: torrent.torrent,
      seeders: 20,
      leechers: 1,
      ...extra,
    };
  };

  /** A release nobody can download (it must never be grabbed). */
  const decoy = (title: string, extra: Partial<FakeRelease> & { size: number }): FakeRelease => ({
    title,
    categories: [5040],
    pubDate: new Date(Date.now() - 5 * 3_600_000),
    download: `magnet:?xt=urn:btih:${createHash('sha1').update(title).digest('hex')}`,
    seeders: 50,
    ...extra,
  });

  const libraryFiles = (root = library) =>
    (existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }) : [])
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
      .filter((file) => !file.startsWith('.omniarr-recycle'))
      .sort();

  const runPipelineUntil = pipelineRunner({
    api,
    connect: (infoHash) => client.addPeer(infoHash, seeder.peer),
    timeoutMs: 120_000,
    state: () => `library: ${libraryFiles().join(', ')}`,
  });

  const queueIsEmpty = async () => (await api<unknown[]>('GET', '/api/v1/queue')).body.length === 0;

  /** Waits for the durable jobs a route enqueued (searches run as jobs) to leave the queue. */
  async function waitForGrabs(count: number, seriesId: number): Promise<string[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const grabbed = (
        await api<{ records: Array<{ sourceTitle: string }> }>(
          'GET',
          `/api/v1/history?seriesId=${seriesId}&event=grabbed&pageSize=100`,
        )
      ).body.records.map((record) => record.sourceTitle);
      if (grabbed.length >= count || Date.now() > deadline) return grabbed.sort();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Adds a series as the UI does, into the library with the HD-1080p profile; it must answer 201. */
  async function addSeries<T = object>(metadataId: number, options: Json): Promise<T & { id: number }> {
    const added = await api<T & { id: number }>('POST', '/api/v1/series', {
      metadataId,
      qualityProfileId: profileId,
      rootFolderPath: library,
      ...options,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    return added.body;
  }

  const episodes = async (seriesId: number) =>
    (await api<EpisodeView[]>('GET', `/api/v1/episodes?seriesId=${seriesId}`)).body;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'omniarr-tv-e2e-'));
    library = path.join(work, 'media', 'tv');
    await mkdir(library, { recursive: true });

    // Real files: an hour-long episode, a 24-minute anime episode, a 30-second sample and an extra.
    const hour = path.join(work, 'hour.mkv');
    const anime = path.join(work, 'anime.mkv');
    const sample = path.join(work, 'sample.mkv');
    await Promise.all([
      makeVideo(hour, { durationSeconds: 60 * 60 }),
      makeVideo(anime, { durationSeconds: 24 * 60 }),
      makeVideo(sample, { durationSeconds: 30 }),
    ]);
    const [hourBytes, animeBytes, sampleBytes] = await Promise.all([
      readFile(hour),
      readFile(anime),
      readFile(sample),
    ]);
    // Each file distinct, so a file in the library is traceable to the one it came from.
    const episodeBytes = (tag: string, base = hourBytes) => Buffer.concat([base, Buffer.from(tag)]);

    const packTitle = 'Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-NTb';
    const releases: FakeRelease[] = [
      torrentRelease(
        packTitle,
        [
          ...[1, 2, 3].map((episode) => ({
            path: `Harbor.Lights.S01E0${episode}.1080p.WEB-DL.DDP5.1.H.264-NTb.mkv`,
            content: episodeBytes(`s01e0${episode}`),
          })),
          { path: 'Sample/harbor.lights.s01e01.sample.mkv', content: sampleBytes },
          { path: 'Featurettes/Making.Harbor.Lights.mkv', content: episodeBytes('extra', sampleBytes) },
        ],
        { size: Math.round(3 * 2.2 * GB), tvdbId: STANDARD.tvdbId, season: 1 },
      ),
      // The episode already in the library is a Bluray; the others are web releases.
      torrentRelease(
        'Harbor.Lights.S02E01.1080p.BluRay.x264-DEMAND',
        [{ path: 'Harbor.Lights.S02E01.1080p.BluRay.x264-DEMAND.mkv', content: episodeBytes('s02e01') }],
        { size: Math.round(4 * GB), tvdbId: STANDARD.tvdbId, season: 2, episode: 1 },
      ),
      torrentRelease(
        'Harbor.Lights.S02E02.1080p.WEB-DL.DDP5.1.H.264-NTb',
        [{ path: 'Harbor.Lights.S02E02.1080p.WEB-DL.DDP5.1.H.264-NTb.mkv', content: episodeBytes('s02e02') }],
        { size: Math.round(2.2 * GB), tvdbId: STANDARD.tvdbId, season: 2, episode: 2 },
      ),
      torrentRelease(
        'Harbor.Lights.S02E03E04.1080p.WEB-DL.DDP5.1.H.264-NTb',
        [
          {
            path: 'Harbor.Lights.S02E03E04.1080p.WEB-DL.DDP5.1.H.264-NTb.mkv',
            content: episodeBytes('s02e03e04'),
          },
        ],
        { size: Math.round(4.4 * GB), tvdbId: STANDARD.tvdbId, season: 2, episode: 3 },
      ),
      // Season 2 is partly in the library, its first episode as a Bluray: this pack would downgrade it.
      decoy('Harbor.Lights.S02.1080p.WEB-DL.DDP5.1.H.264-PACK', {
        size: Math.round(4 * 2.2 * GB),
        tvdbId: STANDARD.tvdbId,
        season: 2,
      }),
      decoy('Harbor.Lights.S01E02.720p.HDTV.x264-LOL', {
        size: Math.round(1.1 * GB),
        tvdbId: STANDARD.tvdbId,
        season: 1,
      }),
      decoy('Harbor.Lights.S01.CAM.x264-BAD', {
        size: Math.round(2 * GB),
        tvdbId: STANDARD.tvdbId,
        season: 1,
      }),
      decoy('Harbor.Lights.Revisited.S01E01.1080p.WEB-DL.H.264-OTHER', { size: Math.round(2.2 * GB) }),
      // The daily show, by air date.
      ...['2024.03.04', '2024.03.05'].map((date) =>
        torrentRelease(
          `Late.Night.Daily.${date}.1080p.WEB.h264-DAILY`,
          [{ path: `Late.Night.Daily.${date}.1080p.WEB.h264-DAILY.mkv`, content: episodeBytes(date) }],
          {
            size: Math.round(2.2 * GB),
            tvdbId: DAILY.tvdbId,
            season: 2024,
            episode: date.slice(5).replace('.', '/'),
          },
        ),
      ),
      decoy('Late.Night.Daily.2023.11.20.1080p.WEB.h264-OLD', {
        size: Math.round(2.2 * GB),
        tvdbId: DAILY.tvdbId,
      }),
      // The anime series, released under its romanised title with absolute numbers.
      ...[1, 2, 3].map((episode) =>
        torrentRelease(
          `[SubsPlease] Sousou no Frieren - 0${episode} (1080p) [ABCD000${episode}]`,
          [
            {
              path: `[SubsPlease] Sousou no Frieren - 0${episode} (1080p) [ABCD000${episode}].mkv`,
              content: episodeBytes(`anime${episode}`, animeBytes),
            },
          ],
          { size: Math.round(1.4 * GB), categories: [5070] },
        ),
      ),
      decoy('[SubsPlease] Sousou no Frieren - 02 (480p) [ABCD9999]', {
        size: Math.round(0.3 * GB),
        categories: [5070],
      }),
    ];

    [tvmaze, jellyfin, client, seeder] = await Promise.all([
      startTvmazeFake({
        shows: [
          standardShow(STANDARD.tvmazeId, STANDARD.title, {
            seasons: [3, 4],
            premiered: '2021-01-03',
            tvdbId: STANDARD.tvdbId,
            imdbId: 'tt9000501',
          }),
          dailyShow(DAILY.tvmazeId, DAILY.title, {
            premiered: '2024-03-04',
            episodes: 2,
            tvdbId: DAILY.tvdbId,
          }),
          animeShow(ANIME.tvmazeId, ANIME.title, {
            seasons: [3],
            tvdbId: ANIME.tvdbId,
            akas: ['Sousou no Frieren'],
          }),
        ],
      }),
      startJellyfinFake(),
      startQbittorrent(),
      startSeeder(...torrents.values()),
    ]);
    indexer = await startTorznabFake({ releases });
    // No scheduled RSS sync: a quarter-hour passing mid-test would grab on its own.
    service = await startTestApp('sqlite', { OMNIARR_TVMAZE_URL: tvmaze.url, OMNIARR_RSS_SYNC_MINUTES: '0' });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await Promise.all([tvmaze?.stop(), jellyfin?.stop(), indexer?.stop(), client?.stop(), seeder?.stop()]);
    for (const torrent of torrents.values()) torrent.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  it('is set up through the API like a user would', async () => {
    expect((await api('POST', '/api/v1/rootfolders', { path: library })).status).toBe(201);
    const created = await api('POST', '/api/v1/downloadclients', {
      name: 'qBittorrent',
      implementation: 'qbittorrent',
      url: client.url,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const added = await api('POST', '/api/v1/indexers', {
      name: 'Local',
      implementation: 'torznab',
      url: indexer.url,
      apiKey: indexer.apiKey,
      minIntervalMs: 0,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const jf = await api('POST', '/api/v1/mediaservers', {
      name: 'Jellyfin',
      implementation: 'jellyfin',
      url: jellyfin.url,
      apiKey: jellyfin.token,
      pathMappings: [{ local: library, remote: '/media/tv' }],
    });
    expect(jf.status, JSON.stringify(jf.body)).toBe(201);
    const profiles = (await api<Array<{ id: number; name: string }>>('GET', '/api/v1/qualityprofiles')).body;
    profileId = profiles.find((profile) => profile.name === 'HD-1080p')!.id;
  });

  it('imports one episode of season 2 first (the library already had it)', { timeout: 150_000 }, async () => {
    const added = await addSeries<{ path: string }>(STANDARD.tvmazeId, { monitor: 'none' });
    expect(added.path).toBe(path.join(library, 'Harbor Lights (2021)'));
    seriesIds.standard = added.id;
    const s02e01 = (await episodes(seriesIds.standard)).find(
      (episode) => episode.seasonNumber === 2 && episode.episodeNumber === 1,
    )!;
    const search = await api<SearchView>('POST', '/api/v1/episodes/search', { episodeIds: [s02e01.id] });
    expect(search.status, JSON.stringify(search.body)).toBeLessThan(300);
    expect(await waitForGrabs(1, seriesIds.standard)).toEqual([
      'Harbor.Lights.S02E01.1080p.BluRay.x264-DEMAND',
    ]);
    await runPipelineUntil(async () => libraryFiles().length === 1 && (await queueIsEmpty()));
    expect(libraryFiles()).toEqual([
      path.join(
        'Harbor Lights (2021)',
        'Season 02',
        'Harbor Lights - S02E01 - Harbor Lights 2x1 Bluray-1080p.mkv',
      ),
    ]);
  });

  it(
    'grabs the pack for the missing season and singles for the partly downloaded one, then imports all',
    { timeout: 200_000 },
    async () => {
      const edited = await api('PUT', `/api/v1/series/${seriesIds.standard}`, { monitored: true });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      for (const season of [1, 2]) {
        const monitored = await api('PUT', `/api/v1/series/${seriesIds.standard}/seasons/${season}`, {
          monitored: true,
        });
        expect(monitored.status, JSON.stringify(monitored.body)).toBe(200);
      }
      const search = await api('POST', `/api/v1/series/${seriesIds.standard}/search`);
      expect(search.status, JSON.stringify(search.body)).toBeLessThan(300);
      expect(await waitForGrabs(4, seriesIds.standard)).toEqual([
        'Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-NTb',
        'Harbor.Lights.S02E01.1080p.BluRay.x264-DEMAND',
        'Harbor.Lights.S02E02.1080p.WEB-DL.DDP5.1.H.264-NTb',
        'Harbor.Lights.S02E03E04.1080p.WEB-DL.DDP5.1.H.264-NTb',
      ]);

      // Why the season 2 pack was not taken, in the stored searches.
      const searches = await api<SearchView[]>('GET', `/api/v1/series/${seriesIds.standard}/searches`);
      const pack = searches.body
        .flatMap((stored) => stored.decisions)
        .find((decision) => decision.title === 'Harbor.Lights.S02.1080p.WEB-DL.DDP5.1.H.264-PACK');
      expect(pack?.accepted).toBe(false);
      expect(pack?.rejections.map((rejection) => rejection.code)).toContain('wouldDowngrade');
      expect(pack?.rejections.map((rejection) => rejection.message).join(' ')).toMatch(/S02E01/);
      const decoys = searches.body.flatMap((stored) => stored.decisions);
      const refused = (title: string) => decoys.find((decision) => decision.title === title)?.accepted;
      expect(refused('Harbor.Lights.S01.CAM.x264-BAD')).toBe(false);
      expect(refused('Harbor.Lights.Revisited.S01E01.1080p.WEB-DL.H.264-OTHER')).not.toBe(true);

      await runPipelineUntil(async () => libraryFiles().length === 6 && (await queueIsEmpty()));
      const show = 'Harbor Lights (2021)';
      expect(libraryFiles()).toEqual(
        [
          path.join(show, 'Season 01', 'Harbor Lights - S01E01 - Harbor Lights 1x1 WEBDL-1080p.mkv'),
          path.join(show, 'Season 01', 'Harbor Lights - S01E02 - Harbor Lights 1x2 WEBDL-1080p.mkv'),
          path.join(show, 'Season 01', 'Harbor Lights - S01E03 - Harbor Lights 1x3 WEBDL-1080p.mkv'),
          path.join(show, 'Season 02', 'Harbor Lights - S02E01 - Harbor Lights 2x1 Bluray-1080p.mkv'),
          path.join(show, 'Season 02', 'Harbor Lights - S02E02 - Harbor Lights 2x2 WEBDL-1080p.mkv'),
          path.join(
            show,
            'Season 02',
            // Sonarr's default multi-episode style, "extend".
            'Harbor Lights - S02E03-04 - Harbor Lights 2x3 + Harbor Lights 2x4 WEBDL-1080p.mkv',
          ),
        ].sort(),
      );
      // Hardlinked from the client's copy (same inode), the sample and the extra left behind.
      const imported = path.join(
        library,
        show,
        'Season 01',
        'Harbor Lights - S01E02 - Harbor Lights 1x2 WEBDL-1080p.mkv',
      );
      const downloaded = path.join(
        client.downloadDir,
        'Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-NTb',
        'Harbor.Lights.S01E02.1080p.WEB-DL.DDP5.1.H.264-NTb.mkv',
      );
      expect(statSync(imported).ino).toBe(statSync(downloaded).ino);

      await jellyfin.waitForUpdate(
        `/media/tv/${show}/Season 01/Harbor Lights - S01E03 - Harbor Lights 1x3 WEBDL-1080p.mkv`,
        10_000,
      );
      const all = await episodes(seriesIds.standard);
      expect(
        all.filter((episode) => episode.seasonNumber > 0).every((episode) => episode.episodeFileId),
      ).toBe(true);
      const multi = all.filter((episode) => episode.seasonNumber === 2 && episode.episodeNumber >= 3);
      expect(multi[0]!.episodeFileId).toBe(multi[1]!.episodeFileId);
      const wanted = await api<{ total?: number; totalRecords?: number }>('GET', '/api/v1/wanted/missing');
      expect(wanted.body.total ?? wanted.body.totalRecords).toBe(0);
    },
  );

  it('finds, grabs and imports a daily show by air date', { timeout: 150_000 }, async () => {
    seriesIds.daily = (
      await addSeries(DAILY.tvmazeId, { monitor: 'all', seriesType: 'daily', searchForMissingEpisodes: true })
    ).id;
    expect(await waitForGrabs(2, seriesIds.daily)).toEqual([
      'Late.Night.Daily.2024.03.04.1080p.WEB.h264-DAILY',
      'Late.Night.Daily.2024.03.05.1080p.WEB.h264-DAILY',
    ]);
    await runPipelineUntil(
      async () =>
        libraryFiles(path.join(library, 'Late Night Daily (2024)')).length === 2 && (await queueIsEmpty()),
    );
    expect(libraryFiles(path.join(library, 'Late Night Daily (2024)'))).toEqual([
      path.join('Season 2024', 'Late Night Daily - 2024-03-04 - Guest 1 WEBDL-1080p.mkv'),
      path.join('Season 2024', 'Late Night Daily - 2024-03-05 - Guest 2 WEBDL-1080p.mkv'),
    ]);
  });

  it(
    'matches an anime by its romanised alias and imports by absolute number',
    { timeout: 150_000 },
    async () => {
      const added = await addSeries<{ seriesType: string }>(ANIME.tvmazeId, { monitor: 'all' });
      expect(added.seriesType).toBe('anime');
      seriesIds.anime = added.id;
      await api('POST', `/api/v1/series/${seriesIds.anime}/search`);
      expect(await waitForGrabs(3, seriesIds.anime)).toEqual([
        '[SubsPlease] Sousou no Frieren - 01 (1080p) [ABCD0001]',
        '[SubsPlease] Sousou no Frieren - 02 (1080p) [ABCD0002]',
        '[SubsPlease] Sousou no Frieren - 03 (1080p) [ABCD0003]',
      ]);
      // Colons become " - " (smart replacement); a web release naming no source reads as HDTV, as in Sonarr.
      const root = path.join(library, 'Frieren - Beyond Journey’s End (2023)');
      await runPipelineUntil(async () => libraryFiles(root).length === 3 && (await queueIsEmpty()));
      expect(libraryFiles(root)).toEqual(
        [1, 2, 3].map((episode) =>
          path.join(
            'Season 01',
            `Frieren - Beyond Journey’s End - S01E0${episode} - 00${episode} - Frieren - Beyond Journey’s End 1x${episode} HDTV-1080p.mkv`,
          ),
        ),
      );
      const wanted = await api<{ total?: number; totalRecords?: number }>('GET', '/api/v1/wanted/missing');
      expect(wanted.body.total ?? wanted.body.totalRecords).toBe(0);
    },
  );

  it('then an RSS sync over the whole feed grabs nothing more, and says why for every release', async () => {
    const sync = await api<{
      releases: number;
      matched: number;
      grabbed: unknown[];
      searchId: number | null;
    }>('POST', '/api/v1/rss/sync');
    expect(sync.status, JSON.stringify(sync.body)).toBe(200);
    expect(sync.body.grabbed).toEqual([]);
    expect(sync.body.matched).toBeGreaterThan(10);
    const [record] = (await api<SearchView[]>('GET', '/api/v1/rss/syncs')).body;
    const codes = Object.fromEntries(
      record!.decisions.map((decision) => [decision.title, decision.rejections.map((r) => r.code)]),
    );
    expect(record!.decisions.every((decision) => !decision.accepted)).toBe(true);
    // Grabbed before, and the file on disk is as good.
    expect(codes['Harbor.Lights.S02E02.1080p.WEB-DL.DDP5.1.H.264-NTb']).toEqual([
      'alreadyGrabbed',
      'notAnUpgrade',
    ]);
    expect(codes['Late.Night.Daily.2023.11.20.1080p.WEB.h264-OLD']).toContain('unknownEpisodes');
  });
});
