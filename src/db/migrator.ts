// Owns schema migrations: an ordered list run at start (and by `omniarr migrate`). Kysely's migrator
// takes a lock (an advisory lock on PostgreSQL), so replicas starting together migrate once.
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import type { DatabaseHandle } from './database.js';
import type { Migration } from './migration-helpers.js';
import { foundation } from './migrations/0001-foundation.js';
import { profiles } from './migrations/0002-profiles.js';
import { movies } from './migrations/0003-movies.js';
import { indexers } from './migrations/0004-indexers.js';
import { connections } from './migrations/0005-connections.js';
import { pipeline } from './migrations/0006-pipeline.js';
import { indexerStats } from './migrations/0007-indexer-stats.js';
import { cardigann } from './migrations/0008-cardigann.js';
import { series } from './migrations/0009-series.js';
import { episodePipeline } from './migrations/0010-episode-pipeline.js';
import { delayProfiles } from './migrations/0011-delay-profiles.js';
import { seriesMetadataSource } from './migrations/0012-series-metadata-source.js';
import { wantedIndexes } from './migrations/0013-wanted-indexes.js';
import { settings } from './migrations/0014-settings.js';

/** Append only: never edit or reorder a migration that has shipped. */
const migrations: ReadonlyArray<[name: string, migration: Migration]> = [
  ['0001-foundation', foundation],
  ['0002-profiles', profiles],
  ['0003-movies', movies],
  ['0004-indexers', indexers],
  ['0005-connections', connections],
  ['0006-pipeline', pipeline],
  ['0007-indexer-stats', indexerStats],
  ['0008-cardigann', cardigann],
  ['0009-series', series],
  ['0010-episode-pipeline', episodePipeline],
  ['0011-delay-profiles', delayProfiles],
  ['0012-series-metadata-source', seriesMetadataSource],
  ['0013-wanted-indexes', wantedIndexes],
  ['0014-settings', settings],
];

export const migrationNames: readonly string[] = migrations.map(([name]) => name);

export interface MigrationReport {
  applied: string[];
}

/** Migrates to the newest migration, or only up to `target` (tests of a migration over old data). */
export async function migrateToLatest(handle: DatabaseHandle, target?: string): Promise<MigrationReport> {
  const provider: MigrationProvider = {
    getMigrations: () =>
      Promise.resolve(
        Object.fromEntries(
          migrations.map(([name, migration]) => [
            name,
            { up: (db: Kysely<unknown>) => migration.up(db, handle.dialect) },
          ]),
        ),
      ),
  };
  const migrator = new Migrator({
    db: handle.db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await (target === undefined
    ? migrator.migrateToLatest()
    : migrator.migrateTo(target));
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const where = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(
      `database migration failed${where}: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      {
        cause: error,
      },
    );
  }
  return {
    applied: (results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}
