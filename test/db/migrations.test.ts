// Migrations run on SQLite and PostgreSQL, are idempotent, and leave the expected tables.
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, migrationNames } from '../../src/db/migrator.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';

describe.each(dialects)('migrations on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(() => database.cleanup());

  it('creates the schema once and is a no-op the second time', async () => {
    database = await openTestDatabase(dialect, { migrate: false });
    expect((await migrateToLatest(database.handle)).applied).toEqual(migrationNames);
    expect(migrationNames[0]).toBe('0001-foundation');
    expect((await migrateToLatest(database.handle)).applied).toEqual([]);
    const tables = await database.handle.db.introspection.getTables();
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['api_keys', 'users', 'sessions', 'jobs']),
    );
  });

  it('round-trips epoch-millisecond timestamps as numbers', async () => {
    database = await openTestDatabase(dialect);
    const now = Date.UTC(2030, 0, 1, 12, 0, 0, 123);
    await database.handle.db
      .insertInto('api_keys')
      .values({ name: 'k', key_hash: 'h', created_at: now })
      .execute();
    const row = await database.handle.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.created_at).toBe(now);
    expect(typeof row.id).toBe('number');
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.handle.db);
    expect(Number(rows[0]?.one)).toBe(1);
  });

  it('enforces unique keys and cascades sessions with their user', async () => {
    database = await openTestDatabase(dialect);
    const { db } = database.handle;
    await db.insertInto('api_keys').values({ name: 'a', key_hash: 'same', created_at: 1 }).execute();
    await expect(
      db.insertInto('api_keys').values({ name: 'b', key_hash: 'same', created_at: 1 }).execute(),
    ).rejects.toThrow();
    const user = await db
      .insertInto('users')
      .values({ username: 'u', password_hash: 'x', role: 'user', created_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('sessions')
      .values({ token_hash: 't', user_id: user.id, created_at: 1, expires_at: 2 })
      .execute();
    await db.deleteFrom('users').where('id', '=', user.id).execute();
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });
});

describe.each(dialects)('0010-episode-pipeline on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(() => database.cleanup());

  it('keeps every movie download, blocklist entry, history event and search, and their cascades', async () => {
    database = await openTestDatabase(dialect, { migrate: false });
    await migrateToLatest(database.handle, '0009-series');
    const db = database.handle.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const inserted = await db
      .insertInto('movies')
      .values(oldMovieRow())
      .returning('id')
      .executeTakeFirstOrThrow();
    const movieId = Number(inserted.id);
    await db.insertInto('tracked_downloads').values(oldDownloadRow(movieId)).execute();
    // A later download, deleted: its id must not be handed out again after the rebuild.
    const gone = await db
      .insertInto('tracked_downloads')
      .values({ ...oldDownloadRow(movieId), guid: 'gone' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('tracked_downloads').where('id', '=', Number(gone.id)).execute();
    await db
      .insertInto('blocklist')
      .values({
        movie_id: movieId,
        release_title: 'Old.Movie.2001.1080p-GRP',
        protocol: 'torrent',
        quality_name: 'Bluray-1080p',
        reason: 'bad',
        created_at: 1,
      })
      .execute();
    const { id: searchId } = await db
      .insertInto('searches')
      .values({
        movie_id: movieId,
        trigger: 'automatic',
        indexers: '{}',
        releases: 1,
        accepted: 1,
        created_at: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('release_decisions')
      .values({
        search_id: searchId,
        rank: 1,
        title: 'Old.Movie.2001.1080p-GRP',
        indexer: 'x',
        accepted: 1,
        quality_name: 'Bluray-1080p',
        custom_format_score: 0,
        rejections: '[]',
        release: '{}',
      })
      .execute();

    await migrateToLatest(database.handle);

    const download = await db.selectFrom('tracked_downloads').selectAll().executeTakeFirstOrThrow();
    const next = await db
      .insertInto('tracked_downloads')
      .values({ ...oldDownloadRow(movieId), guid: 'next' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Number(next.id)).toBeGreaterThan(Number(gone.id));
    await db.deleteFrom('tracked_downloads').where('id', '=', Number(next.id)).execute();
    expect(download).toMatchObject({
      movie_id: movieId,
      series_id: null,
      episode_ids: '[]',
      state: 'imported',
    });
    // The decisions survived the rebuild of their search (no cascade fired), and the cascade still works.
    expect(await db.selectFrom('release_decisions').selectAll().execute()).toHaveLength(1);
    const indexes = await indexNames(database);
    expect(indexes).toEqual(expect.arrayContaining(['tracked_downloads_state', 'tracked_downloads_movie']));
    await db.deleteFrom('movies').where('id', '=', movieId).execute();
    for (const table of ['tracked_downloads', 'blocklist', 'searches', 'release_decisions']) {
      expect(await db.selectFrom(table).selectAll().execute(), table).toEqual([]);
    }
  });
});

function oldMovieRow(): Record<string, unknown> {
  return {
    tmdb_id: 603,
    imdb_id: 'tt0133093',
    title: 'The Matrix',
    original_title: 'The Matrix',
    clean_title: 'matrix',
    sort_title: 'matrix',
    year: 1999,
    overview: '',
    production_status: 'Released',
    status: 'released',
    minimum_availability: 'released',
    genres: '[]',
    images: '[]',
    runtime: 136,
    monitored: 1,
    quality_profile_id: 1,
    root_folder_path: '/movies',
    path: '/movies/The Matrix (1999)',
    tags: '[]',
    added_at: 1,
  };
}

function oldDownloadRow(movieId: number): Record<string, unknown> {
  return {
    movie_id: movieId,
    protocol: 'torrent',
    indexer: 'x',
    release_title: 'Old.Movie.2001.1080p-GRP',
    guid: 'g',
    quality_name: 'Bluray-1080p',
    custom_format_score: 0,
    release: '{}',
    state: 'imported',
    progress: 1,
    can_move_files: 0,
    grabbed_at: 1,
    updated_at: 1,
  };
}

async function indexNames(database: TestDatabase): Promise<string[]> {
  const { rows } =
    database.handle.dialect === 'postgres'
      ? await sql<{ name: string }>`select indexname as name from pg_indexes`.execute(database.handle.db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(
          database.handle.db,
        );
  return rows.map((row) => row.name);
}
