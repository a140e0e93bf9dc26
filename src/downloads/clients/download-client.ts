// Owns the DownloadClient contract the rest of Omniarr depends on (grab, tracked downloads, import),
// our own ClientDownload shape that every adapter maps its raw states into, and the typed error an
// adapter throws when the client cannot be reached, refuses us, or answers nonsense.
import { UpstreamError } from '../../shared/errors.js';

/**
 * Where a download stands, in the words of the queue. `completed` means every wanted byte is on disk
 * and the client no longer serves it (stopped after finishing); `seeding` means done and uploading.
 */
export type DownloadState =
  | 'queued'
  | 'metadata'
  | 'checking'
  | 'downloading'
  | 'stalled'
  | 'paused'
  | 'seeding'
  | 'completed'
  | 'moving'
  | 'error'
  | 'unknown';

export interface ClientDownloadFile {
  /** Path relative to the download's save path, with `/` separators. */
  path: string;
  sizeBytes: number;
  /** 0..1 */
  progress: number;
}

export interface ClientDownload {
  /** The client's own id for the download: the v1 info-hash, lower-case hex, for torrent clients. */
  id: string;
  infoHash: string;
  name: string;
  state: DownloadState;
  /** qBittorrent category, or Transmission's first label (empty when none). */
  category: string;
  tags: string[];
  /** 0..1, of the wanted bytes. */
  progress: number;
  /** Bytes wanted (skipped files excluded). */
  sizeBytes: number;
  sizeLeftBytes: number;
  /** Seconds until done: 0 once finished, undefined when the client cannot tell (stalled, paused). */
  etaSeconds: number | undefined;
  downloadBytesPerSecond: number;
  uploadBytesPerSecond: number;
  /** Connected peers that hold the whole torrent. */
  seeders: number;
  /** Connected peers that do not. */
  leechers: number;
  ratio: number;
  /** Directory the client writes the download into. */
  savePath: string;
  /** The single file, or the top folder, of the download on disk. */
  contentPath: string;
  files: ClientDownloadFile[];
  errorMessage: string | undefined;
  /**
   * Whether the importer may move (not only copy or hardlink) the files: the download is finished
   * and the client has stopped serving it, so moving cannot break seeding.
   */
  canMoveFiles: boolean;
  addedAt: Date | undefined;
}

export interface AddDownloadOptions {
  category?: string;
  tags?: string[];
  /** Absolute directory, as the client sees it; the client's default when omitted. */
  savePath?: string;
  /** Add without starting. */
  paused?: boolean;
}

export type DownloadSource = { torrent: Uint8Array } | { magnet: string };

export interface DownloadClientInfo {
  /** The product, e.g. "qBittorrent" or "Transmission". */
  product: string;
  version: string;
  /** The API version the client reports (qBittorrent WebAPI version, Transmission RPC version). */
  apiVersion: string;
  /** Whether categories are stored as categories/labels (true) or only as save-path folders. */
  supportsCategories: boolean;
}

export interface DownloadClient {
  /** The product name used in errors and logs. */
  readonly product: string;
  /** Connects (logging in when needed) and reports the client's version. */
  testConnection(): Promise<DownloadClientInfo>;
  /** Adds a torrent and returns its info-hash (lower-case hex), which is also its id. */
  add(source: DownloadSource, options?: AddDownloadOptions): Promise<string>;
  /** Lists downloads, only those of one category when given. */
  list(filter?: { category?: string }): Promise<ClientDownload[]>;
  /** Throws NotFoundError when the client does not know the id. */
  get(id: string): Promise<ClientDownload>;
  remove(id: string, options: { deleteData: boolean }): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  setCategory(id: string, category: string): Promise<void>;
}

/** Why a call to a download client failed, so callers can tell "retry later" from "fix settings". */
export type DownloadClientFailure =
  'unreachable' | 'timeout' | 'unauthorized' | 'rejected' | 'invalid_response';

export class DownloadClientError extends UpstreamError {
  constructor(
    service: string,
    readonly reason: DownloadClientFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(service, message, options);
  }
}

/** States in which every wanted byte is on disk. */
export function isFinished(state: DownloadState): boolean {
  return state === 'seeding' || state === 'completed';
}
