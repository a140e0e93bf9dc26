// The episode release evaluator on both databases with the real repositories: a series with an alias,
// files on disk (one scored by a custom format read from its scene name), a download in the queue, a
// blocklisted and an already grabbed release, and a delay profile. Each release's verdict shows the
// evaluator read that piece from where it lives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstSeenKey, selectEpisodeGrabs } from '../../src/decisions/episode-decision-engine.js';
import type { EpisodeReleaseDecision } from '../../src/decisions/episode-decision.types.js';
import { serialiseRelease } from '../../src/downloads/grab.service.js';
import { activeStates, TrackedDownloadRepository } from '../../src/downloads/tracked-download.repository.js';
import { HistoryRepository } from '../../src/history/history.repository.js';
import { parseRelease } from '../../src/parser/index.js';
import { ProfileRepository } from '../../src/profiles/profile.repository.js';
import { ProfileService } from '../../src/profiles/profile.service.js';
import { EpisodeReleaseEvaluator } from '../../src/search/episode-release-evaluator.js';
import { EpisodeFileRepository } from '../../src/series/episode-file.repository.js';
import type { Episode, Series } from '../../src/series/series.js';
import { indexerRelease } from '../decisions/fixtures.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { openSeriesCatalog } from '../series/series-catalog-setup.js';
import { episode, InTestSeriesMetadata, NOW, show } from '../series/series-metadata.js';

const GB = 1024 ** 3;

const release = (title: string, overrides: Parameters<typeof indexerRelease>[1] = {}) =>
  indexerRelease(title, { size: 1.5 * GB, publishDate: new Date(NOW - 3 * 24 * 3600_000), ...overrides });

describe.each(dialects)('EpisodeReleaseEvaluator on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let series: Series;
  let evaluator: EpisodeReleaseEvaluator;
  const clock = new ManualClock(NOW);
  const id: Record<string, number> = {};

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const { db } = database.handle;
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-episode-evaluator-'));
    const profiles = new ProfileService(new ProfileRepository(db), clock);
    await profiles.seedDefaults();
    const hdr = await profiles.createCustomFormat({
      name: 'HDR',
      includeWhenRenaming: false,
      conditions: [
        { type: 'releaseTitle', name: 'HDR', pattern: '\\bHDR\\b', negate: false, required: false },
      ],
    });
    const hd1080 = (await profiles.listProfiles()).find((p) => p.name === 'HD-1080p')!;
    const { id: profileId, ...input } = hd1080;
    await profiles.updateProfile(profileId, {
      ...input,
      formatScores: [{ customFormatId: hdr.id, score: 10 }],
    });

    const metadata = new InTestSeriesMetadata();
    metadata.shows.set(
      7,
      show(7, 'The Show', 2024, [
        episode(1, 1, -40),
        episode(1, 2, -33),
        episode(1, 3, -26),
        episode(1, 4, -19),
        episode(2, 1, -5),
        episode(2, 2, 2),
      ]),
    );
    const {
      service,
      repository: seriesRepository,
      library,
    } = await openSeriesCatalog(db, dir, { metadata, clock });
    const added = await service.add({ metadataId: 7, qualityProfileId: profileId, rootFolderPath: library });
    await service.addAlias(added.id, 'La Serie');
    series = (await seriesRepository.findById(added.id))!;
    const episodes = await service.episodes(series.id);
    const at = (season: number, number: number): Episode =>
      episodes.find((e) => e.seasonNumber === season && e.episodeNumber === number)!;
    for (const [key, e] of Object.entries({
      e1: at(1, 1),
      e2: at(1, 2),
      e3: at(1, 3),
      e4: at(1, 4),
      s2e1: at(2, 1),
    })) {
      id[key] = e.id;
    }

    const files = new EpisodeFileRepository(db);
    const onDisk = (episodeId: number, quality: string, sceneName: string) =>
      files.add(
        {
          seriesId: series.id,
          seasonNumber: 1,
          relativePath: `Season 01/${sceneName}.mkv`,
          size: 1.5 * GB,
          qualityName: quality,
          revision: { version: 1, real: 0, isRepack: false },
          mediaInfo: null,
          releaseGroup: parseRelease(sceneName).releaseGroup,
          sceneName,
          languages: ['en'],
          dateAdded: NOW,
        },
        [episodeId],
      );
    await onDisk(id.e1!, 'Bluray-1080p', 'The.Show.S01E01.1080p.BluRay.x264-GRP');
    await onDisk(id.e2!, 'WEBDL-1080p', 'The.Show.S01E02.1080p.WEB-DL.HDR.H.265-GRP');

    const tracked = new TrackedDownloadRepository(db);
    const queuedTitle = 'The.Show.S01E03.1080p.WEB-DL.H.264-QUEUED';
    const queued = release(queuedTitle, { guid: 'queued' });
    await tracked.insert(
      {
        target: { seriesId: series.id, episodeIds: [id.e3!] },
        protocol: 'torrent',
        indexer: queued.indexer,
        releaseTitle: queuedTitle,
        infoHash: queued.infoHash,
        guid: queued.guid,
        size: queued.size,
        qualityName: 'WEBDL-1080p',
        customFormatScore: 0,
        grabbed: serialiseRelease(queued, parseRelease(queuedTitle)),
      },
      NOW,
    );
    const blocked = await tracked.insert(
      {
        target: { seriesId: series.id, episodeIds: [id.s2e1!] },
        protocol: 'torrent',
        indexer: 'Tracker',
        releaseTitle: 'The.Show.S02E01.1080p.WEB-DL.H.264-BAD',
        infoHash: null,
        guid: 'blocked-guid',
        size: null,
        qualityName: 'WEBDL-1080p',
        customFormatScore: 0,
        grabbed: serialiseRelease(
          release('The.Show.S02E01.1080p.WEB-DL.H.264-BAD', { guid: 'blocked-guid' }),
          parseRelease('The.Show.S02E01.1080p.WEB-DL.H.264-BAD'),
        ),
      },
      NOW,
    );
    // It failed and was blocklisted: no longer in the queue.
    await tracked.transition(blocked.id, activeStates, { state: 'failed' }, NOW);
    await tracked.blocklist(blocked, 'corrupt', NOW);
    await new HistoryRepository(db).add(
      {
        seriesId: series.id,
        episodeIds: [id.e4!],
        event: 'grabbed',
        sourceTitle: 'The.Show.S01E04.720p.HDTV.x264-OLD',
        qualityName: 'HDTV-720p',
        trackedDownloadId: null,
        data: { guid: 'grabbed-guid' },
      },
      NOW,
    );

    evaluator = new EpisodeReleaseEvaluator({
      profiles,
      series: seriesRepository,
      episodeFiles: files,
      tracked,
      history: new HistoryRepository(db),
      indexerPriorities: () => Promise.resolve({}),
      delayProfileFor: (target) =>
        target.id === series.id
          ? {
              usenetDelayMinutes: 0,
              torrentDelayMinutes: 60,
              preferredProtocol: 'usenet',
              bypassIfHighestQuality: false,
            }
          : null,
      clock,
    });
  });

  afterAll(async () => {
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const codes = (decisions: EpisodeReleaseDecision[], title: string) =>
    decisions.find((d) => d.release.title === title)?.rejections.map((r) => r.code);

  it('judges each release against what the database holds', async () => {
    const titles = {
      pack: 'The.Show.S01.1080p.WEB-DL.H.264-GRP',
      alias: 'La.Serie.S01E04.1080p.WEB-DL.H.264-GRP',
      queued: 'The.Show.S01E03.1080p.WEB-DL.H.264-OTHER',
      cutoff: 'The.Show.S01E01.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP',
      scored: 'The.Show.S01E02.1080p.WEB-DL.H.264-GRP',
      blocked: 'The.Show.S02E01.1080p.WEB-DL.H.264-BAD',
      grabbed: 'The.Show.S01E04.720p.HDTV.x264-OLD',
      airing: 'The.Show.S02.1080p.WEB-DL.H.264-GRP',
    };
    const decisions = await evaluator.evaluate(
      series,
      [
        release(titles.pack, { size: 6 * GB }),
        release(titles.alias),
        release(titles.queued),
        release(titles.cutoff, { size: 8 * GB }),
        release(titles.scored),
        release(titles.blocked, { guid: 'blocked-guid' }),
        release(titles.grabbed, { guid: 'grabbed-guid' }),
        release(titles.airing, { size: 3 * GB }),
      ],
      { searchKind: 'automatic' },
    );
    expect(decisions.filter((d) => d.accepted).map((d) => d.release.title)).toEqual([titles.alias]);
    expect(codes(decisions, titles.pack)).toEqual(['wouldDowngrade', 'queueHasEqualOrBetter']);
    expect(decisions.find((d) => d.release.title === titles.pack)?.perEpisode.map((v) => v.status)).toEqual([
      'rejected',
      'rejected',
      'missing',
      'missing',
    ]);
    expect(codes(decisions, titles.queued)).toEqual(['queueHasEqualOrBetter']);
    expect(codes(decisions, titles.cutoff)).toEqual(['cutoffMet']);
    const scored = decisions.find((d) => d.release.title === titles.scored)!;
    expect(scored.rejections).toEqual([
      expect.objectContaining({
        code: 'notAnUpgrade',
        message: expect.stringContaining('has the higher format score (10 over 0)') as unknown,
      }),
    ]);
    expect(codes(decisions, titles.blocked)).toEqual(['blocklisted']);
    expect(codes(decisions, titles.grabbed)).toEqual(['qualityNotWanted', 'alreadyGrabbed']);
    expect(codes(decisions, titles.airing)).toEqual(['seasonNotAired']);
  });

  it('applies the delay profile from when a release was first seen, and a search scope', async () => {
    const fresh = release('The.Show.S01E04.1080p.WEB-DL.H.264-NEW', { publishDate: null });
    const delayed = await evaluator.evaluate(series, [fresh], { searchKind: 'rss' });
    expect(delayed[0]?.delayedUntil).toBe(NOW + 60 * 60_000);

    const seen = new Map([[firstSeenKey(fresh), NOW - 61 * 60_000]]);
    const due = await evaluator.evaluate(series, [fresh], { searchKind: 'rss', firstSeen: seen });
    expect(selectEpisodeGrabs(due).map((d) => d.release.title)).toEqual([fresh.title]);

    const scoped = await evaluator.evaluate(series, [fresh], {
      searchKind: 'interactive',
      wantedEpisodeIds: [id.e3!],
    });
    expect(scoped[0]?.rejections.map((r) => r.code)).toEqual(['notRequested']);
  });

  it('takes the pack on a season search once nothing on disk would be downgraded', async () => {
    const pack = release('The.Show.S01.1080p.BluRay.x264-GRP', { size: 6 * GB });
    const parsed = new Map([[pack, parseRelease(pack.title)]]);
    const [decision] = await evaluator.evaluate(series, [pack], {
      searchKind: 'interactive',
      wantedEpisodeIds: [id.e3!, id.e4!],
      searchedSeasonNumber: 1,
      parsed,
    });
    // The queued WEBDL-1080p for E03 is beaten by Bluray; E01 (Bluray) is as good, E02 is upgraded.
    expect(decision?.rejections).toEqual([]);
    expect(decision?.perEpisode.map((v) => [v.label, v.status])).toEqual([
      ['S01E01', 'rejected'],
      ['S01E02', 'upgrade'],
      ['S01E03', 'missing'],
      ['S01E04', 'missing'],
    ]);
  });
});
