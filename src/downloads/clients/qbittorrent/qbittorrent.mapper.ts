// Owns the pure mapping from qBittorrent's raw torrent data to our ClientDownload: state names of
// 4.x and 5.x (pausedDL/stoppedDL, pausedUP/stoppedUP) land on the same DownloadState.
import type { ClientDownload, DownloadState } from '../download-client.js';
import {
  QBITTORRENT_STATES,
  type QbittorrentFile,
  type QbittorrentState,
  type QbittorrentTorrent,
} from './qbittorrent.types.js';

/** qBittorrent's "infinite" ETA. */
const ETA_INFINITY = 8_640_000;

function isKnownState(state: string): state is QbittorrentState {
  return (QBITTORRENT_STATES as readonly string[]).includes(state);
}

export function mapQbittorrentState(state: string): DownloadState {
  if (!isKnownState(state)) return 'unknown';
  switch (state) {
    case 'error':
    case 'missingFiles':
      return 'error';
    case 'uploading':
    case 'stalledUP':
    case 'forcedUP':
    case 'queuedUP':
      return 'seeding';
    case 'pausedUP':
    case 'stoppedUP':
      return 'completed';
    case 'checkingUP':
    case 'checkingDL':
    case 'checkingResumeData':
      return 'checking';
    case 'allocating':
    case 'queuedDL':
      return 'queued';
    case 'downloading':
    case 'forcedDL':
      return 'downloading';
    case 'metaDL':
    case 'forcedMetaDL':
      return 'metadata';
    case 'pausedDL':
    case 'stoppedDL':
      return 'paused';
    case 'stalledDL':
      return 'stalled';
    case 'moving':
      return 'moving';
    case 'unknown':
      return 'unknown';
  }
}

function errorMessageFor(state: string): string | undefined {
  if (state === 'missingFiles') return 'qBittorrent reports the files are missing';
  if (state === 'error') return 'qBittorrent reports an error (see its log)';
  return undefined;
}

export function mapQbittorrentTorrent(torrent: QbittorrentTorrent, files: QbittorrentFile[]): ClientDownload {
  const state = mapQbittorrentState(torrent.state);
  const finished = state === 'seeding' || state === 'completed';
  const infoHash = (torrent.infohash_v1 || torrent.hash).toLowerCase();
  const savePath = torrent.save_path.replace(/\/+$/, '');
  return {
    id: torrent.hash.toLowerCase(),
    infoHash,
    name: torrent.name,
    state,
    category: torrent.category,
    tags: torrent.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
    progress: Math.min(1, Math.max(0, torrent.progress)),
    sizeBytes: torrent.size,
    sizeLeftBytes: torrent.amount_left,
    etaSeconds: finished ? 0 : torrent.eta >= ETA_INFINITY || torrent.eta < 0 ? undefined : torrent.eta,
    downloadBytesPerSecond: torrent.dlspeed,
    uploadBytesPerSecond: torrent.upspeed,
    seeders: torrent.num_seeds,
    leechers: torrent.num_leechs,
    ratio: torrent.ratio,
    savePath,
    contentPath: torrent.content_path || `${savePath}/${torrent.name}`,
    files: files
      .filter((file) => file.priority > 0)
      .map((file) => ({
        path: file.name.replaceAll('\\', '/'),
        sizeBytes: file.size,
        progress: file.progress,
      })),
    errorMessage: errorMessageFor(torrent.state),
    // Stopped after finishing (e.g. its seeding goal was reached): nothing serves the files any more.
    canMoveFiles: state === 'completed',
    addedAt: torrent.added_on ? new Date(torrent.added_on * 1000) : undefined,
  };
}
