import { describe, expect, it } from 'vitest';
import {
  hasAired,
  monitoredSeasons,
  selectMonitoredEpisodes,
  type MonitoringEpisode,
} from './episode-monitoring.js';
import type { MonitorOption } from './series.js';

const now = Date.UTC(2026, 0, 15, 12);
const day = 86_400_000;

function ep(
  season: number,
  episode: number,
  airedDaysAgo: number | null,
  hasFile = false,
): MonitoringEpisode {
  const airDateUtc = airedDaysAgo === null ? null : now - airedDaysAgo * day;
  return {
    seasonNumber: season,
    episodeNumber: episode,
    airDateUtc,
    airDate: airDateUtc === null ? null : new Date(airDateUtc).toISOString().slice(0, 10),
    hasFile,
  };
}

// Specials, two aired seasons (S01E01 on disk), and a season 3 half aired, half to come or unscheduled.
const library = [
  ep(0, 1, 400),
  ep(1, 1, 300, true),
  ep(1, 2, 293),
  ep(2, 1, 100),
  ep(2, 2, 93, true),
  ep(3, 1, 1),
  ep(3, 2, -6),
  ep(3, 3, null),
];

describe('selectMonitoredEpisodes', () => {
  const cases: Array<[MonitorOption, string[]]> = [
    ['all', ['1x1', '1x2', '2x1', '2x2', '3x1', '3x2', '3x3']],
    ['future', ['3x2', '3x3']],
    ['missing', ['1x2', '2x1', '3x1', '3x2', '3x3']],
    ['existing', ['1x1', '2x2']],
    ['pilot', ['1x1']],
    ['firstSeason', ['1x1', '1x2']],
    ['latestSeason', ['3x1', '3x2', '3x3']],
    ['none', []],
  ];
  it.each(cases)('%s', (option, expected) => {
    const selected = selectMonitoredEpisodes(library, option, now);
    expect(library.filter((_, i) => selected[i]).map((e) => `${e.seasonNumber}x${e.episodeNumber}`)).toEqual(
      expected,
    );
  });

  it('takes the first season the source has when it does not start at 1', () => {
    const episodes = [ep(0, 1, 10), ep(2019, 1, 5), ep(2019, 2, 4), ep(2020, 1, 1)];
    expect(selectMonitoredEpisodes(episodes, 'pilot', now)).toEqual([false, true, false, false]);
    expect(selectMonitoredEpisodes(episodes, 'firstSeason', now)).toEqual([false, true, true, false]);
  });

  it('selects nothing from a series with only specials', () => {
    expect(selectMonitoredEpisodes([ep(0, 1, 3)], 'latestSeason', now)).toEqual([false]);
  });
});

describe('hasAired', () => {
  it('uses the UTC time when known, else the local date with a day of grace', () => {
    expect(hasAired({ airDateUtc: now, airDate: null }, now)).toBe(true);
    expect(hasAired({ airDateUtc: now + 1, airDate: null }, now)).toBe(false);
    expect(hasAired({ airDateUtc: null, airDate: '2026-01-14' }, now)).toBe(true);
    expect(hasAired({ airDateUtc: null, airDate: '2026-01-15' }, now)).toBe(false);
    expect(hasAired({ airDateUtc: null, airDate: null }, now)).toBe(false);
  });
});

describe('monitoredSeasons', () => {
  it('monitors a season when any episode is monitored', () => {
    const selected = selectMonitoredEpisodes(library, 'future', now);
    expect([...monitoredSeasons(library, selected)]).toEqual([
      [0, false],
      [1, false],
      [2, false],
      [3, true],
    ]);
  });
});
