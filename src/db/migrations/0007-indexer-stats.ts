// Operating many indexers: query and grab limits on each indexer, its lifetime statistics (one row,
// updated once per query or grab), the recent queries and grabs its limits are counted against, and
// the key that seals the download links the Torznab server hands out.
import type { ColumnDefinitionBuilder } from 'kysely';
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

const zero = (col: ColumnDefinitionBuilder) => col.notNull().defaultTo(0);

export const indexerStats: Migration = {
  async up(db, dialect) {
    // SQLite adds one column per ALTER TABLE.
    for (const column of ['query_limit', 'grab_limit'])
      await db.schema.alterTable('indexers').addColumn(column, 'integer').execute();
    for (const column of ['query_limit_period', 'grab_limit_period'])
      await db.schema.alterTable('indexers').addColumn(column, 'text').execute();

    await db.schema
      .createTable('indexer_stats')
      .addColumn('indexer_id', 'bigint', (col) =>
        col.primaryKey().references('indexers.id').onDelete('cascade'),
      )
      .addColumn('queries', 'bigint', zero)
      .addColumn('rss_queries', 'bigint', zero)
      .addColumn('failed_queries', 'bigint', zero)
      .addColumn('grabs', 'bigint', zero)
      .addColumn('failed_grabs', 'bigint', zero)
      .addColumn('auth_failures', 'bigint', zero)
      .addColumn('response_ms_total', 'bigint', zero)
      .addColumn('responses', 'bigint', zero)
      .addColumn('last_query_at', timestamp)
      .addColumn('last_grab_at', timestamp)
      .execute();

    await withId(db.schema.createTable('indexer_usage'), dialect)
      .addColumn('indexer_id', 'bigint', (col) => col.notNull().references('indexers.id').onDelete('cascade'))
      .addColumn('kind', 'text', notNull)
      .addColumn('at', timestamp, notNull)
      .execute();
    await db.schema
      .createIndex('indexer_usage_window')
      .on('indexer_usage')
      .columns(['indexer_id', 'kind', 'at'])
      .execute();

    await db.schema
      .createTable('indexer_secrets')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', notNull)
      .addColumn('created_at', timestamp, notNull)
      .execute();
  },
};
