// Column helpers so one migration reads the same on SQLite and PostgreSQL.
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { DatabaseDialect } from './database.js';

export interface Migration {
  up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void>;
}

/** An auto-incrementing integer primary key named `id`. */
export function withId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: DatabaseDialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigserial', (col) => col.primaryKey())
    : table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
}

/** Epoch milliseconds. */
export const timestamp = 'bigint';

export const notNull = (col: ColumnDefinitionBuilder) => col.notNull();
