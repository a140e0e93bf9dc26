// Owns the decision engine's entry points (pure, no I/O): judge every release found for a movie with
// every specification, and rank them so the first accepted one is what gets grabbed. The steps every
// evaluation shares (the shared context, a release's quality and formats, running specifications)
// are exported for the TV engine (episode-decision-engine.ts).
import { formatScore, matchCustomFormats } from '../profiles/custom-format-matching.js';
import { movieQualityName } from '../profiles/qualities.js';
import { qualityRanking } from '../profiles/quality-ranking.js';
import { cleanTitle } from '../parser/index.js';
import type { CandidateRelease, DecisionInput, ReleaseDecision } from './decision.types.js';
import { compareDecisions } from './ranking.js';
import {
  indexerKey,
  specifications,
  termMatcher,
  type DecisionContext,
  type SharedContext,
  type Specification,
  type Subject,
} from './specifications.js';

/** What the shared context is built from: the same fields in a movie's or a series' input. */
export type SharedInput = Pick<
  DecisionInput,
  'profile' | 'qualityDefinitions' | 'blocklist' | 'grabbedGuids' | 'settings' | 'now'
>;

export function buildSharedContext(input: SharedInput): SharedContext {
  const hashes = new Set<string>();
  const guids = new Set<string>();
  const blockedTitles = new Set<string>();
  for (const entry of input.blocklist) {
    if (entry.infoHash) hashes.add(entry.infoHash.toLowerCase());
    if (entry.guid) guids.add(indexerKey(entry.indexer, entry.guid));
    if (entry.title) blockedTitles.add(indexerKey(entry.indexer, entry.title.toLowerCase()));
  }
  return {
    profile: input.profile,
    settings: input.settings,
    now: input.now,
    ranking: qualityRanking(input.profile),
    definitions: new Map(input.qualityDefinitions.map((definition) => [definition.quality, definition])),
    blocklist: { hashes, guids, titles: blockedTitles },
    grabbedGuids: new Set(input.grabbedGuids),
    requiredTerms: input.settings.requiredTerms.map(termMatcher),
    ignoredTerms: input.settings.ignoredTerms.map(termMatcher),
  };
}

export function buildDecisionContext(input: DecisionInput): DecisionContext {
  const { movie } = input;
  const titles = [movie.title, movie.originalTitle, ...movie.alternativeTitles].filter(
    (title): title is string => title !== null && title.length > 0,
  );
  return { ...buildSharedContext(input), input, movieTitles: new Set(titles.map(cleanTitle)) };
}

/** What every specification needs to know about a release, worked out once: quality, rank, formats. */
export function describeRelease(
  candidate: CandidateRelease,
  context: SharedContext,
  customFormats: DecisionInput['customFormats'],
): { subject: Subject; decision: ReleaseDecision } {
  const { release, parsed } = candidate;
  const { profile } = context;
  const matched = matchCustomFormats(customFormats, {
    title: release.title,
    parsed,
    size: release.size,
    indexerFlags: release.indexerFlags,
  });
  const quality = movieQualityName(parsed.quality.name);
  const subject: Subject = {
    release,
    parsed,
    quality,
    qualityRank: context.ranking.rankOf(quality),
    customFormatScore: formatScore(profile, matched),
  };
  const decision: ReleaseDecision = {
    release,
    parsed,
    accepted: true,
    rejections: [],
    notes: [],
    customFormats: matched.map((format) => format.name),
    customFormatScore: subject.customFormatScore,
    qualityRank: subject.qualityRank,
  };
  return { subject, decision };
}

/** Runs each specification in order, adding its rejection or note to the decision. */
export function applySpecifications<S extends Subject, C extends SharedContext>(
  decision: ReleaseDecision,
  subject: S,
  context: C,
  list: ReadonlyArray<Specification<S, C>>,
): void {
  for (const specification of list) {
    const outcome = specification.check(subject, context);
    if (outcome === null) continue;
    if ('note' in outcome) decision.notes.push(outcome.note);
    else decision.rejections.push({ ...outcome, specification: specification.name });
  }
  decision.accepted = decision.rejections.length === 0;
}

function decide(candidate: CandidateRelease, context: DecisionContext): ReleaseDecision {
  const { subject, decision } = describeRelease(candidate, context, context.input.customFormats);
  applySpecifications(decision, subject, context, specifications);
  return decision;
}

/** Every release judged, accepted ones first in the order they should be grabbed, then rejected ones. */
export function evaluateReleases(input: DecisionInput): ReleaseDecision[] {
  const context = buildDecisionContext(input);
  const decisions = input.releases.map((candidate) => decide(candidate, context));
  const compare = compareDecisions({
    preferredProtocol: input.settings.preferredProtocol,
    indexerPriorities: input.indexerPriorities,
    definitionOf: (decision) => context.definitions.get(movieQualityName(decision.parsed.quality.name)),
    runtimeOf: () => input.movie.runtimeMinutes,
  });
  // Array.prototype.sort is stable: equal releases keep the indexers' order.
  return decisions.sort(compare);
}

/** The release to grab: the first accepted one of evaluateReleases' answer, if any. */
export function bestRelease(decisions: readonly ReleaseDecision[]): ReleaseDecision | undefined {
  return decisions.find((decision) => decision.accepted);
}
