// The indexers' part of /api/v1/health: a warning naming every enabled indexer that is set aside
// after failures, with the reason and until when, so a silently disabled indexer cannot go unnoticed.
import type { HealthCheck } from '../health/health-registry.js';
import type { IndexerService } from './indexer.service.js';

export function indexersCheck(indexers: Pick<IndexerService, 'list'>): HealthCheck {
  return async () => {
    const enabled = (await indexers.list()).filter((indexer) => indexer.enabled);
    if (enabled.length === 0)
      return { status: 'warning', message: 'no indexer is enabled: nothing can be searched' };
    const failing = enabled.flatMap((indexer) =>
      indexer.status.available
        ? []
        : [
            `${indexer.name}: ${indexer.status.reason ?? 'failing'} (until ${new Date(indexer.status.until ?? 0).toISOString()})`,
          ],
    );
    if (failing.length === 0) return { status: 'ok', message: `${enabled.length} indexer(s) available` };
    return {
      status: 'warning',
      message: `${failing.length} of ${enabled.length} indexer(s) backing off: ${failing.join('; ')}`,
    };
  };
}
