// Owns the SQL of the settings table: a section's stored JSON text, read and replaced whole.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The section's stored JSON text; undefined when it was never saved. */
  async find(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  /** Stores the section, replacing what was there. */
  async put(key: string, value: string, now: number): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
}
