// Owns an in-memory cache with a time to live and a size bound, used by metadata clients so a
// refresh or a burst of lookups does not ask the upstream service the same question twice. Calls
// for a key already being fetched share the one request in flight.
import { systemClock, type Clock } from '../shared/clock.js';

export interface TtlCacheOptions {
  ttlMs: number;
  /** Oldest entries are dropped beyond this many. */
  maxEntries: number;
  clock?: Clock;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly clock: Clock;

  constructor(private readonly options: TtlCacheOptions) {
    if (options.ttlMs <= 0 || options.maxEntries <= 0)
      throw new RangeError('ttlMs and maxEntries must be > 0');
    this.clock = options.clock ?? systemClock;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    // Re-inserting moves the key to the end, so the Map's order is least recently written first.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.clock.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The cached value, or the result of `load` (cached on success; failures are not cached). */
  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = load().then(
      (value) => {
        this.inFlight.delete(key);
        this.set(key, value);
        return value;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, request);
    return request;
  }
}
