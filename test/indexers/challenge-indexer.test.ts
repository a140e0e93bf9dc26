// Indexers behind a Cloudflare-style JS challenge, in real headless Chromium: an indexer added through
// the API at a challenged address is searched through IndexerService.searchAll and returns releases;
// the browser ran the challenge once, and later searches go straight through with its clearance.
// Once with the built-in solver, once with OMNIARR_FLARESOLVERR_URL pointing at a standalone
// `omniarr solver`; and a clearance the site will not honour for direct requests fails with a reason.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solverCommand } from '../../src/cli/solver-command.js';
import { chromiumProcessesOf } from '../../src/solver/process-tree.js';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startChallengeGate, type ChallengeGate } from './challenge-gate.js';

const release = (title: string, infoHash: string): FakeRelease => ({
  title,
  size: 4_000_000_000,
  categories: [2040],
  pubDate: new Date('2026-11-01T00:00:00Z'),
  download: `magnet:?xt=urn:btih:${infoHash}&dn=${encodeURIComponent(title)}`,
  seeders: 20,
});

const releases = [
  release('The.Matrix.1999.1080p.BluRay.x264-GRP', 'a'.repeat(40)),
  release('The.Matrix.Reloaded.2003.1080p.BluRay.x264-GRP', 'b'.repeat(40)),
];

interface ExternalSolver {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/** `omniarr solver` in this process, on a free loopback port, its log lines kept. */
async function startExternalSolver(): Promise<ExternalSolver> {
  const logs: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logs.push(chunk.toString());
        callback();
      },
    }),
  );
  const stop = new AbortController();
  let exited: Promise<number> = Promise.resolve(0);
  const port = await new Promise<number>((resolve, reject) => {
    exited = solverCommand(['--port', '0', '--host', '127.0.0.1'], {
      env: {},
      stop: stop.signal,
      logger,
      onListening: (address) => resolve(address.port),
    });
    exited.then((code) => reject(new Error(`omniarr solver exited with ${code}`)), reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    logs,
    stop: async () => {
      stop.abort();
      await exited;
    },
  };
}

async function addIndexer(service: TestApp, name: string, url: string, fake: TorznabFake) {
  const response = await fetch(`${service.url}/api/v1/indexers`, {
    method: 'POST',
    headers: { 'x-api-key': service.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      implementation: 'torznab',
      url,
      apiKey: fake.apiKey,
      timeoutMs: 20_000,
      minIntervalMs: 0,
    }),
  });
  return { status: response.status, text: await response.text() };
}

const linesWith = (logs: string[], message: string) =>
  logs.filter((line) => line.includes(`"msg":"${message}"`)).length;

/**
 * The log lines once they are written: the answer to a request can arrive before a line logged while
 * serving it (another process's stdout pipe, or the solver logging as it winds down).
 */
async function settledLinesWith(logs: string[], message: string, expected: number): Promise<number> {
  const deadline = Date.now() + 5000;
  while (linesWith(logs, message) < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return linesWith(logs, message);
}

describe.each([
  ['built-in solver', false],
  ['external FlareSolverr (omniarr solver)', true],
])('an indexer behind a JS challenge (%s)', (_name, external) => {
  let fake: TorznabFake;
  let gate: ChallengeGate;
  let solver: ExternalSolver | undefined;
  let service: TestApp;

  beforeAll(async () => {
    fake = await startTorznabFake({ releases });
    gate = await startChallengeGate({ upstream: fake.url, delayMs: 300 });
    solver = external ? await startExternalSolver() : undefined;
    service = await startTestApp('sqlite', solver ? { OMNIARR_FLARESOLVERR_URL: solver.url } : {});
  });
  afterAll(async () => {
    await service?.stop();
    await solver?.stop();
    await gate?.close();
    await fake?.stop();
  });

  it('starts no browser until a challenge is met', async () => {
    expect(await chromiumProcessesOf(process.pid)).toEqual([]);
  });

  it('is added through the API and searched: the browser passes the challenge once', async () => {
    const added = await addIndexer(service, 'Behind Cloudflare', gate.url, fake);
    expect(added.status, added.text).toBe(201);
    expect(added.text).not.toContain(fake.apiKey);

    const outcome = await service.app.domain.indexers.searchAll({ kind: 'text', text: 'Matrix' });
    expect(outcome.failures).toEqual([]);
    expect(outcome.answered).toEqual(['Behind Cloudflare']);
    expect(outcome.releases.map((found) => found.title).sort()).toEqual(
      releases.map((listed) => listed.title).sort(),
    );
    expect(outcome.releases.every((found) => found.indexer === 'Behind Cloudflare')).toBe(true);

    // One direct request met the challenge, the browser met it once more and ran it to the end.
    expect(gate.counts.verified).toBe(1);
    expect(gate.counts.challenges).toBe(2);
    expect(gate.counts.passedFromBrowser).toBe(1);
    expect(await settledLinesWith(service.logs, 'challenge met, asking the solver', 1)).toBe(1);
    expect(await settledLinesWith(service.logs, 'challenge passed', 1)).toBe(1);
    // The solve ran where it was configured to, and only there.
    if (solver) {
      expect(await settledLinesWith(solver.logs, 'challenge detected', 1)).toBe(1);
      expect(linesWith(service.logs, 'challenge detected')).toBe(0);
    } else {
      expect(await settledLinesWith(service.logs, 'challenge detected', 1)).toBe(1);
    }
    // The key reached the indexer on every call, and no log line shows it.
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.every((request) => request.apiKey === fake.apiKey)).toBe(true);
    expect(service.logs.join('')).not.toContain(fake.apiKey);
  });

  it('searches again straight through with the clearance, without the browser', async () => {
    const before = { ...gate.counts };
    const asked = fake.requests.length;

    for (const text of ['Matrix Reloaded', 'Matrix 1999']) {
      const outcome = await service.app.domain.indexers.searchAll({ kind: 'text', text });
      expect(outcome.failures).toEqual([]);
      expect(outcome.releases.length).toBeGreaterThan(0);
    }

    expect(gate.counts).toEqual({ ...before, passedDirect: before.passedDirect + 2 });
    expect(fake.requests.slice(asked).map((request) => request.params.q)).toEqual([
      'Matrix Reloaded',
      'Matrix 1999',
    ]);
    expect(linesWith(service.logs, 'challenge met, asking the solver')).toBe(1);
  });
});

describe('a site that honours clearance only in the browser', () => {
  let fake: TorznabFake;
  let gate: ChallengeGate;
  let service: TestApp;

  beforeAll(async () => {
    fake = await startTorznabFake({ releases });
    gate = await startChallengeGate({ upstream: fake.url, delayMs: 100, browserOnly: true });
    service = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await service?.stop();
    await gate?.close();
    await fake?.stop();
  });

  it('is refused with the reason, no key shown, and not solved again and again', async () => {
    const added = await addIndexer(service, 'Fingerprinting', gate.url, fake);
    expect(added.status).toBe(400);
    expect(added.text).toMatch(
      /indexer test failed: is behind a challenge that was not passed: .*still answers with a cloudflare challenge after it was solved/,
    );
    expect(added.text).not.toContain(fake.apiKey);
    // Solved once: the failure is not retried into a second browser run.
    expect(gate.counts.verified).toBe(1);
    expect(linesWith(service.logs, 'challenge met, asking the solver')).toBe(1);
  });
});
