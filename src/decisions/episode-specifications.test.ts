// Table-driven tests of every TV specification: each row is a release for "The Show" (2020, 45-min
// episodes, profile "HD - 720p/1080p" with cutoff Bluray-1080p unless the row says otherwise) and the
// rejection codes that specification must give.
import { describe, expect, it } from 'vitest';
import {
  decisionSeries,
  episode,
  episodeFile,
  episodeInput,
  library,
  TV_NOW,
  tvRelease,
  withFiles,
} from '../../test/decisions/episode-fixtures.js';
import { defaultProfile, GB } from '../../test/decisions/fixtures.js';
import type { IndexerRelease } from '../indexers/indexer.js';
import { evaluateEpisodeReleases } from './episode-decision-engine.js';
import type { EpisodeDecisionInput } from './episode-decision.types.js';
import type { RejectionCode } from './decision.types.js';

const WEB = 'The.Show.S01E02.1080p.WEB-DL.DDP5.1.H.264-GRP';
const revision = (version = 1) => ({ version, real: 0, repack: false });

interface Row {
  name: string;
  title?: string;
  release?: Partial<IndexerRelease>;
  input?: Partial<EpisodeDecisionInput>;
  codes: RejectionCode[];
  /** A pattern the rejection message (or the notes when codes is empty) must fit. */
  message?: RegExp;
}

function judge(row: Row) {
  const input = episodeInput({ releases: [tvRelease(row.title ?? WEB, row.release)], ...row.input });
  const [decision] = evaluateEpisodeReleases(input);
  if (!decision) throw new Error('no decision');
  return decision;
}

function table(specification: string, rows: Row[]) {
  describe(specification, () => {
    it.each(rows)('$name', (row) => {
      const decision = judge(row);
      const mine = decision.rejections.filter((r) => r.specification === specification);
      expect(mine.map((r) => r.code)).toEqual(row.codes);
      for (const rejection of decision.rejections) expect(rejection.message.length).toBeGreaterThan(10);
      if (row.message) {
        const text =
          row.codes.length > 0 ? mine.map((r) => r.message).join(' | ') : decision.notes.join(' | ');
        expect(text).toMatch(row.message);
      }
    });
  });
}

table('rightSeries', [
  { name: 'the title', codes: [] },
  { name: 'an alias', title: 'La.Serie.S01E02.1080p.WEB-DL-GRP', codes: [] },
  { name: 'the title with the right year', title: 'The.Show.2020.S01E02.1080p.WEB-DL-GRP', codes: [] },
  {
    name: 'another show of the same name (year)',
    title: 'The.Show.2005.S01E02.1080p.WEB-DL-GRP',
    codes: ['wrongSeries'],
    message: /year 2005 in the name is not 2020/,
  },
  {
    name: 'another show',
    title: 'Another.Show.S01E02.1080p.WEB-DL-GRP',
    codes: ['wrongSeries'],
    message: /"Another Show" is not a title or alias of "The Show"/,
  },
  {
    name: 'our TVDB id under a foreign title',
    title: 'Die.Sendung.S01E02.1080p.WEB-DL-GRP',
    release: { tvdbId: 1001 },
    codes: [],
  },
  {
    name: 'another TVDB id under our title',
    release: { tvdbId: 999 },
    codes: ['wrongSeries'],
    message: /indexer says TVDB 999, the series is TVDB 1001/,
  },
  { name: 'another TVmaze id', release: { tvmazeId: 5 }, codes: ['wrongSeries'] },
  { name: 'our IMDb id in another case', release: { imdbId: 'TT1000001' }, codes: [] },
  {
    name: 'the same name but the right id despite the year',
    title: 'The.Show.2005.S01E02.1080p.WEB-DL-GRP',
    release: { tvmazeId: 2001 },
    codes: [],
  },
]);

table('episodes', [
  { name: 'an episode the catalog has', codes: [] },
  {
    name: 'an episode past the season end',
    title: 'The.Show.S01E09.1080p.WEB-DL-GRP',
    codes: ['unknownEpisodes'],
    message: /S01E09 is not in the catalog: season 1 has 8 episodes/,
  },
  { name: 'a movie-like name', title: 'The.Show.2020.1080p.WEB-DL-GRP', codes: ['unknownEpisodes'] },
]);

table('requested', [
  { name: 'RSS: anything in the series', codes: [] },
  { name: 'the asked-for episode', input: { wantedEpisodeIds: [102] }, codes: [] },
  {
    name: 'an episode not asked for',
    input: { wantedEpisodeIds: [103] },
    codes: ['notRequested'],
    message: /S01E02 was not asked for/,
  },
  {
    name: 'a multi-episode release holding the asked-for one',
    title: 'The.Show.S01E02E03.1080p.WEB-DL-GRP',
    input: { wantedEpisodeIds: [103] },
    codes: [],
  },
  {
    name: 'a season pack on an episode search',
    title: 'The.Show.S01.1080p.WEB-DL-GRP',
    release: { size: 24 * GB },
    input: { wantedEpisodeIds: [102] },
    codes: ['notRequested'],
    message: /a full season pack, but the search asked for single episodes/,
  },
  {
    name: 'a season pack on its season search',
    title: 'The.Show.S01.1080p.WEB-DL-GRP',
    release: { size: 24 * GB },
    input: { wantedEpisodeIds: [101, 102, 103], searchedSeasonNumber: 1 },
    codes: [],
  },
  {
    name: 'a pack of several seasons on one season search',
    title: 'The.Show.S01-S02.1080p.WEB-DL-GRP',
    release: { size: 48 * GB },
    input: { wantedEpisodeIds: [101], searchedSeasonNumber: 1 },
    codes: ['notRequested'],
    message: /a pack of seasons 1, 2, but the search asked for season 1/,
  },
]);

const unmonitored = library().map((e) => (e.id === 102 || e.id === 103 ? { ...e, monitored: false } : e));

table('monitored', [
  { name: 'a monitored episode', codes: [] },
  {
    name: 'an unmonitored series',
    input: { series: decisionSeries({ monitored: false }) },
    codes: ['seriesNotMonitored'],
  },
  {
    name: 'an unmonitored episode',
    input: { episodes: unmonitored },
    codes: ['episodeNotMonitored'],
    message: /S01E02 is not monitored/,
  },
  {
    name: 'an unmonitored episode a user searched for',
    input: { episodes: unmonitored, wantedEpisodeIds: [102], userInvoked: true },
    codes: [],
  },
  {
    name: 'an unmonitored series a user searched',
    input: { series: decisionSeries({ monitored: false }), wantedEpisodeIds: [102], userInvoked: true },
    codes: [],
  },
  {
    name: 'an unmonitored episode Omniarr searches for by itself (a retry)',
    input: { episodes: unmonitored, wantedEpisodeIds: [102] },
    codes: ['episodeNotMonitored'],
  },
  {
    name: 'an unmonitored episode, interactive',
    input: { episodes: unmonitored, searchKind: 'interactive' },
    codes: [],
  },
  {
    name: 'a multi-episode release with one monitored episode',
    title: 'The.Show.S01E03E04.1080p.WEB-DL-GRP',
    input: { episodes: unmonitored },
    codes: [],
  },
  {
    name: 'it would only fill unmonitored episodes (the monitored one is on disk at the cutoff)',
    title: 'The.Show.S01E03E04.1080p.WEB-DL-GRP',
    input: { episodes: withFiles(unmonitored, { 104: 'Bluray-1080p' }), searchKind: 'rss' },
    codes: ['episodeNotMonitored'],
    message: /only fill or upgrade episodes that are not monitored: S01E03/,
  },
]);

table('seasonAired', [
  { name: 'a single episode already out', title: 'The.Show.S03E02.1080p.WEB-DL-GRP', codes: [] },
  {
    name: 'a pack of an aired season',
    title: 'The.Show.S02.1080p.WEB-DL-GRP',
    release: { size: 24 * GB },
    codes: [],
  },
  {
    name: 'a pack of a season still airing',
    title: 'The.Show.S03.1080p.WEB-DL-GRP',
    release: { size: 12 * GB },
    codes: ['seasonNotAired'],
    message: /S03E03 airs 2026-01-19 \(2 episodes to come\)/,
  },
  {
    name: 'a pack whose last episode has no date',
    title: 'The.Show.S03.1080p.WEB-DL-GRP',
    release: { size: 12 * GB },
    input: { episodes: library().filter((e) => e.id !== 303) },
    codes: ['seasonNotAired'],
    message: /S03E04 has no air date yet/,
  },
]);

table('size', [
  { name: '3 GB for a 45-min WEBDL-1080p', codes: [] },
  {
    name: 'too small for a 45-min Bluray-1080p',
    title: 'The.Show.S01E02.1080p.BluRay.x264-GRP',
    release: { size: 1 * GB },
    codes: ['sizeTooSmall'],
    message: /1\.00 GB is below 2\.23 GB, the minimum for Bluray-1080p at 45 min/,
  },
  {
    name: 'a pack judged per episode',
    title: 'The.Show.S01.1080p.BluRay.x264-GRP',
    release: { size: 8 * GB },
    codes: ['sizeTooSmall'],
    message: /1\.00 GB per episode is below 2\.23 GB/,
  },
  {
    name: 'a pack big enough per episode',
    title: 'The.Show.S01.1080p.BluRay.x264-GRP',
    release: { size: 24 * GB },
    codes: [],
  },
  {
    name: "an episode's own runtime wins over the series'",
    release: { size: 200 * 1024 * 1024 },
    input: { episodes: library().map((e) => (e.id === 102 ? { ...e, runtimeMinutes: 22 } : e)) },
    codes: ['sizeTooSmall'],
    message: /at 22 min/,
  },
  {
    name: 'runtime unknown: noted',
    input: { series: decisionSeries({ runtimeMinutes: null }) },
    codes: [],
    message: /episode runtime unknown: size not checked/,
  },
]);

table('alreadyTaken', [
  { name: 'a new release', codes: [] },
  {
    name: 'grabbed before',
    release: { guid: 'known-guid' },
    input: { grabbedGuids: ['known-guid'] },
    codes: ['alreadyGrabbed'],
  },
  {
    name: 'the file on disk came from it',
    input: {
      episodes: withFiles(library(), {
        102: episodeFile('WEBDL-720p', { releaseTitle: WEB.toLowerCase() }),
      }),
    },
    codes: ['alreadyImported'],
  },
]);

const packTitle = 'The.Show.S01.1080p.WEB-DL.DDP5.1.H.264-GRP';
const pack = { size: 24 * GB };

table('upgrade', [
  { name: 'a missing episode', codes: [] },
  {
    name: 'an upgrade of WEBDL-720p',
    input: { episodes: withFiles(library(), { 102: 'WEBDL-720p' }) },
    codes: [],
  },
  {
    name: 'the same quality on disk',
    input: { episodes: withFiles(library(), { 102: 'WEBDL-1080p' }) },
    codes: ['notAnUpgrade'],
    message: /S01E02 \(WEBDL-1080p on disk is as good/,
  },
  {
    name: 'the file meets the cutoff',
    input: { episodes: withFiles(library(), { 102: 'Bluray-1080p' }) },
    codes: ['cutoffMet'],
  },
  {
    name: 'upgrades not allowed',
    input: {
      episodes: withFiles(library(), { 102: 'WEBDL-720p' }),
      profile: defaultProfile('HD - 720p/1080p', { upgradeAllowed: false }),
    },
    codes: ['upgradesNotAllowed'],
  },
  {
    name: 'a PROPER of the quality on disk',
    title: 'The.Show.S01E02.PROPER.1080p.WEB-DL-GRP',
    input: { episodes: withFiles(library(), { 102: 'WEBDL-1080p' }) },
    codes: [],
  },
  {
    name: 'a multi-episode release upgrading both files',
    title: 'The.Show.S01E02E03.1080p.WEB-DL-GRP',
    release: { size: 6 * GB },
    input: { episodes: withFiles(library(), { 102: 'WEBDL-720p', 103: 'HDTV-720p' }) },
    codes: [],
  },
  {
    name: 'a multi-episode release filling one and upgrading the other',
    title: 'The.Show.S01E02E03.1080p.WEB-DL-GRP',
    release: { size: 6 * GB },
    input: { episodes: withFiles(library(), { 102: 'WEBDL-720p' }) },
    codes: [],
  },
  {
    name: 'a multi-episode release that would downgrade one file',
    title: 'The.Show.S01E02E03.720p.WEB-DL-GRP',
    release: { size: 3 * GB },
    input: { episodes: withFiles(library(), { 103: 'WEBDL-1080p' }) },
    codes: ['wouldDowngrade'],
    message: /S01E03 \(WEBDL-1080p on disk is better/,
  },
  {
    name: 'a multi-episode release equal to one file',
    title: 'The.Show.S01E02E03.1080p.WEB-DL-GRP',
    release: { size: 6 * GB },
    input: { episodes: withFiles(library(), { 103: 'WEBDL-1080p' }) },
    codes: ['notAnUpgrade'],
  },
  { name: 'a pack filling a missing season', title: packTitle, release: pack, codes: [] },
  {
    name: 'a pack filling gaps beside files of the same quality',
    title: packTitle,
    release: pack,
    input: { episodes: withFiles(library(), { 101: 'WEBDL-1080p', 102: 'WEBRip-1080p' }) },
    codes: [],
  },
  {
    name: 'a pack that would downgrade one file',
    title: packTitle,
    release: pack,
    input: { episodes: withFiles(library(), { 101: 'Bluray-1080p' }) },
    codes: ['wouldDowngrade'],
    message: /the pack would downgrade S01E01 \(Bluray-1080p on disk/,
  },
  {
    name: 'a pack bringing nothing',
    title: packTitle,
    release: pack,
    input: {
      episodes: withFiles(
        library(),
        Object.fromEntries([101, 102, 103, 104, 105, 106, 107, 108].map((id) => [id, 'WEBDL-1080p'])),
      ),
    },
    codes: ['notAnUpgrade'],
  },
  {
    name: 'a pack of a season at the cutoff',
    title: 'The.Show.S01.1080p.BluRay.x264-GRP',
    release: pack,
    input: {
      episodes: withFiles(
        library(),
        Object.fromEntries([101, 102, 103, 104, 105, 106, 107, 108].map((id) => [id, 'Bluray-1080p'])),
      ),
    },
    codes: ['cutoffMet'],
  },
]);

const anime = decisionSeries({
  seriesType: 'anime',
  title: 'Frieren',
  cleanTitles: ['frieren', 'sousounofrieren'],
});
const animeEpisodes = (group: string | null, version = 1) =>
  library().map((e) =>
    e.id === 112 || e.seasonNumber !== 1
      ? e
      : {
          ...e,
          absoluteNumber: e.episodeNumber,
          file:
            e.episodeNumber === 5
              ? episodeFile('HDTV-1080p', {
                  releaseGroup: group,
                  quality: { name: 'HDTV-1080p', revision: revision(version) },
                })
              : null,
        },
  );

table('upgrade', [
  {
    name: 'anime: v2 of the same group',
    title: '[SubsPlease] Sousou no Frieren - 05v2 (1080p) [ABCD1234]',
    input: { series: anime, episodes: animeEpisodes('SubsPlease') },
    codes: [],
  },
  {
    name: 'anime: v2 of another group is judged on quality',
    title: '[Erai-raws] Sousou no Frieren - 05v2 (1080p) [ABCD1234]',
    input: { series: anime, episodes: animeEpisodes('SubsPlease') },
    codes: ['notAnUpgrade'],
    message: /another group's version is no revision of it/,
  },
  {
    name: "anime: another group's v1 does not downgrade a v2 on disk",
    title: '[Erai-raws] Sousou no Frieren - 05 (1080p) [ABCD1234]',
    input: { series: anime, episodes: animeEpisodes('SubsPlease', 2) },
    codes: ['notAnUpgrade'],
    message: /as good/,
  },
  {
    name: 'standard: a PROPER from another group still counts',
    title: 'The.Show.S01E02.PROPER.1080p.WEB-DL-OTHER',
    input: { episodes: withFiles(library(), { 102: episodeFile('WEBDL-1080p', { releaseGroup: 'GRP' }) }) },
    codes: [],
  },
]);

table('queue', [
  { name: 'nothing downloading', codes: [] },
  {
    name: 'the same quality downloading for that episode',
    input: {
      queue: [
        {
          title: 'The.Show.S01E02.1080p.WEB-DL-X',
          quality: { name: 'WEBDL-1080p', revision: revision() },
          customFormatScore: 0,
          episodeIds: [102],
        },
      ],
    },
    codes: ['queueHasEqualOrBetter'],
  },
  {
    name: 'something downloading for another episode',
    input: {
      queue: [
        {
          title: 'The.Show.S01E03.1080p.WEB-DL-X',
          quality: { name: 'WEBDL-1080p', revision: revision() },
          customFormatScore: 0,
          episodeIds: [103],
        },
      ],
    },
    codes: [],
  },
  {
    name: 'a pack overlapping a better download',
    title: packTitle,
    release: pack,
    input: {
      queue: [
        {
          title: 'The.Show.S01E05.1080p.BluRay-X',
          quality: { name: 'Bluray-1080p', revision: revision() },
          customFormatScore: 0,
          episodeIds: [105],
        },
      ],
    },
    codes: ['queueHasEqualOrBetter'],
  },
  {
    name: 'an upgrade of what is downloading',
    title: 'The.Show.S01E02.1080p.BluRay.x264-GRP',
    input: {
      queue: [
        {
          title: 'The.Show.S01E02.720p.HDTV-X',
          quality: { name: 'HDTV-720p', revision: revision() },
          customFormatScore: 0,
          episodeIds: [102],
        },
      ],
    },
    codes: [],
  },
]);

const delayProfile = {
  usenetDelayMinutes: 0,
  torrentDelayMinutes: 120,
  preferredProtocol: 'usenet' as const,
  bypassIfHighestQuality: true,
};
const fresh = (minutesAgo: number) => ({ publishDate: new Date(TV_NOW - minutesAgo * 60_000) });

table('delay', [
  { name: 'no delay profile', release: fresh(5), codes: [] },
  {
    name: 'a fresh torrent waits',
    release: fresh(30),
    input: { delayProfile },
    codes: ['delayed'],
    message: /the 120-min torrent delay runs until 2026-01-15 13:30 UTC/,
  },
  { name: 'a torrent past the delay', release: fresh(121), input: { delayProfile }, codes: [] },
  {
    name: 'usenet, the preferred protocol, has no delay',
    release: { ...fresh(1), protocol: 'usenet', seeders: null, infoHash: null },
    input: { delayProfile },
    codes: [],
  },
  {
    name: 'an interactive search never waits',
    release: fresh(1),
    input: { delayProfile, searchKind: 'interactive' },
    codes: [],
  },
  {
    name: 'a search the user asked for never waits',
    release: fresh(1),
    input: { delayProfile, wantedEpisodeIds: [102], userInvoked: true },
    codes: [],
  },
  {
    name: "Omniarr's own search for the episode waits",
    release: fresh(1),
    input: { delayProfile, wantedEpisodeIds: [102] },
    codes: ['delayed'],
  },
  {
    name: 'the highest quality of the preferred protocol bypasses',
    title: 'The.Show.S01E02.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP',
    release: { ...fresh(1), size: 10 * GB },
    input: { delayProfile: { ...delayProfile, usenetDelayMinutes: 60, preferredProtocol: 'torrent' } },
    codes: [],
  },
  {
    name: 'the highest quality of the other protocol still waits',
    title: 'The.Show.S01E02.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP',
    release: { ...fresh(1), size: 10 * GB },
    input: { delayProfile },
    codes: ['delayed'],
  },
  {
    name: 'a PROPER of the file on disk, preferred protocol',
    title: 'The.Show.S01E02.PROPER.1080p.WEB-DL-GRP',
    release: fresh(1),
    input: {
      delayProfile: { ...delayProfile, preferredProtocol: 'torrent' },
      episodes: withFiles(library(), { 102: 'WEBDL-1080p' }),
    },
    codes: [],
  },
  {
    name: 'no publish date: counted from when it was first seen',
    release: { guid: 'seen-guid', publishDate: null },
    input: { delayProfile, firstSeen: new Map([['tracker\u0000seen-guid', TV_NOW - 3 * 60 * 60_000]]) },
    codes: [],
  },
  {
    name: 'no publish date and never seen: counted from now',
    release: { publishDate: null },
    input: { delayProfile },
    codes: ['delayed'],
  },
]);

describe('delay', () => {
  it('starts the clock with the first release seen for an episode, not each release', () => {
    const input = episodeInput({
      delayProfile,
      releases: [
        tvRelease('The.Show.S01E02.720p.HDTV.x264-OLD', fresh(150)),
        tvRelease('The.Show.S01E02.1080p.WEB-DL-NEW', fresh(5)),
      ],
    });
    const decisions = evaluateEpisodeReleases(input);
    expect(decisions.map((d) => [d.release.title, d.accepted])).toEqual([
      ['The.Show.S01E02.1080p.WEB-DL-NEW', true],
      ['The.Show.S01E02.720p.HDTV.x264-OLD', true],
    ]);
  });

  it('gives the time to decide again only when delay alone refused it', () => {
    const [delayed] = evaluateEpisodeReleases(
      episodeInput({ delayProfile, releases: [tvRelease(WEB, fresh(30))] }),
    );
    expect(delayed?.delayedUntil).toBe(TV_NOW + 90 * 60_000);
    const [refused] = evaluateEpisodeReleases(
      episodeInput({
        delayProfile,
        releases: [tvRelease(WEB, fresh(30))],
        episodes: withFiles(library(), { 102: 'Bluray-1080p' }),
      }),
    );
    expect(refused?.rejections.map((r) => r.code)).toEqual(['cutoffMet']);
    expect(refused?.delayedUntil).toBeNull();
  });
});

describe('shared specifications run for episodes too', () => {
  it.each([
    ['qualityNotWanted', 'The.Show.S01E02.2160p.WEB-DL-GRP', {}],
    ['notEnoughSeeders', WEB, { seeders: 0 }],
    ['blocklisted', WEB, { infoHash: 'ab'.repeat(20) }],
    ['sample', 'The.Show.S01E02.1080p.WEB-DL-GRP.sample', {}],
  ] as const)('%s', (code, title, release) => {
    const [decision] = evaluateEpisodeReleases(
      episodeInput({
        releases: [tvRelease(title, release)],
        blocklist: [{ infoHash: 'ab'.repeat(20) }],
      }),
    );
    expect(decision?.rejections.map((r) => r.code)).toContain(code);
  });

  it('takes a single episode listed before its air date: only whole seasons wait for theirs', () => {
    const episodes = [...library(), episode(4, 1, -30)];
    const [decision] = evaluateEpisodeReleases(
      episodeInput({ episodes, releases: [tvRelease('The.Show.S04E01.1080p.WEB-DL-GRP')] }),
    );
    expect(decision?.rejections).toEqual([]);
  });
});
