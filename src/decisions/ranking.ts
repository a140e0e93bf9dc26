// Owns the order of releases (pure): accepted before rejected, then the better quality in the profile
// (revision breaking ties inside a quality), the higher custom-format score, the preferred protocol,
// the indexer the user ranks first, more seeders, and a size nearer the preferred one.
import type { QualityDefinition } from '../profiles/profile.schema.js';
import type { DecisionInput, ReleaseDecision } from './decision.types.js';

const MB = 1024 * 1024;
const DEFAULT_INDEXER_PRIORITY = 25;

export interface RankingContext {
  input: Pick<DecisionInput, 'settings' | 'indexerPriorities' | 'movie'>;
  /** Definition for a decision's quality (movie vocabulary). */
  definitionOf(decision: ReleaseDecision): QualityDefinition | undefined;
}

/** How far the size is from the preferred size; bigger-is-better when no preferred size applies. */
function sizePenalty(decision: ReleaseDecision, context: RankingContext): number {
  const size = decision.release.size;
  if (size === null) return Number.POSITIVE_INFINITY;
  const runtime = context.input.movie.runtimeMinutes;
  const definition = context.definitionOf(decision);
  const preferredPerMinute = definition ? (definition.preferredSize ?? definition.maxSize) : null;
  if (runtime === null || runtime <= 0 || preferredPerMinute === null) return -size;
  return Math.abs(size - preferredPerMinute * runtime * MB);
}

export function compareDecisions(context: RankingContext) {
  const { settings, indexerPriorities } = context.input;
  const priority = (d: ReleaseDecision) => indexerPriorities[d.release.indexer] ?? DEFAULT_INDEXER_PRIORITY;
  const preferred = (d: ReleaseDecision) =>
    settings.preferredProtocol !== null && d.release.protocol === settings.preferredProtocol ? 1 : 0;
  const seeders = (d: ReleaseDecision) => (d.release.protocol === 'torrent' ? (d.release.seeders ?? 0) : 0);

  return (a: ReleaseDecision, b: ReleaseDecision): number => {
    const ra = a.parsed.quality.revision;
    const rb = b.parsed.quality.revision;
    return (
      Number(b.accepted) - Number(a.accepted) ||
      b.qualityRank - a.qualityRank ||
      rb.version - ra.version ||
      rb.real - ra.real ||
      b.customFormatScore - a.customFormatScore ||
      preferred(b) - preferred(a) ||
      priority(a) - priority(b) ||
      seeders(b) - seeders(a) ||
      sizePenalty(a, context) - sizePenalty(b, context)
    );
  };
}
