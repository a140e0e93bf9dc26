import { describe, expect, it } from 'vitest';
import { cardigannBenchmark } from '../../bench/cardigann.bench.js';

describe('Cardigann benchmark', () => {
  it('parses a 100-row 1337x page into 100 releases and reports the time', async () => {
    const result = await cardigannBenchmark(3);
    console.info(`Cardigann: ${result.rows} rows parsed in ${result.parseMs} ms (median of ${result.runs})`);
    expect(result).toMatchObject({ rows: 100, releases: 100, runs: 3 });
    expect(result.parseMs).toBeGreaterThan(0);
  });
});
