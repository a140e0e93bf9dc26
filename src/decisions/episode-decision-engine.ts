// Owns the TV decision engine's entry points (pure, no I/O): map each release found for a series to
// its episodes, judge it with every TV specification (episode by episode where a file is at stake),
// hold back what the delay profile says to wait for, and rank them; then pick the grabs, one release
// per episode. Shares the quality, format and generic checks with the movie engine.
import type { IndexerRelease } from '../indexers/indexer.js';
import { movieQualityName } from '../profiles/qualities.js';
import { itemQualities } from '../profiles/quality-ranking.js';
import { episodeLabel, mapReleaseToEpisodes } from '../series/release-episodes.js';
import { applySpecifications, buildSharedContext, describeRelease } from './decision-engine.js';
import type { CandidateRelease } from './decision.types.js';
import type { EpisodeDecisionInput, EpisodeReleaseDecision } from './episode-decision.types.js';
import {
  episodeSpecifications,
  gains,
  judgeEpisode,
  type EpisodeContext,
  type EpisodeSubject,
} from './episode-specifications.js';
import { compareDecisions } from './ranking.js';
import { compareRevision, indexerKey } from './specifications.js';

const MINUTE_MS = 60_000;

/** The key of `EpisodeDecisionInput.firstSeen`: one release of one indexer. */
export function firstSeenKey(release: Pick<IndexerRelease, 'indexer' | 'guid'>): string {
  return indexerKey(release.indexer, release.guid);
}

export function buildEpisodeContext(input: EpisodeDecisionInput): EpisodeContext {
  const shared = buildSharedContext(input);
  let highestAllowedRank = 0;
  for (const item of input.profile.items) {
    if (!item.allowed) continue;
    for (const quality of itemQualities(item)) {
      highestAllowedRank = Math.max(highestAllowedRank, shared.ranking.rankOf(quality));
    }
  }
  return {
    ...shared,
    input,
    wanted: input.wantedEpisodeIds ? new Set(input.wantedEpisodeIds) : null,
    highestAllowedRank,
    userInvoked: input.searchKind === 'interactive' || input.userInvoked === true,
  };
}

interface Judged {
  decision: EpisodeReleaseDecision;
  subject: EpisodeSubject;
}

function decide(candidate: CandidateRelease, context: EpisodeContext): Judged {
  const { input } = context;
  const { series } = input;
  const described = describeRelease(candidate, context, input.customFormats);
  const mapping = mapReleaseToEpisodes(candidate.parsed, series, input.episodes);
  const episodes = mapping.kind === 'episodes' ? mapping.episodes : [];
  const judged = episodes.map((episode) =>
    judgeEpisode(described.subject, episode, episodeLabel(episode, series.seriesType), context),
  );
  const subject: EpisodeSubject = {
    ...described.subject,
    mapping,
    episodes,
    fullSeason: mapping.kind === 'episodes' && mapping.fullSeason,
    seasonNumbers: mapping.kind === 'episodes' ? mapping.seasonNumbers : [],
    judged,
  };
  const decision: EpisodeReleaseDecision = {
    ...described.decision,
    episodeIds: episodes.map((episode) => episode.id),
    perEpisode: judged.map((j) => j.verdict),
    fullSeason: subject.fullSeason,
    delayedUntil: null,
  };
  applySpecifications(decision, subject, context, episodeSpecifications);
  return { decision, subject };
}

function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Sonarr's delay profile, judged across the releases that passed everything else: the clock for an
 * episode starts with the first release seen for it, and until it runs out (per protocol) nothing for
 * that episode is grabbed, so a better one can turn up. A release of the preferred protocol skips the
 * wait when it is the profile's best allowed quality (if the profile says so) or a PROPER/REPACK of
 * the quality on disk. A search the user asked for (interactive or not) never waits.
 */
function applyDelay(all: readonly Judged[], context: EpisodeContext): void {
  const { input } = context;
  const profile = input.delayProfile;
  if (profile === null || context.userInvoked) return;
  const seenAt = (release: IndexerRelease) =>
    release.publishDate?.getTime() ?? input.firstSeen?.get(firstSeenKey(release)) ?? input.now;
  const candidates = all.filter((judged) => judged.decision.accepted);
  const firstSeenFor = new Map<number, number>();
  for (const { decision } of candidates) {
    const seen = seenAt(decision.release);
    for (const id of decision.episodeIds) {
      firstSeenFor.set(id, Math.min(firstSeenFor.get(id) ?? seen, seen));
    }
  }
  for (const { decision, subject } of candidates) {
    const { release } = decision;
    const minutes = release.protocol === 'usenet' ? profile.usenetDelayMinutes : profile.torrentDelayMinutes;
    if (minutes <= 0) continue;
    const preferred = release.protocol === profile.preferredProtocol;
    const revisionOfFile = subject.episodes.some(
      ({ file }) =>
        file !== null &&
        context.ranking.rankOf(file.quality.name) === subject.qualityRank &&
        compareRevision(subject.parsed.quality.revision, file.quality.revision) > 0,
    );
    if (preferred && revisionOfFile) continue;
    if (preferred && profile.bypassIfHighestQuality && subject.qualityRank >= context.highestAllowedRank) {
      continue;
    }
    let start = seenAt(release);
    for (const id of decision.episodeIds) start = Math.min(start, firstSeenFor.get(id) ?? start);
    const until = start + minutes * MINUTE_MS;
    if (input.now >= until) continue;
    decision.accepted = false;
    decision.delayedUntil = until;
    decision.rejections.push({
      code: 'delayed',
      specification: 'delay',
      message: `waiting for a better release: the ${minutes}-min ${release.protocol} delay runs until ${formatTime(until)}`,
    });
  }
}

/** Minutes of video the episodes hold; null when one of them has no known runtime. */
function runtimeOf(
  episodes: readonly { runtimeMinutes: number | null }[],
  seriesRuntime: number | null,
): number | null {
  let total = 0;
  for (const episode of episodes) {
    const runtime = episode.runtimeMinutes ?? seriesRuntime;
    if (runtime === null) return null;
    total += runtime;
  }
  return total > 0 ? total : null;
}

/** Every release judged, accepted ones first in the order they should be grabbed, then rejected ones. */
export function evaluateEpisodeReleases(input: EpisodeDecisionInput): EpisodeReleaseDecision[] {
  const context = buildEpisodeContext(input);
  const all = input.releases.map((candidate) => decide(candidate, context));
  applyDelay(all, context);
  // What the ranking asks of a decision, worked out once rather than at every comparison.
  const ranked = new Map(
    all.map(({ decision, subject }) => [
      decision,
      {
        runtime: runtimeOf(subject.episodes, input.series.runtimeMinutes),
        // Among equal qualities a season pack wins when several of its episodes are wanted: one
        // download instead of many.
        preference:
          subject.fullSeason &&
          gains(subject, context).filter((j) => context.userInvoked || j.episode.monitored).length >= 2
            ? 1
            : 0,
      },
    ]),
  );
  const compare = compareDecisions<EpisodeReleaseDecision>({
    preferredProtocol: input.delayProfile?.preferredProtocol ?? input.settings.preferredProtocol,
    indexerPriorities: input.indexerPriorities,
    definitionOf: (decision) => context.definitions.get(movieQualityName(decision.parsed.quality.name)),
    runtimeOf: (decision) => ranked.get(decision)?.runtime ?? null,
    // A release the delay holds back ranks with the accepted ones: a worse one must not be grabbed
    // for its episodes while it waits.
    contender: (decision) => decision.accepted || decision.delayedUntil !== null,
    preference: (decision) => ranked.get(decision)?.preference ?? 0,
  });
  // Array.prototype.sort is stable: equal releases keep the indexers' order.
  return all.map(({ decision }) => decision).sort(compare);
}

/**
 * What to grab: the accepted decisions in order, skipping any that holds an episode an earlier choice
 * already covers (a pack after a single of the same season, or the reverse). A better release the
 * delay holds back covers its episodes too, so nothing worse is grabbed for them while it waits (as
 * Sonarr's pending releases).
 */
export function selectEpisodeGrabs(decisions: readonly EpisodeReleaseDecision[]): EpisodeReleaseDecision[] {
  const covered = new Set<number>();
  const chosen: EpisodeReleaseDecision[] = [];
  for (const decision of decisions) {
    const held = decision.delayedUntil !== null;
    if (!decision.accepted && !held) continue;
    if (decision.episodeIds.some((id) => covered.has(id))) continue;
    for (const id of decision.episodeIds) covered.add(id);
    if (!held) chosen.push(decision);
  }
  return chosen;
}
