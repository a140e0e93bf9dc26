// The grab-to-import pipeline: tracked downloads, blocklist, history, stored searches and decisions.
import type { ColumnDefinitionBuilder } from 'kysely';
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

const movieId = (col: ColumnDefinitionBuilder) => col.notNull().references('movies.id').onDelete('cascade');

export const pipeline: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('tracked_downloads'), dialect)
      .addColumn('movie_id', 'bigint', movieId)
      .addColumn('download_client_id', 'bigint')
      .addColumn('client_item_id', 'text')
      .addColumn('protocol', 'text', notNull)
      .addColumn('indexer', 'text', notNull)
      .addColumn('release_title', 'text', notNull)
      .addColumn('info_hash', 'text')
      .addColumn('guid', 'text', notNull)
      .addColumn('size', 'bigint')
      .addColumn('quality_name', 'text', notNull)
      .addColumn('custom_format_score', 'integer', notNull)
      .addColumn('release', 'text', notNull)
      .addColumn('state', 'text', notNull)
      .addColumn('status_message', 'text')
      .addColumn('progress', 'real', notNull)
      .addColumn('size_left', 'bigint')
      .addColumn('eta_seconds', 'integer')
      .addColumn('content_path', 'text')
      .addColumn('can_move_files', 'integer', notNull)
      .addColumn('grabbed_at', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      .addColumn('finished_at', timestamp)
      .execute();
    await db.schema.createIndex('tracked_downloads_state').on('tracked_downloads').column('state').execute();
    await db.schema
      .createIndex('tracked_downloads_movie')
      .on('tracked_downloads')
      .column('movie_id')
      .execute();

    await withId(db.schema.createTable('blocklist'), dialect)
      .addColumn('movie_id', 'bigint', movieId)
      .addColumn('release_title', 'text', notNull)
      .addColumn('info_hash', 'text')
      .addColumn('guid', 'text')
      .addColumn('indexer', 'text')
      .addColumn('protocol', 'text', notNull)
      .addColumn('quality_name', 'text', notNull)
      .addColumn('reason', 'text', notNull)
      .addColumn('created_at', timestamp, notNull)
      .execute();
    await db.schema.createIndex('blocklist_movie').on('blocklist').column('movie_id').execute();

    await withId(db.schema.createTable('history'), dialect)
      .addColumn('movie_id', 'bigint', movieId)
      .addColumn('event', 'text', notNull)
      .addColumn('source_title', 'text', notNull)
      .addColumn('quality_name', 'text')
      .addColumn('tracked_download_id', 'bigint')
      .addColumn('data', 'text', notNull)
      .addColumn('created_at', timestamp, notNull)
      .execute();
    await db.schema
      .createIndex('history_movie_created')
      .on('history')
      .columns(['movie_id', 'created_at'])
      .execute();
    await db.schema.createIndex('history_created').on('history').column('created_at').execute();

    await withId(db.schema.createTable('searches'), dialect)
      .addColumn('movie_id', 'bigint', movieId)
      .addColumn('trigger', 'text', notNull)
      .addColumn('indexers', 'text', notNull)
      .addColumn('releases', 'integer', notNull)
      .addColumn('accepted', 'integer', notNull)
      .addColumn('grabbed_title', 'text')
      .addColumn('created_at', timestamp, notNull)
      .execute();
    await db.schema
      .createIndex('searches_movie')
      .on('searches')
      .columns(['movie_id', 'created_at'])
      .execute();

    await withId(db.schema.createTable('release_decisions'), dialect)
      .addColumn('search_id', 'bigint', (col) => col.notNull().references('searches.id').onDelete('cascade'))
      .addColumn('rank', 'integer', notNull)
      .addColumn('title', 'text', notNull)
      .addColumn('indexer', 'text', notNull)
      .addColumn('accepted', 'integer', notNull)
      .addColumn('quality_name', 'text', notNull)
      .addColumn('custom_format_score', 'integer', notNull)
      .addColumn('rejections', 'text', notNull)
      .addColumn('release', 'text', notNull)
      .execute();
    await db.schema
      .createIndex('release_decisions_search')
      .on('release_decisions')
      .column('search_id')
      .execute();
  },
};
