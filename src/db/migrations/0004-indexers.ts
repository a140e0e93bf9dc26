// Indexers the user configured (Torznab/Newznab today, Cardigann later), with their health.
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

export const indexers: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('indexers'), dialect)
      .addColumn('name', 'text', (col) => col.notNull().unique())
      .addColumn('implementation', 'text', notNull)
      .addColumn('url', 'text', notNull)
      .addColumn('api_path', 'text', notNull)
      .addColumn('api_key', 'text')
      .addColumn('categories', 'text', notNull)
      .addColumn('priority', 'integer', notNull)
      .addColumn('enabled', 'integer', notNull)
      .addColumn('rss_enabled', 'integer', notNull)
      .addColumn('search_enabled', 'integer', notNull)
      .addColumn('timeout_ms', 'integer', notNull)
      .addColumn('min_interval_ms', 'integer', notNull)
      .addColumn('health', 'text', notNull)
      .addColumn('created_at', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      .execute();
  },
};
