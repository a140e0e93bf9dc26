// Delay profiles (how long a release of each protocol waits before it may be grabbed, by series tag)
// with the default one every series falls back to, the releases they hold back until then, and the
// series of each decision an RSS sync stores.
import { sql } from 'kysely';
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

/** The default profile sorts after every other; the API never lets it move. */
export const DEFAULT_DELAY_PROFILE_ORDER = 2_147_483_647;

export const delayProfiles: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('delay_profiles'), dialect)
      .addColumn('preferred_protocol', 'text', notNull)
      .addColumn('usenet_delay', 'integer', notNull)
      .addColumn('torrent_delay', 'integer', notNull)
      .addColumn('bypass_if_highest_quality', 'integer', notNull)
      .addColumn('tags', 'text', notNull)
      .addColumn('sort_order', 'integer', notNull)
      .addColumn('is_default', 'integer', notNull)
      .addColumn('created_at', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      .execute();
    // No delay by default: nothing waits until the user asks for it. Torrent is preferred because the
    // download clients Omniarr drives today are torrent clients.
    const now = Date.now();
    await sql`insert into delay_profiles (preferred_protocol, usenet_delay, torrent_delay,
      bypass_if_highest_quality, tags, sort_order, is_default, created_at, updated_at)
      values ('torrent', 0, 0, 1, '[]', ${DEFAULT_DELAY_PROFILE_ORDER}, 1, ${now}, ${now})`.execute(db);

    await withId(db.schema.createTable('pending_releases'), dialect)
      .addColumn('series_id', 'bigint', (col) => col.notNull().references('series.id').onDelete('cascade'))
      .addColumn('episode_ids', 'text', notNull)
      .addColumn('indexer', 'text', notNull)
      .addColumn('guid', 'text', notNull)
      .addColumn('title', 'text', notNull)
      .addColumn('protocol', 'text', notNull)
      .addColumn('quality_name', 'text', notNull)
      .addColumn('quality_rank', 'integer', notNull)
      .addColumn('custom_format_score', 'integer', notNull)
      .addColumn('release', 'text', notNull)
      .addColumn('reason', 'text', notNull)
      .addColumn('first_seen', timestamp, notNull)
      .addColumn('delayed_until', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      // Seen again by the next sync: the same row, its first sighting kept.
      .addUniqueConstraint('pending_releases_series_release', ['series_id', 'indexer', 'guid'])
      .execute();
    await db.schema
      .createIndex('pending_releases_delayed_until')
      .on('pending_releases')
      .column('delayed_until')
      .execute();

    // An RSS sync's record spans many series, so each of its decisions names its own.
    await db.schema
      .alterTable('release_decisions')
      .addColumn('series_id', 'bigint', (col) => col.references('series.id').onDelete('cascade'))
      .execute();
  },
};
