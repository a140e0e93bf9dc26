// Owns the SQL of indexer statistics and usage: one upsert per finished query or grab adds to the
// lifetime counters, and a limited indexer's queries and grabs are reserved one row at a time in a
// single conditional INSERT, so concurrent searches cannot both take the last slot in SQLite.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  averageResponseMs,
  countersOf,
  LIMIT_PERIOD_MS,
  type IndexerCall,
  type IndexerStats,
  type UsageKind,
  type UsageLimit,
} from './indexer-stats.js';
import type { IndexerStatsTable } from './indexer.tables.js';

export type Reservation = { granted: true } | { granted: false; used: number; until: number };

function toStats(row: Selectable<IndexerStatsTable>): IndexerStats {
  return {
    indexerId: Number(row.indexer_id),
    queries: Number(row.queries),
    rssQueries: Number(row.rss_queries),
    failedQueries: Number(row.failed_queries),
    grabs: Number(row.grabs),
    failedGrabs: Number(row.failed_grabs),
    authFailures: Number(row.auth_failures),
    averageResponseMs: averageResponseMs(Number(row.response_ms_total), Number(row.responses)),
    lastQueryAt: row.last_query_at === null ? null : Number(row.last_query_at),
    lastGrabAt: row.last_grab_at === null ? null : Number(row.last_grab_at),
  };
}

export class IndexerStatsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<IndexerStats[]> {
    const rows = await this.db.selectFrom('indexer_stats').selectAll().orderBy('indexer_id').execute();
    return rows.map(toStats);
  }

  async get(indexerId: number): Promise<IndexerStats | undefined> {
    const row = await this.db
      .selectFrom('indexer_stats')
      .selectAll()
      .where('indexer_id', '=', indexerId)
      .executeTakeFirst();
    return row && toStats(row);
  }

  /** Adds one finished call to the indexer's counters: a single statement, whatever the call. */
  async record(indexerId: number, call: IndexerCall): Promise<void> {
    const add = countersOf(call);
    const lastQueryAt = call.kind === 'query' ? call.at : null;
    const lastGrabAt = call.kind === 'grab' && call.outcome === 'succeeded' ? call.at : null;
    await this.db
      .insertInto('indexer_stats')
      .values({
        indexer_id: indexerId,
        queries: add.queries,
        rss_queries: add.rssQueries,
        failed_queries: add.failedQueries,
        grabs: add.grabs,
        failed_grabs: add.failedGrabs,
        auth_failures: add.authFailures,
        response_ms_total: add.responseMs,
        responses: add.responses,
        last_query_at: lastQueryAt,
        last_grab_at: lastGrabAt,
      })
      .onConflict((conflict) =>
        conflict.column('indexer_id').doUpdateSet((eb) => ({
          queries: eb('indexer_stats.queries', '+', eb.ref('excluded.queries')),
          rss_queries: eb('indexer_stats.rss_queries', '+', eb.ref('excluded.rss_queries')),
          failed_queries: eb('indexer_stats.failed_queries', '+', eb.ref('excluded.failed_queries')),
          grabs: eb('indexer_stats.grabs', '+', eb.ref('excluded.grabs')),
          failed_grabs: eb('indexer_stats.failed_grabs', '+', eb.ref('excluded.failed_grabs')),
          auth_failures: eb('indexer_stats.auth_failures', '+', eb.ref('excluded.auth_failures')),
          response_ms_total: eb('indexer_stats.response_ms_total', '+', eb.ref('excluded.response_ms_total')),
          responses: eb('indexer_stats.responses', '+', eb.ref('excluded.responses')),
          last_query_at: eb.fn.coalesce('excluded.last_query_at', 'indexer_stats.last_query_at'),
          last_grab_at: eb.fn.coalesce('excluded.last_grab_at', 'indexer_stats.last_grab_at'),
        })),
      )
      .execute();
  }

  /**
   * Takes one of the indexer's `limit.max` slots in the rolling window ending `now`, or says how
   * many are used and when the next one frees up. Attempts count, like the tracker counts them.
   */
  async reserve(indexerId: number, kind: UsageKind, limit: UsageLimit, now: number): Promise<Reservation> {
    const since = now - LIMIT_PERIOD_MS[limit.per];
    // The casts give PostgreSQL the parameter types an INSERT … SELECT cannot infer.
    const inserted = await sql`
      insert into indexer_usage (indexer_id, kind, at)
      select cast(${indexerId} as bigint), cast(${kind} as text), cast(${now} as bigint)
      where (
        select count(*) from indexer_usage
        where indexer_id = ${indexerId} and kind = ${kind} and at > ${since}
      ) < ${limit.max}`.execute(this.db);
    if (Number(inserted.numAffectedRows ?? 0n) > 0) return { granted: true };

    const window = await this.db
      .selectFrom('indexer_usage')
      .select('at')
      .where('indexer_id', '=', indexerId)
      .where('kind', '=', kind)
      .where('at', '>', since)
      .orderBy('at')
      .execute();
    // With the limit lowered below the usage, several must expire before one slot frees.
    const freeing = window[Math.max(window.length - limit.max, 0)];
    return {
      granted: false,
      used: window.length,
      until: (freeing === undefined ? now : Number(freeing.at)) + LIMIT_PERIOD_MS[limit.per],
    };
  }

  /** Queries or grabs of the indexer in the rolling window ending `now`. */
  async used(indexerId: number, kind: UsageKind, limit: UsageLimit, now: number): Promise<number> {
    const row = await this.db
      .selectFrom('indexer_usage')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .where('indexer_id', '=', indexerId)
      .where('kind', '=', kind)
      .where('at', '>', now - LIMIT_PERIOD_MS[limit.per])
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Forgets usage no limit looks at any more. */
  async prune(before: number): Promise<void> {
    await this.db.deleteFrom('indexer_usage').where('at', '<=', before).execute();
  }
}
