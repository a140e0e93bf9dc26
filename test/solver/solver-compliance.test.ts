// One suite, two solvers: ours in process, and ours as a standalone FlareSolverr (`omniarr solver`)
// reached through FlareSolverrClient, both driving real headless Chromium against a loopback site
// that behaves like a Cloudflare / DDoS-Guard JS challenge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solverCommand } from '../../src/cli/solver-command.js';
import { pino } from 'pino';
import { UpstreamError } from '../../src/shared/errors.js';
import { ChromiumHost } from '../../src/solver/chromium-host.js';
import { InProcessChallengeSolver, type ChallengeSolver } from '../../src/solver/challenge-solver.js';
import { FlareSolverrClient } from '../../src/solver/flaresolverr.client.js';
import { SolverService } from '../../src/solver/solver.service.js';
import { startChallengeSite, type ChallengeSite } from './challenge-site.js';

let site: ChallengeSite;
beforeAll(async () => {
  site = await startChallengeSite({ delayMs: 300 });
});
afterAll(async () => {
  await site.close();
});

interface Subject {
  solver: ChallengeSolver;
  stop(): Promise<void>;
}

function inProcess(): Promise<Subject> {
  const service = new SolverService({ host: new ChromiumHost({ idleTimeoutMs: 30_000 }), version: 'test' });
  return Promise.resolve({ solver: new InProcessChallengeSolver(service), stop: () => service.close() });
}

async function standalone(): Promise<Subject> {
  const stop = new AbortController();
  let port = 0;
  const listening = new Promise<void>((resolve) => {
    const exited = solverCommand(['--port', '0', '--host', '127.0.0.1'], {
      env: {},
      stop: stop.signal,
      logger: pino({ level: 'silent' }),
      onListening: (address) => {
        port = address.port;
        resolve();
      },
    });
    subjectsExited.push(exited);
  });
  await listening;
  return {
    solver: new FlareSolverrClient({ url: `http://127.0.0.1:${port}` }),
    stop: async () => {
      stop.abort();
      await Promise.all(subjectsExited);
    },
  };
}
const subjectsExited: Promise<number>[] = [];

describe.each([
  ['in process', inProcess],
  ['standalone FlareSolverr API', standalone],
])('challenge solver (%s)', (_name, start) => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await start();
  });
  afterAll(async () => {
    await subject.stop();
  });

  it('passes a JS challenge: the page, the clearance cookie and the user agent that earned it', async () => {
    const before = { ...site.counts };
    const solved = await subject.solver.solve({ url: `${site.url}/search?q=dune`, maxTimeoutMs: 15_000 });
    expect(solved.message).toBe('Challenge solved!');
    expect(solved.status).toBe(200);
    expect(solved.url).toBe(`${site.url}/search?q=dune`);
    expect(solved.response).toContain('<title>Real results</title>');
    expect(solved.headers?.['x-site']).toBe('real');
    expect(solved.userAgent).toMatch(/Chrome\/\d+/);
    expect(solved.userAgent).not.toContain('Headless');
    expect(site.counts.challenge - before.challenge).toBeGreaterThanOrEqual(1);
    expect(site.counts.verify - before.verify).toBeGreaterThanOrEqual(1);
    const clearance = solved.cookies.find((cookie) => cookie.name === 'cf_clearance');
    expect(clearance).toMatchObject({ domain: '127.0.0.1', path: '/', session: false });

    // The cookie works outside the browser, but only with the same user agent.
    const cookie = `cf_clearance=${clearance!.value}`;
    const direct = await fetch(`${site.url}/search?q=dune`, {
      headers: { cookie, 'user-agent': solved.userAgent },
    });
    expect(direct.status).toBe(200);
    await direct.body?.cancel();
    const otherAgent = await fetch(`${site.url}/search?q=dune`, {
      headers: { cookie, 'user-agent': 'curl/8' },
    });
    expect(otherAgent.status).toBe(503);
    await otherAgent.body?.cancel();
  });

  it('passes a DDoS-Guard challenge', async () => {
    const solved = await subject.solver.solve({ url: `${site.url}/ddg`, maxTimeoutMs: 15_000 });
    expect(solved.message).toBe('Challenge solved!');
    expect(solved.response).toContain('Real results');
    expect(solved.cookies.map((cookie) => cookie.name)).toContain('__ddg2_');
  });

  it('says when there was no challenge, and honours returnOnlyCookies', async () => {
    const plain = await subject.solver.solve({ url: `${site.url}/plain`, maxTimeoutMs: 10_000 });
    expect(plain.message).toBe('Challenge not detected!');
    expect(plain.response).toContain('nothing to solve');

    const onlyCookies = await subject.solver.solve({
      url: `${site.url}/search`,
      maxTimeoutMs: 15_000,
      returnOnlyCookies: true,
    });
    expect(onlyCookies.response).toBeUndefined();
    expect(onlyCookies.headers).toBeUndefined();
    expect(onlyCookies.cookies.map((cookie) => cookie.name)).toContain('cf_clearance');
  });

  it('sends the cookies it is given', async () => {
    const solved = await subject.solver.solve({
      url: `${site.url}/whoami`,
      cookies: [
        { name: 'pref', value: 'dark' },
        { name: 'lang', value: 'en', domain: '127.0.0.1', path: '/' },
      ],
    });
    expect(solved.response).toMatch(/<pre id="cookies">[^<]*pref=dark/);
    expect(solved.response).toMatch(/<pre id="cookies">[^<]*lang=en/);
  });

  it('gives up at the deadline on a challenge that never clears', async () => {
    const started = Date.now();
    const failure = await subject.solver
      .solve({ url: `${site.url}/stuck`, maxTimeoutMs: 1500 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as Error).message).toContain('Error solving the challenge. Timeout after 1.5 seconds.');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports a blocked address instead of waiting', async () => {
    const failure = await subject.solver
      .solve({ url: `${site.url}/blocked`, maxTimeoutMs: 10_000 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as Error).message).toContain('Cloudflare has blocked this request');
  });

  it('keeps cookies in a session, posts forms, and destroys the session', async () => {
    const id = await subject.solver.createSession('indexer-1');
    expect(id).toBe('indexer-1');
    expect(await subject.solver.listSessions()).toContain('indexer-1');

    const first = await subject.solver.solve({ url: `${site.url}/login`, session: id, maxTimeoutMs: 15_000 });
    expect(first.message).toBe('Challenge solved!');
    // The session remembers the clearance: no challenge the second time.
    const second = await subject.solver.solve({
      url: `${site.url}/browse`,
      session: id,
      maxTimeoutMs: 10_000,
    });
    expect(second.message).toBe('Challenge not detected!');
    expect(second.response).toContain('<p id="path">/browse</p>');

    const posted = await subject.solver.solve({
      url: `${site.url}/takelogin.php`,
      method: 'POST',
      postData: 'username=alice&password=s3cret%21',
      session: id,
      maxTimeoutMs: 10_000,
    });
    expect(posted.response).toContain('<p id="method">POST</p>');
    expect(posted.response).toContain('<p id="body">username=alice&amp;password=s3cret%21</p>');

    // A fresh context (no session) starts without the session's cookies.
    const fresh = await subject.solver.solve({ url: `${site.url}/whoami` });
    expect(fresh.response).not.toContain('cf_clearance');

    expect(await subject.solver.destroySession(id)).toBe(true);
    expect(await subject.solver.listSessions()).not.toContain('indexer-1');
    expect(await subject.solver.destroySession(id)).toBe(false);
  });
});
