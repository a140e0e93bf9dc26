// RSS sync on both databases, through the real indexer service, decision engine and repositories,
// against the Torznab fake's latest releases: grabs for two series (a single and a multi-episode
// release), skips unknown shows and movies, refuses a title two series share naming both, stores one
// record per sync. Delay profiles: a torrent held 60 minutes is grabbed by the one-minute check once
// the clock passes it; the best allowed quality bypasses the wait and lets go of the held one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import {
  pendingReleasesJob,
  pendingReleasesSchedule,
  rssSyncJob,
  rssSyncSchedule,
} from '../../src/search/rss-sync.service.js';
import { StoredReleaseGrabber } from '../../src/search/stored-release-grab.js';
import type { JobContext } from '../../src/jobs/job-registry.js';
import type { SeriesDetails } from '../../src/series/series.js';
import { episode, NOW, show } from '../series/series-metadata.js';
import { dialects } from '../support/databases.js';
import { GB, startTvSearchStack, tvRelease, type TvSearchStack } from './tv-search-stack.js';

const MINUTE = 60_000;

describe('RSS sync schedule', () => {
  it('runs every N minutes on a cycle of the clock, or not at all', () => {
    expect(rssSyncSchedule(15)?.pattern).toBe('*/15 * * * *');
    expect(rssSyncSchedule(120)?.pattern).toBe('0 */2 * * *');
    expect(rssSyncSchedule(1440)?.pattern).toBe('0 0 * * *');
    expect(rssSyncSchedule(0)).toBeNull();
    expect(pendingReleasesSchedule.pattern).toBe('* * * * *');
  });

  it('reads OMNIARR_RSS_SYNC_MINUTES: 15 by default, 0 off, at least 10, a cycle of the clock', () => {
    expect(loadConfig({}).rssSyncMinutes).toBe(15);
    expect(loadConfig({ OMNIARR_RSS_SYNC_MINUTES: '0' }).rssSyncMinutes).toBe(0);
    expect(loadConfig({ OMNIARR_RSS_SYNC_MINUTES: '30' }).rssSyncMinutes).toBe(30);
    for (const bad of ['5', '25', '90', 'soon']) {
      expect(() => loadConfig({ OMNIARR_RSS_SYNC_MINUTES: bad }), bad).toThrow(ConfigError);
    }
  });
});

describe.each(dialects)('RSS sync on %s', (dialect) => {
  let stack: TvSearchStack;
  let harbor: SeriesDetails;
  let night: SeriesDetails;
  const episodeIdOf = async (series: SeriesDetails, season: number, number: number) =>
    (await stack.seriesRepository.episodes(series.id)).find(
      (entry) => entry.seasonNumber === season && entry.episodeNumber === number,
    )!.id;
  const context = () => ({ signal: new AbortController().signal }) as JobContext;

  beforeAll(async () => {
    stack = await startTvSearchStack(dialect);
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await stack.reset();
    stack.metadata.shows.set(
      1,
      show(
        1,
        'Harbor Lights',
        2024,
        [1, 2, 3, 4].map((n) => episode(1, n, -30 + n)),
      ),
    );
    stack.metadata.shows.set(2, show(2, 'Night Shift Diaries', 2025, [episode(1, 1, -1), episode(1, 2, 6)]));
    stack.metadata.shows.set(3, show(3, 'Doctor Who', 1963, [episode(1, 1, -20_000)]));
    stack.metadata.shows.set(4, show(4, 'Doctor Who', 2005, [episode(1, 1, -7_000)]));
    harbor = await stack.addSeries(1);
    night = await stack.addSeries(2);
    await stack.addSeries(3);
    await stack.addSeries(4);
  });

  it('grabs for two series, skips other shows and movies, refuses a title two series share', async () => {
    stack.indexer.setReleases([
      tvRelease('Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP'),
      tvRelease('Harbor.Lights.S01E02E03.1080p.WEB-DL.DDP5.1.H.264-GRP', { size: 2.4 * GB }),
      tvRelease('Harbor.Lights.S01E01.720p.HDTV.x264-LOL', { size: 0.6 * GB }),
      tvRelease('Night.Shift.Diaries.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP'),
      tvRelease('Unknown.Show.S03E07.1080p.WEB-DL.DDP5.1.H.264-GRP'),
      // A movie filed under TV by the indexer.
      tvRelease('Some.Movie.2023.1080p.BluRay.x264-GRP', { size: 9 * GB, categories: [5000] }),
      tvRelease('Doctor.Who.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP'),
    ]);

    const result = await stack.rss.sync();

    const [feed] = stack.indexer.requests.filter((request) => request.params['t'] !== 'caps');
    expect(feed?.params).toMatchObject({ t: 'tvsearch', cat: '5000,5070' });
    expect(feed?.params).not.toHaveProperty('q');
    expect(result).toMatchObject({ releases: 7, matched: 4, ambiguous: 1, series: 2, held: 0 });
    const byTitle = <T extends { releaseTitle: string }>(list: T[]) =>
      [...list].sort((a, b) => a.releaseTitle.localeCompare(b.releaseTitle));
    expect(byTitle(result.grabbed).map((download) => [download.seriesId, download.releaseTitle])).toEqual([
      [harbor.id, 'Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP'],
      [harbor.id, 'Harbor.Lights.S01E02E03.1080p.WEB-DL.DDP5.1.H.264-GRP'],
      [night.id, 'Night.Shift.Diaries.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP'],
    ]);
    expect(byTitle(result.grabbed)[1]!.episodeIds).toEqual([
      await episodeIdOf(harbor, 1, 2),
      await episodeIdOf(harbor, 1, 3),
    ]);

    // One record for the sync, naming no series; each decision names its own.
    const [record, ...older] = await stack.searches.listRssSyncs();
    expect(older).toEqual([]);
    expect(record).toMatchObject({
      id: result.searchId,
      trigger: 'rss',
      seriesId: null,
      movieId: null,
      accepted: 3,
    });
    const decisions = await stack.searches.decisions(record!.id);
    // Accepted first, then refused; the ambiguous title last. Unknown shows and the movie are not kept.
    expect(decisions.map((decision) => decision.accepted)).toEqual([true, true, true, false, false]);
    expect(
      decisions
        .slice(0, 3)
        .map((decision) => decision.title)
        .sort(),
    ).toEqual([
      'Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP',
      'Harbor.Lights.S01E02E03.1080p.WEB-DL.DDP5.1.H.264-GRP',
      'Night.Shift.Diaries.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP',
    ]);
    expect(decisions.slice(3).map((decision) => decision.title)).toEqual([
      'Harbor.Lights.S01E01.720p.HDTV.x264-LOL',
      'Doctor.Who.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP',
    ]);
    const ambiguous = decisions.at(-1)!;
    expect(ambiguous.rejections).toEqual([
      {
        code: 'ambiguousSeries',
        message: expect.stringMatching(/"Doctor Who" \(1963\).*"Doctor Who" \(2005\)/) as string,
      },
    ]);
    // A decision of the sync can be grabbed for its series; the ambiguous one for none.
    expect((await stack.searches.decision(decisions[3]!.id))?.target).toEqual({
      seriesId: harbor.id,
      episodeIds: [await episodeIdOf(harbor, 1, 1)],
    });
    expect((await stack.searches.decision(ambiguous.id))?.target).toBeNull();

    // The same feed again: everything is in the queue already.
    const again = await rssSyncJob(stack.rss).run({}, context());
    expect(again).toBeUndefined();
    expect(await stack.tracked.listActiveForSeries(harbor.id)).toHaveLength(2);
    const [latest] = await stack.searches.listRssSyncs();
    expect(latest).toMatchObject({ accepted: 0, grabbedTitle: null });

    // Grabbing from the stored sync by hand: a refused release only with force, for its episodes;
    // the ambiguous one for no series at all.
    const grabber = new StoredReleaseGrabber({ searches: stack.searches, grabs: stack.grabs });
    await expect(grabber.grab(decisions[3]!.id, false)).rejects.toThrow(/was refused/);
    const forced = await grabber.grab(decisions[3]!.id, true);
    expect(forced).toMatchObject({
      seriesId: harbor.id,
      movieId: null,
      episodeIds: [await episodeIdOf(harbor, 1, 1)],
      releaseTitle: 'Harbor.Lights.S01E01.720p.HDTV.x264-LOL',
    });
    await expect(grabber.grab(ambiguous.id, true)).rejects.toThrow(/fits several series/);
  });

  it('stores nothing when no release is for the library', async () => {
    stack.indexer.setReleases([tvRelease('Unknown.Show.S03E07.1080p.WEB-DL.DDP5.1.H.264-GRP')]);
    expect(await stack.rss.sync()).toMatchObject({ releases: 1, matched: 0, series: 0, searchId: null });
    expect(await stack.searches.listRssSyncs()).toEqual([]);
  });

  it('holds a torrent for the 60-minute delay, then the one-minute check grabs it', async () => {
    const [defaultProfile] = await stack.delayProfiles.list();
    await stack.delayProfiles.update(defaultProfile!.id, {
      preferredProtocol: 'usenet',
      usenetDelay: 0,
      torrentDelay: 60,
      bypassIfHighestQuality: true,
      tags: [],
    });
    const published = new Date(NOW - 5 * MINUTE);
    stack.indexer.setReleases([
      tvRelease('Harbor.Lights.S01E04.1080p.WEB-DL.DDP5.1.H.264-GRP', { pubDate: published }),
    ]);

    const first = await stack.rss.sync();
    expect(first).toMatchObject({ grabbed: [], held: 1 });
    const [held] = await stack.pending.list();
    expect(held).toMatchObject({
      seriesId: harbor.id,
      title: 'Harbor.Lights.S01E04.1080p.WEB-DL.DDP5.1.H.264-GRP',
      episodeIds: [await episodeIdOf(harbor, 1, 4)],
      firstSeen: NOW,
      delayedUntil: published.getTime() + 60 * MINUTE,
      qualityName: 'WEBDL-1080p',
    });
    expect(held!.reason).toMatch(/60-min torrent delay/);
    const [record] = await stack.searches.listRssSyncs();
    expect((await stack.searches.decisions(record!.id))[0]!.rejections.map((r) => r.code)).toEqual([
      'delayed',
    ]);

    // Seen again by the next sync: still one held release, its first sighting kept.
    stack.clock.advance(15 * MINUTE);
    expect(await stack.rss.sync()).toMatchObject({ grabbed: [], held: 1 });
    expect(await stack.pending.list()).toMatchObject([{ id: held!.id, firstSeen: NOW }]);

    stack.clock.advance(30 * MINUTE); // 50 minutes after publication
    expect(await stack.rss.processDue()).toEqual({ series: 0, grabbed: [], held: 0 });
    stack.indexer.setReleases([]); // gone from the feed: the held copy is all there is
    stack.clock.advance(11 * MINUTE); // 61 minutes after publication
    await pendingReleasesJob(stack.rss).run({}, context());
    expect(
      (await stack.tracked.listActiveForSeries(harbor.id)).map((download) => download.releaseTitle),
    ).toEqual(['Harbor.Lights.S01E04.1080p.WEB-DL.DDP5.1.H.264-GRP']);
    expect(await stack.pending.list()).toEqual([]);
  });

  it('grabs the best allowed quality at once and lets go of the worse release held for the episode', async () => {
    await stack.delayProfiles.create({
      preferredProtocol: 'torrent',
      usenetDelay: 0,
      torrentDelay: 60,
      bypassIfHighestQuality: true,
      tags: ['slow'],
    });
    await stack.catalog.edit(harbor.id, { tags: ['slow'] });
    stack.indexer.setReleases([
      tvRelease('Harbor.Lights.S01E04.1080p.WEB-DL.DDP5.1.H.264-GRP', { pubDate: new Date(NOW) }),
      tvRelease('Night.Shift.Diaries.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP', { pubDate: new Date(NOW) }),
    ]);
    const first = await stack.rss.sync();
    // Night Shift Diaries has no tag: the default profile, no delay.
    expect(first.grabbed.map((download) => download.releaseTitle)).toEqual([
      'Night.Shift.Diaries.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP',
    ]);
    expect((await stack.pending.list()).map((release) => release.title)).toEqual([
      'Harbor.Lights.S01E04.1080p.WEB-DL.DDP5.1.H.264-GRP',
    ]);

    stack.clock.advance(10 * MINUTE);
    stack.indexer.setReleases([
      tvRelease('Harbor.Lights.S01E04.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP', {
        pubDate: new Date(NOW + 10 * MINUTE),
        size: 5 * GB,
      }),
    ]);
    const second = await stack.rss.sync();
    expect(second.grabbed.map((download) => download.releaseTitle)).toEqual([
      'Harbor.Lights.S01E04.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP',
    ]);
    expect(await stack.pending.list()).toEqual([]);
  });

  it('grabs a held release now on request, and forgets one on request', async () => {
    const [defaultProfile] = await stack.delayProfiles.list();
    await stack.delayProfiles.update(defaultProfile!.id, {
      preferredProtocol: 'usenet',
      usenetDelay: 0,
      torrentDelay: 120,
      bypassIfHighestQuality: false,
      tags: [],
    });
    stack.indexer.setReleases([
      tvRelease('Harbor.Lights.S01E04.1080p.WEB-DL.DDP5.1.H.264-GRP', { pubDate: new Date(NOW) }),
      tvRelease('Night.Shift.Diaries.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP', { pubDate: new Date(NOW) }),
    ]);
    await stack.rss.sync();
    const [first, second] = await stack.pending.list();
    const download = await stack.pending.grabNow(first!.id);
    expect(download).toMatchObject({ seriesId: first!.seriesId, releaseTitle: first!.title });
    await stack.pending.remove(second!.id);
    expect(await stack.pending.list()).toEqual([]);
    await expect(stack.pending.grabNow(first!.id)).rejects.toThrow(/not found/);
  });
});
