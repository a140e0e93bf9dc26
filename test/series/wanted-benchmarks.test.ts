// The TV benchmarks stay runnable on a small scale: the seeded library is what the catalog reads
// (every file linked to its episode, wanted and calendar pages filled), and an RSS sync over it matches
// about one release in five to a library series by id or title, and grabs some.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rssBenchmark, rssReleases } from '../../bench/rss.bench.js';
import { seedSeriesLibrary, type SeededSeriesLibrary } from '../../bench/series.bench.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { belowCutoff } from '../../src/profiles/quality-ranking.js';
import { ProfileRepository } from '../../src/profiles/profile.repository.js';
import { SeriesCatalogIndex } from '../../src/series/series-catalog-index.js';
import { SeriesRepository } from '../../src/series/series.repository.js';
import { parseRelease } from '../../src/parser/index.js';

const NOW = Date.UTC(2026, 0, 15, 12);
let dir: string;
let handle: DatabaseHandle;
let seeded: SeededSeriesLibrary;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'omniarr-series-seed-'));
  handle = openDatabase({ dataDir: dir, databaseUrl: undefined });
  await migrateToLatest(handle);
  seeded = await seedSeriesLibrary(handle.db, NOW, 120, 4);
});
afterAll(async () => {
  await handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('seeds a library the catalog reads: files linked, wanted and calendar pages filled', async () => {
  const repository = new SeriesRepository(handle.db);
  expect(seeded).toMatchObject({ series: 120, episodes: 120 * 20 });
  const { total } = await repository.list({ sortKey: 'title', sortDirection: 'asc', limit: 1, offset: 0 });
  expect(total).toBe(120);
  const linked = await handle.db
    .selectFrom('episodes')
    .innerJoin('episode_files', 'episode_files.id', 'episodes.episode_file_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('episode_files.series_id', '=', (eb) => eb.ref('episodes.series_id'))
    .executeTakeFirstOrThrow();
  expect(Number(linked.n)).toBe(seeded.files);
  expect(seeded.files).toBeGreaterThan(0);

  const profiles = await new ProfileRepository(handle.db).listProfiles();
  const page = { limit: 100, offset: 0 };
  expect((await repository.missing(NOW, page)).total).toBeGreaterThan(100);
  expect((await repository.cutoffUnmet(belowCutoff(profiles), page)).total).toBeGreaterThan(100);
  const month = await repository.calendar(NOW - 14 * 86_400_000, NOW + 16 * 86_400_000, page);
  expect(month.total).toBeGreaterThan(0);
});

it('generates RSS releases of which about one in five is for a library series', async () => {
  const releases = await rssReleases(handle.db, 120);
  const index = new SeriesCatalogIndex(await new SeriesRepository(handle.db).loadCatalog());
  const matched = releases.filter((release) => {
    const parsed = parseRelease(release.title);
    return (
      index.match({ cleanTitle: parsed.cleanTitle, year: parsed.year, tvdbId: release.tvdbId }).kind ===
      'matched'
    );
  });
  expect(releases).toHaveLength(1000);
  expect(new Set(releases.map((release) => release.guid)).size).toBe(1000);
  expect(matched.length).toBeGreaterThan(150);
  expect(matched.length).toBeLessThan(260);
  // Every shape is there: packs, multi-episode, daily dates, anime absolute numbers.
  const titles = matched.map((release) => release.title).join('\n');
  expect(titles).toMatch(/\.S\d\d\.1080p/);
  expect(titles).toMatch(/S\d\dE\d\dE\d\d/);
  expect(titles).toMatch(/\.20\d\d\.\d\d\.\d\d\./);
  expect(titles).toMatch(/^\[SubsPlease\] .+ - \d+ \(1080p\)/m);
});

it('runs one RSS sync over the small library and grabs some releases', async () => {
  const result = await rssBenchmark(120, 4);
  expect(result).toMatchObject({ releases: 1000, series: 120, ambiguous: 0 });
  expect(result.matched).toBeGreaterThan(150);
  expect(result.seriesDecided).toBeGreaterThan(50);
  expect(result.grabs).toBeGreaterThan(0);
  expect(result.accepted).toBeGreaterThanOrEqual(result.grabs);
}, 60_000);
