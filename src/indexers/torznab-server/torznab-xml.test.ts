// The documents the Torznab server writes, read back with the Torznab client's own mapper.
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { IndexerCapabilities, IndexerRelease } from '../indexer.js';
import { mapCapabilities, mapFeed, readTorznabDocument } from '../torznab/torznab-mapper.js';
import { capsXml, errorXml, escape, feedXml } from './torznab-xml.js';

const release: IndexerRelease = {
  guid: 'https://tracker.example/details/42',
  title: 'Dune.Part.Two.2024.2160p.UHD.BluRay.x265-GRP',
  indexer: 'Tracker',
  protocol: 'torrent',
  downloadUrl: 'https://tracker.example/dl/42?passkey=secret',
  magnetUrl: `magnet:?xt=urn:btih:${'d'.repeat(40)}&dn=Dune`,
  infoHash: 'd'.repeat(40),
  infoUrl: 'https://tracker.example/details/42',
  size: 60_000_000_000,
  publishDate: new Date('2024-05-14T10:00:00Z'),
  seeders: 150,
  leechers: 20,
  peers: 170,
  grabs: 900,
  files: 3,
  downloadVolumeFactor: 0.5,
  uploadVolumeFactor: 1,
  minimumRatio: 0.8,
  minimumSeedTimeSeconds: 259200,
  imdbId: 'tt15239678',
  tmdbId: 693134,
  tvdbId: null,
  tvmazeId: null,
  categories: [2045, 100045],
  indexerFlags: ['internal', 'halfleech'],
  usenetDate: null,
  attributes: { year: ['2024'], genre: ['Science Fiction'] },
};

const link = 'http://omniarr.local/torznab/3/download?link=abc&file=Dune&apikey=k';

describe('Torznab server documents', () => {
  it('writes a feed the Torznab mapper reads back to the same release', () => {
    const xml = feedXml(
      {
        title: 'Omniarr: Tracker',
        selfUrl: 'http://omniarr.local/torznab/3/api',
        protocol: 'torrent',
        offset: 0,
      },
      [{ release, link, guid: release.guid, comments: release.infoUrl }],
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('passkey');
    const document = readTorznabDocument(xml, 'Omniarr');
    if (document.kind !== 'feed') throw new Error(document.kind);
    const feed = mapFeed(document.root, {
      indexer: 'Omniarr',
      protocol: 'torrent',
      baseUrl: 'http://omniarr.local/',
    });
    expect(feed.skipped).toEqual([]);
    expect(feed.total).toBe(1);
    const [back] = feed.releases;
    expect(back).toEqual({
      ...release,
      indexer: 'Omniarr',
      downloadUrl: link,
      attributes: expect.any(Object) as unknown,
    });
    expect(back?.attributes).toMatchObject({
      year: ['2024'],
      genre: ['Science Fiction'],
      imdb: ['15239678'],
    });
  });

  it('leaves out what is unknown and writes usenet releases with the Newznab namespace', () => {
    const nzb: IndexerRelease = {
      ...release,
      protocol: 'usenet',
      magnetUrl: null,
      infoHash: null,
      seeders: null,
      leechers: null,
      peers: null,
      publishDate: null,
      size: null,
      usenetDate: new Date('2024-05-13T08:00:00Z'),
      attributes: { poster: ['someone@example.com'], group: ['alt.binaries.hdtv'] },
    };
    const xml = feedXml(
      {
        title: 'Omniarr: Geek',
        selfUrl: 'http://omniarr.local/torznab/4/api',
        protocol: 'usenet',
        offset: 100,
      },
      [{ release: nzb, link, guid: 'g-1', comments: null }],
    );
    expect(xml).toContain('xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/"');
    expect(xml).toContain('<newznab:response offset="100" total="101"/>');
    expect(xml).not.toMatch(/seeders|infohash|<pubDate>|<comments>/);
    expect(xml).toContain('type="application/x-nzb"');
    const document = readTorznabDocument(xml, 'Omniarr');
    if (document.kind !== 'feed') throw new Error(document.kind);
    const [back] = mapFeed(document.root, { indexer: 'Omniarr', protocol: 'usenet', baseUrl: link }).releases;
    expect(back).toMatchObject({ guid: 'g-1', size: null, infoUrl: null, usenetDate: nzb.usenetDate });
    expect(back?.attributes['group']).toEqual(['alt.binaries.hdtv']);
  });

  it('writes caps the caps mapper reads back', () => {
    const capabilities: IndexerCapabilities = {
      serverTitle: 'x',
      limits: { default: 50, max: 200 },
      retentionDays: 3000,
      search: { available: true, supportedParams: ['q'] },
      tvSearch: { available: true, supportedParams: ['q', 'season', 'ep', 'tvdbid'] },
      movieSearch: { available: false, supportedParams: ['q'] },
      categories: [
        { id: 2000, name: 'Movies & "Films"', subcategories: [{ id: 2040, name: 'Movies/HD' }] },
        { id: 8000, name: 'Other', subcategories: [] },
      ],
      tags: [{ name: 'internal', description: 'Internal <release>' }],
    };
    const xml = capsXml({ title: 'Omniarr: Tracker', capabilities });
    expect(XMLValidator.validate(xml)).toBe(true);
    const document = readTorznabDocument(xml, 'Omniarr');
    if (document.kind !== 'caps') throw new Error(document.kind);
    expect(mapCapabilities(document.root, 'Omniarr')).toEqual({
      ...capabilities,
      serverTitle: 'Omniarr: Tracker',
    });
  });

  it('writes Newznab errors the client recognises', () => {
    const document = readTorznabDocument(errorXml(201, 'Incorrect parameter (cat) <"&">'), 'Omniarr');
    expect(document.kind === 'error' && [document.error.apiCode, document.error.reason]).toEqual([
      201,
      'error 201: Incorrect parameter (cat) <"&">',
    ]);
  });

  it('drops characters XML cannot carry and escapes the rest', () => {
    expect(escape('a\u0000b\u0007c\u001f<d>&"e\'\tf\u{1F600}')).toBe(
      'abc&lt;d&gt;&amp;&quot;e&apos;\tf\u{1F600}',
    );
    const xml = feedXml({ title: 't', selfUrl: 'http://x/', protocol: 'torrent', offset: 0 }, [
      { release: { ...release, title: 'Bad\u0001Title' }, link, guid: 'g', comments: null },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});
