import { describe, expect, it } from 'vitest';
import { CategoryMap } from './categories.js';
import type { CardigannDefinition, SearchBlock } from './definition.js';
import { readSearchResults } from './search-results.js';
import type { TemplateValue } from './template.js';

const now = new Date('2026-06-15T10:00:00Z');
const categories = new CategoryMap([
  { siteId: '1', newznabId: 2040, description: null, default: false },
  { siteId: '2', newznabId: 5040, description: null, default: false },
]);

function read(search: Partial<SearchBlock>, text: string, type?: 'json' | 'xml', keywords = 'matrix') {
  const definition = {
    id: 't',
    name: 'T',
    links: ['https://t.test/'],
    caps: { modes: { search: ['q'] } },
    search: { paths: [{ path: 's' }], ...search },
  } as unknown as CardigannDefinition;
  const variables = new Map<string, TemplateValue>([
    ['.Keywords', keywords],
    ['.Config.free', 'True'],
  ]);
  return readSearchResults(text, { path: 's', ...(type ? { response: { type } } : {}) }, variables, {
    definition,
    indexer: 'T',
    siteLink: new URL('https://t.test/'),
    categories,
    now,
  });
}

describe('reading search results', () => {
  it('reads HTML rows: remove, case, optional with default, text templates, andmatch, skipped rows', () => {
    const html = `<table>
      <tr class="r"><td class="t"><a href="/d/1">The Matrix <span class="tag">NEW</span></a></td><td class="c"><img class="hd"></td>
        <td class="s">1.5 GB</td><td class="dl"><a href="/get/1">dl</a></td></tr>
      <tr class="r"><td class="t"><a href="/d/2">Something Else</a></td><td class="c"></td><td class="s">1 MB</td>
        <td class="dl"><a href="/get/2">dl</a></td></tr>
      <tr class="r"><td class="t"><a href="/d/3">Matrix without a link</a></td><td class="c"></td><td class="s">1 MB</td></tr>
    </table>`;
    const result = read(
      {
        rows: { selector: 'tr.r', filters: [{ name: 'andmatch' }] },
        fields: {
          title: { selector: 'td.t a', remove: 'span.tag' },
          category: { selector: 'td.c', case: { 'img.hd': '1', '*': '2' } },
          details: { selector: 'td.t a', attribute: 'href' },
          download: { selector: 'td.dl a', attribute: 'href' },
          size: { selector: 'td.s' },
          seeders: { selector: 'td.missing', optional: true, default: '7' },
          downloadvolumefactor: { text: '{{ if .Config.free }}0{{ else }}1{{ end }}' },
          description: { text: '{{ .Result.title }} / {{ .Result.size }}' },
        },
      },
      html,
    );
    expect(result.releases).toHaveLength(1);
    expect(result.releases[0]).toMatchObject({
      title: 'The Matrix',
      categories: [2000, 2040],
      downloadUrl: 'https://t.test/get/1',
      infoUrl: 'https://t.test/d/1',
      size: 1.5 * 1024 ** 3,
      seeders: 7,
      downloadVolumeFactor: 0,
      attributes: expect.objectContaining({ description: ['The Matrix / 1.5 GB'] }) as unknown,
    });
    // "Something Else" fails andmatch; the row without a download link is skipped and counted.
    expect(result.skipped).toBe(1);
    expect(result.firstSkipReason).toBe('field "download" not found');
  });

  it('merges the next row with rows.after and dates rows from their header', () => {
    const html = `<table><tbody>
      <tr><td colspan="2"><b>Monday, 1. Jun, 2026</b></td></tr>
      <tr class="a"><td><a href="/d/1">Matrix One</a></td></tr><tr><td class="s">2 GB</td><td><a class="dl" href="/get/1">x</a></td></tr>
      <tr><td colspan="2"><b>Tuesday, 2. Jun, 2026</b></td></tr>
      <tr class="a"><td><a href="/d/2">Matrix Two</a></td></tr><tr><td class="s">3 GB</td><td><a class="dl" href="/get/2">x</a></td></tr>
    </tbody></table>`;
    const result = read(
      {
        rows: {
          selector: 'tr.a, tr.a + tr',
          after: 1,
          dateheaders: {
            selector: 'td[colspan] > b',
            filters: [{ name: 'dateparse', args: 'dddd, d. MMM, yyyy' }],
          },
        },
        fields: {
          title: { selector: 'a[href^="/d/"]' },
          download: { selector: 'a.dl', attribute: 'href' },
          size: { selector: 'td.s' },
        },
      },
      html,
    );
    expect(
      result.releases.map((r) => [r.title, r.size, r.downloadUrl, r.publishDate?.toISOString()]),
    ).toEqual([
      ['Matrix One', 2 * 1024 ** 3, 'https://t.test/get/1', '2026-06-01T00:00:00.000Z'],
      ['Matrix Two', 3 * 1024 ** 3, 'https://t.test/get/2', '2026-06-02T00:00:00.000Z'],
    ]);
  });

  it('reads JSON rows with multiple children, parent fields, counts and case', () => {
    const json = JSON.stringify({
      data: {
        movie_count: 1,
        movies: [
          {
            title: 'The Matrix',
            year: 1999,
            imdb_code: 'tt0133093',
            torrents: [
              {
                quality: '1080p',
                hash: 'A'.repeat(40),
                size_bytes: 2000,
                seeds: 5,
                peers: 1,
                date_uploaded_unix: 1700000000,
              },
              {
                quality: '2160p',
                hash: 'B'.repeat(40),
                size_bytes: 9000,
                seeds: 2,
                peers: 0,
                date_uploaded_unix: 1700000500,
              },
            ],
          },
        ],
      },
    });
    const result = read(
      {
        rows: {
          selector: 'data.movies',
          attribute: 'torrents',
          multiple: true,
          count: { selector: 'data.movie_count' },
        },
        fields: {
          _year: { selector: '..year' },
          title: { selector: '..title', filters: [{ name: 'append', args: ' ({{ .Result._year }})' }] },
          category: { selector: 'quality', case: { '1080p': '1', '*': '2' } },
          infohash: { selector: 'hash' },
          imdbid: { selector: '..imdb_code' },
          size: { selector: 'size_bytes' },
          seeders: { selector: 'seeds' },
          leechers: { selector: 'peers' },
          date: { selector: 'date_uploaded_unix' },
        },
      },
      json,
      'json',
    );
    expect(result.releases).toHaveLength(2);
    expect(result.releases[0]).toMatchObject({
      title: 'The Matrix (1999)',
      infoHash: 'a'.repeat(40),
      magnetUrl: `magnet:?xt=urn:btih:${'a'.repeat(40)}&dn=The%20Matrix%20(1999)`,
      imdbId: 'tt0133093',
      size: 2000,
      categories: [2000, 2040],
      publishDate: new Date(1700000000 * 1000),
    });
    expect(result.releases[1]!.categories).toEqual([5000, 5040]);
    expect(
      read(
        { rows: { selector: 'data.movies', count: { selector: 'data.movie_count' } }, fields: {} },
        '{"data":{"movie_count":0}}',
        'json',
      ).releases,
    ).toEqual([]);
  });

  it('reads XML rows (RSS items)', () => {
    const xml = `<?xml version="1.0"?><rss><channel>
      <item><title>Matrix 1999 1080p</title><link>https://t.test/get/9.torrent</link><guid>https://t.test/d/9</guid>
      <pubDate>Mon, 01 Jun 2026 12:00:00 +0000</pubDate><category>1</category><size>4096</size></item>
    </channel></rss>`;
    const result = read(
      {
        rows: { selector: 'item' },
        fields: {
          title: { selector: 'title' },
          download: { selector: 'link' },
          details: { selector: 'guid' },
          date: { selector: 'pubDate' },
          category: { selector: 'category' },
          size: { selector: 'size' },
        },
      },
      xml,
      'xml',
    );
    expect(result.releases).toEqual([
      expect.objectContaining({
        title: 'Matrix 1999 1080p',
        downloadUrl: 'https://t.test/get/9.torrent',
        guid: 'https://t.test/d/9',
        size: 4096,
        categories: [2000, 2040],
        publishDate: new Date('2026-06-01T12:00:00Z'),
      }),
    ]);
  });
});
