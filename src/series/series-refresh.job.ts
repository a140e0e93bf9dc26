// Owns the durable `series.refresh` job and its 6-hourly schedule: one series (`{ seriesId }`) or every
// series not refreshed since `refreshedBefore` (default: the last 3 hours). New episodes, moved air
// dates and dropped episodes reach the catalog this way. A run that could not reach the metadata
// source for some series fails, and its retry takes only the series still stale.
import { z } from 'zod';
import type { JobDefinition } from '../jobs/job-registry.js';
import type { Schedule } from '../jobs/scheduler.js';
import type { Clock } from '../shared/clock.js';
import { SeriesNotFoundError, type SeriesService } from './series.service.js';

export const SERIES_REFRESH_JOB = 'series.refresh';

/** Series refreshed more recently than this are skipped by the scheduled refresh of all. */
export const SERIES_REFRESH_SKIP_RECENT_MS = 3 * 60 * 60 * 1000;

export const seriesRefreshPayload = z.object({
  seriesId: z.number().int().positive().optional(),
  /** Refresh all series last refreshed before this time (epoch ms); fixed at enqueue so retries resume. */
  refreshedBefore: z.number().int().nonnegative().optional(),
});
export type SeriesRefreshPayload = z.infer<typeof seriesRefreshPayload>;

export function seriesRefreshJob(deps: {
  series: Pick<SeriesService, 'refresh' | 'refreshAll'>;
  clock: Clock;
}): JobDefinition<SeriesRefreshPayload> {
  return {
    name: SERIES_REFRESH_JOB,
    payload: seriesRefreshPayload,
    maxAttempts: 4,
    backoffMs: 5 * 60_000,
    leaseMs: 5 * 60_000,
    async run(payload, context) {
      if (payload.seriesId !== undefined) {
        try {
          const result = await deps.series.refresh(payload.seriesId);
          context.logger.info({ seriesId: payload.seriesId, ...result }, 'series refreshed');
        } catch (error) {
          // Deleted since the refresh was asked for: nothing to do, nothing to retry.
          if (error instanceof SeriesNotFoundError) return;
          throw error;
        }
        return;
      }
      const refreshedBefore = payload.refreshedBefore ?? deps.clock.now() - SERIES_REFRESH_SKIP_RECENT_MS;
      const result = await deps.series.refreshAll({ refreshedBefore, signal: context.signal });
      context.logger.info(
        { refreshed: result.refreshed, gone: result.gone.length, failed: result.failed.length },
        'series catalog refreshed',
      );
      if (context.signal.aborted) throw new Error('stopped before every series was refreshed');
      if (result.failed.length > 0) {
        const [first] = result.failed;
        throw new Error(
          `${result.failed.length} series could not be refreshed (series ${first?.seriesId}: ${first?.error})`,
        );
      }
    },
  };
}

// Episode lists change more often than movies: air dates move and new episodes are announced weekly.
export const seriesRefreshSchedule: Schedule = {
  id: 'series.refresh',
  pattern: '30 */6 * * *',
  job: SERIES_REFRESH_JOB,
  payload: {},
};
