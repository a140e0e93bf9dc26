// Quality definitions, quality profiles, custom formats and each profile's custom-format scores.
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

export const profiles: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('quality_definitions'), dialect)
      .addColumn('quality', 'text', (col) => col.notNull().unique())
      .addColumn('title', 'text', notNull)
      // `double precision` is REAL on SQLite and float8 on PostgreSQL: sizes like 17.1 MB/min round-trip.
      .addColumn('min_size', 'double precision', notNull)
      .addColumn('preferred_size', 'double precision')
      .addColumn('max_size', 'double precision')
      .addColumn('updated_at', timestamp, notNull)
      .execute();

    await withId(db.schema.createTable('quality_profiles'), dialect)
      .addColumn('name', 'text', (col) => col.notNull().unique())
      .addColumn('upgrade_allowed', 'integer', notNull)
      .addColumn('items', 'text', notNull)
      .addColumn('cutoff', 'text', notNull)
      .addColumn('min_format_score', 'integer', notNull)
      .addColumn('cutoff_format_score', 'integer', notNull)
      .addColumn('min_upgrade_format_score', 'integer', notNull)
      .addColumn('created_at', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      .execute();

    await withId(db.schema.createTable('custom_formats'), dialect)
      .addColumn('name', 'text', (col) => col.notNull().unique())
      .addColumn('include_when_renaming', 'integer', notNull)
      .addColumn('conditions', 'text', notNull)
      .addColumn('created_at', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      .execute();

    await db.schema
      .createTable('quality_profile_format_scores')
      .addColumn('quality_profile_id', 'bigint', (col) =>
        col.notNull().references('quality_profiles.id').onDelete('cascade'),
      )
      .addColumn('custom_format_id', 'bigint', (col) =>
        col.notNull().references('custom_formats.id').onDelete('cascade'),
      )
      .addColumn('score', 'integer', notNull)
      .addPrimaryKeyConstraint('quality_profile_format_scores_pk', ['quality_profile_id', 'custom_format_id'])
      .execute();
    // Deleting a custom format looks its scores up by format.
    await db.schema
      .createIndex('quality_profile_format_scores_format')
      .on('quality_profile_format_scores')
      .column('custom_format_id')
      .execute();
  },
};
