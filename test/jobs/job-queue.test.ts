// The durable job queue on both databases: idempotency, retries with backoff, leases after a crash,
// the outbox pattern, and the registry's refusal of unknown job names.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JobQueue } from '../../src/jobs/job-queue.js';
import {
  JobRegistry,
  PermanentJobError,
  UnknownJobError,
  type JobDefinition,
} from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { systemClock } from '../../src/shared/clock.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { countEffects, createEffectsTable, effectJob } from '../support/effect-job.js';

const silent = pino({ level: 'silent' });

describe.each(dialects)('job queue on %s', (dialect) => {
  let database: TestDatabase;
  let repository: JobRepository;

  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    repository = new JobRepository(database.handle.db, database.handle.dialect);
    await createEffectsTable(database.handle);
  });
  afterEach(() => database.cleanup());

  function queueWith(definitions: JobDefinition<unknown>[], clock = new ManualClock()) {
    const registry = new JobRegistry();
    for (const definition of definitions) registry.define(definition);
    return {
      queue: new JobQueue(registry, repository, clock, silent, { concurrency: 2, pollIntervalMs: 20 }),
      clock,
      registry,
    };
  }

  it('enqueues once per idempotency key and runs the job', async () => {
    const { queue } = queueWith([effectJob(database.handle)]);
    const first = await queue.enqueue('effect', { value: 'a' }, { idempotencyKey: 'grab:42' });
    const second = await queue.enqueue('effect', { value: 'a' }, { idempotencyKey: 'grab:42' });
    expect(second.id).toBe(first.id);
    expect(await queue.drain()).toBe(1);
    expect(await countEffects(database.handle, 'grab:42')).toBe(1);
    expect((await repository.findById(first.id))?.status).toBe('succeeded');
  });

  it('refuses unknown job names and bad payloads', async () => {
    const { queue } = queueWith([effectJob(database.handle)]);
    await expect(queue.enqueue('nope', {})).rejects.toBeInstanceOf(UnknownJobError);
    await expect(queue.enqueue('effect', { value: 3 })).rejects.toThrow(/invalid payload/);
  });

  it('refuses to start when the database holds jobs nobody can run', async () => {
    const { queue } = queueWith([effectJob(database.handle)]);
    await queue.enqueue('effect', { value: 'x' });
    const { queue: other } = queueWith([]);
    await expect(other.assertRunnable()).rejects.toThrow(/"effect"/);
    await expect(queue.assertRunnable()).resolves.toBeUndefined();
  });

  it('retries with exponential backoff, then fails for good', async () => {
    let calls = 0;
    const flaky: JobDefinition<object> = {
      name: 'flaky',
      payload: z.object({}),
      maxAttempts: 3,
      backoffMs: 1000,
      run: () => {
        calls += 1;
        return Promise.reject(new Error(`boom ${calls}`));
      },
    };
    const { queue, clock } = queueWith([flaky]);
    const job = await queue.enqueue('flaky', {});
    expect(await queue.drain()).toBe(1);
    let row = await repository.findById(job.id);
    expect(row).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'boom 1',
      run_at: clock.now() + 1000,
    });
    expect(await queue.drain()).toBe(0); // not due yet
    clock.advance(1000);
    expect(await queue.drain()).toBe(1);
    row = await repository.findById(job.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 2, run_at: clock.now() + 2000 });
    clock.advance(2000);
    expect(await queue.drain()).toBe(1);
    row = await repository.findById(job.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3' });
    expect(calls).toBe(3);
  });

  it('fails at once on a permanent error', async () => {
    const doomed: JobDefinition<object> = {
      name: 'doomed',
      payload: z.object({}),
      run: () => Promise.reject(new PermanentJobError('movie was deleted')),
    };
    const { queue } = queueWith([doomed]);
    const job = await queue.enqueue('doomed', {});
    await queue.drain();
    expect(await repository.findById(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'movie was deleted',
    });
  });

  it('enqueues inside a transaction only when it commits (outbox)', async () => {
    const { queue } = queueWith([effectJob(database.handle)]);
    await database.handle.db
      .transaction()
      .execute(async (trx) => {
        await queue.enqueue('effect', { value: 'x' }, { idempotencyKey: 'rolled-back', executor: trx });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await database.handle.db.transaction().execute(async (trx) => {
      await queue.enqueue('effect', { value: 'x' }, { idempotencyKey: 'committed', executor: trx });
    });
    const names = (await repository.list({ limit: 10, offset: 0 })).map((row) => row.idempotency_key);
    expect(names).toEqual(['committed']);
  });

  it('runs a crashed worker’s job again after its lease expires, with one effect', async () => {
    const registry = new JobRegistry();
    registry.define(effectJob(database.handle));
    const producer = new JobQueue(registry, repository, systemClock, silent, { concurrency: 1 });
    const job = await producer.enqueue('effect', { value: 'v' }, { idempotencyKey: 'import:7' });

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/job-worker-process.ts', database.dataDir, database.databaseUrl ?? ''],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 15_000, interval: 50 }).toContain('effect-written');
    const running = await repository.findById(job.id);
    expect(running).toMatchObject({ status: 'running', attempts: 1 });
    child.kill('SIGKILL');
    await once(child, 'exit');

    // A new worker takes the job over once the dead worker's lease has expired.
    const survivor = new JobQueue(registry, repository, systemClock, silent, {
      concurrency: 1,
      pollIntervalMs: 20,
    });
    survivor.start();
    try {
      await expect
        .poll(async () => (await repository.findById(job.id))?.status, { timeout: 10_000, interval: 50 })
        .toBe('succeeded');
    } finally {
      await survivor.stop(1000);
    }
    const done = await repository.findById(job.id);
    expect(done?.attempts).toBe(2);
    expect(done?.locked_by).toBe(survivor.workerId);
    expect(await countEffects(database.handle, 'import:7')).toBe(1);
  });

  it('never gives one job to two workers at once', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const runs = new Map<string, number>();
    const slow: JobDefinition<{ n: number }> = {
      name: 'slow',
      payload: z.object({ n: z.number() }),
      async run(payload) {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        runs.set(String(payload.n), (runs.get(String(payload.n)) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
        concurrent -= 1;
      },
    };
    const registry = new JobRegistry();
    registry.define(slow);
    const workers = [1, 2, 3].map(
      () => new JobQueue(registry, repository, systemClock, silent, { concurrency: 2, pollIntervalMs: 10 }),
    );
    for (let n = 0; n < 30; n += 1) await workers[0]!.enqueue('slow', { n });
    for (const worker of workers) worker.start();
    try {
      await expect
        .poll(async () => (await repository.list({ status: 'succeeded', limit: 100, offset: 0 })).length, {
          timeout: 15_000,
        })
        .toBe(30);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop(1000)));
    }
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(runs.size).toBe(30);
    expect(maxConcurrent).toBeGreaterThan(1);
  });
});
