// Which TV metadata source a series was added from ('tvmaze' or 'tmdb'), so a refresh asks that
// source by its own id. Series added before TMDB TV existed all came from TVmaze.
import type { Migration } from '../migration-helpers.js';

export const seriesMetadataSource: Migration = {
  async up(db) {
    await db.schema
      .alterTable('series')
      .addColumn('metadata_source', 'text', (col) => col.notNull().defaultTo('tvmaze'))
      .execute();
  },
};
