// Owns the catalog's own types: a Movie as the rest of Omniarr sees it, its files, root folders, and
// the light CatalogMovie the release matcher works with.
import type { MovieStatus } from './movie.tables.js';

export type { MovieStatus } from './movie.tables.js';

export const movieStatuses = ['announced', 'inCinemas', 'released'] as const satisfies readonly MovieStatus[];

export interface MovieImages {
  poster: string | null;
  fanart: string | null;
}

export interface MovieAlternativeTitle {
  title: string;
  cleanTitle: string;
  /** ISO 3166-1 country code, or null when unknown. */
  country: string | null;
}

/** What the metadata source says of a movie: the columns a refresh rewrites. */
export interface MovieMetadataFields {
  imdbId: string | null;
  title: string;
  originalTitle: string;
  originalLanguage: string | null;
  cleanTitle: string;
  sortTitle: string;
  year: number | null;
  overview: string;
  runtime: number | null;
  /** TMDB's production status: rumored, planned, inProduction, postProduction, released, canceled. */
  productionStatus: string;
  status: MovieStatus;
  inCinemas: string | null;
  digitalRelease: string | null;
  physicalRelease: string | null;
  genres: string[];
  images: MovieImages;
}

export interface Movie extends MovieMetadataFields {
  id: number;
  tmdbId: number;
  monitored: boolean;
  minimumAvailability: MovieStatus;
  qualityProfileId: number;
  rootFolderPath: string;
  path: string;
  tags: string[];
  addedAt: number;
  lastRefreshedAt: number | null;
  alternativeTitles: MovieAlternativeTitle[];
  hasFile: boolean;
}

/** What the release matcher and the decision engine need of a movie, kept in memory for the library. */
export interface CatalogMovie {
  id: number;
  tmdbId: number;
  imdbId: string | null;
  title: string;
  year: number | null;
  runtime: number | null;
  status: MovieStatus;
  monitored: boolean;
  minimumAvailability: MovieStatus;
  qualityProfileId: number;
  /** Clean forms of the title, the original title and every alternative title. */
  cleanTitles: string[];
}

export interface QualityRevision {
  /** 2+ for a PROPER or REPACK. */
  version: number;
  real: number;
  isRepack: boolean;
}

export interface MovieFile {
  id: number;
  movieId: number;
  /** Below the movie's folder, e.g. `The Matrix (1999) Bluray-1080p.mkv`. */
  relativePath: string;
  size: number;
  qualityName: string;
  revision: QualityRevision;
  /** The media probe's result, as the importer recorded it. */
  mediaInfo: unknown;
  releaseGroup: string | null;
  originalFileName: string | null;
  sceneName: string | null;
  edition: string | null;
  languages: string[];
  dateAdded: number;
}

export interface RootFolder {
  id: number;
  path: string;
  addedAt: number;
}

export interface RootFolderWithSpace extends RootFolder {
  /** False when the folder cannot be read right now (unmounted share, deleted). */
  accessible: boolean;
  freeSpace: number | null;
  totalSpace: number | null;
  movieCount: number;
}
