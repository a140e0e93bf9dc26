// EpisodeFileRepository on both databases: a multi-episode file is one row both episodes point at, a
// rerun finds the first record, deleting a record leaves its episodes without a file, and every write
// joins the caller's transaction (a rolled-back import leaves nothing behind).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EpisodeFileRepository } from '../../src/series/episode-file.repository.js';
import { SeriesRepository } from '../../src/series/series.repository.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { episodeFile, newEpisode, seedSeries, type SeededSeries } from './episode-import-support.js';

describe.each(dialects)('episode files on %s', (dialect) => {
  let database: TestDatabase;
  let files: EpisodeFileRepository;
  let series: SeriesRepository;
  let show: SeededSeries;
  let other: SeededSeries;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    files = new EpisodeFileRepository(database.handle.db);
    series = new SeriesRepository(database.handle.db);
  });
  afterAll(async () => {
    await database.cleanup();
  });
  beforeEach(async () => {
    await database.handle.db.deleteFrom('series').execute();
    const episodes = [newEpisode(1, 1), newEpisode(1, 2), newEpisode(1, 3), newEpisode(2, 1)];
    show = await seedSeries(database.handle.db, {
      title: 'Show',
      rootFolderPath: '/tv',
      path: '/tv/Show',
      episodes,
    });
    other = await seedSeries(database.handle.db, {
      title: 'Other',
      rootFolderPath: '/tv',
      path: '/tv/Other',
      episodes,
    });
  });

  it('records a multi-episode file once, linked from both episodes', async () => {
    const e1 = show.episode(1, 1).id;
    const e2 = show.episode(1, 2).id;
    const added = await files.add(
      episodeFile(show.series.id, 'Season 01/Show - S01E01-02.mkv', {
        mediaInfo: {
          container: 'mkv',
          formatName: 'matroska,webm',
          durationSeconds: 2640,
          sizeBytes: 5_000_000_000,
          bitRate: 1,
          video: undefined,
          audio: [],
          subtitles: [],
          warnings: [],
        },
        size: 5_000_000_000,
      }),
      [e2, e1],
    );
    expect(added).toMatchObject({
      seriesId: show.series.id,
      relativePath: 'Season 01/Show - S01E01-02.mkv',
      size: 5_000_000_000,
      revision: { version: 1, real: 0, isRepack: false },
      languages: ['en'],
      episodeIds: [e1, e2],
    });
    expect(added.mediaInfo?.durationSeconds).toBe(2640);
    expect(await files.findById(added.id)).toEqual(added);
    const linked = (await series.episodes(show.series.id)).filter((e) => e.episodeFileId === added.id);
    expect(linked.map((e) => e.id)).toEqual([e1, e2]);
  });

  it('returns the first record when the same path is recorded again (an import rerun)', async () => {
    const first = await files.add(episodeFile(show.series.id, 'Season 01/a.mkv'), [show.episode(1, 1).id]);
    const again = await files.add(episodeFile(show.series.id, 'Season 01/a.mkv', { size: 2 }), [
      show.episode(1, 1).id,
    ]);
    expect(again.id).toBe(first.id);
    expect(again.size).toBe(first.size);
    expect(await files.listBySeries(show.series.id)).toHaveLength(1);
  });

  it('lists a series’ files with their episodes, and never links another series’ episodes', async () => {
    const pack = await files.add(episodeFile(show.series.id, 'Season 01/b.mkv'), [
      show.episode(1, 3).id,
      other.episode(1, 3).id,
    ]);
    const single = await files.add(episodeFile(show.series.id, 'Season 01/a.mkv'), [show.episode(1, 1).id]);
    const special = await files.add(episodeFile(show.series.id, 'Season 02/c.mkv', { seasonNumber: 2 }), []);
    await files.add(episodeFile(other.series.id, 'Season 01/a.mkv'), [other.episode(1, 1).id]);

    const listed = await files.listBySeries(show.series.id);
    expect(listed.map((f) => [f.id, f.episodeIds])).toEqual([
      [single.id, [show.episode(1, 1).id]],
      [pack.id, [show.episode(1, 3).id]],
      [special.id, []],
    ]);
    expect((await series.findEpisode(other.episode(1, 3).id))?.episodeFileId).toBeNull();
    expect(await files.listBySeries(9_999_999)).toEqual([]);
  });

  it('moves an episode to a newer file, leaving the older file its other episodes', async () => {
    const [e1, e2] = [show.episode(1, 1).id, show.episode(1, 2).id];
    const old = await files.add(episodeFile(show.series.id, 'Season 01/old.mkv'), [e1, e2]);
    const upgrade = await files.add(episodeFile(show.series.id, 'Season 01/new.mkv'), [e1]);
    expect(upgrade.episodeIds).toEqual([e1]);
    expect((await files.findById(old.id))?.episodeIds).toEqual([e2]);
  });

  it('deletes a record and leaves its episodes without a file', async () => {
    const [e1, e2] = [show.episode(1, 1).id, show.episode(1, 2).id];
    const added = await files.add(episodeFile(show.series.id, 'Season 01/a.mkv'), [e1, e2]);
    expect(await files.delete(added.id)).toBe(true);
    expect(await files.delete(added.id)).toBe(false);
    expect(await files.findById(added.id)).toBeUndefined();
    const episodes = await series.episodes(show.series.id);
    expect(episodes.filter((e) => e.episodeFileId !== null)).toEqual([]);
    expect(episodes).toHaveLength(4);
  });

  it('writes inside the caller’s transaction: a rollback leaves neither the record nor the links', async () => {
    const e1 = show.episode(1, 1).id;
    const kept = await files.add(episodeFile(show.series.id, 'Season 01/kept.mkv'), [e1]);
    await expect(
      database.handle.db.transaction().execute(async (trx) => {
        await files.delete(kept.id, trx);
        const added = await files.add(episodeFile(show.series.id, 'Season 01/new.mkv'), [e1], trx);
        expect(added.episodeIds).toEqual([e1]);
        expect(await files.listBySeries(show.series.id, trx)).toHaveLength(1);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await files.listBySeries(show.series.id)).toEqual([kept]);
  });
});
