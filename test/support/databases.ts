// Opens a migrated database of each kind for repository tests: SQLite in a temp dir and a fresh
// database in the run's real PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseDialect, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';

export const dialects: DatabaseDialect[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  handle: DatabaseHandle;
  /** For tests that start the service or another process on the same data. */
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

let counter = 0;

export async function createPostgresDatabase(): Promise<string> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `t_${process.pid}_${Date.now()}_${counter++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

export async function openTestDatabase(
  dialect: DatabaseDialect,
  { migrate = true } = {},
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-db-'));
  const databaseUrl = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const handle = openDatabase({ dataDir, databaseUrl });
  if (migrate) await migrateToLatest(handle);
  return {
    handle,
    dataDir,
    databaseUrl,
    async cleanup() {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
