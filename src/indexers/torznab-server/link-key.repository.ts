// Owns the SQL of the key that seals the Torznab server's download links: created once, on first
// use, and shared by every replica through the database.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

const LINK_KEY = 'torznab-link-key';

export class LinkKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The stored key, or `candidate` stored now; two replicas racing both end up with the winner's. */
  async getOrCreate(candidate: string, now: number): Promise<string> {
    await this.db
      .insertInto('indexer_secrets')
      .values({ name: LINK_KEY, value: candidate, created_at: now })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('indexer_secrets')
      .select('value')
      .where('name', '=', LINK_KEY)
      .executeTakeFirstOrThrow();
    return row.value;
  }
}
