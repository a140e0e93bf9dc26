// Owns the specifications: each one looks at one release and either lets it pass, says why it refuses
// it (a code and a sentence a user understands), or notes what it could not check. All of them run for
// every release, so an explanation lists every reason, not just the first. The shared ones (quality,
// format score, seeders, blocklist, retention, age, terms, sample) judge movies and episodes alike and
// read only the SharedContext; the movie ones read the movie's DecisionContext. The TV ones live in
// episode-specifications.ts.
import { cleanTitle, type Revision } from '../parser/index.js';
import type { QualityDefinition, QualityProfile } from '../profiles/profile.schema.js';
import type { QualityRanking } from '../profiles/quality-ranking.js';
import type {
  CandidateRelease,
  DecisionInput,
  DecisionSettings,
  KnownQuality,
  RejectionCode,
} from './decision.types.js';

/** A release with what the engine worked out about it once, shared by every specification. */
export interface Subject extends CandidateRelease {
  /** The quality name in the movie vocabulary. */
  quality: string;
  qualityRank: number;
  customFormatScore: number;
}

/** What any evaluation (movie or TV) prepares once, so specifications stay cheap per release. */
export interface SharedContext {
  profile: QualityProfile;
  settings: DecisionSettings;
  now: number;
  ranking: QualityRanking;
  definitions: ReadonlyMap<string, QualityDefinition>;
  blocklist: { hashes: ReadonlySet<string>; guids: ReadonlySet<string>; titles: ReadonlySet<string> };
  grabbedGuids: ReadonlySet<string>;
  requiredTerms: readonly TermMatcher[];
  ignoredTerms: readonly TermMatcher[];
}

/** A movie evaluation: the shared context plus the movie's input. */
export interface DecisionContext extends SharedContext {
  input: DecisionInput;
  /** Clean forms of the movie's title, original title and alternative titles. */
  movieTitles: ReadonlySet<string>;
}

export interface TermMatcher {
  term: string;
  test(title: string): boolean;
}

export type Outcome = { code: RejectionCode; message: string } | { note: string } | null;

export interface Specification<S extends Subject = Subject, C extends SharedContext = DecisionContext> {
  name: string;
  check(subject: S, context: C): Outcome;
}

/** A specification that reads only what movies and episodes share. */
export type SharedSpecification = Specification<Subject, SharedContext>;

const MB = 1024 * 1024;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export const reject = (code: RejectionCode, message: string): Outcome => ({ code, message });

export const indexerKey = (indexer: string | null | undefined, value: string) =>
  `${(indexer ?? '').toLowerCase()}\u0000${value}`;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  return `${(bytes / MB).toFixed(0)} MB`;
}

export function termMatcher(term: string): TermMatcher {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(term);
  if (regex) {
    const flags = regex[2]!.includes('i') ? regex[2]! : `${regex[2]}i`;
    const re = new RegExp(regex[1]!, flags.replace(/[gy]/g, ''));
    return { term, test: (title) => re.test(title) };
  }
  const needle = term.toLowerCase();
  return { term, test: (title) => title.toLowerCase().includes(needle) };
}

export function compareRevision(a: Revision, b: Revision): number {
  return a.version - b.version || a.real - b.real;
}

/**
 * Whether the candidate is better than something the library already has (a file or a download):
 * a better quality in the profile, else the same quality in a later revision (PROPER, REPACK, v2),
 * else the same quality and revision with a format score higher by at least the profile's increment.
 */
export function improvesOn(
  subject: Subject,
  existing: { quality: KnownQuality; customFormatScore: number },
  context: SharedContext,
): { better: true } | { better: false; why: string } {
  const existingRank = context.ranking.rankOf(existing.quality.name);
  if (subject.qualityRank > existingRank) return { better: true };
  if (subject.qualityRank < existingRank) {
    return { better: false, why: `${existing.quality.name} is a better quality than ${subject.quality}` };
  }
  const revision = compareRevision(subject.parsed.quality.revision, existing.quality.revision);
  if (revision > 0) return { better: true };
  if (revision < 0) return { better: false, why: `${existing.quality.name} is a later revision` };
  const increment = context.profile.minUpgradeFormatScore;
  if (subject.customFormatScore >= existing.customFormatScore + increment) return { better: true };
  return {
    better: false,
    why: `same quality (${subject.quality}) and format score ${subject.customFormatScore} is not at least ${increment} above ${existing.customFormatScore}`,
  };
}

const rightMovie: Specification = {
  name: 'rightMovie',
  check({ release, parsed }, { input, movieTitles }) {
    const { movie } = input;
    if (parsed.kind === 'episode') return reject('notAMovie', 'the name is that of a TV episode or season');
    // Ids from the indexer outrank the name: they settle remakes and foreign titles alike.
    const imdbId = release.imdbId ?? parsed.imdbId;
    const tmdbId = release.tmdbId ?? parsed.tmdbId;
    if (movie.tmdbId !== null && tmdbId !== null) {
      return tmdbId === movie.tmdbId
        ? null
        : reject('wrongMovie', `indexer says TMDB ${tmdbId}, the movie is TMDB ${movie.tmdbId}`);
    }
    if (movie.imdbId !== null && imdbId !== null) {
      return imdbId.toLowerCase() === movie.imdbId.toLowerCase()
        ? null
        : reject('wrongMovie', `indexer says ${imdbId}, the movie is ${movie.imdbId}`);
    }
    const names = [parsed.cleanTitle, ...parsed.alternativeTitles.map(cleanTitle)];
    if (!names.some((name) => movieTitles.has(name))) {
      return reject('wrongMovie', `"${parsed.title}" is not a title of "${movie.title}"`);
    }
    if (movie.year === null) return { note: 'the movie has no year yet; matched on title only' };
    if (parsed.year === null) {
      return reject(
        'wrongMovie',
        `the name gives no year, so it cannot be told apart from other "${parsed.title}"`,
      );
    }
    if (Math.abs(parsed.year - movie.year) > 1) {
      return reject('wrongMovie', `year ${parsed.year} is not ${movie.year} (±1)`);
    }
    return null;
  },
};

export const qualityWanted: SharedSpecification = {
  name: 'qualityWanted',
  check({ quality }, { ranking, profile }) {
    if (ranking.isAllowed(quality)) return null;
    return reject('qualityNotWanted', `${quality} is not wanted by the profile "${profile.name}"`);
  },
};

export const rawDisk: SharedSpecification = {
  name: 'rawDisk',
  check({ parsed, quality }, { ranking }) {
    const disc = parsed.quality.modifier === 'brdisk' || /^(iso|img|m2ts|vob)$/.test(parsed.extension ?? '');
    if (!disc || ranking.isAllowed('BR-DISK')) return null;
    return reject('rawDisk', `an untouched disc (${quality}) cannot be played or imported as a video file`);
  },
};

export const formatScore: SharedSpecification = {
  name: 'customFormatScore',
  check({ customFormatScore }, { profile }) {
    const minimum = profile.minFormatScore;
    if (customFormatScore >= minimum) return null;
    return reject(
      'formatScoreTooLow',
      `custom format score ${customFormatScore} is below the minimum ${minimum}`,
    );
  },
};

/**
 * The size against the quality's limits (MB per minute of runtime). `count` items of `runtime` minutes
 * each share the size: a season pack is judged per episode, as its episodes are on disk.
 */
export function sizeOutcome(
  size: number | null,
  quality: string,
  runtime: number | null,
  definitions: ReadonlyMap<string, QualityDefinition>,
  count = 1,
): Outcome {
  if (runtime === null || runtime <= 0) return { note: 'runtime unknown: size not checked' };
  if (size === null) return { note: 'the indexer did not give the size: size not checked' };
  const definition = definitions.get(quality);
  if (!definition) return { note: `no size limits for ${quality}: size not checked` };
  const each = size / count;
  const per = count > 1 ? ' per episode' : '';
  const at = `${quality} at ${Math.round(runtime)} min`;
  const min = definition.minSize * runtime * MB;
  if (each < min) {
    return reject(
      'sizeTooSmall',
      `${formatBytes(each)}${per} is below ${formatBytes(min)}, the minimum for ${at}`,
    );
  }
  if (definition.maxSize !== null) {
    const max = definition.maxSize * runtime * MB;
    if (each > max) {
      return reject(
        'sizeTooLarge',
        `${formatBytes(each)}${per} is above ${formatBytes(max)}, the maximum for ${at}`,
      );
    }
  }
  return null;
}

const size: Specification = {
  name: 'size',
  check({ release, quality }, { input, definitions }) {
    return sizeOutcome(release.size, quality, input.movie.runtimeMinutes, definitions);
  },
};

export const seeders: SharedSpecification = {
  name: 'minimumSeeders',
  check({ release }, { settings }) {
    const minimum = settings.minimumSeeders;
    if (release.protocol !== 'torrent' || minimum <= 0) return null;
    if (release.seeders === null) return { note: 'the indexer did not give seeders' };
    if (release.seeders >= minimum) return null;
    return reject('notEnoughSeeders', `${release.seeders} seeders, fewer than the minimum ${minimum}`);
  },
};

export const blocklisted: SharedSpecification = {
  name: 'blocklist',
  check({ release }, { blocklist }) {
    if (release.infoHash && blocklist.hashes.has(release.infoHash.toLowerCase())) {
      return reject('blocklisted', `info-hash ${release.infoHash} is blocklisted`);
    }
    if (blocklist.guids.has(indexerKey(release.indexer, release.guid))) {
      return reject('blocklisted', `this release of ${release.indexer} is blocklisted`);
    }
    if (blocklist.titles.has(indexerKey(release.indexer, release.title.toLowerCase()))) {
      return reject('blocklisted', `"${release.title}" from ${release.indexer} is blocklisted`);
    }
    return null;
  },
};

/** The release was grabbed before (the caller reads the guids from history). */
export function alreadyGrabbed({ release }: Subject, { grabbedGuids }: SharedContext): Outcome {
  return grabbedGuids.has(release.guid) ? reject('alreadyGrabbed', 'this release was grabbed before') : null;
}

const notAlreadyTaken: Specification = {
  name: 'alreadyTaken',
  check(subject, context) {
    const grabbed = alreadyGrabbed(subject, context);
    if (grabbed) return grabbed;
    const { release } = subject;
    const fileTitle = context.input.movieFile?.releaseTitle;
    if (fileTitle && fileTitle.toLowerCase() === release.title.toLowerCase()) {
      return reject('alreadyImported', 'the file on disk was imported from this release');
    }
    return null;
  },
};

const queue: Specification = {
  name: 'queue',
  check(subject, context) {
    for (const queued of context.input.queue) {
      const verdict = improvesOn(subject, queued, context);
      if (!verdict.better) {
        return reject('queueHasEqualOrBetter', `"${queued.title}" is already downloading: ${verdict.why}`);
      }
    }
    return null;
  },
};

const upgrade: Specification = {
  name: 'upgrade',
  check(subject, context) {
    const { movieFile, profile } = context.input;
    if (!movieFile) return null;
    const fileRank = context.ranking.rankOf(movieFile.quality.name);
    if (fileRank >= context.ranking.cutoffRank && movieFile.customFormatScore >= profile.cutoffFormatScore) {
      return reject(
        'cutoffMet',
        `the file (${movieFile.quality.name}, score ${movieFile.customFormatScore}) already meets the cutoff ${profile.cutoff}`,
      );
    }
    if (!profile.upgradeAllowed) {
      return reject('upgradesNotAllowed', `the profile "${profile.name}" does not allow upgrades`);
    }
    const verdict = improvesOn(subject, movieFile, context);
    return verdict.better
      ? null
      : reject('notAnUpgrade', `not an upgrade of the file on disk: ${verdict.why}`);
  },
};

function ageMs(date: Date | null, now: number): number | null {
  return date === null ? null : now - date.getTime();
}

export const retention: SharedSpecification = {
  name: 'usenetRetention',
  check({ release }, { settings, now }) {
    const days = settings.usenetRetentionDays;
    if (release.protocol !== 'usenet' || days <= 0) return null;
    const age = ageMs(release.usenetDate ?? release.publishDate, now);
    if (age === null) return { note: 'post date unknown: retention not checked' };
    if (age <= days * DAY_MS) return null;
    return reject(
      'olderThanRetention',
      `posted ${Math.floor(age / DAY_MS)} days ago, beyond the ${days}-day retention`,
    );
  },
};

export const minimumAge: SharedSpecification = {
  name: 'minimumAge',
  check({ release }, { settings, now }) {
    const minutes = settings.minimumAgeMinutes;
    if (release.protocol !== 'usenet' || minutes <= 0) return null;
    const age = ageMs(release.usenetDate ?? release.publishDate, now);
    if (age === null) return { note: 'post date unknown: minimum age not checked' };
    if (age >= minutes * MINUTE_MS) return null;
    return reject(
      'tooNew',
      `posted ${Math.floor(age / MINUTE_MS)} min ago, younger than the minimum ${minutes} min`,
    );
  },
};

export const terms: readonly SharedSpecification[] = [
  {
    name: 'requiredTerms',
    check({ release }, { requiredTerms }) {
      if (requiredTerms.length === 0 || requiredTerms.some((term) => term.test(release.title))) return null;
      return reject(
        'missingRequiredTerm',
        `the title has none of the required terms: ${requiredTerms.map((t) => t.term).join(', ')}`,
      );
    },
  },
  {
    name: 'ignoredTerms',
    check({ release }, { ignoredTerms }) {
      const found = ignoredTerms.filter((term) => term.test(release.title));
      if (found.length === 0) return null;
      return reject(
        'containsIgnoredTerm',
        `the title contains ignored terms: ${found.map((t) => t.term).join(', ')}`,
      );
    },
  },
];

export const sample: SharedSpecification = {
  name: 'sample',
  check({ release }) {
    return /(^|[^a-z0-9])sample([^a-z0-9]|$)/i.test(release.title)
      ? reject('sample', 'the title says it is a sample')
      : null;
  },
};

const availabilityOrder = { announced: 0, inCinemas: 1, released: 2 } as const;

const availability: Specification = {
  name: 'minimumAvailability',
  check(_subject, { input }) {
    const { availability: now, minimumAvailability: wanted } = input.movie;
    if (availabilityOrder[now] >= availabilityOrder[wanted]) return null;
    return reject('notYetAvailable', `the movie is ${now}; releases are wanted once it is ${wanted}`);
  },
};

const monitored: Specification = {
  name: 'monitored',
  check(_subject, { input }) {
    if (input.movie.monitored || input.searchKind === 'interactive') return null;
    return reject(
      'movieNotMonitored',
      'the movie is not monitored (an interactive search may still grab it)',
    );
  },
};

/** In the order their reasons are shown. */
export const specifications: readonly Specification[] = [
  rightMovie,
  monitored,
  availability,
  qualityWanted,
  rawDisk,
  formatScore,
  size,
  seeders,
  blocklisted,
  notAlreadyTaken,
  upgrade,
  queue,
  retention,
  minimumAge,
  ...terms,
  sample,
];
