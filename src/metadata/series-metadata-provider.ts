// Owns the contract between Omniarr and any source of TV metadata (TVmaze by default, TMDB TV as a
// second source): series, their episodes in aired order, and the ids that tie them to indexers.
// Domain code depends on this interface, never on a concrete client.

export type SeriesStatus = 'continuing' | 'ended' | 'upcoming' | 'unknown';

/** Standard: S01E02. Daily: dated episodes (talk shows). Anime: absolute numbers matter. */
export type SeriesType = 'standard' | 'daily' | 'anime';

export interface SeriesIds {
  tvmazeId: number | null;
  tvdbId: number | null;
  tmdbId: number | null;
  /** With the `tt` prefix. */
  imdbId: string | null;
}

export interface SeriesSearchResult extends SeriesIds {
  title: string;
  year: number | null;
  overview: string;
  network: string | null;
  status: SeriesStatus;
  posterUrl: string | null;
}

export interface EpisodeMetadata {
  seasonNumber: number;
  episodeNumber: number;
  /** Across the whole series, for anime; null when the source has none. */
  absoluteNumber: number | null;
  title: string;
  /** Local air date at the network, `YYYY-MM-DD`; null when not yet scheduled. */
  airDate: string | null;
  /** The exact air time in UTC (ISO 8601), when known. */
  airDateUtc: string | null;
  runtimeMinutes: number | null;
  overview: string;
}

export interface SeriesMetadata extends SeriesSearchResult {
  originalTitle: string;
  /** Other names the series is released under (romanised, regional). */
  alternativeTitles: string[];
  language: string | null;
  runtimeMinutes: number | null;
  genres: string[];
  /** The source's own guess; the user can change it. */
  seriesType: SeriesType;
  fanartUrl: string | null;
  /** Every episode the source knows, specials (season 0) included, in aired order. */
  episodes: EpisodeMetadata[];
}

export interface SeriesMetadataProvider {
  readonly name: string;
  testConnection(): Promise<void>;
  searchSeries(query: string): Promise<SeriesSearchResult[]>;
  /** By the source's own id; throws NotFoundError when it has no such series. */
  getSeries(id: number): Promise<SeriesMetadata>;
  /** Resolves an outside id (TVDB, IMDb) to the source's series, or null. */
  findSeries(ids: Partial<Pick<SeriesIds, 'tvdbId' | 'imdbId'>>): Promise<SeriesMetadata | null>;
}
