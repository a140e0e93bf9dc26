// Table-driven tests of every specification: each row is a release for The Matrix (1999, 136 min,
// profile HD-1080p unless the row says otherwise) and the rejection codes that specification must give.
import { describe, expect, it } from 'vitest';
import { candidate, decisionInput, defaultProfile, GB, movie, NOW } from '../../test/decisions/fixtures.js';
import type { IndexerRelease } from '../indexers/indexer.js';
import { defaultQualityDefinitions } from '../profiles/default-profiles.js';
import type { CustomFormat } from '../profiles/profile.schema.js';
import { evaluateReleases } from './decision-engine.js';
import type { DecisionInput, RejectionCode } from './decision.types.js';
import { defaultDecisionSettings } from './decision.types.js';

const GOOD = 'The.Matrix.1999.1080p.BluRay.x264-SPARKS';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const revision = (version = 1, real = 0) => ({ version, real, repack: false });

interface Row {
  name: string;
  title?: string;
  release?: Partial<IndexerRelease>;
  input?: Partial<DecisionInput>;
  codes: RejectionCode[];
  note?: RegExp;
}

function judge(row: Row) {
  const input = decisionInput({ releases: [candidate(row.title ?? GOOD, row.release)], ...row.input });
  const [decision] = evaluateReleases(input);
  if (!decision) throw new Error('no decision');
  return decision;
}

function table(specification: string, rows: Row[]) {
  describe(specification, () => {
    it.each(rows)('$name', (row) => {
      const decision = judge(row);
      const codes = decision.rejections.filter((r) => r.specification === specification).map((r) => r.code);
      expect(codes).toEqual(row.codes);
      for (const rejection of decision.rejections) expect(rejection.message.length).toBeGreaterThan(10);
      if (row.note) expect(decision.notes.join(' | ')).toMatch(row.note);
    });
  });
}

table('rightMovie', [
  { name: 'title and year', codes: [] },
  { name: 'year off by one', title: 'The.Matrix.2000.1080p.BluRay.x264-GRP', codes: [] },
  { name: 'an alternative title', title: 'Matrix.1999.1080p.BluRay.x264-GRP', codes: [] },
  { name: 'another movie', title: 'The.Matrix.Reloaded.2003.1080p.BluRay.x264-GRP', codes: ['wrongMovie'] },
  { name: 'a remake year', title: 'The.Matrix.1993.1080p.BluRay.x264-GRP', codes: ['wrongMovie'] },
  { name: 'no year in the name', title: 'The.Matrix.1080p.BluRay.x264-GRP', codes: ['wrongMovie'] },
  { name: 'a TV episode', title: 'The.Matrix.S01E01.1080p.WEB-DL.x264-GRP', codes: ['notAMovie'] },
  {
    name: 'the indexer gives our TMDB id for a foreign title',
    title: 'Matrix.Revolution.Ohne.Titel.1999.1080p.BluRay.x264-GRP',
    release: { tmdbId: 603 },
    codes: [],
  },
  { name: 'the indexer gives another TMDB id', release: { tmdbId: 604 }, codes: ['wrongMovie'] },
  { name: 'the indexer gives another IMDb id', release: { imdbId: 'tt0234215' }, codes: ['wrongMovie'] },
  {
    name: 'a movie without a year yet matches on title',
    title: 'The.Matrix.1080p.BluRay.x264-GRP',
    input: { movie: movie({ year: null }) },
    codes: [],
    note: /no year/,
  },
]);

table('qualityWanted', [
  { name: 'Bluray-1080p in HD-1080p', codes: [] },
  {
    name: 'WEBRip-1080p through the WEB 1080p group',
    title: 'The.Matrix.1999.1080p.WEBRip.x264-GRP',
    codes: [],
  },
  {
    name: 'Bluray-720p not in HD-1080p',
    title: 'The.Matrix.1999.720p.BluRay.x264-GRP',
    codes: ['qualityNotWanted'],
  },
  { name: 'a CAM', title: 'The.Matrix.1999.HDCAM.x264-GRP', codes: ['qualityNotWanted'] },
  {
    name: 'a series-style remux name counts as Remux-1080p',
    title: 'The.Matrix.1999.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP',
    codes: [],
  },
]);

const brDiskAllowed = defaultProfile('Any', {
  items: defaultProfile('Any').items.map((item) =>
    item.kind === 'quality' && item.quality === 'BR-DISK' ? { ...item, allowed: true } : item,
  ),
});

table('rawDisk', [
  { name: 'an encode', codes: [] },
  {
    name: 'an untouched disc',
    title: 'The.Matrix.1999.COMPLETE.BLURAY-GRP',
    input: { profile: defaultProfile('Any') },
    codes: ['rawDisk'],
  },
  {
    name: 'an untouched disc when the profile wants BR-DISK',
    title: 'The.Matrix.1999.COMPLETE.BLURAY-GRP',
    input: { profile: brDiskAllowed },
    codes: [],
  },
]);

const x265: CustomFormat = {
  id: 7,
  name: 'x265',
  includeWhenRenaming: false,
  conditions: [
    { type: 'releaseTitle', name: 'x265', pattern: '[xh][ .]?265|hevc', negate: false, required: false },
  ],
};

table('customFormatScore', [
  {
    name: 'matches a format scored above the minimum',
    title: 'The.Matrix.1999.1080p.BluRay.x265-GRP',
    input: {
      customFormats: [x265],
      profile: defaultProfile('HD-1080p', {
        minFormatScore: 10,
        formatScores: [{ customFormatId: 7, score: 10 }],
      }),
    },
    codes: [],
  },
  {
    name: 'matches no format and scores 0 under a minimum of 10',
    input: {
      customFormats: [x265],
      profile: defaultProfile('HD-1080p', {
        minFormatScore: 10,
        formatScores: [{ customFormatId: 7, score: 10 }],
      }),
    },
    codes: ['formatScoreTooLow'],
  },
  {
    name: 'a negative score under a minimum of 0',
    title: 'The.Matrix.1999.1080p.BluRay.x265-GRP',
    input: {
      customFormats: [x265],
      profile: defaultProfile('HD-1080p', { formatScores: [{ customFormatId: 7, score: -5 }] }),
    },
    codes: ['formatScoreTooLow'],
  },
]);

const tightDefinitions = defaultQualityDefinitions().map((definition) =>
  definition.quality === 'Bluray-1080p' ? { ...definition, maxSize: 30 } : definition,
);

table('size', [
  { name: '8 GB for 136 minutes', codes: [] },
  { name: '1 GB for 136 minutes', release: { size: 1 * GB }, codes: ['sizeTooSmall'] },
  { name: 'above the maximum', input: { qualityDefinitions: tightDefinitions }, codes: ['sizeTooLarge'] },
  {
    name: 'unknown runtime skips with a note',
    release: { size: 1 * GB },
    input: { movie: movie({ runtimeMinutes: null }) },
    codes: [],
    note: /runtime unknown/,
  },
  {
    name: 'unknown size skips with a note',
    release: { size: null },
    codes: [],
    note: /did not give the size/,
  },
]);

table('minimumSeeders', [
  { name: 'enough seeders', codes: [] },
  { name: 'no seeders', release: { seeders: 0 }, codes: ['notEnoughSeeders'] },
  {
    name: 'below a minimum of 5',
    release: { seeders: 4 },
    input: { settings: { ...defaultDecisionSettings, minimumSeeders: 5 } },
    codes: ['notEnoughSeeders'],
  },
  { name: 'usenet has no seeders', release: { protocol: 'usenet', seeders: null }, codes: [] },
  { name: 'unknown seeders', release: { seeders: null }, codes: [], note: /seeders/ },
]);

table('blocklist', [
  { name: 'not blocklisted', input: { blocklist: [{ infoHash: 'ff'.repeat(20) }] }, codes: [] },
  {
    name: 'by info-hash (any case)',
    release: { infoHash: 'ab'.repeat(20) },
    input: { blocklist: [{ infoHash: 'AB'.repeat(20) }] },
    codes: ['blocklisted'],
  },
  {
    name: 'by guid on the same indexer',
    release: { guid: 'g-1', indexer: 'Tracker' },
    input: { blocklist: [{ guid: 'g-1', indexer: 'Tracker' }] },
    codes: ['blocklisted'],
  },
  {
    name: 'the same guid on another indexer',
    release: { guid: 'g-1', indexer: 'Other' },
    input: { blocklist: [{ guid: 'g-1', indexer: 'Tracker' }] },
    codes: [],
  },
  {
    name: 'by title and indexer (usenet)',
    release: { protocol: 'usenet', infoHash: null, indexer: 'Geek' },
    input: { blocklist: [{ title: GOOD.toUpperCase(), indexer: 'Geek' }] },
    codes: ['blocklisted'],
  },
]);

table('alreadyTaken', [
  { name: 'never grabbed', input: { grabbedGuids: ['other'] }, codes: [] },
  {
    name: 'grabbed before',
    release: { guid: 'g-9' },
    input: { grabbedGuids: ['g-9'] },
    codes: ['alreadyGrabbed'],
  },
  {
    name: 'the file on disk came from it',
    input: {
      profile: defaultProfile('HD-1080p', { cutoff: 'Remux-1080p' }),
      movieFile: {
        quality: { name: 'Bluray-1080p', revision: revision() },
        customFormatScore: 0,
        size: 8 * GB,
        releaseTitle: GOOD,
      },
    },
    codes: ['alreadyImported'],
  },
]);

const queued = (name: string, title = 'queued', score = 0, version = 1) => ({
  title,
  quality: { name, revision: revision(version) },
  customFormatScore: score,
});

table('queue', [
  { name: 'nothing queued', codes: [] },
  { name: 'a worse quality queued', input: { queue: [queued('WEBDL-1080p')] }, codes: [] },
  {
    name: 'the same quality queued',
    input: { queue: [queued('Bluray-1080p')] },
    codes: ['queueHasEqualOrBetter'],
  },
  {
    name: 'a better quality queued',
    input: { queue: [queued('Remux-1080p')] },
    codes: ['queueHasEqualOrBetter'],
  },
  {
    name: 'a PROPER of what is queued',
    title: 'The.Matrix.1999.PROPER.1080p.BluRay.x264-GRP',
    input: { queue: [queued('Bluray-1080p')] },
    codes: [],
  },
]);

const onDisk = (name: string, score = 0, version = 1) => ({
  quality: { name, revision: revision(version) },
  customFormatScore: score,
  size: 5 * GB,
  releaseTitle: null,
});
const scored = (overrides: Parameters<typeof defaultProfile>[1]) =>
  defaultProfile('HD-1080p', { formatScores: [{ customFormatId: 7, score: 10 }], ...overrides });

table('upgrade', [
  { name: 'no file yet', codes: [] },
  { name: 'better than the WEBDL on disk', input: { movieFile: onDisk('WEBDL-1080p') }, codes: [] },
  { name: 'the file meets the cutoff', input: { movieFile: onDisk('Bluray-1080p') }, codes: ['cutoffMet'] },
  {
    name: 'upgrades not allowed',
    input: {
      movieFile: onDisk('WEBDL-1080p'),
      profile: defaultProfile('HD-1080p', { upgradeAllowed: false }),
    },
    codes: ['upgradesNotAllowed'],
  },
  {
    name: 'worse than the file',
    title: 'The.Matrix.1999.1080p.HDTV.x264-GRP',
    input: { movieFile: onDisk('WEBDL-1080p') },
    codes: ['notAnUpgrade'],
  },
  {
    name: 'WEBRip for a WEBDL: one group, no upgrade',
    title: 'The.Matrix.1999.1080p.WEBRip.x264-GRP',
    input: { movieFile: onDisk('WEBDL-1080p') },
    codes: ['notAnUpgrade'],
  },
  {
    name: 'a REPACK of the same quality',
    title: 'The.Matrix.1999.REPACK.1080p.WEB-DL.x264-GRP',
    input: { movieFile: onDisk('WEBDL-1080p') },
    codes: [],
  },
  {
    name: 'a first release for a PROPER on disk',
    title: 'The.Matrix.1999.1080p.WEB-DL.x264-GRP',
    input: { movieFile: onDisk('WEBDL-1080p', 0, 2) },
    codes: ['notAnUpgrade'],
  },
  {
    name: 'a higher format score by the increment, below the score cutoff',
    title: 'The.Matrix.1999.1080p.BluRay.x265-GRP',
    input: {
      customFormats: [x265],
      movieFile: onDisk('Bluray-1080p'),
      profile: scored({ cutoffFormatScore: 100, minUpgradeFormatScore: 10 }),
    },
    codes: [],
  },
  {
    name: 'a higher format score short of the increment',
    title: 'The.Matrix.1999.1080p.BluRay.x265-GRP',
    input: {
      customFormats: [x265],
      movieFile: onDisk('Bluray-1080p'),
      profile: scored({ cutoffFormatScore: 100, minUpgradeFormatScore: 11 }),
    },
    codes: ['notAnUpgrade'],
  },
  {
    name: 'a better format score for a worse quality',
    title: 'The.Matrix.1999.1080p.WEB-DL.x265-GRP',
    input: {
      customFormats: [x265],
      movieFile: onDisk('Bluray-1080p'),
      profile: scored({ cutoffFormatScore: 100 }),
    },
    codes: ['notAnUpgrade'],
  },
  {
    name: 'a better quality than the cutoff while the file is below it',
    title: 'The.Matrix.1999.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP',
    input: { movieFile: onDisk('WEBDL-1080p') },
    codes: [],
  },
]);

const usenet = (ageMs: number): Partial<IndexerRelease> => ({
  protocol: 'usenet',
  infoHash: null,
  seeders: null,
  usenetDate: new Date(NOW - ageMs),
  publishDate: new Date(NOW - ageMs),
});

table('usenetRetention', [
  { name: 'unlimited retention', release: usenet(5000 * DAY), codes: [] },
  {
    name: 'within 100 days',
    release: usenet(50 * DAY),
    input: { settings: { ...defaultDecisionSettings, usenetRetentionDays: 100 } },
    codes: [],
  },
  {
    name: 'beyond 100 days',
    release: usenet(200 * DAY),
    input: { settings: { ...defaultDecisionSettings, usenetRetentionDays: 100 } },
    codes: ['olderThanRetention'],
  },
  {
    name: 'a torrent is not subject to retention',
    release: { publishDate: new Date(NOW - 200 * DAY) },
    input: { settings: { ...defaultDecisionSettings, usenetRetentionDays: 100 } },
    codes: [],
  },
]);

table('minimumAge', [
  {
    name: 'posted 10 minutes ago, minimum 60',
    release: usenet(10 * MINUTE),
    input: { settings: { ...defaultDecisionSettings, minimumAgeMinutes: 60 } },
    codes: ['tooNew'],
  },
  {
    name: 'posted 2 hours ago, minimum 60',
    release: usenet(120 * MINUTE),
    input: { settings: { ...defaultDecisionSettings, minimumAgeMinutes: 60 } },
    codes: [],
  },
  {
    name: 'a fresh torrent',
    release: { publishDate: new Date(NOW - MINUTE) },
    input: { settings: { ...defaultDecisionSettings, minimumAgeMinutes: 60 } },
    codes: [],
  },
]);

const withTerms = (requiredTerms: string[], ignoredTerms: string[] = []) => ({
  settings: { ...defaultDecisionSettings, requiredTerms, ignoredTerms },
});

table('requiredTerms', [
  { name: 'no required terms', codes: [] },
  { name: 'has one (any case)', input: withTerms(['hdr', 'sparks']), codes: [] },
  { name: 'a regex term', input: withTerms(['/\\bx26[45]\\b/']), codes: [] },
  { name: 'has none', input: withTerms(['HDR', '/DV$/']), codes: ['missingRequiredTerm'] },
]);

table('ignoredTerms', [
  { name: 'none present', input: withTerms([], ['HDCAM', '3D']), codes: [] },
  { name: 'one present', input: withTerms([], ['sparks']), codes: ['containsIgnoredTerm'] },
]);

table('sample', [
  { name: 'a full release', codes: [] },
  { name: 'says SAMPLE', title: 'The.Matrix.1999.1080p.BluRay.x264.SAMPLE-SPARKS', codes: ['sample'] },
  {
    name: 'a word containing sample is not one',
    title: 'The.Matrix.1999.1080p.BluRay.x264-SAMPLERS',
    codes: [],
  },
]);

table('minimumAvailability', [
  { name: 'released, wanted when released', codes: [] },
  {
    name: 'in cinemas, wanted when released',
    input: { movie: movie({ availability: 'inCinemas' }) },
    codes: ['notYetAvailable'],
  },
  {
    name: 'in cinemas, wanted from cinemas',
    input: { movie: movie({ availability: 'inCinemas', minimumAvailability: 'inCinemas' }) },
    codes: [],
  },
  {
    name: 'announced, wanted when announced',
    input: { movie: movie({ availability: 'announced', minimumAvailability: 'announced' }) },
    codes: [],
  },
]);

table('monitored', [
  { name: 'monitored', codes: [] },
  {
    name: 'unmonitored, automatic search',
    input: { movie: movie({ monitored: false }) },
    codes: ['movieNotMonitored'],
  },
  {
    name: 'unmonitored, interactive search',
    input: { movie: movie({ monitored: false }), searchKind: 'interactive' },
    codes: [],
  },
]);

it('accepts a good release with no rejection at all', () => {
  const decision = judge({ name: 'good', codes: [] });
  expect(decision).toMatchObject({ accepted: true, rejections: [], customFormatScore: 0 });
  expect(decision.qualityRank).toBeGreaterThan(0);
});

it('lists every reason, not only the first', () => {
  const decision = judge({
    name: 'bad',
    title: 'Other.Movie.2010.HDCAM.x264.SAMPLE-GRP',
    release: { seeders: 0, size: 10 * 1024 * 1024 },
    codes: [],
  });
  expect(decision.accepted).toBe(false);
  expect(decision.rejections.map((r) => r.code)).toEqual(
    expect.arrayContaining(['wrongMovie', 'qualityNotWanted', 'notEnoughSeeders', 'sample']),
  );
});
