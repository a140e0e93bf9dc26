// Hourly clean-up of what would otherwise grow forever: expired login sessions and finished jobs.
import { z } from 'zod';
import type { AuthService } from '../auth/auth.service.js';
import type { JobRepository } from '../jobs/job.repository.js';
import type { JobDefinition } from '../jobs/job-registry.js';
import type { Schedule } from '../jobs/scheduler.js';
import type { Clock } from '../shared/clock.js';

const FINISHED_JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export function housekeepingJob(deps: {
  auth: AuthService;
  jobs: JobRepository;
  clock: Clock;
}): JobDefinition<object> {
  return {
    name: 'housekeeping',
    payload: z.object({}),
    maxAttempts: 3,
    async run(_payload, { logger }) {
      const sessions = await deps.auth.deleteExpiredSessions();
      const jobs = await deps.jobs.deleteFinishedBefore(deps.clock.now() - FINISHED_JOB_RETENTION_MS);
      logger.debug({ sessions, jobs }, 'housekeeping done');
    },
  };
}

export const housekeepingSchedule: Schedule = {
  id: 'housekeeping',
  pattern: '17 * * * *',
  job: 'housekeeping',
};
