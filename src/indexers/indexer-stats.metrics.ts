// Owns the indexer statistics as Prometheus metrics: gauges read from the database when Prometheus
// scrapes, so /metrics, the API and the stored counters never disagree, and a restart loses nothing.
import type { Metrics } from '../metrics/metrics.js';
import type { IndexerService, IndexerStatsView } from './indexer.service.js';

type Sample = { labels: Record<string, string>; value: number };

/** Registers the per-indexer metrics; `src/app/domain.ts` calls it once with the service's Metrics. */
export function observeIndexerStats(
  metrics: Pick<Metrics, 'observe'>,
  indexers: Pick<IndexerService, 'stats'>,
): void {
  // The gauges are collected together at each scrape: they share one read of the statistics.
  let inFlight: Promise<IndexerStatsView[]> | undefined;
  const read = () => {
    inFlight ??= indexers.stats().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const gauge = (name: string, help: string, value: (stats: IndexerStatsView) => Sample['value'] | null) =>
    metrics.observe(name, help, ['indexer'], async () =>
      (await read()).flatMap((stats): Sample[] => {
        const sample = value(stats);
        return sample === null ? [] : [{ labels: { indexer: stats.name }, value: sample }];
      }),
    );

  gauge('omniarr_indexer_queries', 'Queries sent to the indexer, RSS included (lifetime).', (s) => s.queries);
  gauge('omniarr_indexer_rss_queries', 'RSS queries sent to the indexer (lifetime).', (s) => s.rssQueries);
  gauge(
    'omniarr_indexer_failed_queries',
    'Queries to the indexer that failed (lifetime).',
    (s) => s.failedQueries,
  );
  gauge('omniarr_indexer_grabs', 'Releases fetched from the indexer (lifetime).', (s) => s.grabs);
  gauge(
    'omniarr_indexer_failed_grabs',
    'Release fetches from the indexer that failed (lifetime).',
    (s) => s.failedGrabs,
  );
  gauge(
    'omniarr_indexer_auth_failures',
    'Queries and grabs the indexer refused for the credentials (lifetime).',
    (s) => s.authFailures,
  );
  gauge(
    'omniarr_indexer_average_response_seconds',
    'Mean time the indexer took to answer (lifetime); absent before its first answer.',
    (s) => (s.averageResponseMs === null ? null : s.averageResponseMs / 1000),
  );
  gauge(
    'omniarr_indexer_limit_queries_used',
    'Queries counted against the indexer query limit in its current window (absent without a limit).',
    (s) => s.queryLimit?.used ?? null,
  );
  gauge(
    'omniarr_indexer_limit_grabs_used',
    'Grabs counted against the indexer grab limit in its current window (absent without a limit).',
    (s) => s.grabLimit?.used ?? null,
  );
}
