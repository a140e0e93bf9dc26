// Owns the shape of a parsed release name: what the rest of Omniarr (decisions, imports, the API) is
// allowed to know about a release from its name alone.

/** Where the video came from, in Radarr's vocabulary (Sonarr's sources map onto it). */
export type QualitySource =
  'cam' | 'telesync' | 'telecine' | 'workprint' | 'dvd' | 'tv' | 'webdl' | 'webrip' | 'bluray' | 'unknown';

/** What was done to the source: a regional or screener copy, an untouched disc, a remux, raw HD TV. */
export type QualityModifier = 'regional' | 'screener' | 'rawhd' | 'brdisk' | 'remux' | 'dvdr';

export interface Revision {
  /** 1 for a first release; 2 for PROPER/REPACK/RERIP/v2; higher for later fixes. */
  version: number;
  /** How many times the name says REAL (in capitals): a REAL PROPER beats a PROPER. */
  real: number;
  repack: boolean;
}

export interface ParsedQuality {
  /** The quality name users know from Sonarr and Radarr, e.g. `WEBDL-1080p`, `Remux-2160p`, `Unknown`. */
  name: string;
  source: QualitySource;
  /** Vertical resolution in lines (480, 720, 1080, 2160, …), null when the name does not say. */
  resolution: number | null;
  modifier: QualityModifier | null;
  revision: Revision;
}

export type ReleaseKind = 'episode' | 'movie';

export interface ParsedRelease {
  /** Series or movie title as written in the name (separators turned into spaces). */
  title: string;
  /** Other titles the name gives (`Title A AKA Title B`, `中文名 / English Title`). */
  alternativeTitles: string[];
  /** `episode` when any episode, season or air date was found; otherwise `movie`. */
  kind: ReleaseKind;
  year: number | null;
  seasons: number[];
  episodes: number[];
  absoluteEpisodes: number[];
  /** Daily shows: the air date as `YYYY-MM-DD`. */
  airDate: string | null;
  fullSeason: boolean;
  /** `S01 Part 2`: the part of a season pack, null otherwise. */
  seasonPart: number | null;
  multiSeason: boolean;
  special: boolean;
  quality: ParsedQuality;
  releaseGroup: string | null;
  /** Anime CRC32 (`[ABCD1234]`). */
  releaseHash: string | null;
  /** ISO 639-1 codes; `mul` when the name announces several audio tracks without naming them all. */
  languages: string[];
  edition: string | null;
  /** The tag that says subtitles are burnt in (`KORSUB`, `HC`, …), null when none. */
  hardcodedSubs: string | null;
  imdbId: string | null;
  tmdbId: number | null;
  tvdbId: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  /** `2.0`, `5.1`, `7.1`, … */
  audioChannels: string | null;
  /** Dynamic-range formats, e.g. `['DV', 'HDR10']`; empty for SDR or unknown. */
  hdr: string[];
  streamingService: string | null;
  /** File extension without the dot, lower-case, when the input was a file name. */
  extension: string | null;
  /** The title normalised for matching against library titles and aliases (see cleanTitle). */
  cleanTitle: string;
}
