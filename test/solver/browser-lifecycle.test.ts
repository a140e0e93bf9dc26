// The browser's life: started on demand, held by requests and sessions, closed after the idle
// period so its processes (and their memory) are gone; requests beyond the concurrency limit wait,
// and the wait counts against their deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumHost } from '../../src/solver/chromium-host.js';
import { parseSolverCommand } from '../../src/solver/flaresolverr-protocol.js';
import { ChallengeError, SolverService } from '../../src/solver/solver.service.js';
import { chromiumProcessesOf } from '../../src/solver/process-tree.js';
import { startChallengeSite, type ChallengeSite } from './challenge-site.js';

let site: ChallengeSite;
beforeAll(async () => {
  site = await startChallengeSite({ delayMs: 200 });
});
afterAll(async () => {
  await site.close();
});

/** Waits for a condition on processes outside our control (Chromium exiting), up to `limitMs`. */
async function eventually(check: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const get = (url: string, maxTimeout = 10_000, extra: Record<string, unknown> = {}) =>
  parseSolverCommand({ cmd: 'request.get', url, maxTimeout, ...extra });

describe('browser lifecycle', () => {
  it('starts Chromium on demand and closes it, every process of it, after the idle period', async () => {
    const host = new ChromiumHost({ idleTimeoutMs: 400 });
    const service = new SolverService({ host, version: 'test' });
    try {
      expect(await chromiumProcessesOf(process.pid)).toEqual([]);
      const result = await service.run(get(`${site.url}/search`));
      expect(result.message).toBe('Challenge solved!');
      expect(host.isRunning).toBe(true);
      expect((await chromiumProcessesOf(process.pid)).length).toBeGreaterThan(0);

      expect(await eventually(async () => (await chromiumProcessesOf(process.pid)).length === 0, 5000)).toBe(
        true,
      );
      expect(host.isRunning).toBe(false);

      // The next request simply starts a new browser.
      expect((await service.run(get(`${site.url}/plain`))).message).toBe('Challenge not detected!');
      expect(host.isRunning).toBe(true);
    } finally {
      await service.close();
    }
    expect(await eventually(async () => (await chromiumProcessesOf(process.pid)).length === 0, 5000)).toBe(
      true,
    );
  });

  it('keeps the browser for an open session and lets a forgotten session expire', async () => {
    const host = new ChromiumHost({ idleTimeoutMs: 60_000 });
    const service = new SolverService({ host, version: 'test', sessionIdleMs: 300 });
    try {
      await service.run({ cmd: 'sessions.create', session: 'forgotten' });
      expect(host.activeLeases).toBe(1);
      // Expired: gone from the list, its context closed and its hold on the browser released.
      const released = () => Promise.resolve(service.sessionIds().length === 0 && host.activeLeases === 0);
      expect(await eventually(released, 3000)).toBe(true);
    } finally {
      await service.close();
    }
  });

  it('queues requests beyond the concurrency limit, and the queue counts against the deadline', async () => {
    const service = new SolverService({ host: new ChromiumHost(), maxConcurrency: 1, version: 'test' });
    try {
      const started = Date.now();
      const stuck = service.run(get(`${site.url}/stuck`, 1500));
      // /plain needs no solving, but its only slot is taken past its deadline.
      const queued = await service.run(get(`${site.url}/plain`, 600)).catch((error: unknown) => error);
      expect(queued).toBeInstanceOf(ChallengeError);
      expect((queued as Error).message).toBe('Error solving the challenge. Timeout after 0.6 seconds.');
      expect(Date.now() - started).toBeLessThan(1400);
      await expect(stuck).rejects.toThrow('Timeout after 1.5 seconds');

      // Once the slot is free again, requests run.
      expect((await service.run(get(`${site.url}/plain`, 5000))).message).toBe('Challenge not detected!');
    } finally {
      await service.close();
    }
  });

  it('fails clearly when Chromium cannot be started', async () => {
    const service = new SolverService({ host: new ChromiumHost({ executablePath: '/nonexistent/chromium' }), version: 'test' });
    const response = await service.respond({ cmd: 'request.get', url: `${site.url}/plain`, maxTimeout: 5000 });
    expect(response.statusCode).toBe(500);
    expect(response.body.message).toMatch(/^Error: Error solving the challenge\. could not start Chromium at \/nonexistent\/chromium/);
    await service.close();
  }); // prettier-ignore
});
