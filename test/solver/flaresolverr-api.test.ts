// FlareSolverr's wire format, as Prowlarr, Jackett and scripts see it: the standalone `omniarr solver`
// over raw HTTP, the /flaresolverr/v1 route inside the API server, and an indexer's fetch that meets
// a challenge and passes it through the configured (external) solver without being told to.
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solverCommand } from '../../src/cli/solver-command.js';
import { ChallengeAwareFetch } from '../../src/solver/challenge-fetch.js';
import { ChromiumHost } from '../../src/solver/chromium-host.js';
import { FlareSolverrClient } from '../../src/solver/flaresolverr.client.js';
import { solverRoutes } from '../../src/solver/solver.routes.js';
import { SolverService } from '../../src/solver/solver.service.js';
import { startChallengeSite, type ChallengeSite } from './challenge-site.js';

let site: ChallengeSite;
let base: string;
const stop = new AbortController();
let exited: Promise<number>;

beforeAll(async () => {
  site = await startChallengeSite({ delayMs: 200 });
  await new Promise<void>((resolve) => {
    exited = solverCommand(['--port', '0'], {
      env: { OMNIARR_SOLVER_IDLE_SECONDS: '30' },
      stop: stop.signal,
      logger: pino({ level: 'silent' }),
      onListening: ({ port }) => {
        base = `http://127.0.0.1:${port}`;
        resolve();
      },
    });
  });
});
afterAll(async () => {
  stop.abort();
  expect(await exited).toBe(0);
  await site.close();
});

async function v1(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}/v1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('omniarr solver (FlareSolverr API on its own port)', () => {
  it('answers /health and / like FlareSolverr', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/`)).json()).toMatchObject({ msg: 'FlareSolverr is ready!' });
  });

  it('answers a solve with the full response shape', async () => {
    const { status, json } = await v1({ cmd: 'request.get', url: `${site.url}/torrents`, maxTimeout: 15000 });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      status: 'ok',
      message: 'Challenge solved!',
      version: expect.any(String) as string,
    });
    expect(json.endTimestamp as number).toBeGreaterThanOrEqual(json.startTimestamp as number);
    const solution = json.solution as Record<string, unknown>;
    expect(Object.keys(solution).sort()).toEqual([
      'cookies',
      'headers',
      'response',
      'status',
      'url',
      'userAgent',
    ]);
    expect(solution).toMatchObject({ url: `${site.url}/torrents`, status: 200 });
    expect((solution.cookies as Array<Record<string, unknown>>)[0]).toEqual({
      name: 'cf_clearance',
      value: expect.any(String) as string,
      domain: '127.0.0.1',
      path: '/',
      expires: expect.any(Number) as number,
      size: expect.any(Number) as number,
      httpOnly: false,
      secure: false,
      session: false,
      sameSite: 'Lax',
    });
  });

  it('answers errors with HTTP 500 and FlareSolverr messages', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, "Error: Request parameter 'cmd' is mandatory."],
      [{ cmd: 'request.delete', url: site.url }, "Error: Request parameter 'cmd' = 'request.delete' is invalid."],
      [{ cmd: 'sessions.destroy', session: 'nobody' }, "Error: The session doesn't exist."],
      [{ cmd: 'request.get', url: `${site.url}/stuck`, maxTimeout: 800 }, 'Error: Error solving the challenge. Timeout after 0.8 seconds.'],
    ]; // prettier-ignore
    for (const [body, message] of cases) {
      const { status, json } = await v1(body);
      expect(status).toBe(500);
      expect(json).toEqual({ status: 'error', message, startTimestamp: (expect.any(Number) as number), endTimestamp: (expect.any(Number) as number), version: (expect.any(String) as string) }); // prettier-ignore
    }
  });

  it('creates, lists and destroys sessions', async () => {
    expect((await v1({ cmd: 'sessions.create', session: 'jackett' })).json).toMatchObject({
      status: 'ok',
      message: 'Session created successfully.',
      session: 'jackett',
    });
    expect((await v1({ cmd: 'sessions.create', session: 'jackett' })).json).toMatchObject({ message: 'Session already exists.' });
    const generated = (await v1({ cmd: 'sessions.create' })).json.session as string;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await v1({ cmd: 'sessions.list' })).json.sessions as string[]).sort()).toEqual([generated, 'jackett'].sort());
    expect((await v1({ cmd: 'sessions.destroy', session: 'jackett' })).json).toMatchObject({ status: 'ok', message: 'The session has been removed.' });
    expect((await v1({ cmd: 'sessions.destroy', session: generated })).status).toBe(200);
    expect((await v1({ cmd: 'sessions.list' })).json.sessions).toEqual([]);
  }); // prettier-ignore

  it('refuses bad settings with the reason', async () => {
    const errors: string[] = [];
    const stderr = { write: (text: string) => errors.push(text) } as unknown as NodeJS.WritableStream;
    expect(await solverCommand(['--port', 'eighty'], { env: {}, stderr })).toBe(2);
    expect(errors.join('')).toContain('port:');
  });
});

describe('an indexer fetch that meets a challenge', () => {
  it('passes it through the configured solver once, then goes straight to the site', async () => {
    const solver = new FlareSolverrClient({ url: `${base}/v1` });
    const indexerFetch = new ChallengeAwareFetch({ solver, solveTimeoutMs: 15_000 });
    const before = { ...site.counts };

    const first = await indexerFetch.fetch(`${site.url}/api?t=search&q=dune`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('<p id="path">/api?t=search&amp;q=dune</p>');
    const challengesAfterFirst = site.counts.challenge;
    // Ours (the first fetch) and the browser's own first visit were challenged.
    expect(challengesAfterFirst - before.challenge).toBe(2);

    const second = await indexerFetch.fetch(`${site.url}/api?t=caps`);
    expect(second.status).toBe(200);
    await second.body?.cancel();
    expect(site.counts.challenge).toBe(challengesAfterFirst);
    expect(indexerFetch.clearanceFor(site.url)?.cookies.map((cookie) => cookie.name)).toEqual([
      'cf_clearance',
    ]);
  });
});

describe('POST /flaresolverr/v1 inside the API server', () => {
  it('answers FlareSolverr shapes, errors included', async () => {
    const service = new SolverService({ host: new ChromiumHost(), version: '9.9.9' });
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    solverRoutes(app, { solver: service });
    try {
      const list = await app.inject({
        method: 'POST',
        url: '/flaresolverr/v1',
        payload: { cmd: 'sessions.list' },
      });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({ status: 'ok', message: '', sessions: [], version: '9.9.9' });
      const bad = await app.inject({
        method: 'POST',
        url: '/flaresolverr/v1',
        payload: { cmd: 'request.get' },
      });
      expect(bad.statusCode).toBe(500);
      expect(bad.json()).toMatchObject({
        status: 'error',
        message: "Error: Request parameter 'url' is mandatory in 'request.get' command.",
      });
    } finally {
      await app.close();
      await service.close();
    }
  });
});
