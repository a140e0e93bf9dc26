import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

function manualClock(start = 1_000) {
  const clock = { time: start, now: () => clock.time };
  return clock;
}

describe('TtlCache', () => {
  it('returns a value until its time to live is over', () => {
    const clock = manualClock();
    const cache = new TtlCache<string>({ ttlMs: 100, maxEntries: 10, clock });
    cache.set('a', 'one');
    clock.time += 99;
    expect(cache.get('a')).toBe('one');
    clock.time += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entries beyond its size bound', () => {
    const cache = new TtlCache<number>({ ttlMs: 1_000, maxEntries: 2, clock: manualClock() });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 11); // rewriting makes `a` the newest
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(11);
    expect(cache.get('c')).toBe(3);
  });

  it('shares one load between concurrent callers and caches null results', async () => {
    const cache = new TtlCache<number | null>({ ttlMs: 1_000, maxEntries: 10, clock: manualClock() });
    let loads = 0;
    const load = async () => {
      loads += 1;
      await Promise.resolve();
      return null;
    };
    const results = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    expect(results).toEqual([null, null]);
    await cache.getOrLoad('k', load);
    expect(loads).toBe(1);
  });

  it('does not cache failures', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, maxEntries: 10, clock: manualClock() });
    await expect(cache.getOrLoad('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(cache.getOrLoad('k', () => Promise.resolve('up'))).resolves.toBe('up');
  });

  it('refuses a useless configuration', () => {
    expect(() => new TtlCache({ ttlMs: 0, maxEntries: 1 })).toThrow(RangeError);
  });
});
