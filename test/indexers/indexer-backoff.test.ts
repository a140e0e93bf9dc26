// The back-off policy fed by real client failures: a broken indexer is set aside with its reason while
// a healthy one keeps answering, and a 429's Retry-After decides how long the limited one rests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indexer, IndexerRelease } from '../../src/indexers/indexer.js';
import {
  availability,
  failureFromError,
  healthyIndexer,
  recordFailure,
  recordSuccess,
  type IndexerHealth,
} from '../../src/indexers/indexer-health.js';
import { TorznabClient } from '../../src/indexers/torznab/torznab.client.js';
import { startTorznabFake, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import { ManualClock } from '../support/clock.js';

describe('back-off from real indexer failures', () => {
  let good: TorznabFake;
  let bad: TorznabFake;

  beforeAll(async () => {
    const release = {
      title: 'Heat.1995.1080p.BluRay.x264-AMIABLE',
      size: 10_000_000_000,
      categories: [2040],
      pubDate: new Date('2024-01-01T00:00:00Z'),
      download: 'magnet:?xt=urn:btih:2222222222222222222222222222222222222222',
    };
    good = await startTorznabFake({ releases: [release] });
    bad = await startTorznabFake({ releases: [release] });
  });
  afterAll(async () => {
    await good.stop();
    await bad.stop();
  });

  /** What the lead's indexer service will do: skip disabled indexers, record each outcome. */
  async function searchAll(
    indexers: Indexer[],
    health: Map<string, IndexerHealth>,
    clock: ManualClock,
  ): Promise<IndexerRelease[]> {
    const results = await Promise.all(
      indexers.map(async (indexer) => {
        const state = health.get(indexer.name) ?? healthyIndexer;
        if (!availability(state, clock.now()).available) return [];
        try {
          const releases = await indexer.search({ kind: 'movie', title: 'Heat', year: 1995 });
          health.set(indexer.name, recordSuccess(state, clock.now()));
          return releases;
        } catch (error) {
          health.set(indexer.name, recordFailure(state, failureFromError(error), clock.now()));
          return [];
        }
      }),
    );
    return results.flat();
  }

  it('sets a broken indexer aside with its reason while the others answer', async () => {
    const clock = new ManualClock();
    const indexers = [
      new TorznabClient({ name: 'Good', protocol: 'torrent', url: good.url, apiKey: good.apiKey, clock }),
      new TorznabClient({ name: 'Bad', protocol: 'torrent', url: bad.url, apiKey: bad.apiKey, clock }),
    ];
    const health = new Map<string, IndexerHealth>();
    bad.setFault('html');

    expect(await searchAll(indexers, health, clock)).toHaveLength(1);
    expect(availability(health.get('Bad') ?? healthyIndexer, clock.now())).toEqual({
      available: false,
      until: clock.now() + 60_000,
      reason: expect.stringContaining('Bad: answered with an HTML page') as unknown,
      kind: 'invalid_response',
    });
    expect(availability(health.get('Good') ?? healthyIndexer, clock.now())).toEqual({ available: true });

    // While disabled, the broken indexer is not asked at all.
    const asked = bad.requests.length;
    await searchAll(indexers, health, clock);
    expect(bad.requests).toHaveLength(asked);

    // After the minute, it is asked again; it fails again and rests five minutes.
    clock.advance(60_000);
    await searchAll(indexers, health, clock);
    expect(health.get('Bad')?.disabledUntil).toBe(clock.now() + 5 * 60_000);

    // It recovers: one success clears the back-off.
    bad.setFault('none');
    clock.advance(5 * 60_000);
    expect(await searchAll(indexers, health, clock)).toHaveLength(2);
    expect(health.get('Bad')).toMatchObject({ consecutiveFailures: 0, disabledUntil: null });
  });

  it('rests a rate-limited indexer for as long as its Retry-After says', async () => {
    const clock = new ManualClock();
    const indexer = new TorznabClient({
      name: 'Busy',
      protocol: 'torrent',
      url: bad.url,
      apiKey: bad.apiKey,
      clock,
    });
    const health = new Map<string, IndexerHealth>();
    bad.setFault({ kind: 'rate-limit', retryAfterSeconds: 900 });
    try {
      await searchAll([indexer], health, clock);
    } finally {
      bad.setFault('none');
    }
    expect(health.get('Busy')).toMatchObject({
      disabledUntil: clock.now() + 900_000,
      consecutiveFailures: 0,
      lastFailure: { kind: 'rate_limited', retryAfterMs: 900_000 },
    });
  });
});
