// Table-driven tests of release → episodes: each row is a real-looking release name for one of three
// series (a standard show, a daily show, an anime) and the episodes it must map to, or why it cannot.
import { describe, expect, it } from 'vitest';
import { parseRelease } from '../parser/index.js';
import { episodeLabel, mapReleaseToEpisodes, type EpisodeNumbering } from './release-episodes.js';
import type { SeriesType } from './series.js';

type Ep = EpisodeNumbering & { id: string };

function ep(
  season: number,
  episode: number,
  absolute: number | null = null,
  airDate: string | null = null,
): Ep {
  return {
    id: `${season}x${episode}`,
    seasonNumber: season,
    episodeNumber: episode,
    absoluteNumber: absolute,
    airDate,
  };
}

// Standard: two specials, season 1 of 8 episodes, season 2 of 3.
const standard: Ep[] = [
  ep(0, 1),
  ep(0, 2),
  ...Array.from({ length: 8 }, (_, i) => ep(1, i + 1)),
  ep(2, 1),
  ep(2, 2),
  ep(2, 3),
];

// Daily: season 2024, one episode a weekday, and one day with two episodes.
const daily: Ep[] = [
  ep(2024, 1, null, '2024-03-04'),
  ep(2024, 2, null, '2024-03-05'),
  ep(2024, 3, null, '2024-03-06'),
  ep(2024, 4, null, '2024-03-07'),
  ep(2024, 5, null, '2024-03-07'),
];

// Anime: season 1 = absolute 1..28, season 2 = absolute 29..31.
const anime: Ep[] = [
  ...Array.from({ length: 28 }, (_, i) => ep(1, i + 1, i + 1)),
  ep(2, 1, 29),
  ep(2, 2, 30),
  ep(2, 3, 31),
];

const catalogs: Record<SeriesType, Ep[]> = { standard, daily, anime };

interface Row {
  name: string;
  type: SeriesType;
  title: string;
  /** Expected episode ids (`SxE`), or a pattern the unmatched reason must fit. */
  expect: string[] | RegExp;
  by?: 'seasonEpisode' | 'absolute' | 'airDate' | 'season';
  fullSeason?: boolean;
  seasons?: number[];
}

const rows: Row[] = [
  {
    name: 'one episode',
    type: 'standard',
    title: 'Show.S01E02.1080p.WEB-DL.x264-GRP',
    expect: ['1x2'],
    by: 'seasonEpisode',
    seasons: [1],
  },
  {
    name: 'a multi-episode file',
    type: 'standard',
    title: 'Show.S01E01E02.1080p.WEB-DL-GRP',
    expect: ['1x1', '1x2'],
    by: 'seasonEpisode',
  },
  {
    name: 'an episode range',
    type: 'standard',
    title: 'Show.S01E03-E05.720p.HDTV.x264-GRP',
    expect: ['1x3', '1x4', '1x5'],
    by: 'seasonEpisode',
  },
  { name: 'the 1x02 style', type: 'standard', title: 'Show.2x03.720p.HDTV.x264-GRP', expect: ['2x3'] },
  {
    name: 'a special',
    type: 'standard',
    title: 'Show.S00E02.720p.HDTV.x264-GRP',
    expect: ['0x2'],
    by: 'seasonEpisode',
    seasons: [0],
  },
  {
    name: 'a season pack holds every episode of the season, no specials',
    type: 'standard',
    title: 'Show.S01.1080p.BluRay.x264-GRP',
    expect: ['1x1', '1x2', '1x3', '1x4', '1x5', '1x6', '1x7', '1x8'],
    by: 'season',
    fullSeason: true,
    seasons: [1],
  },
  {
    name: 'a multi-season pack',
    type: 'standard',
    title: 'Show.S01-S02.1080p.BluRay.x264-GRP',
    expect: ['1x1', '1x2', '1x3', '1x4', '1x5', '1x6', '1x7', '1x8', '2x1', '2x2', '2x3'],
    by: 'season',
    fullSeason: true,
    seasons: [1, 2],
  },
  {
    name: 'the specials asked for explicitly',
    type: 'standard',
    title: 'Show.S00.1080p.WEB-DL-GRP',
    expect: ['0x1', '0x2'],
    by: 'season',
    fullSeason: true,
  },
  {
    name: 'a season in words',
    type: 'standard',
    title: 'Show Season 2 Complete 1080p WEB-DL-GRP',
    expect: ['2x1', '2x2', '2x3'],
    by: 'season',
    fullSeason: true,
  },
  {
    name: 'an episode past the season end',
    type: 'standard',
    title: 'Show.S01E09.1080p.WEB-DL-GRP',
    expect: /^S01E09 is not in the catalog: season 1 has 8 episodes$/,
  },
  {
    name: 'a range running past the season end',
    type: 'standard',
    title: 'Show.S02E03-E04.1080p.WEB-DL-GRP',
    expect: /^S02E04 is not in the catalog: season 2 has 3 episodes$/,
  },
  {
    name: 'a season the catalog lacks',
    type: 'standard',
    title: 'Show.S05E01.1080p.WEB-DL-GRP',
    expect: /S05E01 is not in the catalog: the series has no season 5/,
  },
  {
    name: 'a season pack the catalog lacks',
    type: 'standard',
    title: 'Show.S03.1080p.WEB-DL-GRP',
    expect: /season 3 is not in the catalog: the series has seasons 0, 1, 2/,
  },
  {
    name: 'a part of a season pack',
    type: 'standard',
    title: 'Show S01 Part 2 1080p WEB-DL-GRP',
    expect: /part 2 of season 1: the name does not say which episodes/,
  },
  {
    name: 'no numbers at all',
    type: 'standard',
    title: 'Show.1080p.WEB-DL-GRP',
    expect: /gives no season and episode, absolute number or air date/,
  },
  {
    name: 'a dated name on a standard show with no such date',
    type: 'standard',
    title: 'Show.2024.03.05.720p.HDTV-GRP',
    expect: /no episode in the catalog aired on 2024-03-05/,
  },

  {
    name: 'a daily show by air date',
    type: 'daily',
    title: 'Show.2024.03.05.720p.HDTV.x264-GRP',
    expect: ['2024x2'],
    by: 'airDate',
    seasons: [2024],
  },
  {
    name: 'a daily show in the US date order',
    type: 'daily',
    title: 'Show.03.06.2024.720p.HDTV.x264-GRP',
    expect: ['2024x3'],
    by: 'airDate',
  },
  {
    name: 'a daily show named by season and episode',
    type: 'daily',
    title: 'Show.S2024E04.720p.HDTV.x264-GRP',
    expect: ['2024x4'],
    by: 'seasonEpisode',
  },
  {
    name: 'a day with no episode',
    type: 'daily',
    title: 'Show.2024.03.09.720p.HDTV.x264-GRP',
    expect: /no episode in the catalog aired on 2024-03-09/,
  },
  {
    name: 'a day with two episodes is not guessed',
    type: 'daily',
    title: 'Show.2024.03.07.720p.HDTV.x264-GRP',
    expect: /2 episodes aired on 2024-03-07 \(S2024E04, S2024E05\); the name does not say which/,
  },

  {
    name: 'anime by absolute number',
    type: 'anime',
    title: '[SubsPlease] Sousou no Frieren - 12 (1080p) [ABCD1234]',
    expect: ['1x12'],
    by: 'absolute',
    seasons: [1],
  },
  {
    name: 'anime absolute number in a later season',
    type: 'anime',
    title: '[SubsPlease] Sousou no Frieren - 30 (1080p) [ABCD1234]',
    expect: ['2x2'],
    by: 'absolute',
    seasons: [2],
  },
  {
    name: 'an anime v2',
    type: 'anime',
    title: '[SubsPlease] Sousou no Frieren - 12v2 (1080p) [ABCD1234]',
    expect: ['1x12'],
    by: 'absolute',
  },
  {
    name: 'an anime batch across seasons',
    type: 'anime',
    title: '[Group] Sousou no Frieren - 27-30 (1080p)',
    expect: ['1x27', '1x28', '2x1', '2x2'],
    by: 'absolute',
    seasons: [1, 2],
  },
  {
    name: 'an anime name with S/E only',
    type: 'anime',
    title: 'Sousou.no.Frieren.S01E05.1080p.WEB-DL-GRP',
    expect: ['1x5'],
    by: 'seasonEpisode',
  },
  {
    name: 'absolute and S/E together: absolute first',
    type: 'anime',
    title: '[Grp] Frieren - S02E01 - 29 [1080p]',
    expect: ['2x1'],
    by: 'absolute',
  },
  {
    name: 'an absolute number the catalog lacks falls back to S/E',
    type: 'anime',
    title: '[Grp] Frieren - S02E03 - 99 [1080p]',
    expect: ['2x3'],
    by: 'seasonEpisode',
  },
  {
    name: 'an absolute number the catalog lacks',
    type: 'anime',
    title: '[SubsPlease] Sousou no Frieren - 40 (1080p)',
    expect: /absolute episode #40 is not in the catalog: the highest absolute number is 31/,
  },
  {
    name: 'an anime season pack',
    type: 'anime',
    title: '[Grp] Sousou no Frieren S2 [1080p]',
    expect: ['2x1', '2x2', '2x3'],
    by: 'season',
    fullSeason: true,
  },
];

describe('mapReleaseToEpisodes', () => {
  it.each(rows)('$type: $name', (row) => {
    const parsed = parseRelease(row.title);
    const mapping = mapReleaseToEpisodes(parsed, { seriesType: row.type, title: 'Show' }, catalogs[row.type]);
    if (row.expect instanceof RegExp) {
      expect(mapping.kind).toBe('unmatched');
      if (mapping.kind === 'unmatched') expect(mapping.reason).toMatch(row.expect);
      return;
    }
    expect(mapping.kind === 'episodes' ? mapping.episodes.map((e) => e.id) : mapping.reason).toEqual(
      row.expect,
    );
    if (mapping.kind !== 'episodes') return;
    if (row.by) expect(mapping.by).toBe(row.by);
    expect(mapping.fullSeason).toBe(row.fullSeason ?? false);
    if (row.seasons) expect(mapping.seasonNumbers).toEqual(row.seasons);
  });

  it('refuses an absolute number two catalog episodes share instead of picking one', () => {
    const clash = [ep(1, 1, 1), ep(1, 2, 2), ep(2, 1, 2)];
    const mapping = mapReleaseToEpisodes(
      parseRelease('[Grp] Show - 02 [1080p]'),
      { seriesType: 'anime', title: 'Show' },
      clash,
    );
    expect(mapping).toEqual({
      kind: 'unmatched',
      reason: 'absolute episode 2 is held by 2 catalog episodes (S01E02, S02E01)',
    });
  });

  it('reads one season per episode when the name lists them pairwise', () => {
    const parsed = { ...parseRelease('Show.S01E08.1080p.WEB-DL-GRP'), seasons: [1, 2], episodes: [8, 1] };
    const mapping = mapReleaseToEpisodes(parsed, { seriesType: 'standard', title: 'Show' }, standard);
    expect(mapping.kind === 'episodes' && mapping.episodes.map((e) => e.id)).toEqual(['1x8', '2x1']);
  });

  it('does not guess which season each episode is in when the counts differ', () => {
    const parsed = { ...parseRelease('Show.S01E08.1080p.WEB-DL-GRP'), seasons: [1, 2], episodes: [7, 8, 1] };
    const mapping = mapReleaseToEpisodes(parsed, { seriesType: 'standard', title: 'Show' }, standard);
    expect(mapping).toEqual({
      kind: 'unmatched',
      reason: 'episodes 7, 8, 1 across seasons 1, 2: the name does not say which season each is in',
    });
  });
});

describe('episodeLabel', () => {
  it.each([
    ['standard', ep(1, 2, 2, '2024-01-01'), 'S01E02'],
    ['daily', ep(2024, 2, null, '2024-03-05'), '2024-03-05'],
    ['daily', ep(2024, 2, null, null), 'S2024E02'],
    ['anime', ep(1, 12, 12), '#12'],
    ['anime', ep(0, 1, null), 'S00E01'],
  ] as const)('%s %o → %s', (type, episode, label) => {
    expect(episodeLabel(episode, type)).toBe(label);
  });
});
