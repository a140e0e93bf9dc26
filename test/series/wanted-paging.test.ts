// The wanted pages (missing, cutoff unmet) on SQLite and PostgreSQL, every page of every size against
// the list worked out here from the library: episodes sharing an air time (ordered by id), episodes
// with a file and no air date (cutoff unmet: last on SQLite, first on PostgreSQL, as each orders a
// NULL in a descending sort), unmonitored episodes and series, a multi-episode file, future
// episodes. A page past the middle is read from the oldest end, so every offset is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEpisode } from '../../src/series/episode-refresh.js';
import { SeriesRepository, type EpisodePage } from '../../src/series/series.repository.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const DAY = 86_400_000;

/** Per profile, the qualities below its cutoff (profile 3 has none). */
const BELOW: Record<number, string[]> = { 1: ['HDTV-720p', 'WEBDL-1080p'], 2: ['HDTV-720p'] };
const isBelowCutoff = (profileId: number, quality: string) => BELOW[profileId]?.includes(quality) ?? false;
const QUALITIES = ['HDTV-720p', 'WEBDL-1080p', 'Bluray-1080p'];

interface ModelEpisode {
  id: number;
  seriesMonitored: boolean;
  profileId: number;
  monitored: boolean;
  airDateUtc: number | null;
  quality: string | null;
}

describe.each(dialects)('wanted pages (%s)', (dialect) => {
  let database: TestDatabase;
  let repository: SeriesRepository;
  const model: ModelEpisode[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    repository = new SeriesRepository(database.handle.db);
    const library = [
      { title: 'Alpha', profileId: 1, monitored: true },
      { title: 'Beta', profileId: 2, monitored: true },
      { title: 'Gamma', profileId: 1, monitored: false },
      { title: 'Delta', profileId: 3, monitored: true },
      { title: 'Epsilon', profileId: 1, monitored: true },
    ];
    for (const [index, show] of library.entries()) {
      const episodes: NewEpisode[] = Array.from({ length: 14 }, (_, k) => {
        // Every series airs at the same times (ties across series); episodes 2 and 4 share one;
        // 5 and 11 have no air date; 13 and 14 are in the future.
        const airDateUtc = k === 4 || k === 10 ? null : NOW + (k === 3 ? -9 : k - 10) * DAY;
        return {
          seasonNumber: 1,
          episodeNumber: k + 1,
          absoluteNumber: null,
          airDate: airDateUtc === null ? null : new Date(airDateUtc).toISOString().slice(0, 10),
          airDateUtc,
          title: `Episode ${k + 1}`,
          overview: '',
          runtime: 30,
          monitored: (k + index) % 7 !== 4,
        };
      });
      const seriesId = await repository.insert({
        tvdbId: null,
        tvmazeId: 100 + index,
        tmdbId: null,
        imdbId: null,
        title: show.title,
        cleanTitle: show.title.toLowerCase(),
        sortTitle: show.title.toLowerCase(),
        year: 2020,
        overview: '',
        status: 'continuing',
        network: null,
        runtime: 30,
        seriesType: 'standard',
        seasonFolders: true,
        monitored: show.monitored,
        monitorNewSeasons: true,
        qualityProfileId: show.profileId,
        rootFolderPath: '/tv',
        path: `/tv/${show.title}`,
        tags: [],
        addedAt: NOW,
        alternativeTitles: [],
        seasons: [{ seasonNumber: 1, monitored: true }],
        episodes,
      });
      const stored = await repository.episodes(seriesId);
      const files = new Map<number, string>();
      // Two in three episodes have a file; the first two share one (a multi-episode file).
      const withFile = stored.filter((episode) => episode.episodeNumber % 3 !== 0);
      for (const [i, episode] of withFile.entries()) {
        if (episode.episodeNumber === 2) continue;
        const quality = QUALITIES[(i + index) % QUALITIES.length]!;
        const ids = episode.episodeNumber === 1 ? [episode.id, stored[1]!.id] : [episode.id];
        await repository.addEpisodeFile(
          {
            seriesId,
            seasonNumber: 1,
            relativePath: `Season 01/${show.title} ${episode.episodeNumber}.mkv`,
            size: 1_000,
            qualityName: quality,
            revision: { version: 1, real: 0, isRepack: false },
            mediaInfo: null,
            releaseGroup: null,
            sceneName: null,
            languages: [],
            dateAdded: NOW,
          },
          ids,
        );
        for (const id of ids) files.set(id, quality);
      }
      for (const episode of stored) {
        model.push({
          id: episode.id,
          seriesMonitored: show.monitored,
          profileId: show.profileId,
          monitored: episode.monitored,
          airDateUtc: episode.airDateUtc,
          quality: files.get(episode.id) ?? null,
        });
      }
    }
  });
  afterAll(async () => {
    await database?.cleanup();
  });

  // Most recent first, ties by id; a NULL air date where the database puts it in a descending sort.
  const nullsFirst = dialect === 'postgres';
  const newestFirst = (a: ModelEpisode, b: ModelEpisode) => {
    if (a.airDateUtc === b.airDateUtc) return b.id - a.id;
    if (a.airDateUtc === null) return nullsFirst ? -1 : 1;
    if (b.airDateUtc === null) return nullsFirst ? 1 : -1;
    return b.airDateUtc - a.airDateUtc;
  };

  async function expectEveryPage(
    read: (page: { limit: number; offset: number }) => Promise<EpisodePage>,
    expected: number[],
  ): Promise<void> {
    for (const limit of [1, 2, 3, 7, 100]) {
      for (let offset = 0; offset <= expected.length + limit; offset += limit) {
        const page = await read({ limit, offset });
        expect(page.total).toBe(expected.length);
        expect(
          page.records.map((record) => record.id),
          `limit ${limit} offset ${offset}`,
        ).toEqual(expected.slice(offset, offset + limit));
      }
    }
  }

  it('pages wanted/missing: monitored, aired, no file', async () => {
    const expected = model
      .filter((e) => e.seriesMonitored && e.monitored && e.quality === null)
      .filter((e) => e.airDateUtc !== null && e.airDateUtc <= NOW)
      .sort(newestFirst)
      .map((e) => e.id);
    expect(expected.length).toBeGreaterThan(10);
    await expectEveryPage((page) => repository.missing(NOW, page), expected);
  });

  it("pages wanted/cutoff: monitored, a file below its series' profile cutoff", async () => {
    const matching = model
      .filter((e) => e.seriesMonitored && e.monitored && e.quality !== null)
      .filter((e) => isBelowCutoff(e.profileId, e.quality!))
      .sort(newestFirst);
    expect(matching.length).toBeGreaterThan(10);
    expect(matching.some((e) => e.airDateUtc === null)).toBe(true);
    expect(matching.some((e) => e.airDateUtc !== null && e.airDateUtc > NOW)).toBe(true);
    await expectEveryPage(
      (page) => repository.cutoffUnmet(isBelowCutoff, page),
      matching.map((e) => e.id),
    );
    const page = await repository.cutoffUnmet(isBelowCutoff, { limit: 100, offset: 0 });
    expect(page.records.map((record) => record.qualityName)).toEqual(matching.map((e) => e.quality));
  });

  it('answers an empty page when no quality is below any cutoff', async () => {
    expect(await repository.cutoffUnmet(() => false, { limit: 10, offset: 0 })).toEqual({
      total: 0,
      records: [],
    });
  });
});
