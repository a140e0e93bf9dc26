// Owns RSS sync: the latest releases of every RSS-enabled indexer, each title parsed once and matched
// to a series of the library through the in-memory catalog index (releases of other shows are skipped
// at the cost of a parse and a map lookup; a title several series share is refused naming them, never
// guessed), decided series by series with the releases a delay profile holds, grabbed as the engine
// selects, and stored as one search record per sync. Also the one-minute check that decides again the
// held releases whose wait is over.
import { z } from 'zod';
import { firstSeenKey } from '../decisions/episode-decision-engine.js';
import type { EpisodeReleaseDecision } from '../decisions/episode-decision.types.js';
import { deserialiseRelease, serialiseRelease, type GrabService } from '../downloads/grab.service.js';
import type { TrackedDownload } from '../downloads/tracked-download.repository.js';
import type { IndexerRelease } from '../indexers/indexer.js';
import type { SearchOutcome } from '../indexers/indexer.service.js';
import type { JobDefinition } from '../jobs/job-registry.js';
import type { Schedule } from '../jobs/scheduler.js';
import type { Logger } from '../logging/logger.js';
import { cleanTitle, parseRelease, type ParsedRelease } from '../parser/index.js';
import type { SeriesCatalogIndex, SeriesMatch } from '../series/series-catalog-index.js';
import type { CatalogSeries, Series } from '../series/series.js';
import type { Clock } from '../shared/clock.js';
import {
  ANIME_CATEGORIES,
  grabSelected,
  toNewDecision,
  type EpisodeEvaluator,
} from './episode-search.service.js';
import type { ReleaseSearcher } from './movie-search.service.js';
import type { PendingRelease, PendingReleaseRepository } from './pending-release.repository.js';
import { firstSeenOf, type PendingReleaseService } from './pending-release.service.js';
import type { NewDecision, SearchRepository } from './search.repository.js';

export const RSS_SYNC_JOB = 'series.rss-sync';
export const PENDING_RELEASES_JOB = 'series.pending-releases';

export interface RssSyncResult {
  /** Releases the indexers listed (each counted once). */
  releases: number;
  /** Releases matched to a series of the library. */
  matched: number;
  /** Releases whose title several series share: refused, naming them. */
  ambiguous: number;
  /** Series whose releases (new or held) were decided. */
  series: number;
  grabbed: TrackedDownload[];
  /** Releases a delay profile holds after this sync. */
  held: number;
  /** The stored record of this sync; null when nothing matched. */
  searchId: number | null;
}

type IndexerReport = Pick<SearchOutcome, 'answered' | 'failures' | 'skipped'>;

interface Candidate {
  release: IndexerRelease;
  parsed: ParsedRelease;
}

interface SeriesBatch {
  seriesId: number;
  candidates: Candidate[];
  held: PendingRelease[];
}

export interface RssSyncDependencies {
  indexers: ReleaseSearcher;
  catalog: () => Promise<SeriesCatalogIndex>;
  series: { findById(id: number): Promise<Series | undefined> };
  evaluator: EpisodeEvaluator;
  searches: Pick<SearchRepository, 'save'>;
  pendingReleases: Pick<PendingReleaseRepository, 'list' | 'listForSeries' | 'seriesDue'>;
  pending: Pick<PendingReleaseService, 'settle'>;
  grabs: Pick<GrabService, 'grab'>;
  clock: Clock;
  logger: Logger;
}

/** Which series a parsed release is for: its ids, its title, then any other title its name gives. */
export function matchRelease(
  catalog: SeriesCatalogIndex,
  release: IndexerRelease,
  parsed: ParsedRelease,
): SeriesMatch {
  const ids = {
    tvdbId: release.tvdbId ?? parsed.tvdbId,
    tvmazeId: release.tvmazeId,
    imdbId: release.imdbId ?? parsed.imdbId,
  };
  const match = catalog.match({ cleanTitle: parsed.cleanTitle, year: parsed.year, ...ids });
  if (match.kind !== 'none') return match;
  for (const title of parsed.alternativeTitles) {
    const alternative = catalog.match({ cleanTitle: cleanTitle(title), year: parsed.year });
    if (alternative.kind !== 'none') return alternative;
  }
  return match;
}

function describeCandidates(candidates: readonly CatalogSeries[]): string {
  return candidates
    .map((series) => `"${series.title}"${series.year === null ? '' : ` (${series.year})`} #${series.id}`)
    .join(', ');
}

function ambiguousDecision(
  candidate: Candidate,
  candidates: readonly CatalogSeries[],
  rank: number,
): NewDecision {
  return {
    rank,
    title: candidate.release.title,
    indexer: candidate.release.indexer,
    accepted: false,
    qualityName: candidate.parsed.quality.name,
    customFormatScore: 0,
    rejections: [
      {
        code: 'ambiguousSeries',
        message: `the title fits several series: ${describeCandidates(candidates)}; an alias or the year in the name tells them apart`,
      },
    ],
    grabbed: serialiseRelease(candidate.release, candidate.parsed),
  };
}

export class RssSyncService {
  constructor(private readonly deps: RssSyncDependencies) {}

  /** Fetches the latest TV releases (anime included) of every RSS-enabled indexer and decides them. */
  async sync(signal?: AbortSignal): Promise<RssSyncResult> {
    const outcome = await this.deps.indexers.searchAll(
      { kind: 'tv', title: '', categories: ANIME_CATEGORIES },
      { purpose: 'rss', ...(signal ? { signal } : {}) },
    );
    return this.decide(outcome.releases, outcome);
  }

  /**
   * One sync over releases already fetched (the benchmark calls this): match, decide every series with
   * a new or held release, grab, hold, and store one record.
   */
  async decide(
    releases: readonly IndexerRelease[],
    report: IndexerReport = { answered: [], failures: [], skipped: [] },
  ): Promise<RssSyncResult> {
    const { deps } = this;
    const catalog = await deps.catalog();
    const batches = new Map<number, SeriesBatch>();
    const batchOf = (seriesId: number) => {
      let batch = batches.get(seriesId);
      if (!batch) batches.set(seriesId, (batch = { seriesId, candidates: [], held: [] }));
      return batch;
    };
    const ambiguous: Array<{ candidate: Candidate; candidates: readonly CatalogSeries[] }> = [];
    const seen = new Set<string>();
    let matched = 0;
    for (const release of releases) {
      const key = firstSeenKey(release);
      if (seen.has(key)) continue;
      seen.add(key);
      const parsed = parseRelease(release.title);
      // A movie, or a name with no episode, season or date: no episode to take it for.
      if (parsed.kind !== 'episode') continue;
      const match = matchRelease(catalog, release, parsed);
      if (match.kind === 'matched') {
        batchOf(match.series.id).candidates.push({ release, parsed });
        matched++;
      } else if (match.kind === 'ambiguous') {
        ambiguous.push({ candidate: { release, parsed }, candidates: match.candidates });
        deps.logger.warn(
          { release: release.title, candidates: match.candidates.map((series) => series.id) },
          'RSS release fits several series: refused',
        );
      }
    }
    // Held releases are decided again with the new ones (the new listing wins: fresher seeders).
    for (const held of await deps.pendingReleases.list()) {
      const batch = batchOf(held.seriesId);
      batch.held.push(held);
      if (!seen.has(firstSeenKey(held))) {
        batch.candidates.push({ release: deserialiseRelease(held.grabbed), parsed: held.grabbed.parsed });
      }
    }

    const decided: Array<{ seriesId: number; decisions: EpisodeReleaseDecision[] }> = [];
    const grabbed: TrackedDownload[] = [];
    let held = 0;
    for (const batch of batches.values()) {
      const outcome = await this.decideSeries(batch);
      if (!outcome) continue;
      decided.push({ seriesId: batch.seriesId, decisions: outcome.decisions });
      grabbed.push(...outcome.grabbed);
      held += outcome.held;
    }

    const decisions: NewDecision[] = [];
    // Accepted first, then the rest; within each, series by series in the engine's order.
    for (const accepted of [true, false]) {
      for (const { seriesId, decisions: list } of decided) {
        for (const decision of list) {
          if (decision.accepted === accepted)
            decisions.push(toNewDecision(decision, decisions.length + 1, seriesId));
        }
      }
    }
    for (const { candidate, candidates } of ambiguous) {
      decisions.push(ambiguousDecision(candidate, candidates, decisions.length + 1));
    }
    const searchId =
      decisions.length === 0
        ? null
        : await deps.searches.save(
            {
              trigger: 'rss',
              indexers: { answered: report.answered, failures: report.failures, skipped: report.skipped },
              releases: decisions.length,
              accepted: decisions.filter((decision) => decision.accepted).length,
              grabbedTitle:
                grabbed.length === 0 ? null : grabbed.map((download) => download.releaseTitle).join(', '),
              createdAt: deps.clock.now(),
            },
            decisions,
          );
    const result: RssSyncResult = {
      releases: seen.size,
      matched,
      ambiguous: ambiguous.length,
      series: decided.length,
      grabbed,
      held,
      searchId,
    };
    deps.logger.info(
      { ...result, grabbed: grabbed.map((download) => download.releaseTitle) },
      'RSS sync done',
    );
    return result;
  }

  /** Decides again the held releases of every series with one whose wait is over (the 1-minute check). */
  async processDue(): Promise<{ series: number; grabbed: TrackedDownload[]; held: number }> {
    const { deps } = this;
    const grabbed: TrackedDownload[] = [];
    let held = 0;
    const due = await deps.pendingReleases.seriesDue(deps.clock.now());
    for (const seriesId of due) {
      const heldReleases = await deps.pendingReleases.listForSeries([seriesId]);
      const outcome = await this.decideSeries({
        seriesId,
        held: heldReleases,
        candidates: heldReleases.map((release) => ({
          release: deserialiseRelease(release.grabbed),
          parsed: release.grabbed.parsed,
        })),
      });
      if (!outcome) continue;
      grabbed.push(...outcome.grabbed);
      held += outcome.held;
    }
    if (due.length > 0) {
      deps.logger.info(
        { series: due.length, grabbed: grabbed.map((download) => download.releaseTitle), held },
        'held releases decided again',
      );
    }
    return { series: due.length, grabbed, held };
  }

  private async decideSeries(
    batch: SeriesBatch,
  ): Promise<{ decisions: EpisodeReleaseDecision[]; grabbed: TrackedDownload[]; held: number } | undefined> {
    const { deps } = this;
    const series = await deps.series.findById(batch.seriesId);
    // Deleted since the catalog was read: its held releases went with it (cascade).
    if (!series) return undefined;
    const decisions = await deps.evaluator.evaluate(
      series,
      batch.candidates.map((candidate) => candidate.release),
      {
        searchKind: 'rss',
        parsed: new Map(batch.candidates.map((candidate) => [candidate.release, candidate.parsed])),
        firstSeen: firstSeenOf(batch.held),
      },
    );
    const grabbed = await grabSelected(deps.grabs, series.id, decisions, deps.logger);
    const settled = await deps.pending.settle(
      series.id,
      decisions,
      grabbed.map(({ decision }) => decision),
      batch.held,
    );
    return { decisions, grabbed: grabbed.map(({ download }) => download), held: settled.held };
  }
}

export function rssSyncJob(rss: Pick<RssSyncService, 'sync'>): JobDefinition<object> {
  return {
    name: RSS_SYNC_JOB,
    payload: z.object({}),
    // The next sync comes soon enough: a failed one is not worth retrying late.
    maxAttempts: 1,
    leaseMs: 5 * 60_000,
    async run(_payload, { signal }) {
      await rss.sync(signal);
    },
  };
}

export function pendingReleasesJob(rss: Pick<RssSyncService, 'processDue'>): JobDefinition<object> {
  return {
    name: PENDING_RELEASES_JOB,
    payload: z.object({}),
    maxAttempts: 1,
    leaseMs: 2 * 60_000,
    async run() {
      await rss.processDue();
    },
  };
}

/**
 * The RSS sync every `minutes` (OMNIARR_RSS_SYNC_MINUTES: a cycle of the clock, checked at start-up),
 * or none when 0.
 */
export function rssSyncSchedule(minutes: number): Schedule | null {
  if (minutes <= 0) return null;
  const pattern = minutes < 60 ? `*/${minutes} * * * *` : `0 */${minutes / 60} * * *`;
  return { id: 'series.rss-sync', pattern: minutes === 1440 ? '0 0 * * *' : pattern, job: RSS_SYNC_JOB };
}

/** Held releases whose wait is over are grabbed within a minute. */
export const pendingReleasesSchedule: Schedule = {
  id: 'series.pending-releases',
  pattern: '* * * * *',
  job: PENDING_RELEASES_JOB,
};
