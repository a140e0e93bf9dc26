// Start-up and shutdown as Kubernetes sees them: the built service starts, answers, stops cleanly on
// SIGTERM, refuses bad configuration and an unreachable database with one clear line, and lets a
// running job finish before it exits.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobDefinition } from '../../src/jobs/job-registry.js';
import { startTestApp } from '../support/app.js';
import { freePort } from '../support/ports.js';

const main = path.resolve('dist/src/cli/main.js');

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('service lifecycle', () => {
  it('starts, prints the first admin key once, serves, and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-life-'));
    const port = await freePort();
    const service = run(['serve'], {
      OMNIARR_DATA_DIR: dataDir,
      OMNIARR_PORT: String(port),
      OMNIARR_BIND: '127.0.0.1',
    });
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${port}/ping`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 15_000 },
      )
      .toBe(200);
    const key = /admin API key ([0-9a-f]{32})/.exec(service.output().stdout)?.[1];
    expect(key).toBeDefined();
    const status = await fetch(`http://127.0.0.1:${port}/api/v1/system/status`, {
      headers: { 'x-api-key': key! },
    });
    expect(status.status).toBe(200);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output().stdout).toContain('"msg":"stopped"');

    // Second start: the key is not shown again, and it still works.
    const again = run(['serve'], {
      OMNIARR_DATA_DIR: dataDir,
      OMNIARR_PORT: String(port),
      OMNIARR_BIND: '127.0.0.1',
    });
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${port}/api/v1/system/status`, { headers: { 'x-api-key': key! } }).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 15_000 },
      )
      .toBe(200);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
    expect(again.output().stdout).not.toMatch(/admin API key/);
  });

  it('stops with one clear line on a bad variable', async () => {
    const service = run(['serve'], { OMNIARR_PORT: 'eighty' });
    expect(await service.exited).toBe(2);
    expect(service.output().stderr.trim()).toBe(
      'omniarr: configuration error: OMNIARR_PORT: Invalid input: expected number, received NaN (got "eighty")',
    );
  });

  it('exits non-zero with a clear error when PostgreSQL is unreachable', async () => {
    const port = await freePort();
    const service = run(['serve'], {
      OMNIARR_DATABASE_URL: `postgresql://omniarr:secret-pw@127.0.0.1:${port}/omniarr`,
    });
    expect(await service.exited).toBe(1);
    const { stderr } = service.output();
    expect(stderr).toContain(
      `omniarr: cannot reach the database at postgresql://127.0.0.1:${port}/omniarr: `,
    );
    expect(stderr).toMatch(/ECONNREFUSED/);
    expect(stderr).not.toContain('secret-pw');
  });

  it('lets an in-flight job finish on shutdown', async () => {
    let finished = false;
    let started = false;
    const slow: JobDefinition<object> = {
      name: 'slow-import',
      payload: z.object({}),
      async run() {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 800));
        finished = true;
      },
    };
    const service = await startTestApp('sqlite', {}, { jobs: [slow] });
    const job = await service.app.queue.enqueue('slow-import', {});
    await expect.poll(() => started, { timeout: 5000 }).toBe(true);
    const jobs = service.app.jobs;
    const database = service.app.database;
    // Check the row before the database closes.
    let statusAtStop: string | undefined;
    const originalClose = database.close.bind(database);
    database.close = async () => {
      statusAtStop = (await jobs.findById(job.id))?.status;
      await originalClose();
    };
    await service.stop();
    expect(finished).toBe(true);
    expect(statusAtStop).toBe('succeeded');
  });
});
