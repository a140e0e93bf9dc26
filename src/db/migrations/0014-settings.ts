// Settings a user changes through the API (naming templates, release rules): one JSON row per section.
// No rows are written here: a missing section reads as its defaults.
import { notNull, timestamp, type Migration } from '../migration-helpers.js';

export const settings: Migration = {
  async up(db) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', notNull)
      .addColumn('updated_at', timestamp, notNull)
      .execute();
  },
};
