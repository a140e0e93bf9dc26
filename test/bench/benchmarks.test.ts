// The import and library-memory benchmarks stay runnable on a small scale: the import benchmark's files
// pass the real verifier, every import it times is a hardlink (it throws otherwise), the 2 GB file is
// sparse, and nothing is left behind; the memory benchmark's service (dist, built by `pretest`) sees
// every seeded movie through the API.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { importBenchmark } from '../../bench/import.bench.js';
import { libraryMemoryBenchmark } from '../../bench/library-memory.bench.js';

async function leftovers(): Promise<string[]> {
  const names = [...(await readdir(tmpdir())), ...(await readdir('/dev/shm'))];
  return names.filter((name) => name.startsWith('omniarr-import-bench-'));
}

it('imports a sparse 2 GB and a 2 MB movie by hardlink and copies across filesystems', async () => {
  // A temp dir of this test's own, so other processes' benchmarks cannot make it look untidy.
  const ownTmp = await mkdtemp(path.join(tmpdir(), 'omniarr-bench-test-'));
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = ownTmp;
  const before = await leftovers();
  const result = await importBenchmark({
    runs: 2,
    crossDeviceBytes: 4 * 1024 ** 2,
    crossDeviceRuns: 1,
  }).finally(() => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  });
  expect(result).toMatchObject({ smallBytes: 2 * 1024 ** 2, largeBytes: 2 * 1024 ** 3, runs: 2 });
  expect(result.largeFileAllocatedMb).toBeLessThan(16);
  for (const figures of [result.fileTransferHardlink, result.movieImportHardlink]) {
    expect(figures.smallMsMedian).toBeGreaterThan(0);
    expect(figures.ratio).toBeGreaterThan(0);
    expect(Number.isFinite(figures.ratio)).toBe(true);
  }
  expect(result.crossDeviceCopy).toMatchObject({ bytes: 4 * 1024 ** 2, runs: 1 });
  expect(result.crossDeviceCopy!.mbPerSecond).toBeGreaterThan(0);
  expect((await readdir(ownTmp)).filter((name) => name.startsWith('omniarr-import-bench-'))).toEqual([]);
  expect(before.filter((name) => !name.startsWith('omniarr-import-bench-'))).toEqual([]);
  await rm(ownTmp, { recursive: true, force: true });
});

it('starts the built service on a seeded library and pages through every movie', async () => {
  const result = await libraryMemoryBenchmark(300, 1, 100);
  expect(result).toMatchObject({ movies: 300, runs: 1 });
  expect(result.idleRssMbMedian).toBeGreaterThan(20);
  expect(result.afterListingRssMbMedian).toBeGreaterThan(20);
});
