// The grab-to-import pipeline serves episodes too: a tracked download, a blocklist entry, a history
// event or a stored search belongs to a movie OR to a series (with the episodes it concerns).
import { sql, type Kysely } from 'kysely';
import { dropNotNull, type Migration } from '../migration-helpers.js';

const tables = ['tracked_downloads', 'blocklist', 'history', 'searches'] as const;

async function addSeriesId(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema
    .alterTable(table)
    .addColumn('series_id', 'bigint', (col) => col.references('series.id').onDelete('cascade'))
    .execute();
}

/** JSON number[]: the episodes of the series it concerns. */
async function addEpisodeIds(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema
    .alterTable(table)
    .addColumn('episode_ids', 'text', (col) => col.notNull().defaultTo(sql`'[]'`))
    .execute();
}

export const episodePipeline: Migration = {
  async up(db, dialect) {
    for (const table of tables) {
      await dropNotNull(db, dialect, table, 'movie_id');
      await addSeriesId(db, table);
    }
    await addEpisodeIds(db, 'tracked_downloads');
    await addEpisodeIds(db, 'history');
    await addEpisodeIds(db, 'searches');
    await addEpisodeIds(db, 'release_decisions');
    await db.schema.alterTable('searches').addColumn('season_number', 'integer').execute();

    await db.schema
      .createIndex('tracked_downloads_series')
      .on('tracked_downloads')
      .column('series_id')
      .execute();
    await db.schema.createIndex('blocklist_series').on('blocklist').column('series_id').execute();
    await db.schema
      .createIndex('history_series_created')
      .on('history')
      .columns(['series_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('searches_series')
      .on('searches')
      .columns(['series_id', 'created_at'])
      .execute();
  },
};
