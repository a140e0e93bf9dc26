// Owns the pure mapping from Transmission's raw torrent data to our ClientDownload. Categories are
// labels (RPC 16+, first label = category, the rest = tags); on older daemons, where labels do not
// exist, a category is a sub-folder of the download directory.
import type { ClientDownload, DownloadState } from '../download-client.js';
import { TransmissionError, TransmissionStatus, type TransmissionTorrent } from './transmission.types.js';

export function mapTransmissionState(
  torrent: Pick<
    TransmissionTorrent,
    | 'status'
    | 'error'
    | 'leftUntilDone'
    | 'metadataPercentComplete'
    | 'isStalled'
    | 'peersSendingToUs'
    | 'rateDownload'
  >,
): DownloadState {
  if (torrent.error === TransmissionError.localError) return 'error';
  const haveMetadata = torrent.metadataPercentComplete >= 1;
  const done = haveMetadata && torrent.leftUntilDone === 0;
  switch (torrent.status) {
    case TransmissionStatus.stopped:
      return done ? 'completed' : 'paused';
    case TransmissionStatus.checkWait:
    case TransmissionStatus.checking:
      return 'checking';
    case TransmissionStatus.downloadWait:
      return 'queued';
    case TransmissionStatus.downloading:
      if (!haveMetadata) return 'metadata';
      if (torrent.isStalled || (torrent.peersSendingToUs === 0 && torrent.rateDownload === 0))
        return 'stalled';
      return 'downloading';
    case TransmissionStatus.seedWait:
    case TransmissionStatus.seeding:
      return 'seeding';
    default:
      return 'unknown';
  }
}

/** The category of a torrent: its first label, or (without labels) its folder under the default dir. */
export function transmissionCategory(
  torrent: Pick<TransmissionTorrent, 'labels' | 'downloadDir'>,
  defaultDir: string,
): string {
  if (torrent.labels !== undefined) return torrent.labels[0] ?? '';
  const base = defaultDir.replace(/\/+$/, '');
  const dir = torrent.downloadDir.replace(/\/+$/, '');
  if (!dir.startsWith(`${base}/`)) return '';
  const rest = dir.slice(base.length + 1);
  return rest.includes('/') ? '' : rest;
}

export function mapTransmissionTorrent(torrent: TransmissionTorrent, defaultDir: string): ClientDownload {
  const state = mapTransmissionState(torrent);
  const finished = state === 'seeding' || state === 'completed';
  const savePath = torrent.downloadDir.replace(/\/+$/, '');
  const infoHash = torrent.hashString.toLowerCase();
  return {
    id: infoHash,
    infoHash,
    name: torrent.name,
    state,
    category: transmissionCategory(torrent, defaultDir),
    tags: torrent.labels?.slice(1) ?? [],
    progress: Math.min(1, Math.max(0, torrent.percentDone)),
    sizeBytes: torrent.sizeWhenDone,
    sizeLeftBytes: torrent.leftUntilDone,
    etaSeconds: finished ? 0 : torrent.eta >= 0 ? torrent.eta : undefined,
    downloadBytesPerSecond: torrent.rateDownload,
    uploadBytesPerSecond: torrent.rateUpload,
    seeders: torrent.peers.filter((peer) => peer.progress >= 1).length,
    leechers: torrent.peers.filter((peer) => peer.progress < 1).length,
    ratio: Math.max(0, torrent.uploadRatio),
    savePath,
    contentPath: `${savePath}/${torrent.name}`,
    files: torrent.files
      .filter((_, index) => torrent.fileStats[index]?.wanted !== false)
      .map((file) => ({
        path: file.name,
        sizeBytes: file.length,
        progress: file.length === 0 ? 1 : file.bytesCompleted / file.length,
      })),
    errorMessage:
      torrent.error === TransmissionError.none || !torrent.errorString ? undefined : torrent.errorString,
    canMoveFiles: state === 'completed',
    addedAt: torrent.addedDate > 0 ? new Date(torrent.addedDate * 1000) : undefined,
  };
}
