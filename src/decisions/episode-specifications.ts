// Owns the TV specifications: right series, episodes the catalog holds, the search's scope, monitoring,
// a whole season only once it has aired, size per episode, what the release does to each episode's
// file (a multi-episode release must improve every file it touches; a season pack must fill or upgrade
// something and downgrade nothing), the queue per episode, and the delay profile. The generic ones
// (quality, format score, seeders, blocklist, retention, age, terms, sample) come from
// specifications.ts; the list at the end puts them all in the order their reasons are shown.
import { cleanTitle } from '../parser/index.js';
import { hasAired } from '../series/episode-monitoring.js';
import type { EpisodeMapping } from '../series/release-episodes.js';
import type {
  DecisionEpisode,
  DecisionEpisodeFile,
  EpisodeDecisionInput,
  EpisodeVerdict,
} from './episode-decision.types.js';
import {
  alreadyGrabbed,
  blocklisted,
  compareRevision,
  formatScore,
  improvesOn,
  minimumAge,
  qualityWanted,
  rawDisk,
  reject,
  retention,
  sample,
  seeders,
  sizeOutcome,
  terms,
  type SharedContext,
  type Specification,
  type Subject,
} from './specifications.js';

/** What the TV engine prepares once per evaluation. */
export interface EpisodeContext extends SharedContext {
  input: EpisodeDecisionInput;
  /** The episodes a search asked for; null for RSS (every episode is in scope). */
  wanted: ReadonlySet<number> | null;
  /** Rank of the best quality the profile allows (the delay profile's bypass compares with it). */
  highestAllowedRank: number;
  /** A user asked for this search (interactive or not): monitoring and delay do not hold it back. */
  userInvoked: boolean;
}

/** One episode of a release, judged against the file it has. */
export interface JudgedEpisode {
  episode: DecisionEpisode;
  verdict: EpisodeVerdict;
  /** The file on disk is better than the release: taking the release would make it worse. */
  downgrade: boolean;
  cutoffMet: boolean;
  upgradesNotAllowed: boolean;
}

export interface EpisodeSubject extends Subject {
  mapping: EpisodeMapping<DecisionEpisode>;
  /** The episodes it holds, in season and episode order; empty when it could not be mapped. */
  episodes: readonly DecisionEpisode[];
  fullSeason: boolean;
  seasonNumbers: readonly number[];
  judged: readonly JudgedEpisode[];
}

export type EpisodeSpecification = Specification<EpisodeSubject, EpisodeContext>;

function inScope(episode: DecisionEpisode, context: EpisodeContext): boolean {
  return context.wanted === null || context.wanted.has(episode.id);
}

/** Episodes the release would fill or upgrade that the search (or RSS) is after. */
export function gains(subject: EpisodeSubject, context: EpisodeContext): JudgedEpisode[] {
  return subject.judged.filter(
    (judged) => judged.verdict.status !== 'rejected' && inScope(judged.episode, context),
  );
}

function labels(judged: readonly JudgedEpisode[], limit = 6): string {
  const shown = judged.slice(0, limit).map((j) => j.verdict.label);
  const more = judged.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/**
 * The file as the release is compared with it. For anime, a version bump (v2) only counts when it comes
 * from the group that made the file: against another group's file the revisions are not compared.
 */
function comparableFile(
  subject: Subject,
  file: DecisionEpisodeFile,
  context: EpisodeContext,
): { file: DecisionEpisodeFile; sameGroupVersion: boolean } {
  const revision = subject.parsed.quality.revision;
  const sameGroup =
    file.releaseGroup !== null &&
    subject.parsed.releaseGroup !== null &&
    file.releaseGroup.toLowerCase() === subject.parsed.releaseGroup.toLowerCase();
  const anime = context.input.series.seriesType === 'anime';
  if (!anime || compareRevision(revision, file.quality.revision) === 0) {
    return { file, sameGroupVersion: false };
  }
  if (sameGroup) return { file, sameGroupVersion: true };
  return { file: { ...file, quality: { name: file.quality.name, revision } }, sameGroupVersion: false };
}

/** Whether the release improves on an episode's file, and why (or why not). */
export function improvesOnFile(
  subject: Subject,
  file: DecisionEpisodeFile,
  context: EpisodeContext,
): { better: boolean; why: string } {
  const compared = comparableFile(subject, file, context);
  const verdict = improvesOn(subject, compared.file, context);
  if (!verdict.better) {
    if (compared.file === file) return verdict;
    const group = file.releaseGroup ?? 'an unknown group';
    return {
      better: false,
      why: `${verdict.why} (the file is from ${group}: another group's version is no revision of it)`,
    };
  }
  const revision = subject.parsed.quality.revision.version;
  const sameRank = subject.qualityRank === context.ranking.rankOf(file.quality.name);
  if (compared.sameGroupVersion && sameRank && revision > file.quality.revision.version) {
    return {
      better: true,
      why: `v${revision} of ${subject.parsed.releaseGroup} over v${file.quality.revision.version} on disk`,
    };
  }
  return { better: true, why: `upgrade of ${file.quality.name}` };
}

/** Why the file on disk is better than the release (taking it would make the episode worse), or null. */
function betterOnDisk(subject: Subject, file: DecisionEpisodeFile, context: EpisodeContext): string | null {
  const compared = comparableFile(subject, file, context).file;
  const fileRank = context.ranking.rankOf(compared.quality.name);
  if (fileRank !== subject.qualityRank) {
    return fileRank > subject.qualityRank
      ? `${file.quality.name} on disk is better than ${subject.quality}`
      : null;
  }
  const revision = compareRevision(compared.quality.revision, subject.parsed.quality.revision);
  if (revision !== 0) return revision > 0 ? `${file.quality.name} on disk is a later revision` : null;
  if (compared.customFormatScore <= subject.customFormatScore) return null;
  return `${file.quality.name} on disk has the higher format score (${compared.customFormatScore} over ${subject.customFormatScore})`;
}

/** What the release would do to one episode: fill it, upgrade its file, or not. */
export function judgeEpisode(
  subject: Subject,
  episode: DecisionEpisode,
  label: string,
  context: EpisodeContext,
): JudgedEpisode {
  const base = { episodeId: episode.id, label };
  const flags = { downgrade: false, cutoffMet: false, upgradesNotAllowed: false };
  const { file } = episode;
  if (!file) {
    const message = episode.monitored ? 'missing' : 'missing (not monitored)';
    return { episode, verdict: { ...base, status: 'missing', message }, ...flags };
  }
  const { profile, ranking } = context;
  const fileRank = ranking.rankOf(file.quality.name);
  const worse = betterOnDisk(subject, file, context);
  flags.downgrade = worse !== null;
  flags.cutoffMet = fileRank >= ranking.cutoffRank && file.customFormatScore >= profile.cutoffFormatScore;
  flags.upgradesNotAllowed = !profile.upgradeAllowed;
  const rejected = (message: string): JudgedEpisode => ({
    episode,
    verdict: { ...base, status: 'rejected', message },
    ...flags,
  });
  if (worse !== null) return rejected(worse);
  if (flags.cutoffMet)
    return rejected(`${file.quality.name} on disk already meets the cutoff ${profile.cutoff}`);
  if (flags.upgradesNotAllowed) {
    return rejected(`${file.quality.name} on disk; the profile "${profile.name}" does not allow upgrades`);
  }
  const verdict = improvesOnFile(subject, file, context);
  if (verdict.better) {
    return { episode, verdict: { ...base, status: 'upgrade', message: verdict.why }, ...flags };
  }
  return rejected(`${file.quality.name} on disk is as good: ${verdict.why}`);
}

const rightSeries: EpisodeSpecification = {
  name: 'rightSeries',
  check({ release, parsed }, { input }) {
    const { series } = input;
    // Ids from the indexer outrank the name: they settle remakes and foreign titles alike.
    const ids: Array<[string, string | number | null, string | number | null]> = [
      ['TVDB', release.tvdbId ?? parsed.tvdbId, series.tvdbId],
      ['TVmaze', release.tvmazeId, series.tvmazeId],
      [
        'IMDb',
        (release.imdbId ?? parsed.imdbId)?.toLowerCase() ?? null,
        series.imdbId?.toLowerCase() ?? null,
      ],
      ['TMDB', release.tmdbId ?? parsed.tmdbId, series.tmdbId],
    ];
    for (const [source, given, ours] of ids) {
      if (given === null || ours === null) continue;
      return given === ours
        ? null
        : reject('wrongSeries', `indexer says ${source} ${given}, the series is ${source} ${ours}`);
    }
    const names = [parsed.cleanTitle, ...parsed.alternativeTitles.map(cleanTitle)];
    if (!names.some((name) => series.cleanTitles.includes(name))) {
      return reject('wrongSeries', `"${parsed.title}" is not a title or alias of "${series.title}"`);
    }
    // The year only tells same-named shows apart ("Doctor Who 2005"): a name without one still matches.
    if (parsed.year !== null && series.year !== null && parsed.year !== series.year) {
      return reject(
        'wrongSeries',
        `year ${parsed.year} in the name is not ${series.year}: another show called "${parsed.title}"`,
      );
    }
    return null;
  },
};

const knownEpisodes: EpisodeSpecification = {
  name: 'episodes',
  check({ mapping }) {
    return mapping.kind === 'unmatched' ? reject('unknownEpisodes', mapping.reason) : null;
  },
};

const requested: EpisodeSpecification = {
  name: 'requested',
  check(subject, context) {
    const { wanted, input } = context;
    if (wanted === null || subject.episodes.length === 0) return null;
    const season = input.searchedSeasonNumber;
    if (subject.fullSeason) {
      if (season === undefined) {
        return reject('notRequested', 'a full season pack, but the search asked for single episodes');
      }
      const [only, ...more] = subject.seasonNumbers;
      if (only === season && more.length === 0) return null;
      return reject(
        'notRequested',
        `a pack of seasons ${subject.seasonNumbers.join(', ')}, but the search asked for season ${season}`,
      );
    }
    if (subject.judged.some((judged) => wanted.has(judged.episode.id))) return null;
    return reject(
      'notRequested',
      `${labels(subject.judged)} ${subject.judged.length === 1 ? 'was' : 'were'} not asked for`,
    );
  },
};

const monitored: EpisodeSpecification = {
  name: 'monitored',
  check(subject, context) {
    const { input } = context;
    // Someone who searches for episodes wants them, monitored or not (Sonarr's user-invoked searches);
    // RSS sync and Omniarr's own searches grab only what is monitored.
    if (context.userInvoked) return null;
    if (subject.episodes.length === 0) return null;
    if (!input.series.monitored) {
      return reject(
        'seriesNotMonitored',
        `"${input.series.title}" is not monitored (searching for its episodes may still grab it)`,
      );
    }
    const scoped = subject.judged.filter((judged) => inScope(judged.episode, context));
    if (!scoped.some((judged) => judged.episode.monitored)) {
      return reject(
        'episodeNotMonitored',
        `${labels(scoped)} ${scoped.length === 1 ? 'is' : 'are'} not monitored (searching for them may still grab them)`,
      );
    }
    const gained = gains(subject, context);
    if (gained.length > 0 && !gained.some((judged) => judged.episode.monitored)) {
      return reject(
        'episodeNotMonitored',
        `it would only fill or upgrade episodes that are not monitored: ${labels(gained)}`,
      );
    }
    return null;
  },
};

const seasonAired: EpisodeSpecification = {
  name: 'seasonAired',
  check(subject, { input }) {
    if (!subject.fullSeason) return null;
    const pending = subject.judged.filter((judged) => !hasAired(judged.episode, input.now));
    if (pending.length === 0) return null;
    const [first] = pending;
    const when = first!.episode.airDate === null ? 'has no air date yet' : `airs ${first!.episode.airDate}`;
    return reject(
      'seasonNotAired',
      `a full season pack before the season has aired: ${first!.verdict.label} ${when}${pending.length > 1 ? ` (${pending.length} episodes to come)` : ''}`,
    );
  },
};

const size: EpisodeSpecification = {
  name: 'size',
  check(subject, { input, definitions }) {
    const count = subject.episodes.length;
    if (count === 0) return null;
    let total = 0;
    for (const episode of subject.episodes) {
      const runtime = episode.runtimeMinutes ?? input.series.runtimeMinutes;
      if (runtime === null || runtime <= 0) return { note: 'episode runtime unknown: size not checked' };
      total += runtime;
    }
    return sizeOutcome(subject.release.size, subject.quality, total / count, definitions, count);
  },
};

const alreadyTaken: EpisodeSpecification = {
  name: 'alreadyTaken',
  check(subject, context) {
    const grabbed = alreadyGrabbed(subject, context);
    if (grabbed) return grabbed;
    const title = subject.release.title.toLowerCase();
    const imported = subject.episodes.find((episode) => episode.file?.releaseTitle?.toLowerCase() === title);
    return imported ? reject('alreadyImported', 'the file on disk was imported from this release') : null;
  },
};

const upgrade: EpisodeSpecification = {
  name: 'upgrade',
  check(subject, context) {
    const { judged } = subject;
    if (judged.length === 0) return null;
    const refused = judged.filter((j) => j.verdict.status === 'rejected');
    const explain = (list: readonly JudgedEpisode[]) =>
      list.map((j) => `${j.verdict.label} (${j.verdict.message})`).join('; ');
    if (subject.fullSeason) {
      // A pack need not beat every file: it is taken when it fills or upgrades something and makes no
      // file worse. Files it does not improve stay as they are.
      const downgrades = judged.filter((j) => j.downgrade);
      if (downgrades.length > 0) {
        return reject('wouldDowngrade', `the pack would downgrade ${explain(downgrades)}`);
      }
      // Nothing it would fill in scope and no file it refuses: the scope and monitoring say why.
      if (gains(subject, context).length > 0 || refused.length === 0) return null;
    } else if (refused.length === 0) {
      return null;
    }
    // A single or multi-episode release must improve every file it touches.
    const downgrades = refused.filter((j) => j.downgrade);
    if (!subject.fullSeason && judged.length > 1 && downgrades.length > 0) {
      return reject('wouldDowngrade', `it would downgrade ${explain(downgrades)}`);
    }
    if (refused.every((j) => j.cutoffMet)) {
      return reject('cutoffMet', `cutoff met: ${explain(refused)}`);
    }
    if (refused.some((j) => j.upgradesNotAllowed)) {
      return reject(
        'upgradesNotAllowed',
        `the profile "${context.profile.name}" does not allow upgrades: ${explain(refused)}`,
      );
    }
    return reject('notAnUpgrade', `not an upgrade of the file on disk: ${explain(refused)}`);
  },
};

const queue: EpisodeSpecification = {
  name: 'queue',
  check(subject, context) {
    if (subject.episodes.length === 0) return null;
    const ids = new Set(subject.episodes.map((episode) => episode.id));
    for (const queued of context.input.queue) {
      if (!queued.episodeIds.some((id) => ids.has(id))) continue;
      const verdict = improvesOn(subject, queued, context);
      if (!verdict.better) {
        return reject('queueHasEqualOrBetter', `"${queued.title}" is already downloading: ${verdict.why}`);
      }
    }
    return null;
  },
};

/** In the order their reasons are shown. The delay profile is judged afterwards, across releases. */
export const episodeSpecifications: readonly EpisodeSpecification[] = [
  rightSeries,
  knownEpisodes,
  requested,
  monitored,
  seasonAired,
  qualityWanted,
  rawDisk,
  formatScore,
  size,
  seeders,
  blocklisted,
  alreadyTaken,
  upgrade,
  queue,
  retention,
  minimumAge,
  ...terms,
  sample,
];
