// Owns the SQL of configured download clients (qBittorrent, Transmission) and their settings.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DownloadClientImplementation, DownloadClientsTable } from './download-client.tables.js';

export interface DownloadClientSettings {
  id: number;
  name: string;
  implementation: DownloadClientImplementation;
  url: string;
  username: string | null;
  password: string | null;
  category: string;
  priority: number;
  enabled: boolean;
  removeCompletedDownloads: boolean;
  timeoutMs: number;
  updatedAt: number;
}

export type DownloadClientInput = Omit<DownloadClientSettings, 'id' | 'updatedAt'>;

function toSettings(row: Selectable<DownloadClientsTable>): DownloadClientSettings {
  return {
    id: row.id,
    name: row.name,
    implementation: row.implementation,
    url: row.url,
    username: row.username,
    password: row.password,
    category: row.category,
    priority: row.priority,
    enabled: row.enabled === 1,
    removeCompletedDownloads: row.remove_completed_downloads === 1,
    timeoutMs: row.timeout_ms,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: DownloadClientInput) {
  return {
    name: input.name,
    implementation: input.implementation,
    url: input.url,
    username: input.username,
    password: input.password,
    category: input.category,
    priority: input.priority,
    enabled: input.enabled ? 1 : 0,
    remove_completed_downloads: input.removeCompletedDownloads ? 1 : 0,
    timeout_ms: input.timeoutMs,
  };
}

export class DownloadClientRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<DownloadClientSettings[]> {
    const rows = await this.db
      .selectFrom('download_clients')
      .selectAll()
      .orderBy('priority')
      .orderBy('id')
      .execute();
    return rows.map(toSettings);
  }

  async get(id: number): Promise<DownloadClientSettings | undefined> {
    const row = await this.db
      .selectFrom('download_clients')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toSettings(row);
  }

  async findByName(name: string): Promise<DownloadClientSettings | undefined> {
    const row = await this.db
      .selectFrom('download_clients')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toSettings(row);
  }

  async insert(input: DownloadClientInput, now: number): Promise<DownloadClientSettings> {
    const row = await this.db
      .insertInto('download_clients')
      .values({ ...toColumns(input), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSettings(row);
  }

  async update(
    id: number,
    input: DownloadClientInput,
    now: number,
  ): Promise<DownloadClientSettings | undefined> {
    const row = await this.db
      .updateTable('download_clients')
      .set({ ...toColumns(input), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toSettings(row);
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('download_clients').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
