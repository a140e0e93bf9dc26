// Owns the raw shapes of qBittorrent WebUI API (v2) answers that we read, as zod schemas, so a
// changed or broken answer fails here with a clear error instead of deep inside a mapper.
import { z } from 'zod';

/** `state` values of /torrents/info: 4.x names, plus the 5.x renames (paused → stopped). */
export const QBITTORRENT_STATES = [
  'error',
  'missingFiles',
  'uploading',
  'pausedUP',
  'stoppedUP',
  'queuedUP',
  'stalledUP',
  'checkingUP',
  'forcedUP',
  'allocating',
  'downloading',
  'metaDL',
  'forcedMetaDL',
  'pausedDL',
  'stoppedDL',
  'queuedDL',
  'stalledDL',
  'checkingDL',
  'forcedDL',
  'checkingResumeData',
  'moving',
  'unknown',
] as const;
export type QbittorrentState = (typeof QBITTORRENT_STATES)[number];

export const qbittorrentTorrentSchema = z.object({
  hash: z.string(),
  /** 4.4+: the v1 hash even for hybrid torrents; empty for v2-only torrents. */
  infohash_v1: z.string().optional(),
  name: z.string(),
  // Unknown future states must not break the queue: they map to "unknown".
  state: z.string(),
  category: z.string().default(''),
  tags: z.string().default(''),
  progress: z.number(),
  /** Bytes of the selected files. */
  size: z.number(),
  amount_left: z.number(),
  /** Seconds; 8640000 means "infinite". */
  eta: z.number(),
  dlspeed: z.number(),
  upspeed: z.number(),
  num_seeds: z.number(),
  num_leechs: z.number(),
  ratio: z.number(),
  save_path: z.string(),
  /** 4.3.2+ */
  content_path: z.string().optional(),
  added_on: z.number().optional(),
});
export type QbittorrentTorrent = z.infer<typeof qbittorrentTorrentSchema>;

export const qbittorrentFileSchema = z.object({
  /** Path relative to the save path, including the torrent's top folder. */
  name: z.string(),
  size: z.number(),
  progress: z.number(),
  /** 0 = do not download. */
  priority: z.number(),
});
export type QbittorrentFile = z.infer<typeof qbittorrentFileSchema>;

export const qbittorrentCategoriesSchema = z.record(z.string(), z.object({ name: z.string() }).loose());
