// Owns recurring work: cron schedules (croner) that enqueue jobs. Only the leader runs schedules, so
// replicas sharing PostgreSQL enqueue each tick once; the idempotency key of each tick makes a second
// enqueue harmless anyway.
import { Cron } from 'croner';
import type { Logger } from '../logging/logger.js';
import type { LeaderElection } from './leader.js';
import type { JobQueue } from './job-queue.js';
import type { JobRegistry } from './job-registry.js';

export interface Schedule {
  /** Unique, stable: part of each tick's idempotency key. */
  id: string;
  /** Cron pattern (croner syntax, seconds optional), evaluated in UTC. */
  pattern: string;
  job: string;
  payload?: unknown;
  /** Also enqueue once when the leader starts. */
  runAtStart?: boolean;
}

export class Scheduler {
  private readonly crons: Cron[] = [];
  private started = false;

  constructor(
    private readonly schedules: readonly Schedule[],
    private readonly registry: JobRegistry,
    private readonly queue: JobQueue,
    private readonly leader: LeaderElection,
    private readonly logger: Logger,
  ) {
    registry.assertKnown(
      schedules.map((schedule) => schedule.job),
      'schedules',
    );
    for (const schedule of schedules) {
      // Throws on a bad pattern, at construction rather than at the first tick.
      new Cron(schedule.pattern, { paused: true, timezone: 'UTC' }).stop();
    }
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.leader.start({
      onElected: () => this.startTicking(),
      onDeposed: () => this.stopTicking(),
    });
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopTicking();
    await this.leader.stop();
  }

  get ticking(): boolean {
    return this.crons.length > 0;
  }

  private startTicking(): void {
    if (this.crons.length > 0) return;
    this.logger.info({ schedules: this.schedules.length }, 'this instance runs the schedules');
    for (const schedule of this.schedules) {
      const cron = new Cron(schedule.pattern, { timezone: 'UTC', protect: true }, async (self: Cron) => {
        const slot = self.currentRun()?.getTime() ?? Date.now();
        await this.enqueue(schedule, `schedule:${schedule.id}:${slot}`);
      });
      this.crons.push(cron);
      if (schedule.runAtStart) void this.enqueue(schedule, `schedule:${schedule.id}:start:${Date.now()}`);
    }
  }

  private stopTicking(): void {
    for (const cron of this.crons.splice(0)) cron.stop();
  }

  private async enqueue(schedule: Schedule, idempotencyKey: string): Promise<void> {
    try {
      await this.queue.enqueue(schedule.job, schedule.payload ?? {}, { idempotencyKey });
    } catch (error) {
      this.logger.warn({ err: error, schedule: schedule.id }, 'cannot enqueue scheduled job');
    }
  }
}
