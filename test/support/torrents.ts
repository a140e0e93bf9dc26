// Makes real payloads and real .torrent files for them (no tracker: peers are connected by hand),
// and a seeder: a qbittorrent-nox that serves a payload so a client under test can download it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bencodeEncode, type BencodeDictionary } from '../../src/downloads/clients/torrent-metainfo.js';
import { startQbittorrent, type QbittorrentDaemon } from './qbittorrent.js';

export interface PayloadFile {
  /** Path inside the torrent, `/`-separated. */
  path: string;
  /** Random bytes of this size, unless content is given. */
  sizeBytes?: number;
  content?: Buffer;
}

export interface CreatedTorrent {
  torrent: Buffer;
  infoHash: string;
  magnet: string;
  name: string;
  /** Directory holding the payload (the save path a seeder needs). */
  payloadDir: string;
  /** Absolute paths of the payload files, in torrent order. */
  filePaths: string[];
  /** Removes the payload directory. */
  cleanup(): void;
}

const PIECE_LENGTH = 64 * 1024;

/**
 * Writes the payload into a temp dir and builds a v1 .torrent for it. One file gives a single-file
 * torrent named after it; several files (or `options.name`) give a folder torrent.
 */
export function createTorrent(files: PayloadFile[], options: { name?: string } = {}): CreatedTorrent {
  if (files.length === 0) throw new Error('createTorrent needs at least one file');
  const payloadDir = mkdtempSync(path.join(tmpdir(), 'omniarr-payload-'));
  const single = files.length === 1 && options.name === undefined;
  const name = options.name ?? (single ? (files[0]?.path ?? 'payload') : 'payload');
  const contents = files.map((file) => file.content ?? randomBytes(file.sizeBytes ?? 256 * 1024));
  const filePaths = files.map((file, index) => {
    const absolute = single
      ? path.join(payloadDir, name)
      : path.join(payloadDir, name, ...file.path.split('/'));
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, contents[index] as Buffer);
    return absolute;
  });
  const all = Buffer.concat(contents);
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < all.length; offset += PIECE_LENGTH) {
    pieces.push(
      createHash('sha1')
        .update(all.subarray(offset, offset + PIECE_LENGTH))
        .digest(),
    );
  }
  const info: BencodeDictionary = {
    name: Buffer.from(name),
    'piece length': PIECE_LENGTH,
    pieces: Buffer.concat(pieces),
  };
  if (single) {
    info.length = all.length;
  } else {
    info.files = files.map((file, index) => ({
      length: (contents[index] as Buffer).length,
      path: file.path.split('/').map((segment) => Buffer.from(segment)),
    }));
  }
  const torrent = bencodeEncode({ info, 'created by': Buffer.from('omniarr tests') });
  const infoHash = createHash('sha1').update(bencodeEncode(info)).digest('hex');
  return {
    torrent,
    infoHash,
    magnet: `magnet:?xt=urn:btih:${infoHash}&dn=${encodeURIComponent(name)}`,
    name,
    payloadDir,
    filePaths,
    cleanup: () => rmSync(payloadDir, { recursive: true, force: true }),
  };
}

export interface Seeder {
  daemon: QbittorrentDaemon;
  /** `127.0.0.1:PORT` of the seeder, for a downloader's addPeers. */
  peer: string;
  /** Makes the seeder dial a downloader's peer port (for clients with no add-peer call). */
  connectTo(infoHash: string, peerPort: number): Promise<void>;
  /** Starts serving one more torrent whose payload lies in payloadDir. */
  seed(created: CreatedTorrent): Promise<void>;
  stop(): Promise<void>;
}

async function waitForSeeding(daemon: QbittorrentDaemon, infoHash: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const [torrent] = JSON.parse(await daemon.api(`torrents/info?hashes=${infoHash}`)) as {
      state: string;
      progress: number;
    }[];
    if (torrent && torrent.progress === 1 && /UP$/.test(torrent.state) && torrent.state !== 'checkingUP')
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`seeder did not verify ${infoHash}`);
}

/** Starts a qbittorrent-nox that seeds the given torrents (their payloads already on disk). */
export async function startSeeder(...torrents: CreatedTorrent[]): Promise<Seeder> {
  const daemon = await startQbittorrent();
  async function seed(created: CreatedTorrent): Promise<void> {
    const form = new FormData();
    form.append('torrents', new Blob([created.torrent]), `${created.name}.torrent`);
    form.append('savepath', created.payloadDir);
    form.append('paused', 'false');
    const response = await fetch(`${daemon.url}/api/v2/torrents/add`, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(5000),
    });
    const body = await response.text();
    if (!response.ok || body.trim() !== 'Ok.')
      throw new Error(`seeder refused ${created.name}: ${response.status} ${body}`);
    await waitForSeeding(daemon, created.infoHash);
  }
  for (const created of torrents) await seed(created);
  return {
    daemon,
    peer: `127.0.0.1:${daemon.peerPort}`,
    connectTo: (infoHash, peerPort) => daemon.addPeer(infoHash, `127.0.0.1:${peerPort}`),
    seed,
    stop: () => daemon.stop(),
  };
}

/** The payload as bytes, to compare with what a client downloaded. */
export function readPayload(created: CreatedTorrent): Buffer[] {
  return created.filePaths.map((file) => readFileSync(file));
}
