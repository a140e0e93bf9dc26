// Seeds the series the episode import tests work on, through the real SeriesRepository.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { NewEpisode } from '../../src/series/episode-refresh.js';
import type { NewEpisodeFile } from '../../src/series/episode-file.repository.js';
import { SeriesRepository } from '../../src/series/series.repository.js';
import type { Episode, Series, SeriesType } from '../../src/series/series.js';

export const NOW = Date.UTC(2025, 5, 1, 12);

export function newEpisode(
  seasonNumber: number,
  episodeNumber: number,
  extra: Partial<NewEpisode> = {},
): NewEpisode {
  return {
    seasonNumber,
    episodeNumber,
    absoluteNumber: null,
    airDate: '2024-01-01',
    airDateUtc: Date.UTC(2024, 0, 1),
    title: `Episode ${episodeNumber}`,
    overview: '',
    // Unknown: the series' runtime applies.
    runtime: null,
    monitored: true,
    ...extra,
  };
}

export interface SeededSeries {
  series: Series;
  episodes: Episode[];
  /** The episode with this season and number. */
  episode(seasonNumber: number, episodeNumber: number): Episode;
}

export async function seedSeries(
  db: Kysely<Database>,
  options: {
    title: string;
    year?: number;
    seriesType?: SeriesType;
    rootFolderPath: string;
    path: string;
    seasonFolders?: boolean;
    runtime?: number | null;
    episodes: NewEpisode[];
  },
): Promise<SeededSeries> {
  const repository = new SeriesRepository(db);
  const seasons = [...new Set(options.episodes.map((e) => e.seasonNumber))].map((seasonNumber) => ({
    seasonNumber,
    monitored: true,
  }));
  const id = await repository.insert({
    tvdbId: null,
    tvmazeId: null,
    tmdbId: null,
    imdbId: null,
    title: options.title,
    cleanTitle: options.title.toLowerCase(),
    sortTitle: options.title.toLowerCase(),
    year: options.year ?? 2020,
    overview: '',
    status: 'continuing',
    network: null,
    runtime: options.runtime === undefined ? 22 : options.runtime,
    seriesType: options.seriesType ?? 'standard',
    seasonFolders: options.seasonFolders ?? true,
    monitored: true,
    monitorNewSeasons: true,
    qualityProfileId: 1,
    rootFolderPath: options.rootFolderPath,
    path: options.path,
    tags: [],
    addedAt: NOW,
    alternativeTitles: [],
    seasons,
    episodes: options.episodes,
  });
  const series = (await repository.findById(id))!;
  const episodes = await repository.episodes(id);
  return {
    series,
    episodes,
    episode(seasonNumber, episodeNumber) {
      const found = episodes.find(
        (e) => e.seasonNumber === seasonNumber && e.episodeNumber === episodeNumber,
      );
      if (!found) throw new Error(`no episode ${seasonNumber}x${episodeNumber} seeded`);
      return found;
    },
  };
}

export function episodeFile(
  seriesId: number,
  relativePath: string,
  extra: Partial<NewEpisodeFile> = {},
): NewEpisodeFile {
  return {
    seriesId,
    seasonNumber: 1,
    relativePath,
    size: 1_000,
    qualityName: 'HDTV-720p',
    revision: { version: 1, real: 0, isRepack: false },
    mediaInfo: null,
    releaseGroup: 'GRP',
    sceneName: 'Show.S01E01.720p.HDTV.x264-GRP',
    languages: ['en'],
    dateAdded: NOW,
    ...extra,
  };
}
