// A job whose effect is a row keyed by the job's idempotency key: running it twice must leave one row.
import { sql } from 'kysely';
import { z } from 'zod';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { JobDefinition } from '../../src/jobs/job-registry.js';

export async function createEffectsTable(database: DatabaseHandle): Promise<void> {
  await sql`create table if not exists effects (key text primary key, attempt integer not null)`.execute(
    database.db,
  );
}

export async function countEffects(database: DatabaseHandle, key: string): Promise<number> {
  const { rows } = await sql<{
    count: number | string;
  }>`select count(*) as count from effects where key = ${key}`.execute(database.db);
  return Number(rows[0]?.count ?? 0);
}

export function effectJob(
  database: DatabaseHandle,
  afterEffect: () => Promise<void> = () => Promise.resolve(),
): JobDefinition<{ value: string }> {
  return {
    name: 'effect',
    payload: z.object({ value: z.string() }),
    leaseMs: 500,
    backoffMs: 10,
    async run(_payload, context) {
      const key = context.idempotencyKey ?? `job-${context.jobId}`;
      await sql`insert into effects (key, attempt) values (${key}, ${context.attempt}) on conflict (key) do nothing`.execute(
        database.db,
      );
      await afterEffect();
    },
  };
}
