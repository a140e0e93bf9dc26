// The series catalog's own types: a series with its settings, seasons, episodes and episode files, in
// the form services and routes use (flags as booleans, JSON parsed, times as epoch milliseconds).
import type { SeriesStatus, SeriesType } from '../metadata/series-metadata-provider.js';
import type { MediaInfo } from '../imports/media-probe.js';
import type { AlternativeTitleSource, SeriesMetadataSource } from './series.tables.js';

export type { SeriesStatus, SeriesType } from '../metadata/series-metadata-provider.js';
export type { AlternativeTitleSource, SeriesMetadataSource } from './series.tables.js';

/** TVmaze is the default: free, no key. TMDB needs a TMDB key or token. */
export const seriesMetadataSources = ['tvmaze', 'tmdb'] as const satisfies readonly SeriesMetadataSource[];

export interface SeriesAlternativeTitle {
  id: number;
  title: string;
  cleanTitle: string;
  source: AlternativeTitleSource;
}

/** What the metadata source says of a series: the columns a refresh rewrites. */
export interface SeriesMetadataFields {
  tvdbId: number | null;
  tvmazeId: number | null;
  tmdbId: number | null;
  imdbId: string | null;
  title: string;
  cleanTitle: string;
  sortTitle: string;
  year: number | null;
  overview: string;
  status: SeriesStatus;
  network: string | null;
  runtime: number | null;
}

/** What the user decides about a series. */
export interface SeriesSettings {
  seriesType: SeriesType;
  seasonFolders: boolean;
  monitored: boolean;
  monitorNewSeasons: boolean;
  qualityProfileId: number;
  rootFolderPath: string;
  path: string;
  tags: string[];
}

export interface Series extends SeriesMetadataFields, SeriesSettings {
  id: number;
  /** The source the series was added from; its id there is `tvmazeId` or `tmdbId`. */
  metadataSource: SeriesMetadataSource;
  addedAt: number;
  lastRefreshedAt: number | null;
  alternativeTitles: SeriesAlternativeTitle[];
}

export interface SeasonStatistics {
  seasonNumber: number;
  monitored: boolean;
  episodeCount: number;
  episodeFileCount: number;
  monitoredCount: number;
  airedCount: number;
}

export interface SeriesDetails extends Series {
  seasons: SeasonStatistics[];
}

export interface Episode {
  id: number;
  seriesId: number;
  seasonNumber: number;
  episodeNumber: number;
  absoluteNumber: number | null;
  airDate: string | null;
  airDateUtc: number | null;
  title: string;
  overview: string;
  runtime: number | null;
  monitored: boolean;
  episodeFileId: number | null;
  /** The metadata source no longer lists it; kept because a file belongs to it. */
  removedUpstream: boolean;
}

/** An episode with the few series fields the wanted and calendar pages show beside it. */
export interface WantedEpisode extends Episode {
  seriesTitle: string;
  /** For the iCal feed: the category, the fallback length and the "monitored only" filter. */
  seriesNetwork: string | null;
  seriesRuntime: number | null;
  seriesMonitored: boolean;
  qualityName: string | null;
}

/** The light form the release matcher's in-memory index holds. */
export interface CatalogSeries {
  id: number;
  tvdbId: number | null;
  tvmazeId: number | null;
  tmdbId: number | null;
  imdbId: string | null;
  title: string;
  year: number | null;
  seriesType: SeriesType;
  monitored: boolean;
  qualityProfileId: number;
  /** Main title and every alias, cleaned, unique. */
  cleanTitles: string[];
}

export const monitorOptions = [
  'all',
  'future',
  'missing',
  'existing',
  'pilot',
  'firstSeason',
  'latestSeason',
  'none',
] as const;
export type MonitorOption = (typeof monitorOptions)[number];

/** A file in the library holding one episode, or several (a multi-episode file). */
export interface EpisodeFile {
  id: number;
  seriesId: number;
  seasonNumber: number;
  /** Relative to the series folder. */
  relativePath: string;
  size: number;
  qualityName: string;
  revision: { version: number; real: number; isRepack: boolean };
  mediaInfo: MediaInfo | null;
  releaseGroup: string | null;
  /** The release name it was imported from, when known. */
  sceneName: string | null;
  languages: string[];
  dateAdded: number;
  /** The episodes that point at it. */
  episodeIds: number[];
}
