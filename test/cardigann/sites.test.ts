// Searches local fakes of three real sites through the Cardigann engine, each driven by the site's
// real definition from ../shared/cardigann/v11: 1337x (public HTML), Aussierul.es (private, login
// form) and Milkie (JSON API). Checks the releases end to end: titles, sizes, peers, dates,
// categories, links, and fetching the .torrent or magnet.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bencodeDecode } from '../../src/downloads/clients/torrent-metainfo.js';
import {
  CardigannIndexer,
  ManualCookieRequiredError,
} from '../../src/indexers/cardigann/cardigann.indexer.js';
import type { CardigannDefinition } from '../../src/indexers/cardigann/definition.js';
import { DefinitionValidator } from '../../src/indexers/cardigann/definition-loader.js';
import { IndexerError } from '../../src/indexers/indexer-error.js';
import { startAussieRulesSite, type AussieRulesSite } from '../fakes/cardigann-sites/aussierules-site.js';
import { startMilkieSite, type MilkieSite } from '../fakes/cardigann-sites/milkie-site.js';
import { start1337xSite, type X1337xSite } from '../fakes/cardigann-sites/x1337x-site.js';

const definitionsDir = path.resolve(import.meta.dirname, '../../../shared/cardigann/v11');
let validator: DefinitionValidator;

async function definition(id: string): Promise<CardigannDefinition> {
  validator ??= await DefinitionValidator.fromFile(path.join(definitionsDir, 'schema.json'));
  const report = validator.check(`${id}.yml`, await readFile(path.join(definitionsDir, `${id}.yml`), 'utf8'));
  if (report.status !== 'ok') throw new Error(`${id}: ${report.reasons.join('; ')}`);
  return report.definition;
}

const fixedNow = Date.parse('2026-06-15T10:00:00Z');
const clock = { now: () => fixedNow };

describe('1337x (public, HTML)', () => {
  let site: X1337xSite;
  let indexer: CardigannIndexer;

  beforeAll(async () => {
    site = await start1337xSite([
      {
        id: 101,
        title: 'The.Matrix.1999.1080p.BluRay.x264-GRP',
        category: 42,
        seeders: 1234,
        leechers: 56,
        size: '1.4 GB',
        date: "Apr. 18th '11",
        uploader: 'bob',
      },
      {
        id: 102,
        title: 'The Matrix Reloaded 2003 720p WEB DL AC3 5 1-NTb',
        category: 42,
        seeders: 10,
        leechers: 2,
        size: '900.5 MB',
        date: '7am Sep. 14th',
        uploader: 'alice',
      },
      {
        id: 103,
        title: 'The.Matrix.Resurrections.2021.2160p.WEB-DL-FLUX',
        category: 76,
        seeders: 77,
        leechers: 8,
        size: '18.2 GB',
        date: '12:25am',
        uploader: 'bob',
      },
      {
        id: 201,
        title: 'Some.Show.S01E01.1080p.WEB.h264-GRP',
        category: 41,
        seeders: 5,
        leechers: 1,
        size: '2.1 GB',
        date: '3am Jan. 2nd',
        uploader: 'carol',
      },
    ]);
    indexer = new CardigannIndexer({
      definition: await definition('1337x'),
      baseUrl: site.url,
      // The real default points at itorrents.org; the fake serves the .torrent files itself.
      settings: { downloadlink: site.url },
      requestDelayMs: 0,
      clock,
    });
  });
  afterAll(() => site.close());

  it('searches by keywords on every path, maps fields, filters and categories', async () => {
    const releases = await indexer.search({ kind: 'movie', title: 'matrix' });
    expect(releases.map((r) => r.title).sort()).toEqual([
      'The Matrix Reloaded 2003 720p WEB-DL AC3 5.1-NTb',
      'The.Matrix.1999.1080p.BluRay.x264-GRP',
      'The.Matrix.Resurrections.2021.2160p.WEB-DL-FLUX',
    ]);
    // Sorted search on the four paths the definition lists (pages 1–4).
    expect(site.requests.map((r) => r.path)).toEqual([
      '/sort-search/matrix/time/desc/1/',
      '/sort-search/matrix/time/desc/2/',
      '/sort-search/matrix/time/desc/3/',
      '/sort-search/matrix/time/desc/4/',
    ]);
    const matrix = releases.find((r) => r.title.startsWith('The.Matrix.1999'))!;
    expect(matrix).toMatchObject({
      indexer: '1337x',
      protocol: 'torrent',
      size: Math.round(1.4 * 1024 ** 3),
      seeders: 1234,
      leechers: 56,
      peers: 1290,
      categories: [2000, 2040],
      downloadVolumeFactor: 0,
      uploadVolumeFactor: 1,
      infoUrl: `${site.url}torrent/101/The-Matrix-1999-1080p-BluRay-x264-GRP/`,
    });
    expect(matrix.publishDate?.toISOString()).toBe('2011-04-18T00:00:00.000Z');
    expect(matrix.attributes.description).toEqual(['Uploader: bob']);
    const reloaded = releases.find((r) => r.title.includes('Reloaded'))!;
    // No year printed: a date after today's was last year's.
    expect(reloaded.publishDate?.toISOString()).toBe('2025-09-14T07:00:00.000Z');
    expect(reloaded.size).toBe(Math.round(900.5 * 1024 ** 2));
    const resurrections = releases.find((r) => r.title.includes('Resurrections'))!;
    expect(resurrections.publishDate?.toISOString()).toBe('2026-06-15T00:25:00.000Z');
    expect(resurrections.categories).toEqual([2000, 2045]);
  });

  it('lists the latest releases by category when there are no keywords (titles from the link)', async () => {
    site.requests.length = 0;
    const releases = await indexer.search({ kind: 'text', text: '' });
    expect(site.requests.map((r) => r.path)).toEqual([
      '/cat/Movies/1/',
      '/cat/TV/1/',
      '/cat/Music/1/',
      '/cat/Other/1/',
    ]);
    // Category pages abbreviate long titles; the definition rebuilds them from the link.
    expect(releases.map((r) => r.title)).toContain('Some Show S01E01 1080p WEB h264-GRP');
    expect(releases.map((r) => r.title)).toContain('The Matrix 1999 1080p BluRay x264-GRP');
  });

  it('fetches the .torrent through the download selectors, and falls back to the magnet', async () => {
    const [release] = (await indexer.search({ kind: 'text', text: 'matrix 1999' })).filter((r) =>
      r.title.includes('1999'),
    );
    const fetched = await indexer.fetchRelease(release!);
    expect(fetched.kind).toBe('torrent');
    if (fetched.kind !== 'torrent') return;
    expect(bencodeDecode(fetched.bytes).infoSpan).toBeDefined();

    site.breakTorrentFile(101);
    const fallback = await indexer.fetchRelease(release!);
    expect(fallback).toEqual({
      kind: 'magnet',
      uri: `magnet:?xt=urn:btih:${site.infoHashOf(101).toUpperCase()}&dn=${encodeURIComponent(release!.title)}`,
    });
  });

  it('waits the definition’s requestDelay between requests to the site', async () => {
    const slow = new CardigannIndexer({
      definition: await definition('1337x'),
      baseUrl: site.url,
      requestDelayMs: 150,
    });
    site.requests.length = 0;
    await slow.search({ kind: 'text', text: 'show' });
    const gaps = site.requests.slice(1).map((r, i) => r.at - site.requests[i]!.at);
    expect(gaps).toHaveLength(3);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(140);
  });

  it('describes its capabilities from the definition', async () => {
    const caps = await indexer.capabilities();
    expect(caps.movieSearch).toEqual({ available: true, supportedParams: ['q'] });
    expect(caps.tvSearch.supportedParams).toEqual(['q', 'season', 'ep']);
    expect(caps.categories.find((c) => c.id === 2000)?.subcategories.map((s) => s.id)).toEqual([
      2010, 2030, 2040, 2045, 2060, 2070,
    ]);
  });
});

describe('Aussierul.es (private, login form)', () => {
  let site: AussieRulesSite;
  const account = { username: 'fan', password: 's3cret' };

  beforeAll(async () => {
    site = await startAussieRulesSite(account, [
      {
        id: 7,
        title: 'AFL 2021 Round 2 Richmond vs Carlton 720p',
        added: '27-03-2021 18:34',
        size: '2.25 GB',
        snatched: 31,
        seeders: 12,
        leechers: 3,
      },
      {
        id: 8,
        title: 'AFL 2021 Round 3 Geelong vs Hawthorn 720p',
        added: '3-04-2021 09:05',
        size: '1,536.0 MB',
        snatched: 4,
        seeders: 2,
        leechers: 0,
      },
    ]);
  });
  afterAll(() => site.close());

  it('logs in through the form, keeps the session cookie, searches and downloads', async () => {
    const indexer = new CardigannIndexer({
      definition: await definition('aussierules'),
      baseUrl: site.url,
      settings: account,
      clock,
    });
    const releases = await indexer.search({ kind: 'text', text: 'richmond' });
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({
      title: 'AFL 2021 Round 2 Richmond vs Carlton 720p',
      size: Math.round(2.25 * 1024 ** 3),
      grabs: 31,
      seeders: 12,
      leechers: 3,
      categories: [5000, 5060],
      downloadUrl: `${site.url}download.php?id=7`,
      infoUrl: `${site.url}details.php?id=7`,
    });
    expect(releases[0]!.publishDate?.toISOString()).toBe('2021-03-27T18:34:00.000Z');
    // The form's hidden token went back with the definition's inputs; the default "dead" setting too.
    const submit = site.requests.find((r) => r.path === '/takelogin.php')!;
    expect(submit.form.get('securitytoken')).toMatch(/^[0-9a-f]{16}$/);
    const browse = site.requests.find((r) => r.path === '/browse.php' && r.query.has('keywords'))!;
    expect(Object.fromEntries(browse.query)).toEqual({
      search_type: 't_name',
      include_dead_torrents: 'no',
      keywords: 'richmond',
    });

    const fetched = await indexer.fetchRelease(releases[0]!);
    expect(fetched.kind).toBe('torrent');

    // A session the site forgot is noticed (redirect to the login page) and renewed once.
    site.expireSessions();
    const logins = site.requests.filter((r) => r.path === '/takelogin.php').length;
    expect(await indexer.search({ kind: 'text', text: 'geelong' })).toHaveLength(1);
    expect(site.requests.filter((r) => r.path === '/takelogin.php')).toHaveLength(logins + 1);
  });

  it('reports the site’s login error message as an auth failure', async () => {
    const indexer = new CardigannIndexer({
      definition: await definition('aussierules'),
      baseUrl: site.url,
      settings: { username: 'fan', password: 'wrong' },
    });
    const error = await indexer.search({ kind: 'text', text: 'afl' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexerError);
    expect(error).toMatchObject({ kind: 'auth' });
    expect((error as Error).message).toContain(
      'login failed: An error has occured! Username or password is wrong.',
    );
  });

  it('asks for a manual cookie when the login form has a captcha', async () => {
    const base = await definition('aussierules');
    const withCaptcha: CardigannDefinition = {
      ...base,
      login: {
        ...base.login!,
        captcha: { type: 'image', selector: 'input[name="securitytoken"]', input: 'captcha' },
      },
    };
    const indexer = new CardigannIndexer({ definition: withCaptcha, baseUrl: site.url, settings: account });
    await expect(indexer.search({ kind: 'text', text: 'afl' })).rejects.toBeInstanceOf(
      ManualCookieRequiredError,
    );
  });
});

describe('Milkie (JSON API)', () => {
  let site: MilkieSite;
  const apiKey = 'key+with/odd=chars';

  beforeAll(async () => {
    site = await startMilkieSite(apiKey, [
      {
        id: 'abc1',
        releaseName: 'Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.H.265-GRP',
        category: 1,
        size: 18_000_000_000,
        downloaded: 420,
        seeders: 99,
        leechers: 4,
        createdAt: '2024-04-16T08:30:00Z',
      },
      {
        id: 'abc2',
        releaseName: 'Dune.Prophecy.S01E01.1080p.WEB.h264-GRP',
        category: 2,
        size: 2_500_000_000,
        downloaded: 12,
        seeders: 7,
        leechers: 1,
        createdAt: '2024-11-18T03:00:00Z',
      },
    ]);
  });
  afterAll(() => site.close());

  it('searches the API with the key header and mapped categories, and downloads with the key', async () => {
    const indexer = new CardigannIndexer({
      definition: await definition('milkie'),
      baseUrl: site.url,
      settings: { apikey: apiKey },
      clock,
    });
    const releases = await indexer.search({ kind: 'movie', title: 'Dune', categories: [2000] });
    expect(releases).toHaveLength(1);
    expect(site.requests[0]!.query.get('categories')).toBe('1');
    expect(releases[0]).toMatchObject({
      title: 'Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.H.265-GRP',
      size: 18_000_000_000,
      grabs: 420,
      seeders: 99,
      leechers: 4,
      categories: [2000],
      minimumRatio: 1,
      minimumSeedTimeSeconds: 172800,
      downloadVolumeFactor: 0,
      infoUrl: `${site.url}browse/abc1`,
    });
    expect(releases[0]!.indexerFlags).toEqual(['freeleech']);
    expect(releases[0]!.publishDate?.toISOString()).toBe('2024-04-16T08:30:00.000Z');
    const fetched = await indexer.fetchRelease(releases[0]!);
    expect(fetched.kind).toBe('torrent');

    const all = await indexer.search({ kind: 'text', text: 'dune' });
    expect(all.map((r) => r.categories)).toEqual([[2000], [5000]]);
  });

  it('turns a refused key into an auth error', async () => {
    const indexer = new CardigannIndexer({
      definition: await definition('milkie'),
      baseUrl: site.url,
      settings: { apikey: 'nope' },
    });
    await expect(indexer.search({ kind: 'text', text: 'dune' })).rejects.toMatchObject({ kind: 'auth' });
  });
});
