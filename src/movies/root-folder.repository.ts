// Owns the SQL of root_folders: the library folders movies are placed under.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RootFolder } from './movie.js';

export class RootFolderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(folderPath: string, addedAt: number): Promise<RootFolder> {
    const row = await this.db
      .insertInto('root_folders')
      .values({ path: folderPath, added_at: addedAt })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { id: row.id, path: row.path, addedAt: row.added_at };
  }

  async list(): Promise<RootFolder[]> {
    const rows = await this.db.selectFrom('root_folders').selectAll().orderBy('path').execute();
    return rows.map((row) => ({ id: row.id, path: row.path, addedAt: row.added_at }));
  }

  async findById(id: number): Promise<RootFolder | undefined> {
    const row = await this.db.selectFrom('root_folders').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, path: row.path, addedAt: row.added_at } : undefined;
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('root_folders').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
