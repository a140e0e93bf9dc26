// Owns the download links the Torznab server hands out: everything needed to fetch a release later
// (its indexer, download URL, magnet) sealed with AES-256-GCM under a key only Omniarr holds. The
// link carries no readable indexer URL, API key or passkey, needs no row per release, survives a
// restart, and cannot be forged to make Omniarr fetch an arbitrary URL.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BadRequestError } from '../../shared/errors.js';
import type { IndexerProtocol, IndexerRelease } from '../indexer.js';

export interface ReleaseLink {
  indexerId: number;
  guid: string;
  title: string;
  protocol: IndexerProtocol;
  downloadUrl: string | null;
  magnetUrl: string | null;
  infoHash: string | null;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const LINK_KEY_BYTES = 32;

const payloadSchema = z.object({
  i: z.number().int().positive(),
  g: z.string(),
  t: z.string(),
  p: z.enum(['torrent', 'usenet']),
  d: z.string().nullable(),
  m: z.string().nullable(),
  h: z.string().nullable(),
});

export class ReleaseLinkSealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== LINK_KEY_BYTES) throw new Error(`a release link key has ${LINK_KEY_BYTES} bytes`);
  }

  seal(link: ReleaseLink): string {
    const payload: z.infer<typeof payloadSchema> = {
      i: link.indexerId,
      g: link.guid,
      t: link.title,
      p: link.protocol,
      d: link.downloadUrl,
      m: link.magnetUrl,
      h: link.infoHash,
    };
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The link a token stands for; a BadRequestError for anything we did not seal ourselves. */
  open(token: string): ReleaseLink {
    const invalid = () => new BadRequestError('this download link is not valid (not issued by this Omniarr)');
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw invalid();
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    let text: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      text = Buffer.concat([
        decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw invalid();
    }
    const parsed = payloadSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw invalid();
    const { i, g, t, p, d, m, h } = parsed.data;
    return { indexerId: i, guid: g, title: t, protocol: p, downloadUrl: d, magnetUrl: m, infoHash: h };
  }
}

export function linkOf(release: IndexerRelease, indexerId: number): ReleaseLink {
  return {
    indexerId,
    guid: release.guid,
    title: release.title,
    protocol: release.protocol,
    downloadUrl: release.downloadUrl,
    magnetUrl: release.magnetUrl,
    infoHash: release.infoHash,
  };
}

/** The release a link stands for, with what fetching it needs; the rest is unknown. */
export function releaseOf(link: ReleaseLink, indexer: string): IndexerRelease {
  return {
    guid: link.guid,
    title: link.title,
    indexer,
    protocol: link.protocol,
    downloadUrl: link.downloadUrl,
    magnetUrl: link.magnetUrl,
    infoHash: link.infoHash,
    infoUrl: null,
    size: null,
    publishDate: null,
    seeders: null,
    leechers: null,
    peers: null,
    grabs: null,
    files: null,
    downloadVolumeFactor: 1,
    uploadVolumeFactor: 1,
    minimumRatio: null,
    minimumSeedTimeSeconds: null,
    imdbId: null,
    tmdbId: null,
    tvdbId: null,
    tvmazeId: null,
    categories: [],
    indexerFlags: [],
    usenetDate: null,
    attributes: {},
  };
}
