import { describe, expect, it } from 'vitest';
import type { EpisodeMetadata } from '../metadata/series-metadata-provider.js';
import { episodeFieldsOf, planEpisodeRefresh } from './episode-refresh.js';
import type { Episode } from './series.js';

function meta(season: number, episode: number, airDate: string | null = '2025-01-01'): EpisodeMetadata {
  return {
    seasonNumber: season,
    episodeNumber: episode,
    absoluteNumber: null,
    title: `Episode ${episode}`,
    airDate,
    airDateUtc: airDate === null ? null : `${airDate}T20:00:00Z`,
    runtimeMinutes: 22,
    overview: '',
  };
}

let nextId = 1;
function held(season: number, episode: number, extra: Partial<Episode> = {}): Episode {
  const source = meta(season, episode);
  return {
    id: nextId++,
    seriesId: 1,
    seasonNumber: season,
    episodeNumber: episode,
    absoluteNumber: null,
    airDate: source.airDate,
    airDateUtc: Date.parse(source.airDateUtc!),
    title: source.title,
    overview: '',
    runtime: 22,
    monitored: true,
    episodeFileId: null,
    removedUpstream: false,
    ...extra,
  };
}

describe('planEpisodeRefresh', () => {
  it('leaves unchanged episodes alone and rewrites a moved air date', () => {
    const a = held(1, 1);
    const b = held(1, 2);
    const plan = planEpisodeRefresh({
      held: [a, b],
      seasons: new Map([[1, true]]),
      source: [meta(1, 1), meta(1, 2, '2025-02-01')],
      monitorNewSeasons: false,
    });
    expect(plan.update.map((u) => [u.id, u.fields.airDate, u.fields.airDateUtc])).toEqual([
      [b.id, '2025-02-01', Date.UTC(2025, 1, 1, 20)],
    ]);
    expect(plan.insert).toEqual([]);
    expect(plan.delete).toEqual([]);
  });

  it('monitors a new episode like its season, and a new season per "monitor new seasons"', () => {
    for (const monitorNewSeasons of [true, false]) {
      const plan = planEpisodeRefresh({
        held: [held(1, 1)],
        seasons: new Map([
          [1, true],
          [2, false],
        ]),
        source: [meta(1, 1), meta(1, 2), meta(2, 1), meta(3, 1), meta(3, 2), meta(0, 1)],
        monitorNewSeasons,
      });
      expect(plan.insert.map((e) => [`${e.seasonNumber}x${e.episodeNumber}`, e.monitored])).toEqual([
        ['1x2', true],
        ['2x1', false],
        ['3x1', monitorNewSeasons],
        ['3x2', monitorNewSeasons],
        ['0x1', false],
      ]);
      expect(plan.newSeasons).toEqual([
        { seasonNumber: 3, monitored: monitorNewSeasons },
        { seasonNumber: 0, monitored: false },
      ]);
    }
  });

  it('deletes a dropped episode without a file, keeps and flags one with a file', () => {
    const withFile = held(1, 3, { episodeFileId: 7 });
    const without = held(1, 4);
    const alreadyFlagged = held(1, 5, { episodeFileId: 8, removedUpstream: true });
    const plan = planEpisodeRefresh({
      held: [held(1, 1), withFile, without, alreadyFlagged],
      seasons: new Map([[1, true]]),
      source: [meta(1, 1)],
      monitorNewSeasons: true,
    });
    expect(plan.delete).toEqual([without.id]);
    expect(plan.flagRemoved).toEqual([withFile.id]);
  });

  it('clears the flag when the source lists the episode again', () => {
    const back = held(1, 2, { episodeFileId: 3, removedUpstream: true });
    const plan = planEpisodeRefresh({
      held: [back],
      seasons: new Map([[1, true]]),
      source: [meta(1, 2)],
      monitorNewSeasons: true,
    });
    expect(plan.update.map((u) => u.id)).toEqual([back.id]);
  });
});

describe('episodeFieldsOf', () => {
  it('takes the exact UTC air time, else the end of the air date, else nothing', () => {
    expect(episodeFieldsOf(meta(1, 1, '2025-03-04')).airDateUtc).toBe(Date.UTC(2025, 2, 4, 20));
    expect(episodeFieldsOf({ ...meta(1, 1, '2025-03-04'), airDateUtc: null }).airDateUtc).toBe(
      Date.UTC(2025, 2, 5),
    );
    expect(episodeFieldsOf({ ...meta(1, 1, '2025-03-04'), airDateUtc: 'not a time' }).airDateUtc).toBe(
      Date.UTC(2025, 2, 5),
    );
    expect(episodeFieldsOf(meta(1, 1, null)).airDateUtc).toBeNull();
  });
});
