import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../shared/errors.js';
import { ChallengeAwareFetch, domainMatches } from './challenge-fetch.js';
import type { ChallengeSolver, SolveRequest, SolvedPage } from './challenge-solver.js';
import type { SolutionCookie } from './flaresolverr-protocol.js';

const AGENT = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36';
const challengePage = '<html><head><title>Just a moment...</title></head><body></body></html>';

function cookie(name: string, value: string, domain: string, expires = -1): SolutionCookie {
  return { name, value, domain, path: '/', expires, size: 0, httpOnly: false, secure: false, session: expires === -1, sameSite: 'Lax' };
} // prettier-ignore

class StubSolver implements ChallengeSolver {
  readonly name = 'stub solver';
  readonly calls: SolveRequest[] = [];
  constructor(private readonly cookies: SolutionCookie[] | (() => SolutionCookie[])) {}
  async solve(request: SolveRequest): Promise<SolvedPage> {
    this.calls.push(request);
    await Promise.resolve();
    return {
      message: 'Challenge solved!',
      url: request.url,
      status: 200,
      cookies: typeof this.cookies === 'function' ? this.cookies() : this.cookies,
      userAgent: AGENT,
    };
  }
  createSession = () => Promise.resolve('s');
  listSessions = () => Promise.resolve([]);
  destroySession = () => Promise.resolve(true);
}

/** A site that challenges every request lacking `cf_clearance=ok` with the solver's user agent. */
function guardedSite(options: { neverClears?: boolean } = {}) {
  const seen: Array<{ url: string; cookie: string | null; agent: string | null }> = [];
  const fetchImpl = (input: string | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    seen.push({ url: input.toString(), cookie: headers.get('cookie'), agent: headers.get('user-agent') });
    const cleared = !options.neverClears && headers.get('cookie')?.includes('cf_clearance=ok') && headers.get('user-agent') === AGENT;
    return Promise.resolve(
      cleared
        ? new Response('<rss/>', { status: 200 })
        : new Response(challengePage, { status: 503, headers: { server: 'cloudflare' } }),
    );
  }; // prettier-ignore
  return { seen, fetch: fetchImpl as unknown as typeof fetch };
}

describe('ChallengeAwareFetch', () => {
  it('leaves ordinary answers alone, errors included', async () => {
    const solver = new StubSolver([]);
    const fetchImpl = (() => Promise.resolve(new Response('nope', { status: 503 }))) as typeof fetch;
    const response = await new ChallengeAwareFetch({ solver, fetch: fetchImpl }).fetch(
      'http://indexer.local/api',
    );
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('nope');
    expect(solver.calls).toHaveLength(0);
  });

  it('solves once, retries with the cookies and user agent, then goes straight through', async () => {
    const site = guardedSite();
    const solver = new StubSolver([cookie('cf_clearance', 'ok', '.indexer.local'), cookie('other', 'x', 'elsewhere.org')]);
    const challengeFetch = new ChallengeAwareFetch({ solver, fetch: site.fetch });

    const first = await challengeFetch.fetch('http://www.indexer.local/api?t=search', { headers: { cookie: 'uid=7' } });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('<rss/>');
    expect(solver.calls).toEqual([{ url: 'http://www.indexer.local/api?t=search', maxTimeoutMs: 60_000, returnOnlyCookies: true }]);
    expect(site.seen[1]).toEqual({ url: 'http://www.indexer.local/api?t=search', cookie: 'uid=7; cf_clearance=ok', agent: AGENT });

    const second = await challengeFetch.fetch('http://www.indexer.local/api?t=caps');
    expect(second.status).toBe(200);
    expect(solver.calls).toHaveLength(1);
    expect(site.seen).toHaveLength(3);
  }); // prettier-ignore

  it('shares one solve between concurrent requests to the same site', async () => {
    const site = guardedSite();
    const solver = new StubSolver([cookie('cf_clearance', 'ok', 'indexer.local')]);
    const challengeFetch = new ChallengeAwareFetch({ solver, fetch: site.fetch });
    const answers = await Promise.all(
      [1, 2, 3].map((n) => challengeFetch.fetch(`http://indexer.local/api?page=${n}`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(solver.calls).toHaveLength(1);
  });

  it('fails clearly when the site still challenges after a solve, and keeps no clearance', async () => {
    const site = guardedSite({ neverClears: true });
    const solver = new StubSolver([cookie('cf_clearance', 'ok', 'indexer.local')]);
    const challengeFetch = new ChallengeAwareFetch({ solver, fetch: site.fetch });
    const failure = await challengeFetch.fetch('http://indexer.local/api').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as Error).message).toBe(
      'stub solver: indexer.local still answers with a cloudflare challenge after it was solved (title "Just a moment...")',
    );
    expect(challengeFetch.clearanceFor('http://indexer.local/')).toBeUndefined();
  });

  it('drops a clearance when its cookie expires', async () => {
    let now = 1_700_000_000_000;
    const clock = { now: () => now };
    const site = guardedSite();
    // Each solve earns a cookie good for one minute from then.
    const solver = new StubSolver(() => [cookie('cf_clearance', 'ok', 'indexer.local', now / 1000 + 60)]);
    const challengeFetch = new ChallengeAwareFetch({ solver, fetch: site.fetch, clock });
    await challengeFetch.fetch('http://indexer.local/api');
    expect(challengeFetch.clearanceFor('http://indexer.local/x')?.expiresAt).toBe(now + 60_000);
    now += 61_000;
    expect(challengeFetch.clearanceFor('http://indexer.local/x')).toBeUndefined();
    await challengeFetch.fetch('http://indexer.local/api');
    expect(solver.calls).toHaveLength(2);
  });
});

describe('domainMatches', () => {
  it.each([
    ['indexer.local', 'indexer.local', true],
    ['www.indexer.local', '.indexer.local', true],
    ['www.indexer.local', 'indexer.local', true],
    ['badindexer.local', 'indexer.local', false],
    ['indexer.local', 'www.indexer.local', false],
  ])('%s against %s', (host, domain, expected) => {
    expect(domainMatches(host, domain)).toBe(expected);
  });
});
