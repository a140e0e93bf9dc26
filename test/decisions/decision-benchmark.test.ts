// The decision benchmark stays runnable and its library lookup finds the movies it should: decoys not
// in the library go unmatched, and a good share of the rest is accepted.
import { expect, it } from 'vitest';
import { decisionBenchmark } from '../../bench/decisions.bench.js';

it('decides a small run and reports its figures', () => {
  const result = decisionBenchmark(1000, 1000);
  expect(result).toMatchObject({ releases: 1000, movies: 1000 });
  expect(result.noMovie).toBeGreaterThan(50);
  expect(result.noMovie).toBeLessThan(150);
  expect(result.accepted).toBeGreaterThan(200);
  expect(result.accepted).toBeLessThan(1000 - result.noMovie);
  expect(result.releasesPerSecond).toBeGreaterThan(0);
});
