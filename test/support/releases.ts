// An indexer release for tests and benchmarks, written once: the fields a test cares about are
// given, every other one is as a Torznab feed leaves it when it says nothing (null, no flags, no
// categories, volume factors 1). Compiled into dist/ with the benchmarks that import it.
import type { IndexerRelease } from '../../src/indexers/indexer.js';

export function indexerRelease(
  fields: Pick<IndexerRelease, 'title'> & Partial<IndexerRelease>,
): IndexerRelease {
  return {
    guid: `guid-${fields.title}`,
    indexer: 'Test Indexer',
    protocol: 'torrent',
    downloadUrl: null,
    magnetUrl: null,
    infoHash: null,
    infoUrl: null,
    size: null,
    publishDate: null,
    seeders: null,
    leechers: null,
    peers: null,
    grabs: null,
    files: null,
    downloadVolumeFactor: 1,
    uploadVolumeFactor: 1,
    minimumRatio: null,
    minimumSeedTimeSeconds: null,
    imdbId: null,
    tmdbId: null,
    tvdbId: null,
    tvmazeId: null,
    categories: [],
    indexerFlags: [],
    usenetDate: null,
    attributes: {},
    ...fields,
  };
}
