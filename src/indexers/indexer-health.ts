// Owns when an indexer may be queried: the escalating back-off after consecutive failures (so a
// broken indexer is left alone for longer and longer, and the user sees why), and the per-indexer
// minimum interval between queries (so we never hammer a site into banning the user). The back-off
// is a pure state transition, stored by whoever owns persistence; time always comes from the caller.
import { sleep, type Clock } from '../shared/clock.js';
import { IndexerError, type IndexerFailureKind } from './indexer-error.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Disable periods after the 1st, 2nd, … consecutive failure; the last one repeats. */
export const BACKOFF_PERIODS_MS: readonly number[] = [
  1 * MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  1 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

const LONGEST_BACKOFF_MS = 24 * HOUR;

export interface IndexerFailure {
  /** Shown to the user ("Incorrect user credentials", "answered with an HTML page", …). */
  reason: string;
  kind: IndexerFailureKind | 'unknown';
  /** The indexer said when to come back (HTTP 429 Retry-After). */
  retryAfterMs?: number;
}

export interface IndexerHealth {
  consecutiveFailures: number;
  /** Epoch milliseconds before which the indexer must not be queried; null when it may be. */
  disabledUntil: number | null;
  lastFailure: (IndexerFailure & { at: number }) | null;
  lastSuccessAt: number | null;
}

export type IndexerAvailability =
  { available: true } | { available: false; until: number; reason: string; kind: IndexerFailure['kind'] };

export const healthyIndexer: IndexerHealth = {
  consecutiveFailures: 0,
  disabledUntil: null,
  lastFailure: null,
  lastSuccessAt: null,
};

/** The disable period after `consecutiveFailures` failures in a row (1-based). */
export function backoffPeriodMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  const index = Math.min(consecutiveFailures, BACKOFF_PERIODS_MS.length) - 1;
  return BACKOFF_PERIODS_MS[index] ?? LONGEST_BACKOFF_MS;
}

export function recordFailure(health: IndexerHealth, failure: IndexerFailure, now: number): IndexerHealth {
  const lastFailure = { ...failure, at: now };

  // The indexer told us when to come back: believe it rather than guess, and do not count it as a
  // step towards a day-long ban, since a busy indexer is not a broken one.
  if (failure.retryAfterMs !== undefined) {
    const period = Math.min(Math.max(failure.retryAfterMs, 0), LONGEST_BACKOFF_MS);
    return { ...health, disabledUntil: Math.max(health.disabledUntil ?? 0, now + period), lastFailure };
  }

  // Queries that were already in flight when the indexer got disabled fail together; they are one
  // outage, not several, so they keep the reason fresh without escalating the period.
  if (health.disabledUntil !== null && now < health.disabledUntil) {
    return { ...health, lastFailure };
  }

  const consecutiveFailures = health.consecutiveFailures + 1;
  return {
    ...health,
    consecutiveFailures,
    disabledUntil: now + backoffPeriodMs(consecutiveFailures),
    lastFailure,
  };
}

/** A success clears the back-off; the last failure stays visible for the user's history. */
export function recordSuccess(health: IndexerHealth, now: number): IndexerHealth {
  return { ...health, consecutiveFailures: 0, disabledUntil: null, lastSuccessAt: now };
}

export function availability(health: IndexerHealth, now: number): IndexerAvailability {
  if (health.disabledUntil === null || now >= health.disabledUntil) return { available: true };
  return {
    available: false,
    until: health.disabledUntil,
    reason: health.lastFailure?.reason ?? 'disabled',
    kind: health.lastFailure?.kind ?? 'unknown',
  };
}

/** Turns whatever a query threw into the failure the back-off records. */
export function failureFromError(error: unknown): IndexerFailure {
  if (error instanceof IndexerError) {
    return {
      reason: error.message,
      kind: error.kind,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    };
  }
  return { reason: error instanceof Error ? error.message : String(error), kind: 'unknown' };
}

/**
 * Spaces the queries sent to each indexer by at least its minimum interval. Slots are reserved
 * synchronously, so concurrent searches line up instead of all going out at once.
 */
export class QueryRateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Reserves the indexer's next slot and returns how long to wait for it (0 when it is free now). */
  reserve(indexer: string, minIntervalMs: number): number {
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot.get(indexer) ?? now);
    this.nextSlot.set(indexer, slot + Math.max(minIntervalMs, 0));
    return slot - now;
  }

  /** Waits for the indexer's next slot (returns early, slot still used, if `signal` aborts). */
  async acquire(indexer: string, minIntervalMs: number, signal?: AbortSignal): Promise<void> {
    const wait = this.reserve(indexer, minIntervalMs);
    if (wait > 0) await sleep(wait, signal);
  }
}
