// Query and grab limits over rolling windows and the per-indexer statistics, on SQLite and
// PostgreSQL: the repository's single-statement counters and slot reservations, and IndexerService
// skipping an indexer at its query limit, refusing a grab at its grab limit, and counting every call.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchedRelease, Indexer, IndexerRelease, SearchQuery } from '../../src/indexers/indexer.js';
import { IndexerError } from '../../src/indexers/indexer-error.js';
import { IndexerStatsRepository } from '../../src/indexers/indexer-stats.repository.js';
import { IndexerRepository, type IndexerInput } from '../../src/indexers/indexer.repository.js';
import { IndexerLimitError, IndexerService } from '../../src/indexers/indexer.service.js';
import { createLogger, SecretRegistry } from '../../src/logging/logger.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { indexerInput } from '../support/indexer-settings.js';
import { indexerRelease } from '../support/releases.js';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

const input = (name: string, extra: Partial<IndexerInput> = {}): IndexerInput =>
  indexerInput({ name, url: 'http://127.0.0.1:9/', timeoutMs: 1000, ...extra });

function release(indexer: string): IndexerRelease {
  return indexerRelease({
    guid: `${indexer}-1`,
    title: 'Heat.1995.1080p.BluRay.x264-AMIABLE',
    indexer,
    magnetUrl: `magnet:?xt=urn:btih:${'e'.repeat(40)}`,
    infoHash: 'e'.repeat(40),
    size: 1,
    seeders: 1,
    leechers: 0,
    peers: 1,
  });
}

type Behaviour = 'ok' | 'auth' | 'timeout' | 'garbage';

/** A scripted indexer: answers after `latencyMs` of the manual clock, or fails the way it is told. */
class ScriptedIndexer implements Indexer {
  readonly protocol = 'torrent' as const;
  behaviour: Behaviour = 'ok';
  latencyMs = 200;
  constructor(
    readonly name: string,
    private readonly clock: ManualClock,
  ) {}
  capabilities(): never {
    throw new Error('not used');
  }
  search(_query: SearchQuery): Promise<IndexerRelease[]> {
    return this.answer(() => [release(this.name)]);
  }
  fetchRelease(found: IndexerRelease): Promise<FetchedRelease> {
    return this.answer(() => ({ kind: 'magnet', uri: found.magnetUrl! }));
  }
  private answer<T>(value: () => T): Promise<T> {
    this.clock.advance(this.latencyMs);
    switch (this.behaviour) {
      case 'ok':
        return Promise.resolve(value());
      case 'auth':
        return Promise.reject(
          new IndexerError(this.name, 'Incorrect user credentials', { kind: 'auth', apiCode: 100 }),
        );
      case 'timeout':
        return Promise.reject(new IndexerError(this.name, 'no answer within 1000 ms', { kind: 'timeout' }));
      case 'garbage':
        return Promise.reject(
          new IndexerError(this.name, 'answered with garbage', { kind: 'invalid_response' }),
        );
    }
  }
}

for (const dialect of dialects) {
  describe(`indexer limits and statistics on ${dialect}`, () => {
    let database: TestDatabase;
    let repository: IndexerRepository;
    let statistics: IndexerStatsRepository;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      repository = new IndexerRepository(database.handle.db);
      statistics = new IndexerStatsRepository(database.handle.db);
    });
    afterAll(() => database.cleanup());

    it('adds each call to the lifetime counters in one upsert', async () => {
      const { id } = await repository.insert(input('Counted'), 0);
      const at = Date.UTC(2026, 0, 1);
      await statistics.record(id, {
        kind: 'query',
        rss: true,
        outcome: 'succeeded',
        authFailure: false,
        durationMs: 100,
        at,
      });
      await statistics.record(id, {
        kind: 'query',
        rss: false,
        outcome: 'failed',
        authFailure: true,
        durationMs: 300,
        at: at + 1,
      });
      await statistics.record(id, {
        kind: 'query',
        rss: false,
        outcome: 'failed',
        authFailure: false,
        durationMs: null,
        at: at + 2,
      });
      await statistics.record(id, {
        kind: 'query',
        rss: false,
        outcome: 'cancelled',
        authFailure: false,
        durationMs: 9,
        at: at + 3,
      });
      await statistics.record(id, {
        kind: 'grab',
        rss: false,
        outcome: 'succeeded',
        authFailure: false,
        durationMs: 50,
        at: at + 4,
      });
      await statistics.record(id, {
        kind: 'grab',
        rss: false,
        outcome: 'failed',
        authFailure: false,
        durationMs: 150,
        at: at + 5,
      });
      expect(await statistics.get(id)).toEqual({
        indexerId: id,
        queries: 4,
        rssQueries: 1,
        failedQueries: 2,
        grabs: 1,
        failedGrabs: 1,
        authFailures: 1,
        averageResponseMs: 150, // (100 + 300 + 50 + 150) / 4: timeouts and cancellations have no answer time
        lastQueryAt: at + 3,
        lastGrabAt: at + 4,
      });
      expect((await statistics.list()).map((stats) => stats.indexerId)).toContain(id);
    });

    it('reserves at most max slots in a rolling window, says when the next frees, and prunes', async () => {
      const { id } = await repository.insert(input('Limited'), 0);
      const limit = { max: 3, per: 'hour' as const };
      const t0 = Date.UTC(2026, 0, 1);
      expect(await statistics.reserve(id, 'query', limit, t0)).toEqual({ granted: true });
      expect(await statistics.reserve(id, 'query', limit, t0 + 10 * 60_000)).toEqual({ granted: true });
      expect(await statistics.reserve(id, 'query', limit, t0 + 20 * 60_000)).toEqual({ granted: true });
      // Grabs are counted apart from queries.
      expect(await statistics.reserve(id, 'grab', limit, t0 + 20 * 60_000)).toEqual({ granted: true });
      expect(await statistics.reserve(id, 'query', limit, t0 + 30 * 60_000)).toEqual({
        granted: false,
        used: 3,
        until: t0 + HOUR,
      });
      expect(await statistics.used(id, 'query', limit, t0 + 30 * 60_000)).toBe(3);
      // Rolling: the first slot frees an hour after it was taken, not at the top of a clock hour.
      expect(await statistics.reserve(id, 'query', limit, t0 + HOUR + 1)).toEqual({ granted: true });
      // A limit lowered below the usage waits for enough slots to expire.
      expect(await statistics.reserve(id, 'query', { max: 2, per: 'hour' }, t0 + HOUR + 2)).toEqual({
        granted: false,
        used: 3,
        until: t0 + 20 * 60_000 + HOUR,
      });
      await statistics.prune(t0 + DAY);
      expect(await statistics.used(id, 'query', { max: 1, per: 'day' }, t0 + DAY + 1)).toBe(0);
    });

    it('searches skip an indexer at its query limit; grabs at the grab limit are refused; all is counted', async () => {
      const clock = new ManualClock();
      const scripted = new Map<string, ScriptedIndexer>();
      const logs: string[] = [];
      const service = new IndexerService(
        repository,
        statistics,
        clock,
        createLogger({
          level: 'warn',
          secrets: new SecretRegistry(),
          destination: new Writable({
            write(chunk: Buffer, _encoding, callback) {
              logs.push(chunk.toString());
              callback();
            },
          }),
        }),
        {
          createClient: (settings) => {
            const indexer = scripted.get(settings.name) ?? new ScriptedIndexer(settings.name, clock);
            scripted.set(settings.name, indexer);
            return indexer;
          },
        },
      );
      const capped = await service.create(
        input('Capped', { queryLimit: { max: 2, per: 'day' }, grabLimit: { max: 1, per: 'hour' } }),
        { test: false },
      );
      const free = await service.create(input('Free'), { test: false });
      const query: SearchQuery = { kind: 'movie', title: 'Heat', year: 1995 };
      // Only these two (the database holds the other tests' indexers too).
      const only = { indexerIds: [capped.id, free.id] };
      const t0 = clock.now();

      // Concurrent searches cannot both take the last slot.
      const [a, b, c] = await Promise.all([
        service.searchAll(query, only),
        service.searchAll(query, { ...only, purpose: 'rss' }),
        service.searchAll(query, only),
      ]);
      const answeredByCapped = [a, b, c].filter((outcome) => outcome.answered.includes('Capped'));
      expect(answeredByCapped).toHaveLength(2);
      const limited = [a, b, c].find((outcome) => !outcome.answered.includes('Capped'))!;
      expect(limited.answered).toEqual(['Free']);
      expect(limited.skipped).toEqual([
        {
          indexer: 'Capped',
          kind: 'query_limit',
          reason: 'query limit reached (2 per day)',
          until: t0 + DAY,
        },
      ]);

      // A grab, then the grab limit.
      await expect(service.fetchRelease(release('Capped'))).resolves.toMatchObject({ kind: 'magnet' });
      const refused = await service.fetchRelease(release('Capped')).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(IndexerLimitError);
      expect((refused as IndexerLimitError).message).toMatch(
        /^Capped: grab limit reached \(1 per hour\); the next grab is possible after /,
      );
      expect(refused).toMatchObject({
        code: 'rate_limited',
        kind: 'grab',
        until: expect.any(Number) as unknown,
      });

      // Failures: credentials, then a timeout (no answer time), each after the back-off passes.
      const freeIndexer = scripted.get('Free')!;
      freeIndexer.behaviour = 'auth';
      await service.searchAll(query, only);
      clock.advance(2 * 60_000);
      freeIndexer.behaviour = 'timeout';
      await service.searchAll(query, only);
      clock.advance(10 * 60_000);
      freeIndexer.behaviour = 'garbage';
      await expect(service.fetchRelease(release('Free'))).rejects.toThrow(/garbage/);

      const stats = await service.stats();
      expect(stats.find((entry) => entry.name === 'Capped')).toMatchObject({
        indexerId: capped.id,
        queries: 2,
        failedQueries: 0,
        grabs: 1,
        failedGrabs: 0,
        averageResponseMs: 200,
        queryLimit: { max: 2, per: 'day', used: 2 },
        grabLimit: { max: 1, per: 'hour', used: 1 },
      });
      expect(await service.statsOf(free.id)).toMatchObject({
        name: 'Free',
        queries: 5,
        rssQueries: 1,
        failedQueries: 2,
        authFailures: 1,
        grabs: 0,
        failedGrabs: 1,
        averageResponseMs: 200,
        queryLimit: null,
        grabLimit: null,
      });
      // The rolling day passes: the capped indexer is asked again.
      clock.advance(DAY);
      expect((await service.searchAll(query, only)).answered).toContain('Capped');

      // Deleting an indexer takes its statistics and usage with it.
      await service.delete(capped.id);
      expect(await statistics.get(capped.id)).toBeUndefined();
      expect(logs.join('')).not.toContain('statistics not recorded');
    });
  });
}
