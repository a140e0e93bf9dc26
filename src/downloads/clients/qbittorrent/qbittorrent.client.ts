// Owns Omniarr's qBittorrent adapter: a DownloadClient over the WebUI API v2 through
// @ctrl/qbittorrent, which handles login, the SID cookie, re-login after a 401/403, and the 5.x
// renames (pause → stop, resume → start, `paused` → `stopped` on add). Every call goes through one
// door, call(), which turns the library's errors into DownloadClientError and validates answers.
import { QBittorrent } from '@ctrl/qbittorrent';
import type { z } from 'zod';
import { sleep } from '../../../shared/clock.js';
import { DomainError, NotFoundError } from '../../../shared/errors.js';
import {
  DownloadClientError,
  type AddDownloadOptions,
  type ClientDownload,
  type DownloadClient,
  type DownloadClientInfo,
  type DownloadSource,
} from '../download-client.js';
import { toDownloadClientError } from '../download-client-errors.js';
import { isInfoHash, readMagnetLink, readTorrentFile } from '../torrent-metainfo.js';
import { mapQbittorrentTorrent } from './qbittorrent.mapper.js';
import {
  qbittorrentCategoriesSchema,
  qbittorrentFileSchema,
  qbittorrentTorrentSchema,
  type QbittorrentTorrent,
} from './qbittorrent.types.js';

export interface QbittorrentSettings {
  /** WebUI address, e.g. http://127.0.0.1:8080 (a reverse-proxy sub-path is kept). */
  url: string;
  username?: string;
  password?: string;
  /** Per HTTP request; default 10 s. */
  timeoutMs?: number;
}

const PRODUCT = 'qBittorrent';
/** qBittorrent adds a torrent asynchronously; it shows in /torrents/info within moments. */
const ADD_VISIBLE_WITHIN_MS = 5000;
const FILES_CONCURRENCY = 8;

export class QbittorrentClient implements DownloadClient {
  readonly product = PRODUCT;
  private readonly api: QBittorrent;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly knownCategories = new Set<string>();

  constructor(settings: QbittorrentSettings) {
    this.url = settings.url.replace(/\/+$/, '');
    this.timeoutMs = settings.timeoutMs ?? 10_000;
    this.api = new QBittorrent({
      baseUrl: `${this.url}/`,
      username: settings.username ?? '',
      password: settings.password ?? '',
      timeout: this.timeoutMs,
    });
  }

  async testConnection(): Promise<DownloadClientInfo> {
    const version = await this.call('read the version', (api) => api.getAppVersion());
    const apiVersion = await this.call('read the API version', (api) => api.getApiVersion());
    return { product: PRODUCT, version: version.replace(/^v/, ''), apiVersion, supportsCategories: true };
  }

  async add(source: DownloadSource, options: AddDownloadOptions = {}): Promise<string> {
    const infoHash =
      'torrent' in source ? readTorrentFile(source.torrent).infoHash : readMagnetLink(source.magnet).infoHash;
    // A retried grab must not fail because the first attempt got through.
    if (await this.find(infoHash)) return infoHash;
    if (options.category) await this.ensureCategory(options.category);
    const form = {
      ...(options.category ? { category: options.category } : {}),
      ...(options.tags?.length ? { tags: options.tags.join(',') } : {}),
      ...(options.savePath ? { savepath: options.savePath } : {}),
      paused: options.paused ? ('true' as const) : ('false' as const),
    };
    try {
      await this.call('add the torrent', (api) =>
        'torrent' in source
          ? api.addTorrent(new Uint8Array(source.torrent), { ...form, filename: `${infoHash}.torrent` })
          : api.addMagnet(source.magnet, form),
      );
    } catch (error) {
      // qBittorrent answers "Fails." both for a duplicate and for a torrent it cannot read.
      if (!(error instanceof DownloadClientError && error.reason === 'rejected')) throw error;
      if (!(await this.find(infoHash))) throw error;
      return infoHash;
    }
    const deadline = Date.now() + ADD_VISIBLE_WITHIN_MS;
    while (!(await this.find(infoHash))) {
      if (Date.now() > deadline) {
        throw new DownloadClientError(
          PRODUCT,
          'rejected',
          `accepted torrent ${infoHash} but does not list it`,
        );
      }
      await sleep(100);
    }
    return infoHash;
  }

  async list(filter: { category?: string } = {}): Promise<ClientDownload[]> {
    const torrents = await this.listRaw(filter.category === undefined ? {} : { category: filter.category });
    const downloads: ClientDownload[] = [];
    for (let start = 0; start < torrents.length; start += FILES_CONCURRENCY) {
      const batch = torrents.slice(start, start + FILES_CONCURRENCY);
      downloads.push(...(await Promise.all(batch.map((torrent) => this.withFiles(torrent)))));
    }
    return downloads;
  }

  async get(id: string): Promise<ClientDownload> {
    const torrent = await this.find(id);
    if (!torrent) throw new NotFoundError(`${PRODUCT} has no download ${id}`);
    return this.withFiles(torrent);
  }

  async remove(id: string, options: { deleteData: boolean }): Promise<void> {
    const hash = await this.existing(id);
    await this.call('remove the torrent', (api) => api.removeTorrent(hash, options.deleteData));
  }

  async pause(id: string): Promise<void> {
    const hash = await this.existing(id);
    await this.call('pause the torrent', (api) => api.pauseTorrent(hash));
  }

  async resume(id: string): Promise<void> {
    const hash = await this.existing(id);
    await this.call('resume the torrent', (api) => api.resumeTorrent(hash));
  }

  async setCategory(id: string, category: string): Promise<void> {
    const hash = await this.existing(id);
    if (category) await this.ensureCategory(category);
    await this.call('set the category', (api) => api.setTorrentCategory(hash, category));
  }

  private async existing(id: string): Promise<string> {
    const torrent = await this.find(id);
    if (!torrent) throw new NotFoundError(`${PRODUCT} has no download ${id}`);
    return torrent.hash;
  }

  private async find(id: string): Promise<QbittorrentTorrent | undefined> {
    const hash = id.toLowerCase();
    if (!isInfoHash(hash)) return undefined;
    const [torrent] = await this.listRaw({ hashes: hash });
    return torrent;
  }

  private async listRaw(params: { hashes?: string; category?: string }): Promise<QbittorrentTorrent[]> {
    const raw = await this.call('list torrents', (api) => api.listTorrents(params));
    return this.parse('/torrents/info', qbittorrentTorrentSchema.array(), raw);
  }

  private async withFiles(torrent: QbittorrentTorrent): Promise<ClientDownload> {
    const raw = await this.call('list files', (api) => api.torrentFiles(torrent.hash));
    return mapQbittorrentTorrent(torrent, this.parse('/torrents/files', qbittorrentFileSchema.array(), raw));
  }

  private async ensureCategory(category: string): Promise<void> {
    if (this.knownCategories.has(category)) return;
    const raw = await this.call('list categories', (api) => api.getCategories());
    const categories = this.parse('/torrents/categories', qbittorrentCategoriesSchema, raw);
    if (!(category in categories)) {
      try {
        await this.call('create the category', (api) => api.createCategory(category));
      } catch (error) {
        // 409: someone created it meanwhile, which is what we wanted.
        if (!(error instanceof DownloadClientError && /HTTP 409/.test(error.message))) throw error;
      }
    }
    this.knownCategories.add(category);
  }

  private parse<T>(endpoint: string, schema: z.ZodType<T>, raw: unknown): T {
    const result = schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new DownloadClientError(
        PRODUCT,
        'invalid_response',
        `unexpected answer from ${endpoint}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
      );
    }
    return result.data;
  }

  /** The one door: every request to qBittorrent passes here, with its timeout and error mapping. */
  private async call<T>(action: string, request: (api: QBittorrent) => Promise<T>): Promise<T> {
    try {
      return await request(this.api);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw toDownloadClientError(PRODUCT, this.url, action, this.timeoutMs, error);
    }
  }
}
