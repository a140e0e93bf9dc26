// Owns the queries every library table (movies, series) answers the same way: the same columns in
// another table. The movie and series repositories extend it with what is their own.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type LibraryTable = 'movies' | 'series';

export class LibraryTableRepository {
  constructor(
    protected readonly db: Kysely<Database>,
    private readonly table: LibraryTable,
  ) {}

  /** The item whose folder this is, if any (two items never share a folder). */
  async findByPath(itemPath: string): Promise<{ id: number; title: string } | undefined> {
    return this.db
      .selectFrom(this.table)
      .select(['id', 'title'])
      .where('path', '=', itemPath)
      .executeTakeFirst();
  }

  /** Deletes the item and everything that hangs off it (cascade). */
  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom(this.table).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Ids to refresh: never refreshed, or last refreshed before `before`; oldest first. */
  async idsRefreshedBefore(before: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom(this.table)
      .select('id')
      .where((eb) => eb.or([eb('last_refreshed_at', 'is', null), eb('last_refreshed_at', '<', before)]))
      .orderBy('last_refreshed_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map((row) => row.id);
  }

  /** Whether any item uses the quality profile (profiles have no foreign key across modules). */
  async usesQualityProfile(profileId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom(this.table)
      .select('id')
      .where('quality_profile_id', '=', profileId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Items per root folder, so a root folder in use is not forgotten. */
  async countByRootFolder(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom(this.table)
      .select((eb) => ['root_folder_path', eb.fn.countAll<number | string>().as('count')])
      .groupBy('root_folder_path')
      .execute();
    return new Map(rows.map((row) => [row.root_folder_path, Number(row.count)]));
  }
}
