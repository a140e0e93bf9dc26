// The series catalog: series, their alternative titles and user aliases, seasons, episodes and the
// episode files the importer records (a multi-episode file is one row several episodes point at).
import { sql } from 'kysely';
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

export const series: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('series'), dialect)
      .addColumn('tvdb_id', 'integer')
      .addColumn('tvmaze_id', 'integer')
      .addColumn('tmdb_id', 'integer')
      .addColumn('imdb_id', 'text')
      .addColumn('title', 'text', notNull)
      .addColumn('clean_title', 'text', notNull)
      // Byte order on PostgreSQL too, so a page of the list is the same on both databases.
      .addColumn('sort_title', dialect === 'postgres' ? sql`text collate "C"` : 'text', notNull)
      .addColumn('year', 'integer')
      .addColumn('overview', 'text', notNull)
      .addColumn('status', 'text', notNull)
      .addColumn('network', 'text')
      .addColumn('runtime', 'integer')
      .addColumn('series_type', 'text', notNull)
      .addColumn('season_folders', 'integer', notNull)
      .addColumn('monitored', 'integer', notNull)
      .addColumn('monitor_new_seasons', 'integer', notNull)
      // Profiles live in another module's table; the service checks the id, no FK between modules.
      .addColumn('quality_profile_id', 'integer', notNull)
      .addColumn('root_folder_path', 'text', notNull)
      .addColumn('path', 'text', (col) => col.notNull().unique())
      .addColumn('tags', 'text', notNull)
      .addColumn('added_at', timestamp, notNull)
      .addColumn('last_refreshed_at', timestamp)
      .execute();
    // Several sources may lack an id, so these are plain (not unique) indexes; the service refuses duplicates.
    for (const column of ['tvdb_id', 'tvmaze_id', 'tmdb_id', 'imdb_id', 'clean_title']) {
      await db.schema.createIndex(`series_${column}`).on('series').column(column).execute();
    }
    await db.schema.createIndex('series_sort_title').on('series').columns(['sort_title', 'id']).execute();
    await db.schema
      .createIndex('series_monitored_sort_title')
      .on('series')
      .columns(['monitored', 'sort_title', 'id'])
      .execute();

    await withId(db.schema.createTable('series_alternative_titles'), dialect)
      .addColumn('series_id', 'bigint', (col) => col.notNull().references('series.id').onDelete('cascade'))
      .addColumn('title', 'text', notNull)
      .addColumn('clean_title', 'text', notNull)
      .addColumn('source', 'text', notNull)
      .addUniqueConstraint('series_alternative_titles_series_clean', ['series_id', 'clean_title'])
      .execute();
    await db.schema
      .createIndex('series_alternative_titles_clean_title')
      .on('series_alternative_titles')
      .column('clean_title')
      .execute();

    await withId(db.schema.createTable('seasons'), dialect)
      .addColumn('series_id', 'bigint', (col) => col.notNull().references('series.id').onDelete('cascade'))
      .addColumn('season_number', 'integer', notNull)
      .addColumn('monitored', 'integer', notNull)
      .addUniqueConstraint('seasons_series_number', ['series_id', 'season_number'])
      .execute();

    await withId(db.schema.createTable('episode_files'), dialect)
      .addColumn('series_id', 'bigint', (col) => col.notNull().references('series.id').onDelete('cascade'))
      .addColumn('season_number', 'integer', notNull)
      .addColumn('relative_path', 'text', notNull)
      .addColumn('size', 'bigint', notNull)
      .addColumn('quality_name', 'text', notNull)
      .addColumn('revision', 'text', notNull)
      .addColumn('media_info', 'text')
      .addColumn('release_group', 'text')
      .addColumn('scene_name', 'text')
      .addColumn('languages', 'text', notNull)
      .addColumn('date_added', timestamp, notNull)
      // An import rerun after a crash must not record the same file twice.
      .addUniqueConstraint('episode_files_series_path', ['series_id', 'relative_path'])
      .execute();

    await withId(db.schema.createTable('episodes'), dialect)
      .addColumn('series_id', 'bigint', (col) => col.notNull().references('series.id').onDelete('cascade'))
      .addColumn('season_number', 'integer', notNull)
      .addColumn('episode_number', 'integer', notNull)
      .addColumn('absolute_number', 'integer')
      .addColumn('air_date', 'text')
      .addColumn('air_date_utc', timestamp)
      .addColumn('title', 'text', notNull)
      .addColumn('overview', 'text', notNull)
      .addColumn('runtime', 'integer')
      .addColumn('monitored', 'integer', notNull)
      // Deleting a file record leaves the episode wanted again, never deletes the episode.
      .addColumn('episode_file_id', 'bigint', (col) =>
        col.references('episode_files.id').onDelete('set null'),
      )
      .addColumn('removed_upstream', 'integer', notNull)
      .addUniqueConstraint('episodes_series_season_episode', ['series_id', 'season_number', 'episode_number'])
      .execute();
    await db.schema
      .createIndex('episodes_episode_file_id')
      .on('episodes')
      .column('episode_file_id')
      .execute();
    // Wanted/missing pages: monitored episodes without a file, in air order.
    await db.schema
      .createIndex('episodes_wanted')
      .on('episodes')
      .columns(['monitored', 'episode_file_id', 'air_date_utc', 'id'])
      .execute();
    await db.schema
      .createIndex('episodes_air_date_utc')
      .on('episodes')
      .columns(['air_date_utc', 'id'])
      .execute();
  },
};
