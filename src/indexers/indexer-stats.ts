// Owns what is counted about each indexer and how its limits read: lifetime statistics (queries,
// RSS queries, grabs, failures, credential failures, average response time) and the per-hour or
// per-day caps on queries and grabs that private trackers impose. Pure: the repository stores the
// counters, the service decides when to count.
import type { LimitPeriod } from './indexer.tables.js';

export type { LimitPeriod } from './indexer.tables.js';

/** At most `max` queries (or grabs) in any rolling `per` (the last hour, the last 24 hours). */
export interface UsageLimit {
  max: number;
  per: LimitPeriod;
}

export type UsageKind = 'query' | 'grab';

export const LIMIT_PERIOD_MS: Readonly<Record<LimitPeriod, number>> = {
  hour: 60 * 60_000,
  day: 24 * 60 * 60_000,
};

/** The longest window any limit looks back over: usage older than this is never read again. */
export const LONGEST_LIMIT_PERIOD_MS = LIMIT_PERIOD_MS.day;

/** "query limit reached (100 per day)": the reason a search shows for skipping the indexer. */
export function limitReachedReason(kind: UsageKind, limit: UsageLimit): string {
  return `${kind} limit reached (${limit.max} per ${limit.per})`;
}

/** One finished call to an indexer, as the statistics count it. */
export interface IndexerCall {
  kind: UsageKind;
  /** An RSS query (latest releases), as opposed to a search. */
  rss: boolean;
  /** `cancelled`: the caller gave up; counted as sent, neither answered nor failed. */
  outcome: 'succeeded' | 'failed' | 'cancelled';
  /** The failure was the credentials' fault (wrong key, banned account, login refused). */
  authFailure: boolean;
  /** How long the indexer took to answer; null when it never did (timeout, cancelled). */
  durationMs: number | null;
  at: number;
}

export interface IndexerStats {
  indexerId: number;
  queries: number;
  rssQueries: number;
  failedQueries: number;
  grabs: number;
  failedGrabs: number;
  authFailures: number;
  /** Mean time to an answer over every answered call; null before the first one. */
  averageResponseMs: number | null;
  lastQueryAt: number | null;
  lastGrabAt: number | null;
}

export function emptyStats(indexerId: number): IndexerStats {
  return {
    indexerId,
    queries: 0,
    rssQueries: 0,
    failedQueries: 0,
    grabs: 0,
    failedGrabs: 0,
    authFailures: 0,
    averageResponseMs: null,
    lastQueryAt: null,
    lastGrabAt: null,
  };
}

/** The increments one call adds to the counters (the repository adds them in one statement). */
export function countersOf(call: IndexerCall): {
  queries: number;
  rssQueries: number;
  failedQueries: number;
  grabs: number;
  failedGrabs: number;
  authFailures: number;
  responseMs: number;
  responses: number;
} {
  const query = call.kind === 'query';
  const failed = call.outcome === 'failed';
  // Only a grab that delivered the file counts as a grab; a failed one counts as a failure.
  const answeredIn = call.outcome === 'cancelled' ? null : call.durationMs;
  return {
    queries: query ? 1 : 0,
    rssQueries: query && call.rss ? 1 : 0,
    failedQueries: query && failed ? 1 : 0,
    grabs: !query && call.outcome === 'succeeded' ? 1 : 0,
    failedGrabs: !query && failed ? 1 : 0,
    authFailures: failed && call.authFailure ? 1 : 0,
    responseMs: answeredIn === null ? 0 : Math.max(0, Math.round(answeredIn)),
    responses: answeredIn === null ? 0 : 1,
  };
}

export function averageResponseMs(totalMs: number, responses: number): number | null {
  return responses > 0 ? Math.round(totalMs / responses) : null;
}
