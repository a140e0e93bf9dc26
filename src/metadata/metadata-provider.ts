// Owns the metadata types the rest of Omniarr sees, and the interface a movie metadata source
// implements. Catalog code depends on this file only, never on TMDB's raw shapes
// (those stay in ./tmdb/). TV metadata (TVmaze) will get its own `SeriesMetadataProvider` beside this
// one: series, seasons and episodes have little in common with a movie's fields.

/** TMDB's production status, in our words. */
export type MovieProductionStatus =
  'rumored' | 'planned' | 'inProduction' | 'postProduction' | 'released' | 'canceled';

/** Calendar dates (`YYYY-MM-DD`, UTC) of a movie's releases, the earliest anywhere in the world. */
export interface MovieReleaseDates {
  /** First theatrical release (limited or wide). */
  inCinemas: string | null;
  /** First digital (streaming / VOD) release. */
  digital: string | null;
  /** First physical (Blu-ray / DVD) release. */
  physical: string | null;
}

export interface AlternativeTitle {
  title: string;
  /** ISO 3166-1 country code the title is used in, e.g. `DE`; null when unknown. */
  country: string | null;
}

export interface MovieCollection {
  tmdbId: number;
  name: string;
}

/** Everything Omniarr keeps about a movie from its metadata source. */
export interface MovieMetadata {
  tmdbId: number;
  imdbId: string | null;
  title: string;
  originalTitle: string;
  originalLanguage: string | null;
  /** Year of the primary release; null for movies without any date yet. */
  year: number | null;
  overview: string;
  /** Minutes; null when the source does not know yet. */
  runtime: number | null;
  status: MovieProductionStatus;
  releaseDates: MovieReleaseDates;
  alternativeTitles: AlternativeTitle[];
  genres: string[];
  posterUrl: string | null;
  fanartUrl: string | null;
  collection: MovieCollection | null;
}

/** A light search hit: enough to show a list and pick one, then `getMovie(tmdbId)` for the rest. */
export interface MovieSearchResult {
  tmdbId: number;
  title: string;
  originalTitle: string;
  year: number | null;
  overview: string;
  posterUrl: string | null;
  /** The source's popularity score, for ordering ambiguous matches. */
  popularity: number;
}

export interface MovieMetadataProvider {
  /** Short name shown in health checks and errors, e.g. `TMDB`. */
  readonly name: string;
  /** Checks the credentials and reachability; throws UpstreamError with a clear reason otherwise. */
  testConnection(): Promise<void>;
  /** Searches by title; `year` narrows to movies released that year. Best match first. */
  searchMovies(query: string, year?: number): Promise<MovieSearchResult[]>;
  /** Full metadata; throws NotFoundError when the id does not exist. */
  getMovie(tmdbId: number): Promise<MovieMetadata>;
  /** Full metadata of the movie with this IMDb id (`tt0133093`), or null when the source has none. */
  findByImdbId(imdbId: string): Promise<MovieMetadata | null>;
}
