// The movie catalog: movies, their alternative titles (for matching releases), the library's root
// folders and the movie files the importer records.
import { sql } from 'kysely';
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

export const movies: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('root_folders'), dialect)
      .addColumn('path', 'text', (col) => col.notNull().unique())
      .addColumn('added_at', timestamp, notNull)
      .execute();

    await withId(db.schema.createTable('movies'), dialect)
      .addColumn('tmdb_id', 'integer', (col) => col.notNull().unique())
      .addColumn('imdb_id', 'text')
      .addColumn('title', 'text', notNull)
      .addColumn('original_title', 'text', notNull)
      .addColumn('original_language', 'text')
      .addColumn('clean_title', 'text', notNull)
      // Byte order on PostgreSQL too, so a page of the list is the same on both databases.
      .addColumn('sort_title', dialect === 'postgres' ? sql`text collate "C"` : 'text', notNull)
      .addColumn('year', 'integer')
      .addColumn('overview', 'text', notNull)
      .addColumn('runtime', 'integer')
      .addColumn('production_status', 'text', notNull)
      .addColumn('status', 'text', notNull)
      // Calendar dates as `YYYY-MM-DD` text: they have no time zone, and text compares the same on both databases.
      .addColumn('in_cinemas', 'text')
      .addColumn('digital_release', 'text')
      .addColumn('physical_release', 'text')
      .addColumn('genres', 'text', notNull)
      .addColumn('images', 'text', notNull)
      .addColumn('monitored', 'integer', notNull)
      .addColumn('minimum_availability', 'text', notNull)
      // Profiles live in another module's table; the service checks the id, no FK between modules.
      .addColumn('quality_profile_id', 'integer', notNull)
      .addColumn('root_folder_path', 'text', notNull)
      .addColumn('path', 'text', (col) => col.notNull().unique())
      .addColumn('tags', 'text', notNull)
      .addColumn('added_at', timestamp, notNull)
      .addColumn('last_refreshed_at', timestamp)
      .execute();
    await db.schema.createIndex('movies_clean_title').on('movies').column('clean_title').execute();
    await db.schema.createIndex('movies_imdb_id').on('movies').column('imdb_id').execute();
    await db.schema.createIndex('movies_sort_title').on('movies').columns(['sort_title', 'id']).execute();
    await db.schema.createIndex('movies_root_folder_path').on('movies').column('root_folder_path').execute();
    await db.schema
      .createIndex('movies_monitored_sort_title')
      .on('movies')
      .columns(['monitored', 'sort_title', 'id'])
      .execute();

    await withId(db.schema.createTable('movie_alternative_titles'), dialect)
      .addColumn('movie_id', 'bigint', (col) => col.notNull().references('movies.id').onDelete('cascade'))
      .addColumn('title', 'text', notNull)
      .addColumn('clean_title', 'text', notNull)
      .addColumn('country', 'text')
      .execute();
    await db.schema
      .createIndex('movie_alternative_titles_movie_id')
      .on('movie_alternative_titles')
      .column('movie_id')
      .execute();
    await db.schema
      .createIndex('movie_alternative_titles_clean_title')
      .on('movie_alternative_titles')
      .column('clean_title')
      .execute();

    await withId(db.schema.createTable('movie_files'), dialect)
      .addColumn('movie_id', 'bigint', (col) => col.notNull().references('movies.id').onDelete('cascade'))
      .addColumn('relative_path', 'text', notNull)
      .addColumn('size', 'bigint', notNull)
      .addColumn('quality_name', 'text', notNull)
      .addColumn('revision', 'text', notNull)
      .addColumn('media_info', 'text')
      .addColumn('release_group', 'text')
      .addColumn('original_file_name', 'text')
      .addColumn('scene_name', 'text')
      .addColumn('edition', 'text')
      .addColumn('languages', 'text', notNull)
      .addColumn('date_added', timestamp, notNull)
      // One record per file: an import rerun after a crash must not record the same file twice.
      .addUniqueConstraint('movie_files_movie_path', ['movie_id', 'relative_path'])
      .execute();
    await db.schema.createIndex('movie_files_movie_id').on('movie_files').column('movie_id').execute();
  },
};
