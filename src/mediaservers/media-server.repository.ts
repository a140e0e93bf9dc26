// Owns the SQL of configured media servers (Jellyfin) and their path mappings.
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { PathMapping } from './path-mapping.js';
import type { MediaServerImplementation, MediaServersTable } from './media-server.tables.js';

export interface MediaServerSettings {
  id: number;
  name: string;
  implementation: MediaServerImplementation;
  url: string;
  apiKey: string | null;
  pathMappings: PathMapping[];
  enabled: boolean;
  updatedAt: number;
}

export type MediaServerInput = Omit<MediaServerSettings, 'id' | 'updatedAt'>;

const storedPathMappings = z.array(z.object({ local: z.string(), remote: z.string() }));

function toSettings(row: Selectable<MediaServersTable>): MediaServerSettings {
  return {
    id: row.id,
    name: row.name,
    implementation: row.implementation,
    url: row.url,
    apiKey: row.api_key,
    // Parsed, not cast: a hand-edited row should fail loudly here rather than deep in a notify job.
    pathMappings: storedPathMappings.parse(JSON.parse(row.path_mappings)),
    enabled: row.enabled === 1,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: MediaServerInput) {
  return {
    name: input.name,
    implementation: input.implementation,
    url: input.url,
    api_key: input.apiKey,
    path_mappings: JSON.stringify(input.pathMappings.map(({ local, remote }) => ({ local, remote }))),
    enabled: input.enabled ? 1 : 0,
  };
}

export class MediaServerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<MediaServerSettings[]> {
    const rows = await this.db.selectFrom('media_servers').selectAll().orderBy('id').execute();
    return rows.map(toSettings);
  }

  async get(id: number): Promise<MediaServerSettings | undefined> {
    const row = await this.db.selectFrom('media_servers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSettings(row);
  }

  async findByName(name: string): Promise<MediaServerSettings | undefined> {
    const row = await this.db
      .selectFrom('media_servers')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toSettings(row);
  }

  async insert(input: MediaServerInput, now: number): Promise<MediaServerSettings> {
    const row = await this.db
      .insertInto('media_servers')
      .values({ ...toColumns(input), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSettings(row);
  }

  async update(id: number, input: MediaServerInput, now: number): Promise<MediaServerSettings | undefined> {
    const row = await this.db
      .updateTable('media_servers')
      .set({ ...toColumns(input), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toSettings(row);
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('media_servers').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
