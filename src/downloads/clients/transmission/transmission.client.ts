// Owns Omniarr's Transmission adapter: a DownloadClient over Transmission's JSON RPC. It speaks RPC
// itself through one door, request(), which owns the URL, basic auth, the X-Transmission-Session-Id
// handshake (HTTP 409 → retry with the new id), the timeout, and the `result` check.
// (@ctrl/transmission was tried: it turns a refused connection or a timeout into a TypeError, loses
// the cause, ignores RPC `result` errors and forces a download dir of /downloads, so we do not use it.)
import { BadRequestError, NotFoundError } from '../../../shared/errors.js';
import {
  DownloadClientError,
  type AddDownloadOptions,
  type ClientDownload,
  type DownloadClient,
  type DownloadClientInfo,
  type DownloadSource,
} from '../download-client.js';
import { httpFailure, toDownloadClientError } from '../download-client-errors.js';
import { isInfoHash, readMagnetLink, readTorrentFile } from '../torrent-metainfo.js';
import { mapTransmissionTorrent } from './transmission.mapper.js';
import {
  TRANSMISSION_TORRENT_FIELDS,
  transmissionAddedSchema,
  transmissionResponseSchema,
  transmissionSessionSchema,
  transmissionTorrentSchema,
  type TransmissionSession,
  type TransmissionTorrent,
} from './transmission.types.js';
import type { z } from 'zod';

export interface TransmissionSettings {
  /** e.g. http://127.0.0.1:9091 */
  url: string;
  /** RPC path; default /transmission/rpc. */
  rpcPath?: string;
  username?: string;
  password?: string;
  /** Per HTTP request; default 10 s. */
  timeoutMs?: number;
}

const PRODUCT = 'Transmission';
/** Labels arrived with RPC version 16 (Transmission 3.00). */
const LABELS_SINCE_RPC_VERSION = 16;

export class TransmissionClient implements DownloadClient {
  readonly product = PRODUCT;
  private readonly url: string;
  private readonly rpcUrl: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private sessionId: string | undefined;
  private session: TransmissionSession | undefined;

  constructor(settings: TransmissionSettings) {
    this.url = settings.url.replace(/\/+$/, '');
    this.rpcUrl = `${this.url}${settings.rpcPath ?? '/transmission/rpc'}`;
    this.timeoutMs = settings.timeoutMs ?? 10_000;
    this.authorization =
      settings.username || settings.password
        ? `Basic ${Buffer.from(`${settings.username ?? ''}:${settings.password ?? ''}`).toString('base64')}`
        : undefined;
  }

  async testConnection(): Promise<DownloadClientInfo> {
    this.session = undefined;
    const session = await this.readSession();
    return {
      product: PRODUCT,
      version: session.version,
      apiVersion: String(session['rpc-version']),
      supportsCategories: session['rpc-version'] >= LABELS_SINCE_RPC_VERSION,
    };
  }

  async add(source: DownloadSource, options: AddDownloadOptions = {}): Promise<string> {
    const infoHash =
      'torrent' in source ? readTorrentFile(source.torrent).infoHash : readMagnetLink(source.magnet).infoHash;
    const session = await this.readSession();
    const labels = this.labelsFor(session, options.category ?? '', options.tags ?? []);
    if (!(await this.find(infoHash))) {
      const downloadDir =
        options.savePath ??
        (labels === undefined && options.category ? this.categoryDir(session, options.category) : undefined);
      const added = this.parse(
        'torrent-add',
        transmissionAddedSchema,
        await this.request('torrent-add', {
          ...('torrent' in source
            ? { metainfo: Buffer.from(source.torrent).toString('base64') }
            : { filename: source.magnet }),
          paused: options.paused ?? false,
          ...(downloadDir ? { 'download-dir': downloadDir } : {}),
        }),
      );
      const hash = (added['torrent-added'] ?? added['torrent-duplicate'])?.hashString.toLowerCase();
      if (hash !== infoHash) {
        throw new DownloadClientError(
          PRODUCT,
          'invalid_response',
          `added ${infoHash} but Transmission reports ${hash ?? 'nothing'}`,
        );
      }
    }
    // torrent-add takes no labels before RPC 17, so labels are always set afterwards.
    if (labels?.length) await this.request('torrent-set', { ids: [infoHash], labels });
    return infoHash;
  }

  async list(filter: { category?: string } = {}): Promise<ClientDownload[]> {
    const session = await this.readSession();
    const downloads = (await this.torrents()).map((torrent) =>
      mapTransmissionTorrent(torrent, session['download-dir']),
    );
    return filter.category === undefined
      ? downloads
      : downloads.filter((download) => download.category === filter.category);
  }

  async get(id: string): Promise<ClientDownload> {
    const torrent = await this.find(id);
    if (!torrent) throw new NotFoundError(`${PRODUCT} has no download ${id}`);
    return mapTransmissionTorrent(torrent, (await this.readSession())['download-dir']);
  }

  async remove(id: string, options: { deleteData: boolean }): Promise<void> {
    const hash = await this.existing(id);
    await this.request('torrent-remove', { ids: [hash], 'delete-local-data': options.deleteData });
  }

  async pause(id: string): Promise<void> {
    await this.request('torrent-stop', { ids: [await this.existing(id)] });
  }

  async resume(id: string): Promise<void> {
    await this.request('torrent-start', { ids: [await this.existing(id)] });
  }

  async setCategory(id: string, category: string): Promise<void> {
    const torrent = await this.find(id);
    if (!torrent) throw new NotFoundError(`${PRODUCT} has no download ${id}`);
    const session = await this.readSession();
    const labels = this.labelsFor(session, category, torrent.labels?.slice(1) ?? []);
    if (labels !== undefined) {
      await this.request('torrent-set', { ids: [torrent.hashString], labels });
    } else {
      const location = category ? this.categoryDir(session, category) : session['download-dir'];
      await this.request('torrent-set-location', { ids: [torrent.hashString], location, move: true });
    }
  }

  /** Labels to store for a category and tags; undefined when this Transmission has no labels. */
  private labelsFor(session: TransmissionSession, category: string, tags: string[]): string[] | undefined {
    for (const label of [category, ...tags]) {
      if (label.includes(','))
        throw new BadRequestError(`Transmission labels cannot contain commas: "${label}"`);
    }
    if (session['rpc-version'] < LABELS_SINCE_RPC_VERSION) return undefined;
    if (!category && tags.length > 0) {
      throw new BadRequestError('Transmission keeps the category as the first label: tags need a category');
    }
    return category ? [category, ...tags] : [];
  }

  private categoryDir(session: TransmissionSession, category: string): string {
    if (category.includes('/') || category === '..' || category === '.') {
      throw new BadRequestError(`a category cannot be a path: "${category}"`);
    }
    return `${session['download-dir'].replace(/\/+$/, '')}/${category}`;
  }

  private async existing(id: string): Promise<string> {
    const torrent = await this.find(id);
    if (!torrent) throw new NotFoundError(`${PRODUCT} has no download ${id}`);
    return torrent.hashString;
  }

  private async find(id: string): Promise<TransmissionTorrent | undefined> {
    const hash = id.toLowerCase();
    if (!isInfoHash(hash)) return undefined;
    const [torrent] = await this.torrents([hash]);
    return torrent;
  }

  private async torrents(ids?: string[]): Promise<TransmissionTorrent[]> {
    const session = await this.readSession();
    // Asking for a field an old daemon does not know fails the whole call.
    const fields =
      session['rpc-version'] >= LABELS_SINCE_RPC_VERSION
        ? TRANSMISSION_TORRENT_FIELDS
        : TRANSMISSION_TORRENT_FIELDS.filter((name) => name !== 'labels');
    const answer = await this.request('torrent-get', { fields, ...(ids ? { ids } : {}) });
    return this.parse('torrent-get', transmissionTorrentSchema.array(), answer.torrents);
  }

  private async readSession(): Promise<TransmissionSession> {
    this.session ??= this.parse('session-get', transmissionSessionSchema, await this.request('session-get'));
    return this.session;
  }

  private parse<T>(method: string, schema: z.ZodType<T>, raw: unknown): T {
    const result = schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new DownloadClientError(
        PRODUCT,
        'invalid_response',
        `unexpected answer to ${method}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
      );
    }
    return result.data;
  }

  /** The one door: every RPC call passes here. Returns the call's `arguments`. */
  private async request(
    method: string,
    args: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    // Two tries: the first may only teach us the session id (409), or hit an id the daemon dropped.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let response: Response;
      let body: string;
      try {
        response = await fetch(this.rpcUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(this.sessionId ? { 'x-transmission-session-id': this.sessionId } : {}),
            ...(this.authorization ? { authorization: this.authorization } : {}),
          },
          body: JSON.stringify({ method, arguments: args }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        body = await response.text();
      } catch (error) {
        throw toDownloadClientError(PRODUCT, this.url, method, this.timeoutMs, error);
      }
      if (response.status === 409) {
        const sessionId = response.headers.get('x-transmission-session-id');
        if (!sessionId)
          throw httpFailure(PRODUCT, this.url, method, 409, 'no X-Transmission-Session-Id header');
        this.sessionId = sessionId;
        continue;
      }
      if (!response.ok) {
        throw httpFailure(
          PRODUCT,
          this.url,
          method,
          response.status,
          body
            .replace(/<[^>]*>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()
            .slice(0, 200),
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch (error) {
        throw new DownloadClientError(
          PRODUCT,
          'invalid_response',
          `${method}: the answer is not JSON, so ${this.rpcUrl} is not Transmission's RPC: check the URL`,
          { cause: error },
        );
      }
      const answer = this.parse(method, transmissionResponseSchema, json);
      if (answer.result !== 'success') {
        throw new DownloadClientError(PRODUCT, 'rejected', `${method} failed: ${answer.result}`);
      }
      return answer.arguments;
    }
    throw new DownloadClientError(
      PRODUCT,
      'invalid_response',
      `${method}: the daemon keeps rejecting its own session id`,
    );
  }
}
