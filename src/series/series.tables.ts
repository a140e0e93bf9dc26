// The series catalog's tables as Kysely sees them (created by migration 0009-series). JSON columns are
// text; the repository parses them, so nothing outside it sees a JSON string.
import type { Generated } from 'kysely';
import type { SeriesStatus, SeriesType } from '../metadata/series-metadata-provider.js';

/** Where a series' metadata comes from; a refresh asks the same source by that source's id. */
export type SeriesMetadataSource = 'tvmaze' | 'tmdb';

export interface SeriesTable {
  id: Generated<number>;
  tvdb_id: number | null;
  tvmaze_id: number | null;
  tmdb_id: number | null;
  imdb_id: string | null;
  title: string;
  /** The parser's cleanTitle(title): what release titles are matched against. */
  clean_title: string;
  sort_title: string;
  year: number | null;
  overview: string;
  status: SeriesStatus;
  network: string | null;
  runtime: number | null;
  series_type: SeriesType;
  season_folders: number;
  monitored: number;
  monitor_new_seasons: number;
  quality_profile_id: number;
  root_folder_path: string;
  path: string;
  /** JSON string[]. */
  tags: string;
  added_at: number;
  last_refreshed_at: number | null;
  /** Added by migration 0012; 'tvmaze' for series added before it. */
  metadata_source: SeriesMetadataSource;
}

export type AlternativeTitleSource = 'metadata' | 'user';

export interface SeriesAlternativeTitlesTable {
  id: Generated<number>;
  series_id: number;
  title: string;
  clean_title: string;
  /** 'user' aliases survive every refresh; 'metadata' ones are replaced by it. */
  source: AlternativeTitleSource;
}

export interface SeasonsTable {
  id: Generated<number>;
  series_id: number;
  season_number: number;
  monitored: number;
}

export interface EpisodesTable {
  id: Generated<number>;
  series_id: number;
  season_number: number;
  episode_number: number;
  absolute_number: number | null;
  /** `YYYY-MM-DD` at the network. */
  air_date: string | null;
  /** Epoch milliseconds, so calendar ranges are index range scans on both databases. */
  air_date_utc: number | null;
  title: string;
  overview: string;
  runtime: number | null;
  monitored: number;
  episode_file_id: number | null;
  /** Set when the metadata source dropped the episode but a file keeps it here. */
  removed_upstream: number;
}

export interface EpisodeFilesTable {
  id: Generated<number>;
  series_id: number;
  season_number: number;
  relative_path: string;
  size: number;
  quality_name: string;
  /** JSON { version, real, isRepack }. */
  revision: string;
  /** JSON MediaInfo, or null when not probed. */
  media_info: string | null;
  release_group: string | null;
  scene_name: string | null;
  /** JSON string[]. */
  languages: string;
  date_added: number;
}

export interface SeriesTables {
  series: SeriesTable;
  series_alternative_titles: SeriesAlternativeTitlesTable;
  seasons: SeasonsTable;
  episodes: EpisodesTable;
  episode_files: EpisodeFilesTable;
}
