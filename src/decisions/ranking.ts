// Owns the order of releases (pure): accepted before rejected, then the better quality in the profile
// (revision breaking ties inside a quality), what the caller prefers among equals (a season pack a
// season search wants), the higher custom-format score, the preferred protocol, the indexer the user
// ranks first, more seeders, and a size nearer the preferred one. Movies and episodes share it.
import type { IndexerProtocol } from '../indexers/indexer.js';
import type { QualityDefinition } from '../profiles/profile.schema.js';
import type { ReleaseDecision } from './decision.types.js';

const MB = 1024 * 1024;
const DEFAULT_INDEXER_PRIORITY = 25;

export interface RankingContext<D extends ReleaseDecision = ReleaseDecision> {
  preferredProtocol: IndexerProtocol | null;
  /** Indexer name → priority, 1 (first) to 50 (last); absent indexers count 25. */
  indexerPriorities: Readonly<Record<string, number>>;
  /** Definition for a decision's quality (movie vocabulary). */
  definitionOf(decision: D): QualityDefinition | undefined;
  /** Minutes of video the release holds (a movie's runtime, the sum of a pack's episodes); null when unknown. */
  runtimeOf(decision: D): number | null;
  /** Among releases of equal quality, higher comes first (0 when absent). */
  preference?(decision: D): number;
  /** Still in the running: accepted, or (TV) only waiting for its delay. Default: accepted. */
  contender?(decision: D): boolean;
}

/** How far the size is from the preferred size; bigger-is-better when no preferred size applies. */
function sizePenalty<D extends ReleaseDecision>(decision: D, context: RankingContext<D>): number {
  const size = decision.release.size;
  if (size === null) return Number.POSITIVE_INFINITY;
  const runtime = context.runtimeOf(decision);
  const definition = context.definitionOf(decision);
  const preferredPerMinute = definition ? (definition.preferredSize ?? definition.maxSize) : null;
  if (runtime === null || runtime <= 0 || preferredPerMinute === null) return -size;
  return Math.abs(size - preferredPerMinute * runtime * MB);
}

export function compareDecisions<D extends ReleaseDecision>(context: RankingContext<D>) {
  const { preferredProtocol, indexerPriorities } = context;
  const priority = (d: D) => indexerPriorities[d.release.indexer] ?? DEFAULT_INDEXER_PRIORITY;
  const preferred = (d: D) =>
    preferredProtocol !== null && d.release.protocol === preferredProtocol ? 1 : 0;
  const seeders = (d: D) => (d.release.protocol === 'torrent' ? (d.release.seeders ?? 0) : 0);
  const preference = (d: D) => context.preference?.(d) ?? 0;
  const contender = (d: D) => context.contender?.(d) ?? d.accepted;

  return (a: D, b: D): number => {
    const ra = a.parsed.quality.revision;
    const rb = b.parsed.quality.revision;
    return (
      Number(contender(b)) - Number(contender(a)) ||
      b.qualityRank - a.qualityRank ||
      rb.version - ra.version ||
      rb.real - ra.real ||
      preference(b) - preference(a) ||
      b.customFormatScore - a.customFormatScore ||
      preferred(b) - preferred(a) ||
      priority(a) - priority(b) ||
      seeders(b) - seeders(a) ||
      sizePenalty(a, context) - sizePenalty(b, context)
    );
  };
}
