// The media_servers table as Kysely sees it (created by migration 0005-connections).
import type { Generated } from 'kysely';

export type MediaServerImplementation = 'jellyfin';

export interface MediaServersTable {
  id: Generated<number>;
  name: string;
  implementation: MediaServerImplementation;
  /** The server's address including any base path. */
  url: string;
  /** Secret: sent to the server only; never in an API response or a log line. */
  api_key: string | null;
  /** JSON array of { local, remote } path mappings (Omniarr's path → the server's). */
  path_mappings: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface MediaServerTables {
  media_servers: MediaServersTable;
}
