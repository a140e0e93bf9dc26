// Owns enqueueing and running durable jobs: a polling worker with a concurrency limit, leases renewed
// while a job runs, exponential backoff between attempts, and a bounded drain on shutdown.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { sleep } from '../shared/clock.js';
import type { Logger } from '../logging/logger.js';
import type { JobRow } from '../db/schema.js';
import { PermanentJobError, type JobRegistry, type ResolvedJobDefinition } from './job-registry.js';
import type { Executor, JobRepository } from './job.repository.js';

export interface EnqueueOptions {
  idempotencyKey?: string;
  /** Run no earlier than this time (epoch ms). */
  runAt?: number;
  /** Enqueue inside the caller's transaction (outbox): the job exists only if the transaction commits. */
  executor?: Executor;
}

export interface JobQueueOptions {
  concurrency: number;
  pollIntervalMs?: number;
  maxBackoffMs?: number;
}

export interface JobQueueMetrics {
  onFinished(name: string, outcome: 'succeeded' | 'failed' | 'retry', seconds: number): void;
}

export class JobQueue {
  readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<number, { promise: Promise<void>; abort: AbortController }>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: AbortController = new AbortController();
  private readonly pollIntervalMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly registry: JobRegistry,
    private readonly jobs: JobRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: JobQueueOptions,
    private readonly metrics?: JobQueueMetrics,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60 * 60_000;
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<JobRow> {
    const definition = this.registry.get(name);
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) {
      throw new Error(`invalid payload for job "${name}": ${parsed.error.message}`);
    }
    const now = this.clock.now();
    const { job, created } = await this.jobs.insert(
      {
        name,
        payload: parsed.data,
        idempotencyKey: options.idempotencyKey ?? null,
        maxAttempts: definition.maxAttempts,
        runAt: options.runAt ?? now,
      },
      now,
      options.executor,
    );
    if (created) this.wake();
    return job;
  }

  /** Refuses to start when the database holds unfinished jobs that no handler can run. */
  async assertRunnable(): Promise<void> {
    this.registry.assertKnown(await this.jobs.pendingNames(), 'queued jobs in the database');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.pollLoop();
  }

  /** Stops taking jobs and waits up to `timeoutMs` for running ones; the rest are aborted. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const drained = Promise.allSettled([...this.active.values()].map((entry) => entry.promise));
    // The timer is cancelled once the jobs are done, so it cannot keep a stopping process alive.
    const timer = new AbortController();
    const timedOut = await Promise.race([
      drained.then(() => false),
      sleep(timeoutMs, timer.signal).then(() => !timer.signal.aborted),
    ]);
    timer.abort();
    if (timedOut && this.active.size > 0) {
      this.logger.warn(
        { jobs: [...this.active.keys()] },
        'shutdown: aborting jobs still running; they will be retried',
      );
      for (const entry of this.active.values()) entry.abort.abort(new Error('shutting down'));
      const grace = new AbortController();
      await Promise.race([drained, sleep(2000, grace.signal)]);
      grace.abort();
    }
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** Runs due jobs until none is left; for tests and one-shot CLI use. */
  async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const job = await this.jobs.claim(this.workerId, this.clock.now(), 60_000, this.registry.names());
      if (!job) return ran;
      await this.execute(job);
      ran += 1;
    }
  }

  private wake(): void {
    this.wakeUp.abort();
  }

  private async pollLoop(): Promise<void> {
    while (this.running) {
      let claimed = false;
      if (this.active.size < this.options.concurrency) {
        try {
          claimed = await this.claimOne();
        } catch (error) {
          this.logger.warn({ err: error }, 'job queue: cannot claim jobs (database unavailable?)');
        }
      }
      if (!claimed) {
        const wakeUp = this.wakeUp;
        await sleep(this.pollIntervalMs, wakeUp.signal);
        if (wakeUp.signal.aborted) this.wakeUp = new AbortController();
      }
    }
  }

  private async claimOne(): Promise<boolean> {
    const job = await this.jobs.claim(
      this.workerId,
      this.clock.now(),
      this.maxLeaseMs(),
      this.registry.names(),
    );
    if (!job) return false;
    const abort = new AbortController();
    const promise = this.execute(job, abort).finally(() => {
      this.active.delete(job.id);
      this.wake();
    });
    this.active.set(job.id, { promise, abort });
    return true;
  }

  private maxLeaseMs(): number {
    return Math.max(...this.registry.names().map((name) => this.registry.get(name).leaseMs));
  }

  private async execute(job: JobRow, abort = new AbortController()): Promise<void> {
    const definition = this.registry.get(job.name);
    const logger = this.logger.child({ job: job.name, jobId: job.id, attempt: job.attempts });
    const startedAt = this.clock.now();
    if (job.attempts > job.max_attempts) {
      await this.jobs.fail(
        job.id,
        this.workerId,
        `gave up after ${job.max_attempts} attempts (last: ${job.last_error ?? 'worker lost'})`,
        startedAt,
      );
      logger.error('job failed: too many attempts');
      return;
    }
    const heartbeat = this.keepLease(job, definition, abort);
    try {
      const payload = definition.payload.safeParse(JSON.parse(job.payload));
      if (!payload.success) throw new PermanentJobError(`invalid payload: ${payload.error.message}`);
      await definition.run(payload.data, {
        jobId: job.id,
        attempt: job.attempts,
        idempotencyKey: job.idempotency_key,
        signal: abort.signal,
        logger,
      });
      await this.jobs.complete(job.id, this.workerId, this.clock.now());
      this.metrics?.onFinished(job.name, 'succeeded', (this.clock.now() - startedAt) / 1000);
      logger.debug('job succeeded');
    } catch (error) {
      await this.recordFailure(job, definition, error, logger, startedAt);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private keepLease(job: JobRow, definition: ResolvedJobDefinition, abort: AbortController): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        const now = this.clock.now();
        this.jobs.renewLease(job.id, this.workerId, now + definition.leaseMs, now).then(
          (kept) => {
            if (!kept) abort.abort(new Error('lease lost'));
          },
          (error: unknown) => this.logger.warn({ err: error, jobId: job.id }, 'cannot renew job lease'),
        );
      },
      Math.max(50, Math.floor(definition.leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  private async recordFailure(
    job: JobRow,
    definition: ResolvedJobDefinition,
    error: unknown,
    logger: Logger,
    startedAt: number,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const now = this.clock.now();
    const seconds = (now - startedAt) / 1000;
    try {
      if (error instanceof PermanentJobError || job.attempts >= job.max_attempts) {
        await this.jobs.fail(job.id, this.workerId, message, now);
        this.metrics?.onFinished(job.name, 'failed', seconds);
        logger.error({ err: error }, 'job failed');
        return;
      }
      const delay = Math.min(definition.backoffMs * 2 ** (job.attempts - 1), this.maxBackoffMs);
      await this.jobs.retryLater(job.id, this.workerId, message, now + delay, now);
      this.metrics?.onFinished(job.name, 'retry', seconds);
      logger.warn({ err: error, retryInMs: delay }, 'job failed; will retry');
    } catch (recordError) {
      // The lease will expire and another attempt will be made.
      logger.error({ err: recordError }, 'cannot record job failure');
    }
  }
}
