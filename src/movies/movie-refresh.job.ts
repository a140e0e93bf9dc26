// Owns the durable `movies.refresh` job and its 12-hourly schedule: one movie (`{ movieId }`) or every
// movie not refreshed since `refreshedBefore` (default: the last 6 hours). A run that could not reach
// the metadata source for some movies fails, and its retry takes only the movies still stale.
import { z } from 'zod';
import type { JobDefinition } from '../jobs/job-registry.js';
import type { Schedule } from '../jobs/scheduler.js';
import type { Clock } from '../shared/clock.js';
import { MovieNotFoundError, type MovieService } from './movie.service.js';

export const MOVIE_REFRESH_JOB = 'movies.refresh';

/** Movies refreshed more recently than this are skipped by the scheduled refresh of all. */
export const REFRESH_SKIP_RECENT_MS = 6 * 60 * 60 * 1000;

export const movieRefreshPayload = z.object({
  movieId: z.number().int().positive().optional(),
  /** Refresh all movies last refreshed before this time (epoch ms); fixed at enqueue so retries resume. */
  refreshedBefore: z.number().int().nonnegative().optional(),
});
export type MovieRefreshPayload = z.infer<typeof movieRefreshPayload>;

export function movieRefreshJob(deps: {
  movies: Pick<MovieService, 'refresh' | 'refreshAll'>;
  clock: Clock;
}): JobDefinition<MovieRefreshPayload> {
  return {
    name: MOVIE_REFRESH_JOB,
    payload: movieRefreshPayload,
    maxAttempts: 4,
    backoffMs: 5 * 60_000,
    leaseMs: 5 * 60_000,
    async run(payload, context) {
      if (payload.movieId !== undefined) {
        try {
          const { outcome } = await deps.movies.refresh(payload.movieId);
          context.logger.info({ movieId: payload.movieId, outcome }, 'movie refreshed');
        } catch (error) {
          // Deleted since the refresh was asked for: nothing to do, nothing to retry.
          if (error instanceof MovieNotFoundError) {
            context.logger.info({ movieId: payload.movieId }, 'movie to refresh is gone');
            return;
          }
          throw error;
        }
        return;
      }
      const refreshedBefore = payload.refreshedBefore ?? deps.clock.now() - REFRESH_SKIP_RECENT_MS;
      const result = await deps.movies.refreshAll({ refreshedBefore, signal: context.signal });
      context.logger.info(
        { refreshed: result.refreshed, gone: result.gone.length, failed: result.failed.length },
        'movie catalog refreshed',
      );
      if (context.signal.aborted) throw new Error('stopped before every movie was refreshed');
      if (result.failed.length > 0) {
        const [first] = result.failed;
        throw new Error(
          `${result.failed.length} movie(s) could not be refreshed (movie ${first?.movieId}: ${first?.error})`,
        );
      }
    },
  };
}

export const movieRefreshSchedule: Schedule = {
  id: 'movies.refresh',
  pattern: '0 */12 * * *',
  job: MOVIE_REFRESH_JOB,
  payload: {},
};
