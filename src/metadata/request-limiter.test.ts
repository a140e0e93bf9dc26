import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLimiter } from './request-limiter.js';

// Fake timers drive both the limiter's clock (Date.now) and its sleeps (setTimeout), so start times
// are exact and the tests take no real time.
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

async function startTimes(limiter: RequestLimiter, count: number, during?: (index: number) => void) {
  const starts: number[] = [];
  const all = Promise.all(
    Array.from({ length: count }, (_, index) =>
      limiter.run(async () => {
        starts.push(Date.now());
        during?.(index);
        await Promise.resolve();
      }),
    ),
  );
  await vi.runAllTimersAsync();
  await all;
  return starts;
}

describe('RequestLimiter', () => {
  it('spaces request starts by the minimum interval', async () => {
    const limiter = new RequestLimiter({ concurrency: 4, minIntervalMs: 25 });
    expect(await startTimes(limiter, 5)).toEqual([0, 25, 50, 75, 100]);
  });

  it('starts at once when the last request is long past', async () => {
    const limiter = new RequestLimiter({ concurrency: 1, minIntervalMs: 25 });
    await startTimes(limiter, 1);
    vi.setSystemTime(10_000);
    expect(await startTimes(limiter, 1)).toEqual([10_000]);
  });

  it('never runs more than `concurrency` tasks at once', async () => {
    const limiter = new RequestLimiter({ concurrency: 2, minIntervalMs: 0 });
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 6 }, () =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
      }),
    );
    await vi.runAllTimersAsync();
    await Promise.all(tasks);
    expect(peak).toBe(2);
  });

  it('holds every queued request while paused, including ones reserved before the pause', async () => {
    const limiter = new RequestLimiter({ concurrency: 3, minIntervalMs: 10 });
    const starts = await startTimes(limiter, 3, (index) => {
      if (index === 0) limiter.pauseUntil(1_000);
    });
    expect(starts).toEqual([0, 1_000, 1_010]);
  });

  it('rejects nonsense settings', () => {
    expect(() => new RequestLimiter({ concurrency: 0, minIntervalMs: 0 })).toThrow(RangeError);
    expect(() => new RequestLimiter({ concurrency: 1, minIntervalMs: -1 })).toThrow(RangeError);
  });
});
