// Indexes for the wanted pages on a large library. Each page reads episode ids along an index that
// holds every column its filter and order need (the series id too, which the old missing index
// lacked, so each row cost a table read), stops at the page, then reads only that page's rows.
// Cutoff unmet lists the quality profiles in use and the qualities on file, one seek per value.
import type { Migration } from '../migration-helpers.js';

export const wantedIndexes: Migration = {
  async up(db) {
    // Missing: monitored episodes without a file, in air order. Replaces episodes_wanted (the same
    // columns and order, plus series_id).
    await db.schema.dropIndex('episodes_wanted').execute();
    await db.schema
      .createIndex('episodes_wanted_missing')
      .on('episodes')
      .columns(['monitored', 'episode_file_id', 'air_date_utc', 'id', 'series_id'])
      .execute();
    // Cutoff unmet: monitored episodes in air order, with their file and series to look the quality
    // and profile up.
    await db.schema
      .createIndex('episodes_wanted_cutoff')
      .on('episodes')
      .columns(['monitored', 'air_date_utc', 'id', 'episode_file_id', 'series_id'])
      .execute();
    await db.schema
      .createIndex('episode_files_quality_name')
      .on('episode_files')
      .column('quality_name')
      .execute();
    await db.schema
      .createIndex('series_quality_profile_id')
      .on('series')
      .column('quality_profile_id')
      .execute();
  },
};
