// Owns the TypeScript shape of every table, as Kysely sees it. Timestamps are epoch milliseconds
// (bigint in PostgreSQL, parsed back to numbers), flags are 0/1 integers, JSON is text: one
// representation that reads the same on SQLite and PostgreSQL.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DownloadClientTables } from '../downloads/download-client.tables.js';
import type { DownloadPipelineTables } from '../downloads/tracked-download.tables.js';
import type { HistoryTables } from '../history/history.tables.js';
import type { IndexerTables } from '../indexers/indexer.tables.js';
import type { MediaServerTables } from '../mediaservers/media-server.tables.js';
import type { MovieTables } from '../movies/movie.tables.js';
import type { DelayProfileTables } from '../profiles/delay-profile.tables.js';
import type { ProfileTables } from '../profiles/profile.tables.js';
import type { PendingReleaseTables } from '../search/pending-release.tables.js';
import type { SearchTables } from '../search/search.tables.js';
import type { SeriesTables } from '../series/series.tables.js';
import type { SettingsTables } from '../settings/settings.tables.js';

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: 'admin' | 'user';
  created_at: number;
}

export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: string;
  idempotency_key: string | null;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number;
  run_at: number;
  lease_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

// Each feature module declares its own tables beside its code; Database joins them.
export interface Database
  extends
    DelayProfileTables,
    DownloadClientTables,
    DownloadPipelineTables,
    HistoryTables,
    IndexerTables,
    MediaServerTables,
    MovieTables,
    PendingReleaseTables,
    ProfileTables,
    SearchTables,
    SeriesTables,
    SettingsTables {
  api_keys: ApiKeysTable;
  users: UsersTable;
  sessions: SessionsTable;
  jobs: JobsTable;
}

export type JobRow = Selectable<JobsTable>;
export type NewJobRow = Insertable<JobsTable>;
export type JobUpdate = Updateable<JobsTable>;
export type UserRow = Selectable<UsersTable>;
