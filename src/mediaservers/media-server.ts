// Owns what Omniarr asks of a media server (Jellyfin today): who are you, "these paths changed,
// rescan just them", and which libraries (with their folders) exist. Domain code depends on this
// interface; the adapter in ./jellyfin/ is wired in by src/app.
import type { PathMapper } from './path-mapping.js';

export type MediaPathUpdateType = 'Created' | 'Modified' | 'Deleted';

export const MEDIA_PATH_UPDATE_TYPES: readonly MediaPathUpdateType[] = ['Created', 'Modified', 'Deleted'];

/** A file or folder that changed, in Omniarr's view of the filesystem. */
export interface MediaPathUpdate {
  path: string;
  updateType: MediaPathUpdateType;
}

export interface MediaServerInfo {
  id: string;
  name: string;
  version: string;
  product: string;
}

/** A library (Jellyfin: "virtual folder") and the folders it scans. */
export interface MediaLibrary {
  /** The media server's id for the library; null when it does not say. */
  id: string | null;
  name: string;
  /** `movies`, `tvshows`, `music`, … ; null for mixed libraries. */
  type: string | null;
  /** Folders as the media server sees them. */
  serverPaths: string[];
  /** The same folders in Omniarr's view, through the path mappings. */
  paths: string[];
}

export interface MediaServer {
  readonly kind: 'jellyfin';
  /** Translates Omniarr's paths to the server's (its mounts may differ) and back. */
  readonly paths: PathMapper;
  /** Checks the URL and API key; throws UpstreamError with the reason otherwise. */
  testConnection(): Promise<MediaServerInfo>;
  /** Tells the server to rescan just these paths (mapped to its view), so new files show in seconds. */
  notifyPathsUpdated(updates: readonly MediaPathUpdate[]): Promise<void>;
  libraries(): Promise<MediaLibrary[]>;
}
