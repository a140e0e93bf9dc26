// API keys, users and sessions (auth), and the durable job queue.
import { notNull, timestamp, withId, type Migration } from '../migration-helpers.js';

export const foundation: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('api_keys'), dialect)
      .addColumn('name', 'text', notNull)
      .addColumn('key_hash', 'text', (col) => col.notNull().unique())
      .addColumn('created_at', timestamp, notNull)
      .addColumn('last_used_at', timestamp)
      .execute();

    await withId(db.schema.createTable('users'), dialect)
      .addColumn('username', 'text', (col) => col.notNull().unique())
      .addColumn('password_hash', 'text', notNull)
      .addColumn('role', 'text', notNull)
      .addColumn('created_at', timestamp, notNull)
      .execute();

    await withId(db.schema.createTable('sessions'), dialect)
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', timestamp, notNull)
      .addColumn('expires_at', timestamp, notNull)
      .execute();
    await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

    await withId(db.schema.createTable('jobs'), dialect)
      .addColumn('name', 'text', notNull)
      .addColumn('payload', 'text', notNull)
      .addColumn('idempotency_key', 'text', (col) => col.unique())
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('queued'))
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', notNull)
      .addColumn('run_at', timestamp, notNull)
      .addColumn('lease_until', timestamp)
      .addColumn('locked_by', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', timestamp, notNull)
      .addColumn('updated_at', timestamp, notNull)
      .addColumn('finished_at', timestamp)
      .execute();
    // The claim query scans runnable jobs in run_at order.
    await db.schema.createIndex('jobs_status_run_at').on('jobs').columns(['status', 'run_at']).execute();
    await db.schema.createIndex('jobs_finished_at').on('jobs').column('finished_at').execute();
  },
};
