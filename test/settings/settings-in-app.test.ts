// Settings take effect in the running service without a restart, through the domain's real wiring:
// a required term saved through the API refuses a release in the next search, and a changed episode
// template (then renaming switched off) names the next import, a real ffmpeg-made file placed in
// the library. TVmaze and the indexer are contract fakes on loopback; there is no download
// client, so each finished download is written as the download poll would leave it. A new series'
// folder follows a changed folder template.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialiseRelease } from '../../src/downloads/grab.service.js';
import { TrackedDownloadRepository } from '../../src/downloads/tracked-download.repository.js';
import { EPISODE_IMPORT_JOB } from '../../src/imports/episode-import.service.js';
import { parseRelease } from '../../src/parser/index.js';
import { waitFor } from '../pipeline/pipeline-app.js';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import { standardShow, startTvmazeFake, type TvmazeFake } from '../fakes/tvmaze/tvmaze-fake.js';
import { apiClient } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeVideo } from '../support/media.js';
import { indexerRelease } from '../support/releases.js';

const GB = 1024 ** 3;
const SHOW = { tvmazeId: 701, tvdbId: 90701, title: 'Harbor Lights' };
const LATER = { tvmazeId: 702, tvdbId: 90702, title: 'Quiet Coast' };

interface Decision {
  title: string;
  accepted: boolean;
  rejections: Array<{ code: string; message: string }>;
}

function release(title: string, episode: number): FakeRelease {
  return {
    title,
    size: 2.2 * GB,
    categories: [5040],
    pubDate: new Date(Date.now() - 3 * 3_600_000),
    download: `magnet:?xt=urn:btih:${createHash('sha1').update(title).digest('hex')}`,
    seeders: 20,
    leechers: 1,
    tvdbId: SHOW.tvdbId,
    season: 1,
    episode,
  };
}

describe('settings in the running service', () => {
  let work: string;
  let library: string;
  let video: string;
  let tvmaze: TvmazeFake;
  let indexer: TorznabFake;
  let service: TestApp;
  let seriesId: number;
  let seriesPath: string;
  let profileId: number;
  let episodeIds: Map<number, number>;

  const api = apiClient(() => service);

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'omniarr-settings-'));
    library = path.join(work, 'tv');
    await mkdir(library, { recursive: true });
    video = path.join(work, 'episode.mkv');
    await makeVideo(video, { durationSeconds: 60 * 60 });
    tvmaze = await startTvmazeFake({
      shows: [
        standardShow(SHOW.tvmazeId, SHOW.title, {
          seasons: [4],
          premiered: '2024-01-07',
          tvdbId: SHOW.tvdbId,
        }),
        standardShow(LATER.tvmazeId, LATER.title, {
          seasons: [2],
          premiered: '2024-03-03',
          tvdbId: LATER.tvdbId,
        }),
      ],
    });
    indexer = await startTorznabFake({
      releases: [
        release('Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-NTb', 1),
        release('Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-LOL', 1),
      ],
    });
    // No scheduled RSS sync: a quarter-hour passing mid-test would grab on its own.
    service = await startTestApp('sqlite', { OMNIARR_TVMAZE_URL: tvmaze.url, OMNIARR_RSS_SYNC_MINUTES: '0' });

    expect((await api('POST', '/api/v1/rootfolders', { path: library })).status).toBe(201);
    const added = await api('POST', '/api/v1/indexers', {
      name: 'Local',
      implementation: 'torznab',
      url: indexer.url,
      apiKey: indexer.apiKey,
      minIntervalMs: 0,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const profiles = (await api<Array<{ id: number; name: string }>>('GET', '/api/v1/qualityprofiles')).body;
    profileId = profiles.find((profile) => profile.name === 'HD-1080p')!.id;
    const series = await api<{ id: number; path: string }>('POST', '/api/v1/series', {
      metadataId: SHOW.tvmazeId,
      qualityProfileId: profileId,
      rootFolderPath: library,
      monitor: 'none',
    });
    expect(series.status, JSON.stringify(series.body)).toBe(201);
    seriesId = series.body.id;
    seriesPath = series.body.path;
    const episodes = (
      await api<Array<{ id: number; seasonNumber: number; episodeNumber: number }>>(
        'GET',
        `/api/v1/episodes?seriesId=${seriesId}`,
      )
    ).body;
    episodeIds = new Map(episodes.filter((e) => e.seasonNumber === 1).map((e) => [e.episodeNumber, e.id]));
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await Promise.all([tvmaze?.stop(), indexer?.stop()]);
    await rm(work, { recursive: true, force: true });
  });

  it('refuses a release without a required term from the next search on', async () => {
    const search = async () => {
      const response = await api<{ decisions: Decision[] }>(
        'GET',
        `/api/v1/series/${seriesId}/releases?episodeIds=${episodeIds.get(1)}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return new Map(response.body.decisions.map((decision) => [decision.title.split('-').pop(), decision]));
    };
    const before = await search();
    expect(before.get('LOL')).toMatchObject({ accepted: true });
    expect(before.get('NTb')).toMatchObject({ accepted: true });

    const saved = await api('PUT', '/api/v1/config/releases', { requiredTerms: ['/-NTb$/'] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const after = await search();
    expect(after.get('NTb')).toMatchObject({ accepted: true });
    expect(after.get('LOL')).toMatchObject({
      accepted: false,
      rejections: [{ code: 'missingRequiredTerm', message: expect.stringContaining('/-NTb$/') as unknown }],
    });
  });

  /** A finished download of one episode, as the poll leaves it, and its import job. */
  async function importEpisode(episodeNumber: number): Promise<void> {
    const title = `Harbor.Lights.S01E0${episodeNumber}.1080p.WEB-DL.DDP5.1.H.264-NTb`;
    const folder = path.join(work, 'downloads', title);
    await mkdir(folder, { recursive: true });
    await copyFile(video, path.join(folder, `${title.toLowerCase()}.mkv`));
    const tracked = new TrackedDownloadRepository(service.app.database.db);
    const grabbed = serialiseRelease(indexerRelease({ title, seeders: 20 }), parseRelease(title));
    const download = await tracked.insert(
      {
        target: { seriesId, episodeIds: [episodeIds.get(episodeNumber)!] },
        protocol: 'torrent',
        indexer: 'Local',
        releaseTitle: title,
        infoHash: null,
        guid: grabbed.release.guid,
        size: null,
        qualityName: grabbed.parsed.quality.name,
        customFormatScore: 0,
        grabbed,
      },
      Date.now(),
    );
    await tracked.update(
      download.id,
      { state: 'completed', contentPath: folder, finishedAt: Date.now() },
      Date.now(),
    );
    await service.app.queue.enqueue(EPISODE_IMPORT_JOB, { trackedDownloadId: download.id });
    await waitFor(
      `the import of ${title}`,
      async () => (await tracked.get(download.id))?.state === 'imported',
      30_000,
    );
  }

  const libraryFiles = async () =>
    (await readdir(seriesPath, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(seriesPath, path.join(entry.parentPath, entry.name)))
      .sort();

  it('names the next import by a changed episode template, then keeps the name with renaming off', async () => {
    await importEpisode(1);
    expect(await libraryFiles()).toEqual([
      path.join('Season 01', 'Harbor Lights - S01E01 - Harbor Lights 1x1 WEBDL-1080p.mkv'),
    ]);

    const renamed = await api('PUT', '/api/v1/config/naming', {
      standardEpisodeFormat: '{Series.Title}.S{season:00}E{episode:00}.{Quality.Title}-{Release Group}',
      seasonFolderFormat: 'S{season:00}',
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    await importEpisode(2);

    const kept = await api('PUT', '/api/v1/config/naming', { renameEpisodes: false });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    await importEpisode(3);

    expect(await libraryFiles()).toEqual([
      path.join('S01', 'Harbor.Lights.S01E02.WEBDL-1080p-NTb.mkv'),
      path.join('Season 01', 'Harbor Lights - S01E01 - Harbor Lights 1x1 WEBDL-1080p.mkv'),
      // A PUT replaces the whole section: the season folder template is the default again.
      path.join('Season 01', 'harbor.lights.s01e03.1080p.web-dl.ddp5.1.h.264-ntb.mkv'),
    ]);
  });

  it('puts the next series added in a folder by the changed series folder template', async () => {
    const saved = await api('PUT', '/api/v1/config/naming', {
      seriesFolderFormat: '{Series TitleFirstCharacter}/{Series Title} [tvdb-{TvdbId}]',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const added = await api<{ path: string }>('POST', '/api/v1/series', {
      metadataId: LATER.tvmazeId,
      qualityProfileId: profileId,
      rootFolderPath: library,
      monitor: 'none',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.path).toBe(path.join(library, 'Q', 'Quiet Coast [tvdb-90702]'));
    expect(seriesPath).toBe(path.join(library, 'Harbor Lights (2024)'));
  });
});
