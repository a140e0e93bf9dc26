// Indexers through the API, against Torznab/Newznab contract fakes on loopback: settings with a
// write-only key, tests before saving, searching all at once when one hangs and one is broken, and
// the back-off with its reason shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import { apiClient } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/app.js';

const release = (title: string, infoHash: string, seeders: number): FakeRelease => ({
  title,
  size: 4_000_000_000,
  categories: [2040],
  pubDate: new Date('2026-11-01T00:00:00Z'),
  download: `magnet:?xt=urn:btih:${infoHash}&dn=${encodeURIComponent(title)}`,
  seeders,
  imdbId: 'tt0133093',
});

describe('indexer hub', () => {
  let service: TestApp;
  let good: TorznabFake;
  let mirror: TorznabFake;
  let broken: TorznabFake;
  let stuck: TorznabFake;

  beforeAll(async () => {
    service = await startTestApp('sqlite');
    good = await startTorznabFake({
      releases: [release('The.Matrix.1999.1080p.BluRay.x264-GRP', 'a'.repeat(40), 50)],
    });
    mirror = await startTorznabFake({
      releases: [
        release('The.Matrix.1999.1080p.BluRay.x264-GRP', 'a'.repeat(40), 80),
        release('The.Matrix.1999.2160p.WEB-DL-OTHER', 'b'.repeat(40), 9),
      ],
    });
    broken = await startTorznabFake();
    stuck = await startTorznabFake();
  });
  afterAll(async () => {
    await service.stop();
    await Promise.all([good, mirror, broken, stuck].map((fake) => fake.stop()));
  });

  const api = apiClient(() => service);

  const settings = (name: string, fake: TorznabFake, extra: Record<string, unknown> = {}) => ({
    name,
    implementation: 'torznab',
    url: fake.url,
    apiKey: fake.apiKey,
    timeoutMs: 1500,
    minIntervalMs: 0,
    ...extra,
  });

  it('tests an indexer before saving and refuses a wrong key with the reason', async () => {
    const refused = await api(
      'POST',
      '/api/v1/indexers',
      settings('Wrong key', good, { apiKey: 'not-the-key' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/indexer test failed: .*(api key|apikey|credentials)/i);
    expect(refused.text).not.toContain('not-the-key');
  });

  it('stores indexers with a write-only API key', async () => {
    for (const [name, fake] of [
      ['Good', good],
      ['Mirror', mirror],
      ['Broken', broken],
      ['Stuck', stuck],
    ] as const) {
      const created = await api('POST', '/api/v1/indexers', settings(name, fake));
      expect(created.status, created.text).toBe(201);
      expect(created.body).toMatchObject({
        name,
        hasApiKey: true,
        protocol: 'torrent',
        status: { available: true },
      });
      expect(created.text).not.toContain(fake.apiKey);
    }
    const listed = await api<Array<{ id: number; name: string }>>('GET', '/api/v1/indexers');
    expect(listed.body.length).toBe(4);
    for (const fake of [good, mirror, broken, stuck]) expect(listed.text).not.toContain(fake.apiKey);

    // Updating without a key keeps the stored one.
    const id = listed.body.find((indexer) => indexer.name === 'Good')!.id;
    const { apiKey: _omitted, ...withoutKey } = settings('Good', good, { priority: 10 });
    const updated = await api('PUT', `/api/v1/indexers/${id}`, withoutKey);
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ priority: 10, hasApiKey: true });
    expect((await api('POST', `/api/v1/indexers/${id}/test`)).body).toMatchObject({ ok: true });
  });

  it('searches all indexers at once: merges duplicates, reports the broken and the silent one', async () => {
    broken.setFault('html');
    stuck.setFault('hang');
    const started = Date.now();
    const outcome = await service.app.domain.indexers.searchAll(
      { kind: 'movie', title: 'The Matrix', year: 1999, imdbId: 'tt0133093' },
      { deadlineMs: 5000 },
    );
    expect(Date.now() - started).toBeLessThan(4000); // the per-indexer timeout, not the deadline
    expect(outcome.answered.sort()).toEqual(['Good', 'Mirror']);
    expect(outcome.releases.map((found) => found.title).sort()).toEqual([
      'The.Matrix.1999.1080p.BluRay.x264-GRP',
      'The.Matrix.1999.2160p.WEB-DL-OTHER',
    ]);
    // The duplicate is kept once, from the better-seeded listing.
    expect(outcome.releases.find((found) => found.infoHash === 'a'.repeat(40))?.seeders).toBe(80);
    expect(outcome.failures.map((failure) => [failure.indexer, failure.kind]).sort()).toEqual([
      ['Broken', 'invalid_response'],
      ['Stuck', 'timeout'],
    ]);
  });

  it('backs off a failing indexer with the reason shown, skips it, and resets on demand', async () => {
    const listed = (
      await api<Array<{ id: number; name: string; status: Record<string, unknown> }>>(
        'GET',
        '/api/v1/indexers',
      )
    ).body;
    const brokenView = listed.find((indexer) => indexer.name === 'Broken')!;
    const health = (
      await api<{ checks: Array<{ name: string; status: string; message: string }> }>('GET', '/api/v1/health')
    ).body;
    const indexerHealth = health.checks.find((check) => check.name === 'indexers');
    expect(indexerHealth?.status).toBe('warning');
    expect(indexerHealth?.message).toMatch(/2 of 4 indexer\(s\) backing off: .*Broken: .*HTML/);
    expect(brokenView.status).toMatchObject({
      available: false,
      kind: 'invalid_response',
      consecutiveFailures: 1,
    });
    expect(String(brokenView.status.reason)).toMatch(/HTML/i);

    const again = await service.app.domain.indexers.searchAll(
      { kind: 'text', text: 'matrix' },
      { deadlineMs: 5000 },
    );
    expect(again.skipped.map((skip) => skip.indexer).sort()).toEqual(['Broken', 'Stuck']);

    broken.setFault('none');
    const reset = await api('POST', `/api/v1/indexers/${brokenView.id}/reset`);
    expect(reset.body).toMatchObject({ status: { available: true, consecutiveFailures: 0 } });
    const third = await service.app.domain.indexers.searchAll(
      { kind: 'text', text: 'matrix' },
      { deadlineMs: 5000 },
    );
    expect(third.answered).toContain('Broken');
  });

  it('never logs an indexer API key', () => {
    const logs = service.logs.join('');
    for (const fake of [good, mirror, broken, stuck]) expect(logs).not.toContain(fake.apiKey);
  });
});
