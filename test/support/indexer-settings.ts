// An indexer's stored settings for tests that create indexers through IndexerService or the
// repository: a Torznab indexer searched and read by RSS, no limits, no pause between calls.
import type { IndexerInput } from '../../src/indexers/indexer.repository.js';

export function indexerInput(
  fields: Pick<IndexerInput, 'name' | 'url'> & Partial<IndexerInput>,
): IndexerInput {
  return {
    implementation: 'torznab',
    apiPath: '/api',
    apiKey: null,
    categories: [],
    priority: 25,
    enabled: true,
    rssEnabled: true,
    searchEnabled: true,
    timeoutMs: 5000,
    minIntervalMs: 0,
    queryLimit: null,
    grabLimit: null,
    ...fields,
  };
}
