// Cardigann indexers inside the indexer hub, next to each other: one search fans out to the 1337x and
// Milkie fakes through their real definitions, their releases come back merged with the same shape a
// Torznab indexer gives, and a grab fetches the .torrent and counts in the statistics.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionCatalog } from '../../src/indexers/cardigann/definition-catalog.js';
import { IndexerRepository } from '../../src/indexers/indexer.repository.js';
import { IndexerStatsRepository } from '../../src/indexers/indexer-stats.repository.js';
import { IndexerService } from '../../src/indexers/indexer.service.js';
import { createLogger, SecretRegistry } from '../../src/logging/logger.js';
import { systemClock } from '../../src/shared/clock.js';
import { startMilkieSite, type MilkieSite } from '../fakes/cardigann-sites/milkie-site.js';
import { start1337xSite, type X1337xSite } from '../fakes/cardigann-sites/x1337x-site.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { indexerInput } from '../support/indexer-settings.js';

const definitionsDir = path.resolve(import.meta.dirname, '../../../shared/cardigann/v11');

describe('Cardigann indexers in the hub', () => {
  let database: TestDatabase;
  let x1337x: X1337xSite;
  let milkie: MilkieSite;
  let indexers: IndexerService;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    x1337x = await start1337xSite([
      {
        id: 1,
        title: 'The.Matrix.1999.1080p.BluRay.x264-GRP',
        category: 42,
        seeders: 40,
        leechers: 2,
        size: '8.1 GB',
        date: '3am Jan. 2nd',
        uploader: 'u',
      },
    ]);
    milkie = await startMilkieSite('k', [
      {
        id: 'm1',
        releaseName: 'The.Matrix.1999.2160p.UHD.BluRay.x265-OTHER',
        category: 1,
        size: 60e9,
        downloaded: 9,
        seeders: 12,
        leechers: 0,
        createdAt: '2024-01-01T00:00:00Z',
      },
    ]);
    const catalog = await DefinitionCatalog.load(definitionsDir);
    // Until the indexers table knows a "cardigann" implementation, the factory maps rows by name.
    const configs: Record<
      string,
      { definitionId: string; baseUrl: string; settings: Record<string, string> }
    > = {
      '1337x': { definitionId: '1337x', baseUrl: x1337x.url, settings: { downloadlink: x1337x.url } },
      Milkie: { definitionId: 'milkie', baseUrl: milkie.url, settings: { apikey: 'k' } },
    };
    const logger = createLogger({ level: 'silent', secrets: new SecretRegistry() });
    indexers = new IndexerService(
      new IndexerRepository(database.handle.db),
      new IndexerStatsRepository(database.handle.db),
      systemClock,
      logger,
      {
        createClient: (settings) => {
          const config = configs[settings.name]!;
          // No 3 s requestDelay between the fake 1337x's four pages.
          return catalog.createIndexer({
            name: settings.name,
            timeoutMs: settings.timeoutMs,
            requestDelayMs: 0,
            ...config,
          });
        },
      },
    );
    await indexers.create(indexerInput({ name: '1337x', url: x1337x.url }), { test: false });
    await indexers.create(indexerInput({ name: 'Milkie', url: milkie.url }), { test: false });
  });
  afterAll(async () => {
    await Promise.all([x1337x?.close(), milkie?.close()]);
    await database?.cleanup();
  });

  it('searches both for a movie, and grabs a release from one', async () => {
    const outcome = await indexers.searchAll({
      kind: 'movie',
      title: 'The Matrix',
      year: 1999,
      categories: [2000],
    });
    expect(outcome.failures).toEqual([]);
    expect([...outcome.answered].sort()).toEqual(['1337x', 'Milkie']);
    expect(outcome.releases.map((r) => [r.indexer, r.title, r.categories]).sort()).toEqual([
      ['1337x', 'The.Matrix.1999.1080p.BluRay.x264-GRP', [2000, 2040]],
      ['Milkie', 'The.Matrix.1999.2160p.UHD.BluRay.x265-OTHER', [2000]],
    ]);
    const fromMilkie = outcome.releases.find((r) => r.indexer === 'Milkie')!;
    const fetched = await indexers.fetchRelease(fromMilkie);
    expect(fetched.kind).toBe('torrent');
    const stats = await indexers.stats();
    expect(stats.find((s) => s.name === 'Milkie')).toMatchObject({ grabs: 1 });
  });
});
