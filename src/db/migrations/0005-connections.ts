// Connections the user configured to the programs Omniarr drives: download clients (qBittorrent,
// Transmission) and media servers (Jellyfin). Their secrets are stored here and never shown back.
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

export const connections: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('download_clients'), dialect)
      .addColumn('name', 'text', (col) => col.notNull().unique())
      .addColumn('implementation', 'text', notNull)
      .addColumn('url', 'text', notNull)
      .addColumn('username', 'text')
      .addColumn('password', 'text')
      .addColumn('category', 'text', notNull)
      .addColumn('priority', 'integer', notNull)
      .addColumn('enabled', 'integer', notNull)
      .addColumn('remove_completed_downloads', 'integer', notNull)
      .addColumn('timeout_ms', 'integer', notNull)
      .addColumn('created_at', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      .execute();

    await withId(db.schema.createTable('media_servers'), dialect)
      .addColumn('name', 'text', (col) => col.notNull().unique())
      .addColumn('implementation', 'text', notNull)
      .addColumn('url', 'text', notNull)
      .addColumn('api_key', 'text')
      .addColumn('path_mappings', 'text', notNull)
      .addColumn('enabled', 'integer', notNull)
      .addColumn('created_at', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      .execute();
  },
};
