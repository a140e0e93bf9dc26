// Smoke test of the solver benchmark: it measures a real solve and a real idle shutdown.
import { expect, it } from 'vitest';
import { solverBenchmark } from '../../bench/solver.bench.js';

it('measures the browser during a solve and its absence after the idle timeout', async () => {
  const result = await solverBenchmark({ idleTimeoutMs: 300 });
  expect(result.message).toBe('Challenge solved!');
  expect(result.chromiumProcessesAtPeak).toBeGreaterThan(0);
  expect(result.chromiumProcessesAfterIdle).toBe(0);
  // Chromium's processes add far more than this process's own memory while they run, and PSS never
  // exceeds RSS (shared pages are divided, not repeated).
  expect(result.peakDuringSolve.pssMiB).toBeGreaterThan(result.before.pssMiB + 50);
  expect(result.peakDuringSolve.pssMiB).toBeLessThanOrEqual(result.peakDuringSolve.rssMiB);
  expect(result.afterIdle.pssMiB).toBeLessThan(result.peakDuringSolve.pssMiB - 50);
});
