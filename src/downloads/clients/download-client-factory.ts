// Owns building a DownloadClient from its stored settings: the zod schema the API and the database
// layer validate settings with, and the one switch from `kind` to an adapter.
import { z } from 'zod';
import type { DownloadClient } from './download-client.js';
import { QbittorrentClient } from './qbittorrent/qbittorrent.client.js';
import { TransmissionClient } from './transmission/transmission.client.js';

const common = {
  url: z.url({ protocol: /^https?$/ }),
  username: z.string().optional(),
  password: z.string().optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
};

export const downloadClientSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('qbittorrent'), ...common }),
  z.object({ kind: z.literal('transmission'), ...common, rpcPath: z.string().startsWith('/').optional() }),
]);
export type DownloadClientSettings = z.infer<typeof downloadClientSettingsSchema>;

export function createDownloadClient(settings: DownloadClientSettings): DownloadClient {
  switch (settings.kind) {
    case 'qbittorrent':
      return new QbittorrentClient(settings);
    case 'transmission':
      return new TransmissionClient(settings);
  }
}
