// Owns the list of job names the process knows how to run. A job name with no handler is refused
// when enqueued and at start-up, so work is never silently parked in the database.
import type { z } from 'zod';
import type { Logger } from '../logging/logger.js';

export interface JobContext {
  jobId: number;
  attempt: number;
  /** Stable across retries and crashes: use it to make the job's effect happen once. */
  idempotencyKey: string | null;
  /** Aborted when the process shuts down or the lease is lost; long jobs should stop promptly. */
  signal: AbortSignal;
  logger: Logger;
}

export interface JobDefinition<P = unknown> {
  name: string;
  payload: z.ZodType<P>;
  run(payload: P, context: JobContext): Promise<void>;
  /** Total tries, the first included. */
  maxAttempts?: number;
  /** First retry delay; doubles on each further failure. */
  backoffMs?: number;
  /** How long a worker owns the job without renewing; a crashed worker's job is retaken after it. */
  leaseMs?: number;
}

export interface ResolvedJobDefinition<P = unknown> extends JobDefinition<P> {
  maxAttempts: number;
  backoffMs: number;
  leaseMs: number;
}

/** A failure that retrying cannot fix (bad payload, object gone): fail the job now. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export class UnknownJobError extends Error {
  override name = 'UnknownJobError';
  constructor(readonly jobName: string) {
    super(`no handler is registered for job "${jobName}"`);
  }
}

const defaults = { maxAttempts: 5, backoffMs: 30_000, leaseMs: 60_000 };

export class JobRegistry {
  private readonly definitions = new Map<string, ResolvedJobDefinition>();

  define<P>(definition: JobDefinition<P>): void {
    if (this.definitions.has(definition.name)) {
      throw new Error(`job "${definition.name}" is defined twice`);
    }
    this.definitions.set(definition.name, { ...defaults, ...definition });
  }

  get(name: string): ResolvedJobDefinition {
    const definition = this.definitions.get(name);
    if (!definition) throw new UnknownJobError(name);
    return definition;
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  names(): string[] {
    return [...this.definitions.keys()];
  }

  /** Throws naming every job in `names` that has no handler. */
  assertKnown(names: Iterable<string>, where: string): void {
    const unknown = [...new Set(names)].filter((name) => !this.definitions.has(name));
    if (unknown.length > 0) {
      throw new Error(`${where} name jobs with no handler: ${unknown.map((name) => `"${name}"`).join(', ')}`);
    }
  }
}
