// Owns the raw shapes of Transmission RPC answers that we read (RPC versions 15–18, Transmission
// 2.9x–4.x), as zod schemas, and the torrent fields we ask torrent-get for.
import { z } from 'zod';

export const transmissionResponseSchema = z.object({
  result: z.string(),
  arguments: z.record(z.string(), z.unknown()).default({}),
});

export const transmissionSessionSchema = z.object({
  version: z.string(),
  'rpc-version': z.number(),
  'download-dir': z.string(),
});
export type TransmissionSession = z.infer<typeof transmissionSessionSchema>;

/** Transmission's numeric torrent status (tr_torrent_activity). */
export const TransmissionStatus = {
  stopped: 0,
  checkWait: 1,
  checking: 2,
  downloadWait: 3,
  downloading: 4,
  seedWait: 5,
  seeding: 6,
} as const;

/** tr_stat_errtype: 1 and 2 are tracker complaints, 3 is a local (disk) error. */
export const TransmissionError = { none: 0, trackerWarning: 1, trackerError: 2, localError: 3 } as const;

export const transmissionTorrentSchema = z.object({
  hashString: z.string(),
  name: z.string(),
  status: z.number(),
  error: z.number(),
  errorString: z.string(),
  percentDone: z.number(),
  metadataPercentComplete: z.number(),
  sizeWhenDone: z.number(),
  leftUntilDone: z.number(),
  /** Seconds; -1 not available, -2 unknown. */
  eta: z.number(),
  rateDownload: z.number(),
  rateUpload: z.number(),
  uploadRatio: z.number(),
  downloadDir: z.string(),
  addedDate: z.number(),
  isStalled: z.boolean().default(false),
  peersSendingToUs: z.number(),
  peers: z.array(z.object({ progress: z.number() }).loose()),
  files: z.array(z.object({ name: z.string(), length: z.number(), bytesCompleted: z.number() })),
  fileStats: z.array(z.object({ wanted: z.boolean() }).loose()),
  /** RPC 16+ (Transmission 3.00). */
  labels: z.array(z.string()).optional(),
});
export type TransmissionTorrent = z.infer<typeof transmissionTorrentSchema>;

export const TRANSMISSION_TORRENT_FIELDS = Object.keys(transmissionTorrentSchema.shape);

export const transmissionAddedSchema = z.object({
  'torrent-added': z.object({ hashString: z.string() }).optional(),
  'torrent-duplicate': z.object({ hashString: z.string() }).optional(),
});
