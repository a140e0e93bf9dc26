// Omniarr as a Torznab indexer for an existing Sonarr/Radarr: the real service in front of Torznab
// contract fakes on loopback, read back with our own Torznab client and mapper (the round trip a
// Radarr pointed at /torznab/{id}/api makes), downloads through Omniarr that never reveal the
// indexer's key, Newznab error documents, limits, and the statistics in the API and /metrics.
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTorznabDocument } from '../../src/indexers/torznab/torznab-mapper.js';
import { TorznabClient } from '../../src/indexers/torznab/torznab.client.js';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTorrent, type CreatedTorrent } from '../support/torrents.js';

describe('Torznab/Newznab server', () => {
  let service: TestApp;
  let first: TorznabFake;
  let second: TorznabFake;
  let torrent: CreatedTorrent;
  const ids: Record<string, number> = {};

  const matrixMagnet = `magnet:?xt=urn:btih:${'a'.repeat(40)}&dn=The.Matrix.1999.2160p`;
  const release = (title: string, extra: Partial<FakeRelease>): FakeRelease => ({
    title,
    size: 4_000_000_000,
    categories: [2040],
    pubDate: new Date('2026-11-01T00:00:00Z'),
    download: matrixMagnet,
    imdbId: 'tt0133093',
    tmdbId: 603,
    seeders: 12,
    leechers: 3,
    ...extra,
  });

  beforeAll(async () => {
    service = await startTestApp('sqlite');
    torrent = createTorrent([{ path: 'The.Matrix.1999.1080p.BluRay.x264-GRP.mkv', sizeBytes: 200_000 }]);
    first = await startTorznabFake({
      releases: [
        release('The.Matrix.1999.1080p.BluRay.x264-GRP', {
          download: torrent.torrent,
          grabs: 40,
          files: 1,
          downloadVolumeFactor: 0,
          uploadVolumeFactor: 2,
          minimumRatio: 1,
          minimumSeedTime: 172800,
          tags: ['internal'],
        }),
        release('The.Matrix.1999.2160p.WEB-DL <&> "Ünïcode"-OTHER', {
          download: matrixMagnet,
          magnetDelivery: 'redirect',
          pubDate: new Date('2026-10-01T00:00:00Z'),
        }),
      ],
    });
    second = await startTorznabFake({
      releases: [
        release('The.Matrix.1999.720p.HDTV-SECOND', {
          download: `magnet:?xt=urn:btih:${'c'.repeat(40)}`,
          pubDate: new Date('2026-09-01T00:00:00Z'),
        }),
      ],
      caps: { movieSearchParams: ['q', 'imdbid'] },
    });
    for (const [name, fake] of [
      ['First', first],
      ['Second', second],
    ] as const) {
      const created = await api('POST', '/api/v1/indexers', {
        name,
        implementation: 'torznab',
        url: fake.url,
        apiKey: fake.apiKey,
        timeoutMs: 2000,
        minIntervalMs: 0,
      });
      expect(created.status, created.text).toBe(201);
      ids[name] = (JSON.parse(created.text) as { id: number }).id;
    }
  });
  afterAll(async () => {
    await service.stop();
    await Promise.all([first.stop(), second.stop()]);
    torrent.cleanup();
  });

  async function api(method: string, path: string, body?: unknown) {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        'x-api-key': service.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  /** A GET with the key as Torznab clients send it: the `apikey` parameter. */
  async function torznab(target: string, params: Record<string, string>) {
    const url = new URL(`${service.url}/torznab/${target}/api`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('apikey', service.apiKey);
    const response = await fetch(url, { redirect: 'manual' });
    return {
      status: response.status,
      text: await response.text(),
      type: response.headers.get('content-type'),
    };
  }

  /** Our own Torznab client, pointed at Omniarr as if it were any indexer. */
  const clientFor = (target: string, name = 'Omniarr') =>
    new TorznabClient({
      name,
      protocol: 'torrent',
      url: `${service.url}/torznab/${target}`,
      apiKey: service.apiKey,
      timeoutMs: 5000,
    });

  it('serves caps an indexer client reads: the indexer own search modes and categories', async () => {
    const caps = await clientFor(String(ids['Second'])).capabilities();
    expect(caps.serverTitle).toBe('Omniarr: Second');
    expect(caps.movieSearch).toEqual({ available: true, supportedParams: ['q', 'imdbid'] });
    expect(caps.tvSearch.available).toBe(true);
    expect(caps.categories.map((category) => category.id)).toEqual([2000, 5000]);
    expect(caps.categories[0]?.subcategories.map((sub) => sub.id)).toEqual([2030, 2040, 2045]);

    // "all" offers only what every indexer understands, so no id search is silently dropped.
    const all = await clientFor('all').capabilities();
    expect(all.movieSearch.supportedParams).toEqual(['q', 'imdbid']);
    expect(all.categories.map((category) => category.id)).toEqual([2000, 5000]);
  });

  it('answers a movie search with a valid Torznab 1.3 feed that maps back to the same releases', async () => {
    const raw = await torznab(String(ids['First']), { t: 'movie', imdbid: '0133093', cat: '2000' });
    expect(raw.status).toBe(200);
    expect(raw.type).toMatch(/application\/xml/);
    expect(XMLValidator.validate(raw.text)).toBe(true);
    expect(raw.text).toContain('xmlns:torznab="http://torznab.com/schemas/2015/feed"');
    expect(raw.text).toMatch(/<rss version="2.0"/);
    expect(readTorznabDocument(raw.text, 'Omniarr').kind).toBe('feed');
    // The indexer's key and URL never leave Omniarr: links point back to us.
    expect(raw.text).not.toContain(first.apiKey);
    expect(raw.text).not.toContain(`${first.url}/download`);

    const releases = await clientFor(String(ids['First'])).search({
      kind: 'movie',
      title: 'The Matrix',
      imdbId: 'tt0133093',
    });
    expect(releases.map((found) => found.title)).toEqual([
      'The.Matrix.1999.1080p.BluRay.x264-GRP',
      'The.Matrix.1999.2160p.WEB-DL <&> "Ünïcode"-OTHER',
    ]);
    const best = releases[0]!;
    expect(best).toMatchObject({
      protocol: 'torrent',
      infoHash: torrent.infoHash,
      size: 4_000_000_000,
      seeders: 12,
      leechers: 3,
      peers: 15,
      grabs: 40,
      files: 1,
      downloadVolumeFactor: 0,
      uploadVolumeFactor: 2,
      minimumRatio: 1,
      minimumSeedTimeSeconds: 172800,
      imdbId: 'tt0133093',
      tmdbId: 603,
      categories: [2040],
    });
    expect(best.publishDate?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(best.indexerFlags).toEqual(expect.arrayContaining(['internal', 'freeleech', 'doubleupload']));
    expect(best.downloadUrl).toMatch(new RegExp(`^${service.url}/torznab/${ids['First']}/download\\?link=`));
    expect(best.infoUrl).toMatch(/\/details\//);
    expect(releases[1]?.magnetUrl).toBe(matrixMagnet);
  });

  it('hands out the .torrent through Omniarr, and a magnet as a redirect', async () => {
    const client = clientFor(String(ids['First']));
    const [file, magnetOnly] = await client.search({ kind: 'text', text: 'Matrix' });
    const fetched = await client.fetchRelease(file!);
    expect(fetched.kind).toBe('torrent');
    expect(fetched.kind === 'torrent' && fetched.bytes.equals(torrent.torrent)).toBe(true);

    const redirected = await fetch(magnetOnly!.downloadUrl!, { redirect: 'manual' });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe(matrixMagnet);
    // The fake saw our download with its own key: the client never had it.
    expect(
      first.requests.some(
        (request) => request.path.startsWith('/download/') && request.apiKey === first.apiKey,
      ),
    ).toBe(true);
  });

  it('refuses a forged or foreign download link', async () => {
    const [found] = await clientFor(String(ids['First'])).search({ kind: 'text', text: 'Matrix' });
    const link = new URL(found!.downloadUrl!);
    const token = link.searchParams.get('link')!;

    link.searchParams.set('link', `${token.slice(0, -4)}AAAA`);
    const forged = await fetch(link);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/<error code="201" description="Incorrect parameter \(link\)"/);

    const foreign = new URL(link);
    foreign.pathname = foreign.pathname.replace(`/torznab/${ids['First']}/`, `/torznab/${ids['Second']}/`);
    foreign.searchParams.set('link', token);
    const refused = await fetch(foreign);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('another indexer');
  });

  it('searches every indexer through /torznab/all, RSS included', async () => {
    const releases = await clientFor('all').search({
      kind: 'movie',
      title: 'The Matrix',
      imdbId: 'tt0133093',
    });
    expect(releases.map((found) => found.title).sort()).toEqual([
      'The.Matrix.1999.1080p.BluRay.x264-GRP',
      'The.Matrix.1999.2160p.WEB-DL <&> "Ünïcode"-OTHER',
      'The.Matrix.1999.720p.HDTV-SECOND',
    ]);
    // Each link names "all" and still reaches the right indexer.
    const fromSecond = releases.find((found) => found.title.endsWith('SECOND'))!;
    const fetched = await clientFor('all').fetchRelease(fromSecond);
    expect(fetched).toEqual({ kind: 'magnet', uri: `magnet:?xt=urn:btih:${'c'.repeat(40)}` });

    const rss = await torznab('all', { t: 'movie', cat: '2000' });
    expect(rss.text.match(/<item>/g)?.length).toBe(3);
  });

  it('answers Newznab error documents with the right codes', async () => {
    const cases: Array<[string, Record<string, string>, number]> = [
      [String(ids['First']), {}, 200],
      [String(ids['First']), { t: 'nothing' }, 202],
      [String(ids['First']), { t: 'music', q: 'x' }, 203],
      [String(ids['First']), { t: 'movie', imdbid: 'nm123' }, 201],
      [String(ids['First']), { t: 'search', q: 'x', limit: '-1' }, 201],
      [String(ids['First']), { t: 'search', q: 'x', cat: '20x0' }, 201],
      [String(ids['First']), { t: 'tvsearch', q: 'x', ep: 'one' }, 201],
      ['9999', { t: 'caps' }, 201],
      ['nope', { t: 'caps' }, 201],
    ];
    for (const [target, params, code] of cases) {
      const answer = await torznab(target, params);
      expect(answer.status, JSON.stringify(params)).toBe(200);
      expect(answer.text, JSON.stringify(params)).toMatch(
        new RegExp(`<error code="${code}" description="[^"]+"/>`),
      );
      const document = readTorznabDocument(answer.text, 'Omniarr');
      expect(document.kind === 'error' && document.error.apiCode).toBe(code);
    }
    // Without the key: refused like every route.
    const anonymous = await fetch(`${service.url}/torznab/all/api?t=caps`);
    expect(anonymous.status).toBe(401);
  });

  it('enforces query and grab limits: a Newznab limit error, and the grab refused', async () => {
    const id = ids['Second']!;
    const view = JSON.parse((await api('GET', `/api/v1/indexers/${id}`)).text) as Record<string, unknown>;
    const { id: _id, protocol: _p, hasApiKey: _h, status: _s, updatedAt: _u, ...settings } = view;
    const updated = await api('PUT', `/api/v1/indexers/${id}?test=false`, {
      ...settings,
      queryLimit: { max: 1, per: 'day' },
      grabLimit: { max: 1, per: 'hour' },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(JSON.parse(updated.text)).toMatchObject({ queryLimit: { max: 1, per: 'day' } });

    const client = clientFor(String(id), 'Second via Omniarr');
    const [found] = await client.search({ kind: 'text', text: 'Matrix' });
    const limited = await torznab(String(id), { t: 'search', q: 'Matrix' });
    expect(limited.text).toMatch(
      /<error code="500" description="Request limit reached: Second: query limit reached \(1 per day\)"/,
    );
    const outcome = await service.app.domain.indexers.searchAll({ kind: 'text', text: 'Matrix' });
    expect(outcome.skipped).toEqual([
      expect.objectContaining({
        indexer: 'Second',
        kind: 'query_limit',
        reason: 'query limit reached (1 per day)',
      }),
    ]);

    expect((await fetch(found!.downloadUrl!, { redirect: 'manual' })).status).toBe(302);
    const refused = await fetch(found!.downloadUrl!, { redirect: 'manual' });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(
      /<error code="501" description="Second: grab limit reached \(1 per hour\)/,
    );
    await expect(service.app.domain.indexers.fetchRelease({ ...found!, indexer: 'Second' })).rejects.toThrow(
      /grab limit reached \(1 per hour\)/,
    );

    const stats = JSON.parse((await api('GET', `/api/v1/indexers/${id}/stats`)).text) as Record<
      string,
      unknown
    >;
    expect(stats).toMatchObject({
      name: 'Second',
      queryLimit: { max: 1, per: 'day', used: 1 },
      grabLimit: { max: 1, per: 'hour', used: 1 },
    });
  });

  it('keeps statistics per indexer, in the API and in /metrics', async () => {
    const all = JSON.parse((await api('GET', '/api/v1/indexers/stats')).text) as Array<
      Record<string, unknown>
    >;
    const stats = all.find((entry) => entry['name'] === 'First')!;
    // Movie, text and RSS searches through /torznab/{id} and /torznab/all, and the hub search above.
    expect(stats['queries']).toBe(7);
    expect(stats['rssQueries']).toBe(1);
    // The .torrent and the magnet behind a redirect.
    expect(stats['grabs']).toBe(2);
    expect(stats['failedQueries']).toBe(0);
    expect(typeof stats['averageResponseMs']).toBe('number');

    const metrics = await (
      await fetch(`${service.url}/metrics`, { headers: { 'x-api-key': service.apiKey } })
    ).text();
    expect(metrics).toMatch(
      new RegExp(`omniarr_indexer_queries\\{indexer="First"\\} ${String(stats['queries'])}\\b`),
    );
    expect(metrics).toMatch(/omniarr_indexer_grabs\{indexer="First"\} 2\b/);
    expect(metrics).toMatch(/omniarr_indexer_average_response_seconds\{indexer="First"\} \d/);
    expect(metrics).toMatch(/omniarr_indexer_limit_queries_used\{indexer="Second"\} 1\b/);
  });
});
