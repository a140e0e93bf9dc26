// Owns politeness towards a rate-limited upstream: at most `concurrency` requests at once, starts
// spaced at least `minIntervalMs` apart, and a shared pause when the upstream says "slow down"
// (HTTP 429 + Retry-After), so one throttled request holds back the others instead of all of them
// hammering on.
import pLimit, { type LimitFunction } from 'p-limit';
import { sleep as realSleep, systemClock, type Clock } from '../shared/clock.js';

export interface RequestLimiterOptions {
  concurrency: number;
  minIntervalMs: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

export class RequestLimiter {
  private readonly limit: LimitFunction;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Earliest time the next request may start. */
  private nextStart = 0;
  private pausedUntil = 0;

  constructor(private readonly options: RequestLimiterOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError('concurrency must be a positive integer');
    }
    if (options.minIntervalMs < 0) throw new RangeError('minIntervalMs must be >= 0');
    this.limit = pLimit(options.concurrency);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? ((ms) => realSleep(ms));
  }

  /** Requests started or waiting. */
  get pending(): number {
    return this.limit.activeCount + this.limit.pendingCount;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      // Start times are planned (reserved) rather than re-read from the clock after each wait, so
      // concurrent tasks queue behind each other and a fake clock in tests cannot stall the queue.
      let now = this.clock.now();
      let start = this.reserve(now);
      for (;;) {
        if (start > now) await this.sleep(start - now);
        now = start;
        // A pause that began while this task waited (another request got a 429) holds it too.
        if (this.pausedUntil <= start) break;
        start = this.reserve(this.pausedUntil);
      }
      return task();
    });
  }

  private reserve(earliest: number): number {
    const start = Math.max(earliest, this.nextStart);
    this.nextStart = start + this.options.minIntervalMs;
    return start;
  }

  /** Holds every request until `until` (epoch ms), e.g. after the upstream answered 429. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.nextStart = Math.max(this.nextStart, until);
  }
}
