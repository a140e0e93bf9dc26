// Owns the database connection: SQLite (better-sqlite3, the embedded default) or PostgreSQL (pg),
// behind one Kysely instance, plus the rules for telling "database unreachable" from other errors.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { Database } from './schema.js';

export type DatabaseDialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  /** Where the data lives, without credentials (for logs and `doctor`). */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** SQLite only: a consistent online copy of the database into `file` (PostgreSQL has its own tools). */
  backup?(file: string): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl: string | undefined;
  /** Called for errors on idle PostgreSQL connections, which would otherwise crash the process. */
  onIdleError?: (error: Error) => void;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.onIdleError)
    : openSqlite(options.dataDir);
}

function openSqlite(dataDir: string): DatabaseHandle {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'omniarr.db');
  const connection = new SqliteDatabase(file, { timeout: 5000 });
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
    backup: async (file) => {
      await connection.backup(file);
    },
  };
}

// Loaded only when PostgreSQL is configured: SQLite installs (most of them, on small machines) save
// the memory.
const require = createRequire(import.meta.url);

function openPostgres(databaseUrl: string, onIdleError?: (error: Error) => void): DatabaseHandle {
  const { Pool, types } = require('pg') as typeof pg;
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    // Bound every statement so a stuck query cannot hold a request or a job forever.
    statement_timeout: 30_000,
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (value: string) => Number(value)
          : (types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(
              oid,
              format,
            ),
    },
  });
  pool.on('error', (error) => onIdleError?.(error));
  // A checked-out client whose server goes away emits 'error'; without a listener that would crash
  // the process. The query in flight fails on its own, so logging is all that is left to do.
  pool.on('connect', (client) => client.on('error', (error) => onIdleError?.(error)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: describePostgresUrl(databaseUrl),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

export function describePostgresUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `postgresql://${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'postgresql://(unparseable URL)';
  }
}

const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

/** True when an error means "the database cannot be reached right now", not "the query was wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (connectionErrorCodes.has(code) || code.startsWith('08'))) return true;
    if (
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
        current.message,
      )
    ) {
      return true;
    }
  }
  return false;
}
