// Owns the vocabulary of the TV decision engine: what it is asked about (a series, its episodes with
// the files they have, a search's scope, a delay profile) and what it answers (a decision per release
// naming the episodes it holds and, episode by episode, what it would do to each).
import type { IndexerProtocol } from '../indexers/indexer.js';
import type { CustomFormat, QualityDefinition, QualityProfile } from '../profiles/profile.schema.js';
import type { SeriesType } from '../series/series.js';
import type {
  BlocklistEntry,
  CandidateRelease,
  DecisionSettings,
  KnownQuality,
  QueuedRelease,
  ReleaseDecision,
} from './decision.types.js';

/** The series a search or an RSS sync is judging releases for. */
export interface DecisionSeries {
  id: number;
  title: string;
  year: number | null;
  seriesType: SeriesType;
  monitored: boolean;
  qualityProfileId: number;
  tvdbId: number | null;
  tvmazeId: number | null;
  /** With the `tt` prefix. */
  imdbId: string | null;
  tmdbId: number | null;
  /** Typical episode runtime, for episodes that do not give their own. */
  runtimeMinutes: number | null;
  /** Main title and every alias, through the parser's cleanTitle. */
  cleanTitles: string[];
}

export interface DecisionEpisodeFile {
  id: number;
  quality: KnownQuality;
  customFormatScore: number;
  /** Bytes. */
  size: number;
  /** The release name it was imported from, when known (a re-grab of it is pointless). */
  releaseTitle: string | null;
  releaseGroup: string | null;
}

export interface DecisionEpisode {
  id: number;
  seasonNumber: number;
  episodeNumber: number;
  absoluteNumber: number | null;
  airDate: string | null;
  airDateUtc: number | null;
  monitored: boolean;
  runtimeMinutes: number | null;
  /** A multi-episode file appears on each of its episodes. */
  file: DecisionEpisodeFile | null;
}

/** How long to wait for a better release before grabbing (Sonarr's delay profile). */
export interface DelayProfile {
  usenetDelayMinutes: number;
  torrentDelayMinutes: number;
  /** Ranks first among equals; only its releases may skip the delay by being the best quality. */
  preferredProtocol: IndexerProtocol;
  /** A release of the preferred protocol in the profile's highest allowed quality is not delayed. */
  bypassIfHighestQuality: boolean;
}

/** Something already downloading for some of the series' episodes. */
export interface QueuedEpisodeRelease extends QueuedRelease {
  episodeIds: number[];
}

export interface EpisodeDecisionInput {
  releases: readonly CandidateRelease[];
  series: DecisionSeries;
  /** Every episode of the series (a season pack is judged against its whole season). */
  episodes: readonly DecisionEpisode[];
  /** What a search asked for (episode or season search); absent for RSS sync (any wanted episode). */
  wantedEpisodeIds?: readonly number[];
  /** A season search: the season it asked for, so a pack of that season is in scope. */
  searchedSeasonNumber?: number;
  profile: QualityProfile;
  customFormats: readonly CustomFormat[];
  qualityDefinitions: readonly QualityDefinition[];
  queue: readonly QueuedEpisodeRelease[];
  blocklist: readonly BlocklistEntry[];
  /** Guids of releases already grabbed for this series (from history). */
  grabbedGuids: readonly string[];
  settings: DecisionSettings;
  /** Indexer name → priority, 1 (first) to 50 (last); absent indexers count 25. */
  indexerPriorities: Readonly<Record<string, number>>;
  delayProfile: DelayProfile | null;
  /**
   * When each release (by `firstSeenKey`) was first seen; delay counts from its publish date else
   * this, else now.
   */
  firstSeen?: ReadonlyMap<string, number>;
  /** An interactive search skips the monitored and delay checks; automatic and RSS do not. */
  searchKind: 'automatic' | 'interactive' | 'rss';
  /**
   * Someone clicked search (not a schedule or a retry): unmonitored episodes are taken and the delay
   * profile holds nothing back, as Sonarr's user-invoked searches. Interactive searches imply it.
   */
  userInvoked?: boolean;
  now: number;
}

/** What a release would do to one of its episodes. */
export interface EpisodeVerdict {
  episodeId: number;
  /** `S01E02`, `2024-03-05` (daily) or `#12` (anime). */
  label: string;
  status: 'missing' | 'upgrade' | 'rejected';
  message: string;
}

export interface EpisodeReleaseDecision extends ReleaseDecision {
  /** The episodes the release holds; empty when it could not be mapped. */
  episodeIds: number[];
  perEpisode: EpisodeVerdict[];
  fullSeason: boolean;
  /** Only delay refused it: keep it pending and decide again at this time. */
  delayedUntil: number | null;
}
