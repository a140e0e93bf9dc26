// Owns "which replica runs the schedules". SQLite means one process: always the leader. On
// PostgreSQL the leader holds a session advisory lock on a dedicated connection; if that connection
// dies the lock is released by the server and another replica takes over.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logging/logger.js';

export interface LeaderCallbacks {
  onElected(): void;
  onDeposed(): void;
}

export interface LeaderElection {
  start(callbacks: LeaderCallbacks): Promise<void>;
  stop(): Promise<void>;
  readonly isLeader: boolean;
}

export class SingleInstanceLeader implements LeaderElection {
  isLeader = false;
  private callbacks: LeaderCallbacks | undefined;

  start(callbacks: LeaderCallbacks): Promise<void> {
    this.callbacks = callbacks;
    this.isLeader = true;
    callbacks.onElected();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    if (this.isLeader) this.callbacks?.onDeposed();
    this.isLeader = false;
    return Promise.resolve();
  }
}

/** Arbitrary constant: "omniarr schedules" as a 63-bit number. */
const SCHEDULER_LOCK_KEY = 0x6f6d6e6961727231n;

export class PostgresAdvisoryLeader implements LeaderElection {
  isLeader = false;
  private stopped = true;
  private release: (() => void) | undefined;
  private session: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly retryMs = 15_000,
  ) {}

  start(callbacks: LeaderCallbacks): Promise<void> {
    this.stopped = false;
    return this.attempt(callbacks);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.release?.();
    await this.session;
  }

  /** Tries to take the lock; resolves once the first try is decided. */
  private attempt(callbacks: LeaderCallbacks): Promise<void> {
    return new Promise<void>((decided) => {
      this.session = this.db
        .connection()
        .execute(async (connection) => {
          const { rows } = await sql<{
            locked: boolean;
          }>`select pg_try_advisory_lock(${SCHEDULER_LOCK_KEY}) as locked`.execute(connection);
          if (!rows[0]?.locked) {
            decided();
            return;
          }
          this.isLeader = true;
          callbacks.onElected();
          decided();
          await this.holdUntilReleasedOrLost(connection);
          this.isLeader = false;
          callbacks.onDeposed();
          await sql`select pg_advisory_unlock(${SCHEDULER_LOCK_KEY})`
            .execute(connection)
            .catch(() => undefined);
        })
        .catch((error: unknown) => {
          if (this.isLeader) {
            this.isLeader = false;
            callbacks.onDeposed();
          }
          this.logger.warn({ err: error }, 'leader election: database connection lost');
          decided();
        })
        .finally(() => {
          if (!this.stopped) {
            this.retryTimer = setTimeout(() => void this.attempt(callbacks), this.retryMs);
            this.retryTimer.unref();
          }
        });
    });
  }

  /** Keeps the connection busy-checked until stop() or until it fails. */
  private holdUntilReleasedOrLost(connection: Kysely<Database>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        sql`select 1`.execute(connection).catch((error: unknown) => {
          clearInterval(check);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      }, 5000);
      this.release = () => {
        clearInterval(check);
        resolve();
      };
    });
  }
}
