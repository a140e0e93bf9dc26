import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/clock.js';
import { IndexerError } from './indexer-error.js';
import {
  availability,
  backoffPeriodMs,
  failureFromError,
  healthyIndexer,
  QueryRateLimiter,
  recordFailure,
  recordSuccess,
  type IndexerFailure,
  type IndexerHealth,
} from './indexer-health.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 0, 1);
const broken: IndexerFailure = { reason: 'answered with an HTML page', kind: 'invalid_response' };

describe('backoffPeriodMs', () => {
  it.each([
    [0, 0],
    [1, 1 * MINUTE],
    [2, 5 * MINUTE],
    [3, 15 * MINUTE],
    [4, 30 * MINUTE],
    [5, 1 * HOUR],
    [6, 3 * HOUR],
    [7, 6 * HOUR],
    [8, 12 * HOUR],
    [9, 24 * HOUR],
    [10, 24 * HOUR],
    [500, 24 * HOUR],
  ])('after %i consecutive failures the indexer rests %i ms', (failures, period) => {
    expect(backoffPeriodMs(failures)).toBe(period);
  });
});

describe('recordFailure', () => {
  it('escalates through every period when each failure comes after the previous back-off ended', () => {
    let health: IndexerHealth = healthyIndexer;
    let now = T0;
    const periods: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      health = recordFailure(health, broken, now);
      const until = health.disabledUntil ?? now;
      periods.push(until - now);
      now = until;
    }
    expect(periods.map((ms) => ms / MINUTE)).toEqual([1, 5, 15, 30, 60, 180, 360, 720, 1440, 1440, 1440]);
    expect(health.consecutiveFailures).toBe(11);
  });

  it('keeps the reason and when it happened', () => {
    const health = recordFailure(healthyIndexer, broken, T0);
    expect(health.lastFailure).toEqual({ ...broken, at: T0 });
    expect(availability(health, T0 + 1)).toEqual({
      available: false,
      until: T0 + MINUTE,
      reason: broken.reason,
      kind: 'invalid_response',
    });
    expect(availability(health, T0 + MINUTE)).toEqual({ available: true });
  });

  it('does not escalate for failures of queries that were in flight while already disabled', () => {
    const first = recordFailure(healthyIndexer, broken, T0);
    const second = recordFailure(first, { reason: 'timed out', kind: 'timeout' }, T0 + 10);
    expect(second.consecutiveFailures).toBe(1);
    expect(second.disabledUntil).toBe(T0 + MINUTE);
    expect(second.lastFailure?.reason).toBe('timed out');
  });

  it.each([
    ['honours a short Retry-After', 30_000, T0 + 30_000],
    ['honours a long Retry-After', 2 * HOUR, T0 + 2 * HOUR],
    ['caps an absurd Retry-After at a day', 30 * 24 * HOUR, T0 + 24 * HOUR],
    ['treats a negative Retry-After as now', -5, T0],
  ])('%s', (_name, retryAfterMs, until) => {
    const health = recordFailure(
      healthyIndexer,
      { reason: 'rate limited (HTTP 429)', kind: 'rate_limited', retryAfterMs },
      T0,
    );
    expect(health.disabledUntil).toBe(until);
    expect(health.consecutiveFailures).toBe(0);
    expect(health.lastFailure?.kind).toBe('rate_limited');
  });

  it('never shortens a longer back-off because of a Retry-After', () => {
    let health = healthyIndexer;
    for (let failures = 0, now = T0; failures < 5; failures++) {
      health = recordFailure(health, broken, now);
      now = health.disabledUntil ?? now;
    }
    const before = health.disabledUntil ?? 0;
    const after = recordFailure(
      health,
      { reason: '429', kind: 'rate_limited', retryAfterMs: 30_000 },
      before - 60_000,
    );
    expect(after.disabledUntil).toBe(before);
  });
});

describe('recordSuccess', () => {
  it('resets the escalation but keeps the last failure for history', () => {
    let health = recordFailure(healthyIndexer, broken, T0);
    health = recordFailure(health, broken, T0 + 2 * MINUTE);
    health = recordSuccess(health, T0 + 10 * MINUTE);
    expect(health).toMatchObject({
      consecutiveFailures: 0,
      disabledUntil: null,
      lastSuccessAt: T0 + 10 * MINUTE,
    });
    expect(health.lastFailure?.reason).toBe(broken.reason);
    expect(availability(health, T0 + 10 * MINUTE)).toEqual({ available: true });
    expect(recordFailure(health, broken, T0 + 11 * MINUTE).disabledUntil).toBe(T0 + 12 * MINUTE);
  });
});

describe('failureFromError', () => {
  it.each([
    [
      new IndexerError('Geek', 'error 100: Incorrect user credentials', { kind: 'auth', apiCode: 100 }),
      { reason: 'Geek: error 100: Incorrect user credentials', kind: 'auth' },
    ],
    [
      new IndexerError('Geek', 'rate limited (HTTP 429)', { kind: 'rate_limited', retryAfterMs: 120_000 }),
      { reason: 'Geek: rate limited (HTTP 429)', kind: 'rate_limited', retryAfterMs: 120_000 },
    ],
    [new Error('boom'), { reason: 'boom', kind: 'unknown' }],
    ['string thrown', { reason: 'string thrown', kind: 'unknown' }],
  ])('%s', (error, failure) => {
    expect(failureFromError(error)).toEqual(failure);
  });
});

describe('QueryRateLimiter', () => {
  it('spaces the queries to one indexer by its minimum interval and leaves others alone', () => {
    const clock = new ManualClock(T0);
    const limiter = new QueryRateLimiter(clock);
    expect(limiter.reserve('a', 2000)).toBe(0);
    expect(limiter.reserve('a', 2000)).toBe(2000);
    expect(limiter.reserve('a', 2000)).toBe(4000);
    expect(limiter.reserve('b', 2000)).toBe(0);
    clock.advance(5000);
    expect(limiter.reserve('a', 2000)).toBe(1000);
    clock.advance(10_000);
    expect(limiter.reserve('a', 2000)).toBe(0);
  });

  it('waits for the slot', async () => {
    const limiter = new QueryRateLimiter({ now: () => Date.now() });
    await limiter.acquire('a', 30);
    const started = Date.now();
    await limiter.acquire('a', 30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
