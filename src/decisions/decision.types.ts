// Owns the vocabulary of the decision engine: what it is asked about (a movie, its profile and what
// the library already has) and what it answers (a ReleaseDecision per release, with reasons).
import type { IndexerProtocol, IndexerRelease } from '../indexers/indexer.js';
import type { MovieAvailability } from '../metadata/movie-availability.js';
import type { ParsedRelease, Revision } from '../parser/index.js';
import type { CustomFormat, QualityDefinition, QualityProfile } from '../profiles/profile.schema.js';

/** The movie a search is for, as the engine needs to see it. */
export interface DecisionMovie {
  id: number;
  title: string;
  originalTitle: string | null;
  alternativeTitles: readonly string[];
  year: number | null;
  /** With the `tt` prefix. */
  imdbId: string | null;
  tmdbId: number | null;
  /** null when TMDB does not know it yet: size limits are then skipped. */
  runtimeMinutes: number | null;
  availability: MovieAvailability;
  minimumAvailability: MovieAvailability;
  monitored: boolean;
  qualityProfileId: number;
}

/** The quality a file or a download is known to have. */
export interface KnownQuality {
  name: string;
  revision: Revision;
}

export interface DecisionMovieFile {
  quality: KnownQuality;
  customFormatScore: number;
  /** Bytes. */
  size: number;
  /** The release name it was imported from, when known (a re-grab of it is pointless). */
  releaseTitle: string | null;
}

/** Something already downloading for this movie. */
export interface QueuedRelease {
  title: string;
  quality: KnownQuality;
  customFormatScore: number;
}

/** A release the user or a failed import refused; any one given field identifies it. */
export interface BlocklistEntry {
  infoHash?: string | null;
  guid?: string | null;
  title?: string | null;
  indexer?: string | null;
}

export interface DecisionSettings {
  /** Torrents with fewer seeders are refused (0: no minimum). */
  minimumSeeders: number;
  /** Usenet posts older than this are refused (0: unlimited). */
  usenetRetentionDays: number;
  /** Usenet posts younger than this are refused, letting them propagate (0: none). */
  minimumAgeMinutes: number;
  /** At least one must appear in the title; `/regex/` or plain text, case-insensitive. */
  requiredTerms: readonly string[];
  /** None may appear in the title. */
  ignoredTerms: readonly string[];
  preferredProtocol: IndexerProtocol | null;
}

export const defaultDecisionSettings: DecisionSettings = {
  minimumSeeders: 1,
  usenetRetentionDays: 0,
  minimumAgeMinutes: 0,
  requiredTerms: [],
  ignoredTerms: [],
  preferredProtocol: null,
};

export interface CandidateRelease {
  release: IndexerRelease;
  parsed: ParsedRelease;
}

export interface DecisionInput {
  releases: readonly CandidateRelease[];
  movie: DecisionMovie;
  profile: QualityProfile;
  customFormats: readonly CustomFormat[];
  qualityDefinitions: readonly QualityDefinition[];
  movieFile: DecisionMovieFile | null;
  queue: readonly QueuedRelease[];
  blocklist: readonly BlocklistEntry[];
  /** Guids of releases already grabbed for this movie (from history). */
  grabbedGuids: readonly string[];
  settings: DecisionSettings;
  /** Indexer name → priority, 1 (first) to 50 (last); absent indexers count 25. */
  indexerPriorities: Readonly<Record<string, number>>;
  /** An automatic search skips unmonitored movies; a user's interactive search does not. */
  searchKind?: 'automatic' | 'interactive';
  now: number;
}

export type RejectionCode =
  | 'notAMovie'
  | 'wrongMovie'
  | 'qualityNotWanted'
  | 'rawDisk'
  | 'formatScoreTooLow'
  | 'sizeTooSmall'
  | 'sizeTooLarge'
  | 'notEnoughSeeders'
  | 'blocklisted'
  | 'alreadyGrabbed'
  | 'alreadyImported'
  | 'queueHasEqualOrBetter'
  | 'cutoffMet'
  | 'upgradesNotAllowed'
  | 'notAnUpgrade'
  | 'olderThanRetention'
  | 'tooNew'
  | 'missingRequiredTerm'
  | 'containsIgnoredTerm'
  | 'sample'
  | 'notYetAvailable'
  | 'movieNotMonitored'
  // TV (episode-specifications.ts)
  | 'wrongSeries'
  | 'unknownEpisodes'
  | 'notRequested'
  | 'seriesNotMonitored'
  | 'episodeNotMonitored'
  | 'seasonNotAired'
  | 'wouldDowngrade'
  | 'delayed';

export interface Rejection {
  code: RejectionCode;
  /** Which specification refused it. */
  specification: string;
  message: string;
}

export interface ReleaseDecision {
  release: IndexerRelease;
  parsed: ParsedRelease;
  accepted: boolean;
  rejections: Rejection[];
  /** Things the engine could not check and said so (unknown runtime, unknown size, …). */
  notes: string[];
  /** Names of the custom formats the release matches. */
  customFormats: string[];
  customFormatScore: number;
  /** Position in the profile, higher is better; 0 when the profile does not list the quality. */
  qualityRank: number;
}
