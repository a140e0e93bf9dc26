// The download_clients table as Kysely sees it (created by migration 0005-connections).
import type { Generated } from 'kysely';

export type DownloadClientImplementation = 'qbittorrent' | 'transmission';

export interface DownloadClientsTable {
  id: Generated<number>;
  name: string;
  implementation: DownloadClientImplementation;
  /** The WebUI/RPC address including any reverse-proxy base path. */
  url: string;
  username: string | null;
  /** Secret: sent to the client only; never in an API response or a log line. */
  password: string | null;
  /** qBittorrent category / Transmission label Omniarr files its downloads under. */
  category: string;
  /** 1 (first) to 50 (last): the best-priority enabled client gets new grabs. */
  priority: number;
  enabled: number;
  /** Remove the download (and its data) from the client once it is imported. */
  remove_completed_downloads: number;
  timeout_ms: number;
  created_at: number;
  updated_at: number;
}

export interface DownloadClientTables {
  download_clients: DownloadClientsTable;
}
