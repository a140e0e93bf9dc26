// Cardigann indexers stored like any other: which definition, and the user's answers to its settings
// (the secret ones, passwords, cookies, keys, kept apart so they are never shown again).
import type { Migration } from '../migration-helpers.js';

export const cardigann: Migration = {
  async up(db) {
    // One column per statement: SQLite adds columns one at a time.
    await db.schema.alterTable('indexers').addColumn('definition_id', 'text').execute();
    await db.schema.alterTable('indexers').addColumn('definition_settings', 'text').execute();
    await db.schema.alterTable('indexers').addColumn('definition_secrets', 'text').execute();
  },
};
