// Tells the media servers about new or changed library paths right after an import, so a title shows
// up in seconds rather than after the next scheduled library scan. A server that is down is retried.
import { z } from 'zod';
import type { JobDefinition } from '../jobs/job-registry.js';

export const NOTIFY_JOB = 'mediaservers.notify';

export interface PathNotifier {
  /** Tells every enabled media server; reports the servers that failed instead of throwing. */
  notifyPathsUpdated(
    updates: ReadonlyArray<{ path: string; updateType: 'Created' | 'Modified' | 'Deleted' }>,
  ): Promise<{ failures: Array<{ server: string; reason: string }> }>;
}

export function notifyMediaServersJob(notifier: PathNotifier): JobDefinition<{ paths: string[] }> {
  return {
    name: NOTIFY_JOB,
    payload: z.object({ paths: z.array(z.string()).min(1) }),
    maxAttempts: 8,
    backoffMs: 30_000,
    async run({ paths }) {
      const { failures } = await notifier.notifyPathsUpdated(
        paths.map((path) => ({ path, updateType: 'Created' as const })),
      );
      if (failures.length > 0) {
        throw new Error(failures.map((failure) => `${failure.server}: ${failure.reason}`).join('; '));
      }
    },
  };
}
