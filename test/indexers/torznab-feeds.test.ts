// Real-world-shaped Torznab/Newznab documents (written by hand after Jackett, Prowlarr, NZBGeek and
// newznab+ answers as their docs and issue threads show them) through the pure mapper.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IndexerProtocol } from '../../src/indexers/indexer.js';
import { IndexerError } from '../../src/indexers/indexer-error.js';
import { mapCapabilities, mapFeed, readTorznabDocument } from '../../src/indexers/torznab/torznab-mapper.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./feeds/${name}`, import.meta.url), 'utf8');
}

function feed(name: string, protocol: IndexerProtocol, baseUrl = 'http://indexer.local/api') {
  const document = readTorznabDocument(fixture(name), 'Test');
  if (document.kind !== 'feed') throw new Error(`expected a feed, got ${document.kind}`);
  return mapFeed(document.root, { indexer: 'Test', protocol, baseUrl });
}

function caps(name: string) {
  const document = readTorznabDocument(fixture(name), 'Test');
  if (document.kind !== 'caps') throw new Error(`expected caps, got ${document.kind}`);
  return mapCapabilities(document.root, 'Test');
}

describe('Jackett public tracker feed', () => {
  const { releases, skipped } = feed('jackett-public-movie.xml', 'torrent');

  it('maps every item', () => {
    expect(skipped).toEqual([]);
    expect(releases.map((release) => release.title)).toEqual([
      'The Matrix (1999) 1080p BrRip x264 - 1.85GB - YIFY',
      'The.Matrix.1999.2160p.UHD.BluRay.x265.10bit.HDR.DTS-HD.MA.5.1-SWTYBLZ',
    ]);
  });

  it('reads links, hashes, statistics and ids', () => {
    const [yify] = releases;
    expect(yify).toMatchObject({
      guid: 'https://1337x.to/torrent/103410/The-Matrix-1999-1080p-BrRip-x264-1-85GB-YIFY/',
      indexer: 'Test',
      protocol: 'torrent',
      downloadUrl:
        'http://jackett.local:9117/dl/1337x/?jackett_apikey=SECRETKEY123&path=Q2ZESjh&file=The+Matrix+(1999)',
      magnetUrl:
        'magnet:?xt=urn:btih:DFB7F3C2A1E8B7B5E4C3D2A1F0E9D8C7B6A59483&dn=The+Matrix+(1999)&tr=udp%3A%2F%2Ftracker.example%3A1337',
      infoHash: 'dfb7f3c2a1e8b7b5e4c3d2a1f0e9d8c7b6a59483',
      infoUrl: 'https://1337x.to/torrent/103410/The-Matrix-1999-1080p-BrRip-x264-1-85GB-YIFY/',
      size: 1986422374,
      seeders: 1432,
      peers: 1517,
      leechers: 85,
      grabs: 15502,
      files: null,
      imdbId: 'tt0133093',
      tmdbId: null,
      categories: [2000, 100042],
      downloadVolumeFactor: 0,
      uploadVolumeFactor: 1,
      indexerFlags: ['freeleech'],
      usenetDate: null,
    });
    expect(yify?.publishDate?.toISOString()).toBe('2012-11-17T09:23:00.000Z');
    expect(yify?.attributes['imdb']).toEqual(['0133093']);
    expect(yify?.attributes['category']).toEqual(['2000', '100042']);
  });

  it('clamps leechers at zero when a tracker reports fewer peers than seeders', () => {
    expect(releases[1]).toMatchObject({
      seeders: 88,
      peers: 80,
      leechers: 0,
      files: 3,
      magnetUrl: null,
      infoHash: null,
    });
  });
});

describe('Prowlarr private tracker feed', () => {
  const { releases } = feed('prowlarr-private-movie.xml', 'torrent');

  it('reads volume factors, seeding requirements and tags as indexer flags', () => {
    expect(releases[0]).toMatchObject({
      title: 'Heat 1995 Directors Definitive Edition 1080p BluRay DD+5.1 x264-EbP',
      downloadVolumeFactor: 0.5,
      uploadVolumeFactor: 2,
      minimumRatio: 1,
      minimumSeedTimeSeconds: 172800,
      imdbId: 'tt0113277',
      tmdbId: 949,
      tvdbId: null,
      infoHash: '8b9a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
      seeders: 41,
      leechers: 2,
      grabs: 312,
      files: 1,
      categories: [2040],
    });
    expect([...(releases[0]?.indexerFlags ?? [])].sort()).toEqual([
      'doubleupload',
      'halfleech',
      'internal',
      'trusted',
    ]);
    expect(releases[1]).toMatchObject({ downloadVolumeFactor: 1, uploadVolumeFactor: 1, indexerFlags: [] });
  });

  it('falls back to <category> elements when no category attribute is given', () => {
    expect(releases[1]?.categories).toEqual([2040]);
  });
});

describe('NZBGeek movie feed (usenet)', () => {
  const { releases, total } = feed('nzbgeek-movie.xml', 'usenet');

  it('maps NZB releases with usenet dates and numeric categories only', () => {
    expect(total).toBe(57);
    expect(releases).toHaveLength(2);
    expect(releases[0]).toMatchObject({
      guid: 'https://nzbgeek.example/geekseek.php?guid=6b1f3a0d9e2c4b5a',
      protocol: 'usenet',
      downloadUrl: 'https://api.nzbgeek.example/api?t=get&id=6b1f3a0d9e2c4b5a&apikey=SECRETKEY123',
      magnetUrl: null,
      infoHash: null,
      infoUrl: 'https://nzbgeek.example/geekseek.php?guid=6b1f3a0d9e2c4b5a',
      size: 12471830528,
      seeders: null,
      leechers: null,
      peers: null,
      grabs: 1843,
      imdbId: 'tt0133093',
      categories: [2000, 2040],
      downloadVolumeFactor: 1,
      uploadVolumeFactor: 1,
      indexerFlags: [],
    });
    expect(releases[0]?.usenetDate?.toISOString()).toBe('2021-03-07T14:40:37.000Z');
    expect(releases[0]?.publishDate?.toISOString()).toBe('2021-03-07T14:51:02.000Z');
    expect(releases[0]?.attributes['group']).toEqual(['alt.binaries.hdtv.x264']);
    expect(releases[1]?.size).toBe(68719476736);
  });
});

describe('newznab+ TV feed (usenet)', () => {
  const { releases } = feed('nzbplanet-tv.xml', 'usenet');

  it('reads TV ids and keeps newznab season/episode strings as attributes', () => {
    expect(releases[0]).toMatchObject({
      tvdbId: 280619,
      tvmazeId: 1825,
      imdbId: 'tt3230854',
      files: 49,
      infoUrl: 'https://nzbplanet.example/details/a1b2c3d4e5f60718293a4b5c6d7e8f90#comments',
      downloadUrl:
        'https://nzbplanet.example/getnzb/a1b2c3d4e5f60718293a4b5c6d7e8f90.nzb&i=12345&r=SECRETKEY123',
    });
    expect(releases[0]?.attributes['season']).toEqual(['S02']);
    expect(releases[0]?.attributes['poster']).toEqual(['ROVERS <rovers@example.invalid>']);
    expect(releases[0]?.publishDate?.toISOString()).toBe('2017-12-15T05:12:33.000Z');
  });

  it('uses the usenet date (here a Unix time) when an item has no pubDate, and a non-link guid as is', () => {
    expect(releases[1]).toMatchObject({
      guid: '77f0e1d2c3b4a5968778695a4b3c2d1e',
      infoUrl: null,
      size: 1288490188,
    });
    expect(releases[1]?.publishDate?.toISOString()).toBe('2017-03-09T00:40:00.000Z');
    expect(releases[1]?.usenetDate?.toISOString()).toBe('2017-03-09T00:40:00.000Z');
  });
});

describe('items real feeds get wrong', () => {
  const { releases, skipped } = feed('odd-items.xml', 'torrent', 'http://indexer.local:9117/api');

  it('reports unusable items and keeps the rest', () => {
    expect(skipped).toEqual([
      { title: null, reason: 'no title' },
      { title: 'No.Link.At.All.2021', reason: 'no download link' },
    ]);
    expect(releases.map((release) => release.title)).toEqual([
      'Magnet.Only.Base32.2020.1080p.WEB-DL-GRP',
      'Relative.Link.And.Two.Enclosures.2022.720p',
      'Weird & Wonderful: A <Title> 2019',
    ]);
  });

  it('decodes a base32 magnet hash and refuses nonsense numbers', () => {
    expect(releases[0]).toMatchObject({
      downloadUrl: 'magnet:?xt=urn:btih:3VRZYT5Y7ZDGGSQ3ZR3JJHMTKQDWVT4Y&dn=Magnet.Only',
      magnetUrl: 'magnet:?xt=urn:btih:3VRZYT5Y7ZDGGSQ3ZR3JJHMTKQDWVT4Y&dn=Magnet.Only',
      infoHash: 'dd639c4fb8fe46634a1bcc76949d9354076acf98',
      guid: 'magnet:?xt=urn:btih:3VRZYT5Y7ZDGGSQ3ZR3JJHMTKQDWVT4Y&dn=Magnet.Only',
      publishDate: null,
      seeders: null,
      leechers: 7,
      peers: null,
      size: null,
      downloadVolumeFactor: 1,
      uploadVolumeFactor: 1,
      imdbId: null,
      indexerFlags: [],
    });
  });

  it('resolves relative links and prefers the .torrent enclosure over the magnet one', () => {
    expect(releases[1]).toMatchObject({
      downloadUrl: 'http://indexer.local:9117/download/rel-1.torrent',
      magnetUrl: 'magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567',
      infoHash: '0123456789abcdef0123456789abcdef01234567',
      size: 5000,
      seeders: 3,
      leechers: 2,
      peers: 5,
    });
  });

  it('decodes entities and survives a repeated <link>', () => {
    expect(releases[2]).toMatchObject({
      downloadUrl: 'https://example.invalid/a.torrent',
      categories: [2000],
    });
  });
});

describe('caps', () => {
  it('reads Jackett caps', () => {
    expect(caps('jackett-caps.xml')).toEqual({
      serverTitle: 'Jackett',
      limits: { default: 100, max: 100 },
      retentionDays: null,
      search: { available: true, supportedParams: ['q'] },
      tvSearch: { available: true, supportedParams: ['q', 'season', 'ep', 'imdbid', 'tvdbid'] },
      movieSearch: { available: true, supportedParams: ['q', 'imdbid', 'tmdbid'] },
      categories: [
        {
          id: 2000,
          name: 'Movies',
          subcategories: [
            { id: 2030, name: 'Movies/SD' },
            { id: 2040, name: 'Movies/HD' },
            { id: 2045, name: 'Movies/UHD' },
          ],
        },
        { id: 5000, name: 'TV', subcategories: [{ id: 5040, name: 'TV/HD' }] },
        { id: 100042, name: 'Movies/HD', subcategories: [] },
      ],
      tags: [
        { name: 'internal', description: 'Uploader is an internal release group' },
        { name: 'freeleech', description: "Download doesn't count toward ratio" },
      ],
    });
  });

  it('reads newznab+ caps, defaulting tv-search params to the Newznab originals', () => {
    const result = caps('newznab-caps.xml');
    expect(result).toMatchObject({
      serverTitle: 'nzbplanet',
      limits: { default: 50, max: 100 },
      retentionDays: 4100,
      tvSearch: { available: true, supportedParams: ['q', 'rid', 'season', 'ep'] },
      movieSearch: { available: true, supportedParams: ['q', 'imdbid'] },
      tags: [],
    });
    expect(result.categories.map((category) => category.id)).toEqual([2000, 5000]);
  });

  it.each([
    ['<caps/>', { search: true, tv: false, movie: false, limits: { default: 100, max: 100 } }],
    [
      '<caps><limits max="40"/><searching><movie-search available="no"/></searching><categories/></caps>',
      { search: true, tv: false, movie: false, limits: { default: 40, max: 40 } },
    ],
    [
      '<caps><limits max="500" default="1000"/><searching><tv-search available="YES" supportedParams=""/></searching></caps>',
      { search: true, tv: true, movie: false, limits: { default: 500, max: 500 } },
    ],
  ])('fills sensible defaults for %s', (xml, expected) => {
    const document = readTorznabDocument(xml, 'Test');
    if (document.kind !== 'caps') throw new Error('not caps');
    const result = mapCapabilities(document.root, 'Test');
    expect({
      search: result.search.available,
      tv: result.tvSearch.available,
      movie: result.movieSearch.available,
      limits: result.limits,
    }).toEqual(expected);
  });
});

describe('readTorznabDocument', () => {
  it.each([
    ['', 'invalid_response', 'empty body'],
    ['<!DOCTYPE html><html><body>Login</body></html>', 'invalid_response', 'HTML page'],
    ['<?xml version="1.0"?>\n<html><head><title>x</title></head></html>', 'invalid_response', 'HTML page'],
    ['{"error":"json?"}', 'invalid_response', 'not XML'],
    ['<rss><channel><item><title>cut', 'invalid_response', 'malformed or truncated XML'],
    [
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><rss>&a;</rss>',
      'invalid_response',
      'document type',
    ],
    ['<feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'invalid_response', '<feed>'],
  ])('refuses %j', (body, kind, message) => {
    const error = captureError(() => readTorznabDocument(body, 'Test'));
    expect(error).toBeInstanceOf(IndexerError);
    expect(error).toMatchObject({ kind, service: 'Test' });
    expect(error.message).toContain(message);
  });

  it.each([
    ['<error code="100" description="Incorrect user credentials"/>', 'auth', 100],
    ['<error code="101" description="Account suspended"/>', 'auth', 101],
    ['<error code="102" description="Insufficient privileges/not authorized"/>', 'auth', 102],
    ['<error code="500" description="Request limit reached"/>', 'rate_limited', 500],
    ['<error code="501" description="Download limit reached"/>', 'rate_limited', 501],
    ['<error code="201" description="Incorrect parameter"/>', 'api_error', 201],
    ['<error code="910" description="API Disabled"/>', 'api_error', 910],
    [
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<error code="300" description="No such item."/>',
      'api_error',
      300,
    ],
  ])('maps %s', (body, kind, code) => {
    const document = readTorznabDocument(body, 'Test');
    expect(document.kind).toBe('error');
    if (document.kind !== 'error') return;
    expect(document.error).toMatchObject({ kind, apiCode: code });
    expect(document.error.message).toMatch(new RegExp(`^Test: error ${code}: `));
  });

  it('reads an error without a code as an API error', () => {
    const document = readTorznabDocument('<error description="Something broke"/>', 'Test');
    expect(document.kind === 'error' && document.error).toMatchObject({
      kind: 'api_error',
      apiCode: undefined,
    });
  });

  it('maps an empty channel to no releases', () => {
    const document = readTorznabDocument(
      '<rss version="2.0"><channel><title>x</title></channel></rss>',
      'Test',
    );
    expect(document.kind).toBe('feed');
    if (document.kind !== 'feed') return;
    expect(mapFeed(document.root, { indexer: 'Test', protocol: 'torrent', baseUrl: 'http://x/api' })).toEqual(
      {
        releases: [],
        skipped: [],
        total: null,
      },
    );
  });

  it('refuses an RSS document without a channel', () => {
    const document = readTorznabDocument('<rss version="2.0"><nochannel/></rss>', 'Test');
    if (document.kind !== 'feed') throw new Error('expected feed');
    expect(() =>
      mapFeed(document.root, { indexer: 'Test', protocol: 'torrent', baseUrl: 'http://x/api' }),
    ).toThrow(/RSS document we cannot read/);
  });
});

function captureError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected an error');
}
