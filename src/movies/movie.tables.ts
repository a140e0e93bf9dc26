// The movie catalog's tables as Kysely sees them (created by migration 0003-movies). JSON columns are
// text; the repositories parse them, so nothing outside them sees a JSON string.
import type { Generated } from 'kysely';

/** Where a movie can be watched today; also the minimum a user waits for before grabbing. */
export type MovieStatus = 'announced' | 'inCinemas' | 'released';

export interface MoviesTable {
  id: Generated<number>;
  tmdb_id: number;
  imdb_id: string | null;
  title: string;
  original_title: string;
  original_language: string | null;
  /** The parser's cleanTitle(title): what release titles are matched against. */
  clean_title: string;
  sort_title: string;
  year: number | null;
  overview: string;
  runtime: number | null;
  /** TMDB's production status (MovieProductionStatus), kept so status can be recomputed offline. */
  production_status: string;
  status: MovieStatus;
  in_cinemas: string | null;
  digital_release: string | null;
  physical_release: string | null;
  /** JSON string[]. */
  genres: string;
  /** JSON { poster, fanart } URLs. */
  images: string;
  monitored: number;
  minimum_availability: MovieStatus;
  quality_profile_id: number;
  root_folder_path: string;
  path: string;
  /** JSON string[]. */
  tags: string;
  added_at: number;
  last_refreshed_at: number | null;
}

export interface MovieAlternativeTitlesTable {
  id: Generated<number>;
  movie_id: number;
  title: string;
  clean_title: string;
  country: string | null;
}

export interface RootFoldersTable {
  id: Generated<number>;
  path: string;
  added_at: number;
}

export interface MovieFilesTable {
  id: Generated<number>;
  movie_id: number;
  relative_path: string;
  size: number;
  quality_name: string;
  /** JSON { version, real, isRepack }. */
  revision: string;
  /** JSON MediaInfo (from ffprobe), or null when the file was not probed. */
  media_info: string | null;
  release_group: string | null;
  original_file_name: string | null;
  scene_name: string | null;
  edition: string | null;
  /** JSON string[]. */
  languages: string;
  date_added: number;
}

export interface MovieTables {
  movies: MoviesTable;
  movie_alternative_titles: MovieAlternativeTitlesTable;
  root_folders: RootFoldersTable;
  movie_files: MovieFilesTable;
}
