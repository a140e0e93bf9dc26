// Owns what happens to releases a delay profile holds back: after a series' releases are decided
// (by an RSS sync, a search, or the check of held releases whose wait is over), a delayed release is
// held until its time, and a held release is let go once it is no longer delayed, or once a release
// of equal or better quality was grabbed for any of its episodes. Also the queue of held releases the
// user sees, and grabbing one now.
import { firstSeenKey } from '../decisions/episode-decision-engine.js';
import type { EpisodeReleaseDecision } from '../decisions/episode-decision.types.js';
import { deserialiseRelease, serialiseRelease, type GrabService } from '../downloads/grab.service.js';
import type { TrackedDownload } from '../downloads/tracked-download.repository.js';
import type { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/errors.js';
import type { PendingRelease, PendingReleaseRepository } from './pending-release.repository.js';

/** Whether a grab makes a held release pointless: it covers one of its episodes at least as well. */
function supersedes(
  grab: EpisodeReleaseDecision,
  held: { episodeIds: readonly number[]; qualityRank: number },
) {
  return grab.qualityRank >= held.qualityRank && held.episodeIds.some((id) => grab.episodeIds.includes(id));
}

/** When each held release was first seen, keyed as the decision engine reads it (`firstSeen`). */
export function firstSeenOf(held: readonly PendingRelease[]): Map<string, number> {
  return new Map(held.map((release) => [firstSeenKey(release), release.firstSeen]));
}

export class PendingReleaseService {
  constructor(
    private readonly deps: {
      pending: PendingReleaseRepository;
      grabs: Pick<GrabService, 'grab'>;
      clock: Clock;
    },
  ) {}

  /**
   * Settles a series' held releases after its releases were decided and `grabbed` were grabbed.
   * `redecided` are the held releases that were among the releases decided: one not delayed again is
   * let go (grabbed, or refused for another reason now).
   */
  async settle(
    seriesId: number,
    decisions: readonly EpisodeReleaseDecision[],
    grabbed: readonly EpisodeReleaseDecision[],
    redecided: readonly PendingRelease[],
  ): Promise<{ held: number; released: number }> {
    const { pending, clock } = this.deps;
    const now = clock.now();
    const kept = new Set<string>();
    for (const decision of decisions) {
      if (decision.delayedUntil === null) continue;
      if (grabbed.some((grab) => supersedes(grab, decision))) continue;
      const key = firstSeenKey(decision.release);
      kept.add(key);
      await pending.upsert(
        {
          seriesId,
          episodeIds: decision.episodeIds,
          indexer: decision.release.indexer,
          guid: decision.release.guid,
          title: decision.release.title,
          protocol: decision.release.protocol,
          qualityName: decision.parsed.quality.name,
          qualityRank: decision.qualityRank,
          customFormatScore: decision.customFormatScore,
          grabbed: serialiseRelease(decision.release, decision.parsed),
          reason: decision.rejections.map((rejection) => rejection.message).join('; '),
          // A release held already keeps its first sighting (the upsert leaves it).
          firstSeen: now,
          delayedUntil: decision.delayedUntil,
        },
        now,
      );
    }
    const letGo = new Set(
      redecided.filter((release) => !kept.has(firstSeenKey(release))).map((release) => release.id),
    );
    if (grabbed.length > 0) {
      for (const release of await pending.listForSeries([seriesId])) {
        if (grabbed.some((grab) => supersedes(grab, release))) letGo.add(release.id);
      }
    }
    await pending.delete([...letGo]);
    return { held: kept.size, released: letGo.size };
  }

  /** Every held release, those due first (`GET /api/v1/queue/pending`). */
  list(): Promise<PendingRelease[]> {
    return this.deps.pending.list();
  }

  /** Grabs a held release now, without waiting for its delay to run out. */
  async grabNow(id: number): Promise<TrackedDownload> {
    const { pending, grabs } = this.deps;
    const release = await pending.get(id);
    if (!release) throw new NotFoundError(`pending release ${id} not found (grabbed or let go since)`);
    const download = await grabs.grab({
      seriesId: release.seriesId,
      episodeIds: release.episodeIds,
      release: deserialiseRelease(release.grabbed),
      parsed: release.grabbed.parsed,
      customFormatScore: release.customFormatScore,
    });
    await pending.delete([id]);
    return download;
  }

  async remove(id: number): Promise<void> {
    const { pending } = this.deps;
    if (!(await pending.get(id))) throw new NotFoundError(`pending release ${id} not found`);
    await pending.delete([id]);
  }
}
