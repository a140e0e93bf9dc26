// Schedules enqueue jobs; with replicas sharing PostgreSQL exactly one runs them (advisory lock) and
// another takes over when the leader goes away.
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { PostgresAdvisoryLeader, SingleInstanceLeader } from '../../src/jobs/leader.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { openDatabase } from '../../src/db/database.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

const silent = pino({ level: 'silent' });

function registryWithTick(): JobRegistry {
  const registry = new JobRegistry();
  registry.define({ name: 'tick', payload: z.object({}), run: () => Promise.resolve() });
  return registry;
}

describe('scheduler', () => {
  let database: TestDatabase;
  afterEach(() => database.cleanup());

  it('refuses a schedule whose job has no handler, and a bad pattern', async () => {
    database = await openTestDatabase('sqlite');
    const registry = registryWithTick();
    const queue = new JobQueue(
      registry,
      new JobRepository(database.handle.db, 'sqlite'),
      systemClock,
      silent,
      { concurrency: 1 },
    );
    expect(
      () =>
        new Scheduler(
          [{ id: 'x', pattern: '* * * * *', job: 'missing' }],
          registry,
          queue,
          new SingleInstanceLeader(),
          silent,
        ),
    ).toThrow(/schedules name jobs with no handler: "missing"/);
    expect(
      () =>
        new Scheduler(
          [{ id: 'x', pattern: 'every tuesday', job: 'tick' }],
          registry,
          queue,
          new SingleInstanceLeader(),
          silent,
        ),
    ).toThrow();
  });

  it('enqueues on each tick, once per tick', async () => {
    database = await openTestDatabase('sqlite');
    const registry = registryWithTick();
    const jobs = new JobRepository(database.handle.db, 'sqlite');
    const queue = new JobQueue(registry, jobs, systemClock, silent, { concurrency: 1 });
    const scheduler = new Scheduler(
      [{ id: 'every-second', pattern: '* * * * * *', job: 'tick' }],
      registry,
      queue,
      new SingleInstanceLeader(),
      silent,
    );
    await scheduler.start();
    try {
      await expect
        .poll(async () => (await jobs.list({ limit: 10, offset: 0 })).length, { timeout: 5000 })
        .toBeGreaterThanOrEqual(2);
    } finally {
      await scheduler.stop();
    }
    const keys = (await jobs.list({ limit: 10, offset: 0 })).map((job) => job.idempotency_key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => key?.startsWith('schedule:every-second:'))).toBe(true);
  });

  describe('on PostgreSQL with two replicas', () => {
    let second: ReturnType<typeof openDatabase>;
    beforeEach(async () => {
      database = await openTestDatabase('postgres');
      second = openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
    });
    afterEach(() => second.close());

    it('elects exactly one leader and fails over when it stops', async () => {
      const a = new PostgresAdvisoryLeader(database.handle.db, silent, 100);
      const b = new PostgresAdvisoryLeader(second.db, silent, 100);
      const events: string[] = [];
      await a.start({ onElected: () => events.push('a elected'), onDeposed: () => events.push('a deposed') });
      await b.start({ onElected: () => events.push('b elected'), onDeposed: () => events.push('b deposed') });
      expect(a.isLeader).toBe(true);
      expect(b.isLeader).toBe(false);
      await a.stop();
      await expect.poll(() => b.isLeader, { timeout: 5000 }).toBe(true);
      await b.stop();
      expect(events).toEqual(['a elected', 'a deposed', 'b elected', 'b deposed']);
    });
  });
});
