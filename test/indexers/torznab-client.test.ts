// The Torznab/Newznab client against the contract fake, over real loopback HTTP, in every mode the
// fake has: searches of each kind, caps caching, paging, downloads (.torrent, .nzb, magnet in the feed
// or behind a redirect), and every fault, each of which must become a typed IndexerError that never
// carries the API key.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IndexerRelease } from '../../src/indexers/indexer.js';
import { IndexerError, type IndexerFailureKind } from '../../src/indexers/indexer-error.js';
import { TorznabClient, type TorznabClientOptions } from '../../src/indexers/torznab/torznab.client.js';
import {
  startTorznabFake,
  type FakeRelease,
  type TorznabFake,
  type TorznabFault,
} from '../fakes/torznab/torznab-fake.js';
import { ManualClock } from '../support/clock.js';
import { freePort } from '../support/ports.js';

const API_KEY = 'k3y-5ecr3t-0123456789abcdef';

/** A minimal but well-formed single-file .torrent, and its info-hash computed independently. */
function torrentFile(name: string): { bytes: Buffer; infoHash: string } {
  const info = Buffer.concat([
    Buffer.from(
      `d6:lengthi1048576e4:name${Buffer.byteLength(name)}:${name}12:piece lengthi262144e6:pieces80:`,
    ),
    createHash('sha1').update(name).digest(),
    createHash('sha1').update(`${name}2`).digest(),
    createHash('sha1').update(`${name}3`).digest(),
    createHash('sha1').update(`${name}4`).digest(),
    Buffer.from('e'),
  ]);
  const bytes = Buffer.concat([
    Buffer.from('d8:announce22:http://127.0.0.1:1/ann4:info'),
    info,
    Buffer.from('e'),
  ]);
  return { bytes, infoHash: createHash('sha1').update(info).digest('hex') };
}

function nzbFile(title: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?>\n<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"><head><meta type="title">${title}</meta></head>` +
      `<file poster="p@example.invalid" date="1700000000" subject="${title} yEnc (1/1)"><groups><group>alt.binaries.test</group></groups>` +
      `<segments><segment bytes="739" number="1">part1of1@example.invalid</segment></segments></file></nzb>`,
  );
}

const matrixTorrent = torrentFile('The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv');
const MATRIX_MAGNET = 'magnet:?xt=urn:btih:aabbccddeeff00112233445566778899aabbccdd&dn=The.Matrix.1999.2160p';

const movieReleases: FakeRelease[] = [
  {
    title: 'The.Matrix.1999.1080p.BluRay.x264-GROUP',
    size: 8_500_000_000,
    categories: [2000, 2040],
    pubDate: new Date('2024-03-01T10:00:00Z'),
    download: matrixTorrent.bytes,
    seeders: 120,
    leechers: 7,
    imdbId: 'tt0133093',
    tmdbId: 603,
    grabs: 900,
    files: 1,
    downloadVolumeFactor: 0,
    uploadVolumeFactor: 1,
    minimumRatio: 1,
    minimumSeedTime: 259200,
    tags: ['internal'],
  },
  {
    title: 'The.Matrix.1999.2160p.UHD.BluRay.x265-OTHER',
    size: 40_000_000_000,
    categories: [2045],
    pubDate: new Date('2024-02-01T10:00:00Z'),
    download: MATRIX_MAGNET,
    seeders: 30,
    imdbId: 'tt0133093',
    tmdbId: 603,
  },
  {
    title: 'The.Matrix.Reloaded.2003.1080p.BluRay.x264-GROUP',
    size: 9_000_000_000,
    categories: [2040],
    pubDate: new Date('2024-01-01T10:00:00Z'),
    download: 'magnet:?xt=urn:btih:1111111111111111111111111111111111111111&dn=Reloaded',
    magnetDelivery: 'redirect',
    seeders: 50,
    imdbId: 'tt0234215',
    tmdbId: 604,
  },
  {
    title: 'Heat.1995.1080p.BluRay.x264-AMIABLE',
    size: 10_000_000_000,
    categories: [2040],
    pubDate: new Date('2023-12-01T10:00:00Z'),
    download: torrentFile('Heat.1995.mkv').bytes,
    seeders: 9,
    imdbId: 'tt0113277',
    tmdbId: 949,
  },
  {
    title: 'The.Expanse.S02E05.1080p.WEB-DL-GRP',
    size: 2_000_000_000,
    categories: [5040],
    pubDate: new Date('2023-11-01T10:00:00Z'),
    download: torrentFile('The.Expanse.S02E05.mkv').bytes,
    tvdbId: 280619,
    season: 2,
    episode: 5,
    seeders: 4,
  },
  {
    title: 'The.Expanse.S02E06.1080p.WEB-DL-GRP',
    size: 2_100_000_000,
    categories: [5040],
    pubDate: new Date('2023-11-02T10:00:00Z'),
    download: torrentFile('The.Expanse.S02E06.mkv').bytes,
    tvdbId: 280619,
    season: 2,
    episode: 6,
    seeders: 4,
  },
];

function client(fake: TorznabFake, overrides: Partial<TorznabClientOptions> = {}): TorznabClient {
  return new TorznabClient({
    name: 'Fake',
    protocol: fake.protocol,
    url: fake.url,
    apiKey: fake.apiKey,
    timeoutMs: 2000,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<IndexerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IndexerError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function expectNoSecret(error: Error, secret: string): void {
  const everything = [
    error.message,
    String(error),
    error.stack ?? '',
    JSON.stringify(error),
    String(error.cause),
  ].join('\n');
  expect(everything).not.toContain(secret);
  expect(everything).not.toContain(encodeURIComponent(secret));
}

describe('TorznabClient against a Torznab indexer', () => {
  let fake: TorznabFake;

  beforeAll(async () => {
    fake = await startTorznabFake({
      apiKey: API_KEY,
      releases: movieReleases,
      apiKeyInLinks: false,
      caps: { limits: { default: 4, max: 5 }, tags: [{ name: 'internal', description: 'Internal release' }] },
    });
  });
  afterAll(() => fake.stop());
  afterEach(() => {
    fake.setFault('none');
    fake.setReleases(movieReleases);
    fake.requests.length = 0;
  });

  it('reads caps once and caches them until they expire', async () => {
    const clock = new ManualClock();
    const indexer = client(fake, { clock, capsTtlMs: 60_000 });
    const [first, second] = await Promise.all([indexer.capabilities(), indexer.capabilities()]);
    expect(first).toBe(second);
    expect(first).toMatchObject({
      serverTitle: 'Fake Torznab',
      limits: { default: 4, max: 5 },
      movieSearch: { available: true, supportedParams: ['q', 'imdbid', 'tmdbid'] },
      tvSearch: { available: true, supportedParams: ['q', 'season', 'ep', 'tvdbid', 'imdbid'] },
      tags: [{ name: 'internal', description: 'Internal release' }],
    });
    expect(first.categories.map((category) => category.id)).toEqual([2000, 5000]);
    await indexer.search({ kind: 'text', text: 'matrix' });
    expect(fake.requests.filter((request) => request.params['t'] === 'caps')).toHaveLength(1);

    clock.advance(60_000);
    await indexer.capabilities();
    expect(fake.requests.filter((request) => request.params['t'] === 'caps')).toHaveLength(2);
    expect(fake.requests.every((request) => request.apiKey === API_KEY)).toBe(true);
  });

  it('searches a movie by IMDb id and maps every attribute', async () => {
    const releases = await client(fake).search({
      kind: 'movie',
      title: 'The Matrix',
      year: 1999,
      imdbId: 'tt0133093',
      tmdbId: 603,
      categories: [2000],
    });
    const search = fake.requests.find((request) => request.params['t'] === 'movie');
    expect(search?.params).toEqual({ t: 'movie', imdbid: '0133093', cat: '2000', extended: '1', limit: '4' });
    expect(releases.map((release) => release.title)).toEqual([
      'The.Matrix.1999.1080p.BluRay.x264-GROUP',
      'The.Matrix.1999.2160p.UHD.BluRay.x265-OTHER',
    ]);
    expect(releases[0]).toMatchObject({
      indexer: 'Fake',
      protocol: 'torrent',
      size: 8_500_000_000,
      seeders: 120,
      leechers: 7,
      peers: 127,
      grabs: 900,
      files: 1,
      infoHash: matrixTorrent.infoHash,
      magnetUrl: null,
      imdbId: 'tt0133093',
      tmdbId: 603,
      categories: [2000, 2040],
      downloadVolumeFactor: 0,
      uploadVolumeFactor: 1,
      minimumRatio: 1,
      minimumSeedTimeSeconds: 259200,
      infoUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/details\//) as unknown,
    });
    expect([...(releases[0]?.indexerFlags ?? [])].sort()).toEqual(['freeleech', 'internal']);
    expect(releases[0]?.publishDate?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(releases[1]).toMatchObject({
      magnetUrl: MATRIX_MAGNET,
      downloadUrl: MATRIX_MAGNET,
      infoHash: 'aabbccddeeff00112233445566778899aabbccdd',
    });
  });

  it('searches by title and year when the indexer cannot search by id', async () => {
    const titleOnly = await startTorznabFake({
      apiKey: API_KEY,
      releases: movieReleases,
      caps: { movieSearchParams: ['q'] },
    });
    try {
      const releases = await client(titleOnly).search({
        kind: 'movie',
        title: 'Heat',
        year: 1995,
        imdbId: 'tt0113277',
      });
      expect(titleOnly.requests.at(-1)?.params).toMatchObject({ t: 'movie', q: 'Heat 1995' });
      expect(releases.map((release) => release.title)).toEqual(['Heat.1995.1080p.BluRay.x264-AMIABLE']);
    } finally {
      await titleOnly.stop();
    }
  });

  it('searches an episode by TVDB id, season and episode', async () => {
    const releases = await client(fake).search({
      kind: 'tv',
      title: 'The Expanse',
      season: 2,
      episode: 5,
      tvdbId: 280619,
    });
    expect(fake.requests.at(-1)?.params).toMatchObject({
      t: 'tvsearch',
      tvdbid: '280619',
      season: '2',
      ep: '5',
    });
    expect(releases.map((release) => release.title)).toEqual(['The.Expanse.S02E05.1080p.WEB-DL-GRP']);
  });

  it('pages with offset and bounds the limit by the caps maximum', async () => {
    const indexer = client(fake);
    const firstPage = await indexer.search({ kind: 'text', text: '', limit: 50 });
    expect(fake.requests.at(-1)?.params['limit']).toBe('5');
    const secondPage = await indexer.search({ kind: 'text', text: '', limit: 5, offset: 5 });
    expect(fake.requests.at(-1)?.params).toMatchObject({ limit: '5', offset: '5' });
    expect(firstPage).toHaveLength(5);
    expect(secondPage).toHaveLength(1);
    const titles = [...firstPage, ...secondPage].map((release) => release.title);
    expect(new Set(titles).size).toBe(movieReleases.length);
  });

  it('filters by category, a parent category including its subcategories', async () => {
    const indexer = client(fake);
    expect(await indexer.search({ kind: 'text', text: '', categories: [5000] })).toHaveLength(2);
    expect(
      (await indexer.search({ kind: 'text', text: '', categories: [2045] })).map((r) => r.title),
    ).toEqual(['The.Matrix.1999.2160p.UHD.BluRay.x265-OTHER']);
  });

  describe('fetchRelease', () => {
    async function find(title: string): Promise<IndexerRelease> {
      const releases = await client(fake).search({ kind: 'text', text: title });
      const release = releases.find((candidate) => candidate.title === title);
      if (!release) throw new Error(`${title} not in the feed`);
      return release;
    }

    it('downloads the .torrent, adding the API key the link lacks', async () => {
      const release = await find('The.Matrix.1999.1080p.BluRay.x264-GROUP');
      expect(release.downloadUrl).not.toContain('apikey');
      const fetched = await client(fake).fetchRelease(release);
      expect(fetched.kind).toBe('torrent');
      expect(fetched.kind === 'torrent' && fetched.bytes.equals(matrixTorrent.bytes)).toBe(true);
      expect(fake.requests.at(-1)).toMatchObject({
        path: expect.stringMatching(/^\/download\//) as unknown,
        apiKey: API_KEY,
      });
    });

    it('hands over a magnet listed in the feed without any request', async () => {
      const release = await find('The.Matrix.1999.2160p.UHD.BluRay.x265-OTHER');
      const before = fake.requests.length;
      expect(await client(fake).fetchRelease(release)).toEqual({ kind: 'magnet', uri: MATRIX_MAGNET });
      expect(fake.requests).toHaveLength(before);
    });

    it('follows the download link to a magnet redirect', async () => {
      const release = await find('The.Matrix.Reloaded.2003.1080p.BluRay.x264-GROUP');
      expect(release.downloadUrl).toMatch(/^http:/);
      expect(await client(fake).fetchRelease(release)).toEqual({
        kind: 'magnet',
        uri: 'magnet:?xt=urn:btih:1111111111111111111111111111111111111111&dn=Reloaded',
      });
    });

    it('falls back to the magnet when the .torrent cannot be fetched', async () => {
      const release = await find('The.Matrix.1999.1080p.BluRay.x264-GROUP');
      const broken = { ...release, downloadUrl: `${fake.url}/gone`, magnetUrl: MATRIX_MAGNET };
      expect(await client(fake).fetchRelease(broken)).toEqual({ kind: 'magnet', uri: MATRIX_MAGNET });
    });

    it('refuses an HTML page in place of the .torrent', async () => {
      const release = await find('Heat.1995.1080p.BluRay.x264-AMIABLE');
      fake.setFault('html');
      const error = await failure(client(fake).fetchRelease(release));
      expect(error).toMatchObject({ kind: 'invalid_response' });
      expect(error.message).toMatch(
        /^Fake: download link did not return a \.torrent file: answered with an HTML page/,
      );
    });

    it('reports a wrong API key on download as an auth failure', async () => {
      const release = await find('Heat.1995.1080p.BluRay.x264-AMIABLE');
      const error = await failure(client(fake, { apiKey: 'wrong-key-zzzz' }).fetchRelease(release));
      expect(error).toMatchObject({ kind: 'auth', apiCode: 100 });
      expectNoSecret(error, 'wrong-key-zzzz');
    });
  });

  describe('faults', () => {
    it.each<[string, TorznabFault, IndexerFailureKind, RegExp]>([
      ['garbage', 'garbage', 'invalid_response', /not XML|malformed/],
      ['an HTML page', 'html', 'invalid_response', /HTML page/],
      ['HTTP 500', 'http-500', 'http_error', /HTTP 500/],
      ['truncated XML', 'truncated', 'invalid_response', /malformed or truncated XML/],
      ['a 429', { kind: 'rate-limit', retryAfterSeconds: 120 }, 'rate_limited', /rate limited \(HTTP 429\)/],
      [
        'Newznab error 500',
        { kind: 'error', code: 500, description: 'Request limit reached' },
        'rate_limited',
        /error 500: Request limit reached/,
      ],
      [
        'Newznab error 910',
        { kind: 'error', code: 910, description: 'API Disabled' },
        'api_error',
        /error 910: API Disabled/,
      ],
      [
        'Newznab error 101',
        { kind: 'error', code: 101, description: 'Account suspended' },
        'auth',
        /error 101: Account suspended/,
      ],
    ])('turns %s into a %s error without the key', async (_name, fault, kind, message) => {
      fake.setFault(fault);
      const error = await failure(client(fake).search({ kind: 'text', text: 'matrix' }));
      expect(error).toMatchObject({ kind, service: 'Fake' });
      expect(error.message).toMatch(message);
      expectNoSecret(error, API_KEY);
    });

    it('keeps the Retry-After of a 429', async () => {
      fake.setFault({ kind: 'rate-limit', retryAfterSeconds: 120 });
      const error = await failure(client(fake).search({ kind: 'text', text: 'matrix' }));
      expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 120_000 });
    });

    it('does not retry a 500', async () => {
      fake.setFault('http-500');
      const error = await failure(client(fake, { retries: 1 }).capabilities());
      expect(error).toMatchObject({ kind: 'http_error', httpStatus: 500 });
      expect(fake.requests).toHaveLength(1);
    });

    it('retries a 503 once and succeeds when the indexer recovers', async () => {
      fake.setFault({ kind: 'http-status', status: 503 }, { times: 1 });
      await expect(client(fake, { retries: 1 }).capabilities()).resolves.toMatchObject({
        serverTitle: 'Fake Torznab',
      });
      expect(fake.requests).toHaveLength(2);
    });

    it('reports a 502 that persists after the retry', async () => {
      fake.setFault({ kind: 'http-status', status: 502 });
      const error = await failure(client(fake, { retries: 1 }).capabilities());
      expect(error).toMatchObject({ kind: 'http_error', httpStatus: 502 });
      expect(error.message).toBe('Fake: HTTP 502 Bad Gateway');
      expect(fake.requests).toHaveLength(2);
    });

    it('does not cache a failed caps call', async () => {
      fake.setFault({ kind: 'error', code: 900, description: 'Unknown error' }, { times: 1 });
      const indexer = client(fake);
      const error = await failure(indexer.capabilities());
      expect(error).toMatchObject({ kind: 'api_error', apiCode: 900 });
      await expect(indexer.capabilities()).resolves.toMatchObject({ serverTitle: 'Fake Torznab' });
    });

    it('gives up on a hanging indexer after its timeout', async () => {
      fake.setFault('hang');
      const started = Date.now();
      const error = await failure(client(fake, { timeoutMs: 300 }).search({ kind: 'text', text: 'matrix' }));
      expect(error).toMatchObject({ kind: 'timeout' });
      expect(error.message).toBe('Fake: did not answer within 0.3 s');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(fake.requests).toHaveLength(1);
    });

    it('reports an unreachable indexer', async () => {
      const port = await freePort();
      const error = await failure(
        new TorznabClient({
          name: 'Gone',
          protocol: 'torrent',
          url: `http://127.0.0.1:${port}`,
          apiKey: API_KEY,
        }).capabilities(),
      );
      expect(error).toMatchObject({ kind: 'unreachable' });
      expect(error.message).toContain('ECONNREFUSED');
      expectNoSecret(error, API_KEY);
    });

    it('refuses a wrong API key with Newznab error 100', async () => {
      const error = await failure(
        client(fake, { apiKey: 'not-the-key-42' }).search({ kind: 'text', text: 'matrix' }),
      );
      expect(error).toMatchObject({ kind: 'auth', apiCode: 100 });
      expect(error.message).toBe('Fake: error 100: Incorrect user credentials');
      expectNoSecret(error, 'not-the-key-42');
    });

    it('uses fallback caps when the indexer does not implement caps', async () => {
      fake.setFault({ kind: 'error', code: 203, description: 'Function not available' }, { times: 1 });
      const indexer = client(fake);
      await expect(indexer.capabilities()).resolves.toMatchObject({
        search: { available: true },
        movieSearch: { available: false },
      });
      await indexer.search({ kind: 'movie', title: 'Heat', year: 1995, imdbId: 'tt0113277' });
      expect(fake.requests.at(-1)?.params).toMatchObject({ t: 'search', q: 'Heat 1995' });
    });

    it('stops when the caller aborts', async () => {
      const controller = new AbortController();
      const indexer = client(fake, { timeoutMs: 5000 });
      await indexer.capabilities();
      fake.setFault('hang');
      const started = Date.now();
      const search = indexer.search({ kind: 'text', text: 'matrix' }, controller.signal);
      setTimeout(() => controller.abort(new Error('user cancelled')), 50);
      await expect(search).rejects.toThrow('user cancelled');
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });
});

describe('TorznabClient against a Jackett-style indexer that sends errors with HTTP 401', () => {
  it('still reads the Newznab error in the body', async () => {
    const fake = await startTorznabFake({ apiKey: API_KEY, errorHttpStatus: 401 });
    try {
      const error = await failure(
        client(fake, { apiKey: 'bad-key-xyz' }).search({ kind: 'text', text: 'x' }),
      );
      expect(error).toMatchObject({ kind: 'auth', apiCode: 100, httpStatus: 401 });
      expect(error.message).toBe('Fake: error 100: Incorrect user credentials');
    } finally {
      await fake.stop();
    }
  });
});

describe('TorznabClient against a Newznab (usenet) indexer', () => {
  const usenetReleases: FakeRelease[] = [
    {
      title: 'The.Matrix.1999.1080p.BluRay.DTS.x264-ESiR',
      size: 12_000_000_000,
      categories: [2000, 2040],
      pubDate: new Date('2024-03-01T10:00:00Z'),
      usenetDate: new Date('2024-03-01T09:30:00Z'),
      download: nzbFile('The.Matrix.1999.1080p.BluRay.DTS.x264-ESiR'),
      imdbId: 'tt0133093',
      grabs: 1843,
      poster: 'poster@example.invalid',
      group: 'alt.binaries.hdtv.x264',
    },
  ];
  let fake: TorznabFake;

  beforeAll(async () => {
    fake = await startTorznabFake({ protocol: 'usenet', apiKey: API_KEY, releases: usenetReleases });
  });
  afterAll(() => fake.stop());
  afterEach(() => fake.setFault('none'));

  it('searches and maps usenet releases', async () => {
    const releases = await client(fake).search({
      kind: 'movie',
      title: 'The Matrix',
      year: 1999,
      imdbId: 'tt0133093',
    });
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({
      protocol: 'usenet',
      size: 12_000_000_000,
      grabs: 1843,
      seeders: null,
      infoHash: null,
      magnetUrl: null,
      imdbId: 'tt0133093',
      downloadVolumeFactor: 1,
    });
    expect(releases[0]?.usenetDate?.toISOString()).toBe('2024-03-01T09:30:00.000Z');
    expect(releases[0]?.attributes['group']).toEqual(['alt.binaries.hdtv.x264']);
    expect((await client(fake).capabilities()).retentionDays).toBe(5000);
  });

  it('fetches the .nzb', async () => {
    const [release] = await client(fake).search({ kind: 'text', text: 'matrix' });
    if (!release) throw new Error('no release');
    const fetched = await client(fake).fetchRelease(release);
    expect(fetched.kind).toBe('nzb');
    expect(fetched.kind === 'nzb' && fetched.bytes.equals(usenetReleases[0]?.download as Buffer)).toBe(true);
  });

  it('reports the download limit as a rate limit', async () => {
    const [release] = await client(fake).search({ kind: 'text', text: 'matrix' });
    if (!release) throw new Error('no release');
    fake.setFault({ kind: 'error', code: 501, description: 'Download limit reached' });
    const error = await failure(client(fake).fetchRelease(release));
    expect(error).toMatchObject({ kind: 'rate_limited', apiCode: 501 });
    expectNoSecret(error, API_KEY);
  });
});
