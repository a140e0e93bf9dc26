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
import { startFakeSite, type FakeSite } from '../fakes/cardigann-sites/fake-site.js';
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
