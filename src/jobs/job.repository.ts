// Owns the SQL of the durable job queue. Claiming is one atomic UPDATE … RETURNING, with
// FOR UPDATE SKIP LOCKED on PostgreSQL so concurrent workers (and replicas) never take the same job.
import type { Kysely, Transaction } from 'kysely';
import type { DatabaseDialect } from '../db/database.js';
import type { Database, JobRow, JobStatus } from '../db/schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface NewJob {
  name: string;
  payload: unknown;
  idempotencyKey: string | null;
  maxAttempts: number;
  runAt: number;
}

export class JobRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DatabaseDialect,
  ) {}

  /** Inserts a job unless one with the same idempotency key exists; returns the stored job either way. */
  async insert(
    job: NewJob,
    now: number,
    executor: Executor = this.db,
  ): Promise<{ job: JobRow; created: boolean }> {
    const inserted = await executor
      .insertInto('jobs')
      .values({
        name: job.name,
        payload: JSON.stringify(job.payload ?? null),
        idempotency_key: job.idempotencyKey,
        max_attempts: job.maxAttempts,
        run_at: job.runAt,
        created_at: now,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { job: inserted, created: true };
    const existing = await executor
      .selectFrom('jobs')
      .selectAll()
      .where('idempotency_key', '=', job.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { job: existing, created: false };
  }

  /** Takes the next runnable job (queued and due, or running with an expired lease). */
  async claim(
    workerId: string,
    now: number,
    leaseMs: number,
    names: readonly string[],
  ): Promise<JobRow | undefined> {
    if (names.length === 0) return undefined;
    let next = this.db
      .selectFrom('jobs')
      .select('id')
      .where('name', 'in', names)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('id')
      .limit(1);
    if (this.dialect === 'postgres') next = next.forUpdate().skipLocked();
    return this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        lease_until: now + leaseMs,
        locked_by: workerId,
        updated_at: now,
      }))
      .where('id', '=', next)
      .returningAll()
      .executeTakeFirst();
  }

  /** Extends the lease; false when another worker has taken the job over. */
  async renewLease(id: number, workerId: string, leaseUntil: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ lease_until: leaseUntil, updated_at: now })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async complete(id: number, workerId: string, now: number): Promise<void> {
    await this.finish(id, workerId, { status: 'succeeded', last_error: null }, now);
  }

  async fail(id: number, workerId: string, error: string, now: number): Promise<void> {
    await this.finish(id, workerId, { status: 'failed', last_error: error }, now);
  }

  async retryLater(id: number, workerId: string, error: string, runAt: number, now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'queued',
        last_error: error,
        run_at: runAt,
        lease_until: null,
        locked_by: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  private async finish(
    id: number,
    workerId: string,
    outcome: { status: Extract<JobStatus, 'succeeded' | 'failed'>; last_error: string | null },
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ ...outcome, lease_until: null, updated_at: now, finished_at: now })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  async findById(id: number): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(filter: {
    status?: JobStatus;
    name?: string;
    limit: number;
    offset: number;
  }): Promise<JobRow[]> {
    let query = this.db
      .selectFrom('jobs')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.name) query = query.where('name', '=', filter.name);
    return query.execute();
  }

  /** Names of unfinished jobs, to refuse start-up when one has no handler. */
  async pendingNames(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .select('name')
      .distinct()
      .where('status', 'in', ['queued', 'running'])
      .execute();
    return rows.map((row) => row.name);
  }

  async deleteFinishedBefore(cutoff: number): Promise<number> {
    const result = await this.db
      .deleteFrom('jobs')
      .where('status', 'in', ['succeeded', 'failed'])
      .where('finished_at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
