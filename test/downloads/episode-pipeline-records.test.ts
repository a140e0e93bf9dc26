// The pipeline's records serve episodes as well as movies, on both databases: a tracked download, a
// blocklist entry, a history event and a stored search for some episodes of a series, found by
// series, told apart from movies, and gone with their series.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialiseRelease } from '../../src/downloads/grab.service.js';
import { TrackedDownloadRepository } from '../../src/downloads/tracked-download.repository.js';
import { HistoryRepository } from '../../src/history/history.repository.js';
import type { IndexerRelease } from '../../src/indexers/indexer.js';
import { parseRelease } from '../../src/parser/index.js';
import { SearchRepository } from '../../src/search/search.repository.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { indexerRelease } from '../support/releases.js';
import { openSeriesCatalog } from '../series/series-catalog-setup.js';
import { episode, InTestSeriesMetadata, NOW, show } from '../series/series-metadata.js';

const TITLE = 'Show.S01.1080p.WEB-DL.DDP5.1.H.264-GRP';

function release(): IndexerRelease {
  return indexerRelease({
    guid: 'pack-1',
    title: TITLE,
    indexer: 'Local',
    downloadUrl: 'http://127.0.0.1:1/pack.torrent',
    infoHash: 'a'.repeat(40),
    size: 8e9,
    publishDate: new Date(NOW),
    seeders: 10,
    leechers: 0,
    peers: 10,
    files: 8,
    categories: [5000],
  });
}

describe.each(dialects)('episode pipeline records on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let seriesId: number;
  let episodeIds: number[];

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-episode-records-'));
    const metadata = new InTestSeriesMetadata();
    metadata.shows.set(7, show(7, 'Show', 2024, [episode(1, 1, -20), episode(1, 2, -13), episode(1, 3, -6)]));
    const { service: series, library } = await openSeriesCatalog(database.handle.db, dir, {
      metadata,
      clock: new ManualClock(NOW),
    });
    const added = await series.add({ metadataId: 7, qualityProfileId: 1, rootFolderPath: library });
    seriesId = added.id;
    episodeIds = (await series.episodes(seriesId)).map((entry) => entry.id);
  });
  afterAll(async () => {
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a season pack grab for its episodes and finds it by series, never by movie', async () => {
    const { db } = database.handle;
    const tracked = new TrackedDownloadRepository(db);
    const history = new HistoryRepository(db);
    const parsed = parseRelease(TITLE);
    const download = await tracked.insert(
      {
        target: { seriesId, episodeIds },
        protocol: 'torrent',
        indexer: 'Local',
        releaseTitle: TITLE,
        infoHash: 'a'.repeat(40),
        guid: 'pack-1',
        size: 8e9,
        qualityName: parsed.quality.name,
        customFormatScore: 0,
        grabbed: serialiseRelease(release(), parsed),
      },
      NOW,
    );
    expect(download).toMatchObject({ movieId: null, seriesId, episodeIds });
    expect((await tracked.listActiveForSeries(seriesId)).map((entry) => entry.id)).toEqual([download.id]);
    expect(await tracked.listActiveForMovie(seriesId)).toEqual([]);

    await history.add(
      {
        seriesId,
        episodeIds,
        event: 'grabbed',
        sourceTitle: TITLE,
        qualityName: parsed.quality.name,
        trackedDownloadId: download.id,
        data: { guid: 'pack-1' },
      },
      NOW,
    );
    expect(await history.grabbedReleasesForSeries(seriesId)).toEqual([
      { sourceTitle: TITLE, episodeIds, data: { guid: 'pack-1' } },
    ]);
    const listed = await history.list({ seriesId, limit: 10, offset: 0 });
    expect(listed.records[0]).toMatchObject({ movieId: null, seriesId, episodeIds, event: 'grabbed' });

    await tracked.blocklist(download, 'corrupt', NOW);
    expect(await tracked.blocklistForSeries(seriesId)).toMatchObject([
      { seriesId, movieId: null, releaseTitle: TITLE, reason: 'corrupt' },
    ]);
  });

  it('stores a season search with the episodes of each decision, for an interactive grab later', async () => {
    const searches = new SearchRepository(database.handle.db);
    const parsed = parseRelease(TITLE);
    const searchId = await searches.save(
      {
        seriesId,
        episodeIds,
        seasonNumber: 1,
        trigger: 'interactive',
        indexers: { answered: ['Local'], failures: [], skipped: [] },
        releases: 1,
        accepted: 1,
        grabbedTitle: null,
        createdAt: NOW,
      },
      [
        {
          rank: 1,
          title: TITLE,
          indexer: 'Local',
          accepted: true,
          qualityName: parsed.quality.name,
          customFormatScore: 0,
          rejections: [],
          episodeIds,
          grabbed: serialiseRelease(release(), parsed),
        },
      ],
    );
    const [stored] = await searches.listForSeries(seriesId);
    expect(stored).toMatchObject({ id: searchId, seriesId, movieId: null, episodeIds, seasonNumber: 1 });
    const [decision] = await searches.decisions(searchId);
    expect((await searches.decision(decision!.id))?.target).toEqual({ seriesId, episodeIds });
  });

  it('keeps more searches per series than per movie: one series search stores many', async () => {
    const searches = new SearchRepository(database.handle.db);
    const search = {
      seriesId,
      episodeIds,
      trigger: 'automatic' as const,
      indexers: { answered: [], failures: [], skipped: [] },
      releases: 0,
      accepted: 0,
      grabbedTitle: null,
      createdAt: NOW,
    };
    for (let i = 0; i < 12; i++) await searches.save(search, []);
    // 12 here, plus the one the test above stored.
    expect(await searches.listForSeries(seriesId, 100)).toHaveLength(13);
  });

  it('forgets every record of a series deleted from the library', async () => {
    const { db } = database.handle;
    await db.deleteFrom('series').where('id', '=', seriesId).execute();
    for (const table of ['tracked_downloads', 'blocklist', 'history', 'searches'] as const) {
      expect(await db.selectFrom(table).selectAll().execute(), table).toEqual([]);
    }
  });
});
