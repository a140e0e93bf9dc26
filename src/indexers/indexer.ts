// Owns the contract between Omniarr and any source of releases: what an indexer can search for
// (its capabilities), the queries we send it, the releases it answers with (in our shape, not the
// feed's), and how a chosen release is fetched for the download client. The Torznab/Newznab client
// implements it today; the Cardigann engine will implement it too, so nothing outside this folder
// may depend on a concrete indexer.

export type IndexerProtocol = 'torrent' | 'usenet';

/** One kind of search (plain, TV or movie) and the parameters the indexer accepts for it. */
export interface SearchMode {
  available: boolean;
  /** Lower-case parameter names, e.g. `q`, `imdbid`, `tmdbid`, `tvdbid`, `season`, `ep`. */
  supportedParams: readonly string[];
}

export interface IndexerCategory {
  id: number;
  name: string;
  subcategories: readonly { id: number; name: string }[];
}

export interface IndexerCapabilities {
  serverTitle: string | null;
  /** How many results one query returns when no limit is asked (`default`) and at most (`max`). */
  limits: { default: number; max: number };
  /** Usenet only: days the indexer keeps NZBs, when it says. */
  retentionDays: number | null;
  search: SearchMode;
  tvSearch: SearchMode;
  movieSearch: SearchMode;
  categories: readonly IndexerCategory[];
  /** Release tags the indexer uses (Torznab 1.3), e.g. `internal`, `freeleech`. */
  tags: readonly { name: string; description: string }[];
}

interface QueryPaging {
  /** Newznab category ids (2000 movies, 5000 TV, …); empty or absent means all. */
  categories?: readonly number[];
  limit?: number;
  offset?: number;
}

export interface MovieQuery extends QueryPaging {
  kind: 'movie';
  title: string;
  year?: number;
  /** With the `tt` prefix, e.g. `tt0133093`. */
  imdbId?: string;
  tmdbId?: number;
}

export interface TvQuery extends QueryPaging {
  kind: 'tv';
  /** Empty, with no id and no episode, asks for the latest TV releases (the RSS feed). */
  title: string;
  season?: number;
  episode?: number;
  /** Daily shows: the air date `YYYY-MM-DD`, sent as `season=YYYY&ep=MM/DD` (Newznab). */
  airDate?: string;
  /** Anime: the absolute episode number, searched as text ("Title 12"), as anime is named. */
  absoluteEpisode?: number;
  tvdbId?: number;
  tvmazeId?: number;
  imdbId?: string;
}

export interface TextQuery extends QueryPaging {
  kind: 'text';
  /** Empty text asks for the latest releases (the RSS feed). */
  text: string;
}

export type SearchQuery = MovieQuery | TvQuery | TextQuery;

/**
 * The words after the title when a TV query has to be sent as text, as Sonarr writes them:
 * `S01E02`, `S01` (a season), `2024 03 05` (a daily show's air date), `12` (an anime's absolute number).
 */
export function tvEpisodeWords(query: TvQuery): string {
  if (query.absoluteEpisode !== undefined) return String(query.absoluteEpisode).padStart(2, '0');
  if (query.airDate !== undefined) return query.airDate.replaceAll('-', ' ');
  if (query.season === undefined) return '';
  const season = `S${String(query.season).padStart(2, '0')}`;
  return query.episode === undefined ? season : `${season}E${String(query.episode).padStart(2, '0')}`;
}

/** A release as an indexer listed it, before any parsing of its title or decision about it. */
export interface IndexerRelease {
  /** Stable id of the release on that indexer (the feed's guid). */
  guid: string;
  title: string;
  /** Name of the indexer that listed it; `fetchRelease` must be called on that indexer. */
  indexer: string;
  protocol: IndexerProtocol;
  /** Where the .torrent or .nzb is fetched; may itself be a magnet: link. */
  downloadUrl: string | null;
  magnetUrl: string | null;
  /** Lower-case hex BitTorrent v1 info-hash. */
  infoHash: string | null;
  /** The release's page on the indexer's site. */
  infoUrl: string | null;
  /** Bytes of the content (not of the .torrent/.nzb file); null when the indexer did not say. */
  size: number | null;
  publishDate: Date | null;
  seeders: number | null;
  /** Peers that are not seeders. */
  leechers: number | null;
  /** Seeders plus leechers, as Torznab defines `peers`. */
  peers: number | null;
  grabs: number | null;
  files: number | null;
  /** 0 is freeleech, 0.5 half leech; 1 when the indexer did not say. */
  downloadVolumeFactor: number;
  uploadVolumeFactor: number;
  minimumRatio: number | null;
  minimumSeedTimeSeconds: number | null;
  imdbId: string | null;
  tmdbId: number | null;
  tvdbId: number | null;
  tvmazeId: number | null;
  categories: readonly number[];
  /** Lower-case flags: `freeleech`, `halfleech`, `doubleupload`, `internal`, `scene`, … */
  indexerFlags: readonly string[];
  /** Usenet: when the post was made (its age counts for retention), distinct from publishDate. */
  usenetDate: Date | null;
  /** Every extended attribute as the feed gave it (name lower-cased; repeated names kept in order). */
  attributes: Readonly<Record<string, readonly string[]>>;
}

/** What a download client is handed for a release. */
export type FetchedRelease =
  { kind: 'torrent'; bytes: Buffer } | { kind: 'magnet'; uri: string } | { kind: 'nzb'; bytes: Buffer };

export interface Indexer {
  readonly name: string;
  readonly protocol: IndexerProtocol;
  capabilities(signal?: AbortSignal): Promise<IndexerCapabilities>;
  search(query: SearchQuery, signal?: AbortSignal): Promise<IndexerRelease[]>;
  fetchRelease(release: IndexerRelease, signal?: AbortSignal): Promise<FetchedRelease>;
}
