// The TMDB client pointed at the TMDB contract fake, quick to give up and never pausing between
// calls unless a test says otherwise.
import { TmdbClient, type TmdbClientOptions } from '../../src/metadata/tmdb/tmdb.client.js';
import type { TmdbFake } from '../fakes/tmdb/tmdb-fake.js';

export function tmdbClientFor(fake: TmdbFake, options: Partial<TmdbClientOptions> = {}): TmdbClient {
  return new TmdbClient({
    baseUrl: fake.url,
    apiKey: fake.apiKey,
    timeoutMs: 2_000,
    retryDelayMs: 1,
    minIntervalMs: 0,
    ...options,
  });
}
