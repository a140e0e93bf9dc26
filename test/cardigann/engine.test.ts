// The engine's edges against small loopback sites: browser challenges (alone, and through the
// solver's challenge-aware fetch with a stand-in solver; the real Chromium solve is tested in test/solver),
// the cookie login method, and sites in a legacy page encoding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardigannIndexer } from '../../src/indexers/cardigann/cardigann.indexer.js';
import { CookieJar } from '../../src/indexers/cardigann/cookie-jar.js';
import type { CardigannDefinition } from '../../src/indexers/cardigann/definition.js';
import { ChallengeError } from '../../src/indexers/cardigann/site.client.js';
import { ChallengeAwareFetch } from '../../src/solver/challenge-fetch.js';
import type { ChallengeSolver } from '../../src/solver/challenge-solver.js';
import { startAussieRulesSite } from '../fakes/cardigann-sites/aussierules-site.js';
import {
  makeTorrent,
  startFakeSite,
  type FakeSite,
  type SiteReply,
} from '../fakes/cardigann-sites/fake-site.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DefinitionValidator } from '../../src/indexers/cardigann/definition-loader.js';

function definition(overrides: Partial<CardigannDefinition> = {}): CardigannDefinition {
  return {
    id: 'tiny',
    name: 'Tiny',
    description: 'test site',
    language: 'en-US',
    type: 'public',
    encoding: 'UTF-8',
    links: ['http://127.0.0.1:1/'],
    caps: { categories: { '1': 'Movies' }, modes: { search: ['q'] } },
    settings: [],
    search: {
      paths: [{ path: 'browse' }],
      inputs: { q: '{{ .Keywords }}' },
      rows: { selector: 'tr.r' },
      fields: {
        category: { text: '1' },
        title: { selector: 'a.t' },
        download: { selector: 'a.t', attribute: 'href' },
        size: { text: '1 GB' },
        seeders: { text: '1' },
        leechers: { text: '0' },
      },
    },
    ...overrides,
  };
}

const row = (title: string) =>
  `<table><tr class="r"><td><a class="t" href="/get/1">${title}</a></td></tr></table>`;

describe('browser challenges', () => {
  let site: FakeSite;
  beforeAll(async () => {
    site = await startFakeSite((request) => {
      const cleared =
        request.cookies.cf_clearance === 'passed' && request.headers['user-agent'] === 'SolverBrowser/1.0';
      if (!cleared) {
        return {
          status: 403,
          body: '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id="cf-chl-widget"></div></body></html>',
        };
      }
      return { body: row('Cleared Release 2024') };
    });
  });
  afterAll(() => site.close());

  it('reports a challenge clearly when no solver is configured', async () => {
    const indexer = new CardigannIndexer({ definition: definition(), baseUrl: site.url });
    const error = await indexer.search({ kind: 'text', text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChallengeError);
    expect((error as Error).message).toMatch(/browser challenge \(cloudflare: /);
  });

  it('passes the challenge through the solver’s challenge-aware fetch, once per site', async () => {
    const solved: string[] = [];
    const solver: ChallengeSolver = {
      name: 'test solver',
      solve: (request) => {
        solved.push(new URL(request.url).pathname);
        const cookie = {
          name: 'cf_clearance',
          value: 'passed',
          domain: '127.0.0.1',
          path: '/',
          expires: -1,
          size: 18,
          httpOnly: true,
          secure: false,
          session: true,
          sameSite: 'Lax' as const,
        };
        return Promise.resolve({
          message: 'Challenge solved!',
          url: request.url,
          status: 200,
          cookies: [cookie],
          userAgent: 'SolverBrowser/1.0',
        });
      },
      createSession: () => Promise.resolve('s'),
      listSessions: () => Promise.resolve([]),
      destroySession: () => Promise.resolve(false),
    };
    const challengeFetch = new ChallengeAwareFetch({ solver });
    const indexer = new CardigannIndexer({
      definition: definition(),
      baseUrl: site.url,
      fetch: (url, init) => challengeFetch.fetch(url, init),
    });
    expect((await indexer.search({ kind: 'text', text: 'a' })).map((r) => r.title)).toEqual([
      'Cleared Release 2024',
    ]);
    expect((await indexer.search({ kind: 'text', text: 'b' })).map((r) => r.title)).toEqual([
      'Cleared Release 2024',
    ]);
    expect(solved).toEqual(['/browse']);
  });
});

describe('cookie login', () => {
  it('uses a pasted cookie, checks it with the test selector, and says when it no longer works', async () => {
    const account = { username: 'fan', password: 'pw' };
    const site = await startAussieRulesSite(account, [
      {
        id: 1,
        title: 'AFL Grand Final 2024 1080p',
        added: '28-09-2024 14:30',
        size: '4 GB',
        snatched: 1,
        seeders: 1,
        leechers: 0,
      },
    ]);
    try {
      const dir = path.resolve(import.meta.dirname, '../../../shared/cardigann/v11');
      const validator = await DefinitionValidator.fromFile(path.join(dir, 'schema.json'));
      const report = validator.check(
        'aussierules.yml',
        await readFile(path.join(dir, 'aussierules.yml'), 'utf8'),
      );
      if (report.status !== 'ok') throw new Error('aussierules does not load');
      // A browser session: log in with the form once and take the cookie the site set.
      const jar = new CookieJar();
      await new CardigannIndexer({
        definition: report.definition,
        baseUrl: site.url,
        settings: account,
        cookies: jar,
      }).search({ kind: 'text', text: 'afl' });
      const cookie = jar.headerFor(new URL(site.url))!;
      expect(cookie).toMatch(/^tsue_session=/);

      const byCookie: CardigannDefinition = {
        ...report.definition,
        settings: [{ name: 'cookie', type: 'text' }, ...(report.definition.settings ?? [])],
        login: { method: 'cookie', test: { path: 'index.php', selector: 'a[href*="logout.php"]' } },
      };
      const indexer = new CardigannIndexer({ definition: byCookie, baseUrl: site.url, settings: { cookie } });
      expect((await indexer.search({ kind: 'text', text: 'grand final' })).map((r) => r.title)).toEqual([
        'AFL Grand Final 2024 1080p',
      ]);

      site.expireSessions();
      const stale = new CardigannIndexer({ definition: byCookie, baseUrl: site.url, settings: { cookie } });
      await expect(stale.search({ kind: 'text', text: 'afl' })).rejects.toMatchObject({
        kind: 'auth',
        message: expect.stringContaining('the cookie did not log in') as unknown,
      });
    } finally {
      await site.close();
    }
  });
});

describe('page encodings', () => {
  it('sends keywords and reads pages in the site’s legacy encoding (windows-1251)', async () => {
    // "Матрица" in windows-1251: А–я are the bytes C0–FF.
    const cp1251 = (text: string) =>
      Buffer.from(
        [...text].map((c) => (c >= 'А' && c <= 'я' ? 0xc0 + c.charCodeAt(0) - 0x410 : c.charCodeAt(0))),
      );
    const site = await startFakeSite(() => ({
      headers: { 'content-type': 'text/html' },
      body: Buffer.concat([
        Buffer.from('<table><tr class="r"><td><a class="t" href="/get/1">'),
        cp1251('Матрица 1999'),
        Buffer.from('</a></td></tr></table>'),
      ]),
    }));
    try {
      const indexer = new CardigannIndexer({
        definition: definition({ encoding: 'windows-1251' }),
        baseUrl: site.url,
      });
      const releases = await indexer.search({ kind: 'text', text: 'Матрица' });
      expect(site.requests[0]!.rawQuery).toBe('q=%CC%E0%F2%F0%E8%F6%E0');
      expect(releases.map((r) => r.title)).toEqual(['Матрица 1999']);
    } finally {
      await site.close();
    }
  });
});

describe('post and get logins, and download blocks', () => {
  const { torrent, infoHash } = makeTorrent('Tiny Release 2024');
  let site: FakeSite;
  beforeAll(async () => {
    site = await startFakeSite((request) => {
      const login = (user: string | null, pass: string | null): SiteReply =>
        user === 'me' && pass === 'pw'
          ? { status: 302, headers: { location: '/', 'set-cookie': 'sid=ok; Path=/' } }
          : { body: '<div class="error">Wrong username or password</div>' };
      const loggedIn = request.cookies.sid === 'ok';
      switch (request.path) {
        case '/login.php':
          return request.method === 'POST'
            ? login(request.form.get('user'), request.form.get('pass'))
            : { status: 405 };
        case '/login_get.php':
          return login(request.query.get('user'), request.query.get('pass'));
        case '/':
          return { body: loggedIn ? '<a href="/logout">out</a>' : '<a href="/login.php">in</a>' };
        case '/browse':
          if (!loggedIn) return { status: 302, headers: { location: '/login.php' } };
          return {
            body: '<table><tr class="r"><td><a class="t" href="/details?id=1">Tiny Release 2024</a></td></tr></table>',
          };
        case '/details':
          return {
            body: `<h1>Tiny Release 2024 [site]</h1><span class="hash">${infoHash.toUpperCase()}</span><a class="dl" href="/dl/1">get</a>`,
          };
        case '/prepare':
          return request.query.get('id') === '1'
            ? { headers: { 'set-cookie': 'dlok=1; Path=/' }, body: 'ready' }
            : { status: 404 };
        case '/dl/1':
          return request.cookies.dlok === '1'
            ? { headers: { 'content-type': 'application/x-bittorrent' }, body: torrent }
            : { status: 403 };
        default:
          return { status: 404 };
      }
    });
  });
  afterAll(() => site.close());

  const privateSite = (login: CardigannDefinition['login'], download?: CardigannDefinition['download']) =>
    definition({
      settings: [
        { name: 'username', type: 'text' },
        { name: 'password', type: 'password' },
      ],
      login,
      ...(download ? { download } : {}),
      search: {
        ...definition().search,
        fields: { ...definition().search.fields, download: { selector: 'a.t', attribute: 'href' } },
      },
    });
  const credentials = { user: '{{ .Config.username }}', pass: '{{ .Config.password }}' };
  const test = { path: '/', selector: 'a[href="/logout"]' };

  it.each([
    [
      'post',
      {
        method: 'post' as const,
        path: 'login.php',
        inputs: credentials,
        error: [{ selector: 'div.error' }],
        test,
      },
    ],
    [
      'get',
      {
        method: 'get' as const,
        path: 'login_get.php',
        inputs: credentials,
        error: [{ selector: 'div.error' }],
        test,
      },
    ],
  ])('logs in with the %s method and reports the site’s error', async (_method, login) => {
    const ok = new CardigannIndexer({
      definition: privateSite(login),
      baseUrl: site.url,
      settings: { username: 'me', password: 'pw' },
    });
    expect((await ok.search({ kind: 'text', text: 'tiny' })).map((r) => r.title)).toEqual([
      'Tiny Release 2024',
    ]);
    const refused = new CardigannIndexer({
      definition: privateSite(login),
      baseUrl: site.url,
      settings: { username: 'me', password: 'no' },
    });
    await expect(refused.search({ kind: 'text', text: 'tiny' })).rejects.toThrow(
      /login failed: Wrong username or password/,
    );
  });

  it('builds a magnet from the info-hash block of the release page', async () => {
    const indexer = new CardigannIndexer({
      definition: privateSite(
        { method: 'post', path: 'login.php', inputs: credentials, test },
        {
          infohash: {
            hash: { selector: 'span.hash' },
            title: { selector: 'h1', filters: [{ name: 're_replace', args: ['\\s*\\[site\\]$', ''] }] },
          },
        },
      ),
      baseUrl: site.url,
      settings: { username: 'me', password: 'pw' },
    });
    const [release] = await indexer.search({ kind: 'text', text: 'tiny' });
    expect(await indexer.fetchRelease(release!)).toEqual({
      kind: 'magnet',
      uri: `magnet:?xt=urn:btih:${infoHash}&dn=Tiny%20Release%202024`,
    });
  });

  it('makes the before-request, then follows the download selector to the .torrent', async () => {
    const indexer = new CardigannIndexer({
      definition: privateSite(
        { method: 'post', path: 'login.php', inputs: credentials, test },
        {
          before: { path: 'prepare', inputs: { id: '{{ .DownloadUri.Query.id }}' } },
          selectors: [{ selector: 'a.dl', attribute: 'href' }],
        },
      ),
      baseUrl: site.url,
      settings: { username: 'me', password: 'pw' },
    });
    const [release] = await indexer.search({ kind: 'text', text: 'tiny' });
    const fetched = await indexer.fetchRelease(release!);
    expect(fetched).toEqual({ kind: 'torrent', bytes: torrent });
    expect(site.requests.filter((r) => r.path === '/prepare').map((r) => r.query.get('id'))).toEqual(['1']);
  });

  it('turns a definition that fails at run time into an indexer error', async () => {
    const broken = definition({
      search: { ...definition().search, keywordsfilters: [{ name: 're_replace', args: ['(', ''] }] },
    });
    const indexer = new CardigannIndexer({ definition: broken, baseUrl: site.url });
    await expect(indexer.search({ kind: 'text', text: 'x' })).rejects.toMatchObject({
      kind: 'invalid_response',
      message: expect.stringContaining(
        'the definition failed: regular expression "(" cannot be used',
      ) as unknown,
    });
  });
});
