// Column helpers so one migration reads the same on SQLite and PostgreSQL.
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
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

/**
 * Lets a NOT NULL column hold NULL. PostgreSQL alters the column; SQLite cannot, so the table is
 * rebuilt the way SQLite documents (a copy with the new definition, the rows, the indexes, then the
 * swap), with foreign keys off for the swap so no ON DELETE CASCADE fires on dependent tables.
 */
export async function dropNotNull(
  db: Kysely<unknown>,
  dialect: DatabaseDialect,
  table: string,
  column: string,
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop not null`.execute(db);
    return;
  }
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where tbl_name = ${table}`.execute(db);
  const definition = rows.find((row) => row.type === 'table')?.sql;
  const constraint = new RegExp(`("${column}" [a-z]+) not null`);
  if (!definition || !constraint.test(definition)) {
    throw new Error(`cannot drop NOT NULL of ${table}.${column}: its definition is not the expected one`);
  }
  const rebuilt = `${table}__rebuilt`;
  const create = definition
    .replace(constraint, '$1')
    .replace(new RegExp(`^create table "${table}"`, 'i'), `create table "${rebuilt}"`);
  const indexes = rows.filter((row) => row.type === 'index' && row.sql !== null).map((row) => row.sql!);
  // Foreign keys can only be switched off outside a transaction; the swap itself is one transaction,
  // so a failure leaves the old table as it was.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      // AUTOINCREMENT's high-water mark: ids of deleted rows must not be handed out again (jobs and
      // history refer to them).
      const { rows: sequence } = await sql<{ seq: number }>`
        select seq from sqlite_sequence where name = ${table}`.execute(db);
      await sql.raw(create).execute(db);
      await sql.raw(`insert into "${rebuilt}" select * from "${table}"`).execute(db);
      await sql.raw(`drop table "${table}"`).execute(db);
      await sql.raw(`alter table "${rebuilt}" rename to "${table}"`).execute(db);
      for (const index of indexes) await sql.raw(index).execute(db);
      const highest = sequence[0]?.seq;
      if (highest !== undefined) {
        await sql`delete from sqlite_sequence where name = ${table}`.execute(db);
        await sql`insert into sqlite_sequence (name, seq)
          select ${table}, max(${highest}, coalesce((select max(id) from ${sql.table(table)}), 0))`.execute(
          db,
        );
      }
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`rebuilding ${table} broke foreign keys`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
