// Migrations run on SQLite and PostgreSQL, are idempotent, and leave the expected tables.
import { sql } from 'kysely';
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
