// Owns talking to one Torznab (torrents: Jackett, Prowlarr, bitmagnet…) or Newznab (usenet: NZBGeek,
// nzbplanet, NZBHydra…) indexer over HTTP: caps (cached), searches, and fetching the .torrent/.nzb or
// magnet of a chosen release. Every call goes through request(), which owns the base URL, the API key
// (sent as `apikey`, only ever to the indexer's own origin, and never written into an error), the
// timeout, retries and redirects. Parsing and query choice are pure and live beside it. How the bytes
// travel is injected: plain fetch, or one that passes Cloudflare / DDoS-Guard challenges on the way.
import type { Logger } from '../../logging/logger.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { BadRequestError, UpstreamError } from '../../shared/errors.js';
import type {
  FetchedRelease,
  Indexer,
  IndexerCapabilities,
  IndexerProtocol,
  IndexerRelease,
  SearchQuery,
} from '../indexer.js';
import { IndexerError } from '../indexer-error.js';
import { fallbackCapabilities, mapCapabilities, mapFeed, readTorznabDocument } from './torznab-mapper.js';
import { torznabSearchParams, type TorznabParams } from './torznab-query.js';

export interface TorznabClientOptions {
  /** The indexer's name as the user knows it; used in errors and on every release. */
  name: string;
  protocol: IndexerProtocol;
  /** Base URL, e.g. `http://prowlarr:9696/1` or `https://api.nzbgeek.info`. */
  url: string;
  /** Path of the API below `url`; `/api` unless the indexer says otherwise. */
  apiPath?: string;
  apiKey?: string;
  /** Per call, including reading the body. */
  timeoutMs?: number;
  capsTtlMs?: number;
  /** Extra attempts after a connection failure or a 502/503/504 (never after a timeout or a 429). */
  retries?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  /**
   * Sends one HTTP request; global fetch by default. The app passes a challenge-aware fetch here
   * (src/solver/challenge-fetch.ts). It gets the URL with the key, `redirect: 'manual'` and the
   * timeout's signal, so timeout, redirects, size cap and redaction stay this client's business.
   */
  fetch?: IndexerFetch;
  clock?: Clock;
  logger?: Logger;
}

export type IndexerFetch = (url: URL, init: RequestInit) => Promise<Response>;

const DEFAULTS = {
  apiPath: '/api',
  timeoutMs: 30_000,
  capsTtlMs: 24 * 60 * 60_000,
  retries: 1,
  maxResponseBytes: 16 * 1024 * 1024,
  maxRedirects: 5,
};

const USER_AGENT = 'Omniarr';

type Reply =
  { kind: 'body'; status: number; contentType: string; body: Buffer } | { kind: 'magnet'; uri: string };

export class TorznabClient implements Indexer {
  readonly name: string;
  readonly protocol: IndexerProtocol;
  private readonly apiUrl: URL;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly capsTtlMs: number;
  private readonly retries: number;
  private readonly maxResponseBytes: number;
  private readonly maxRedirects: number;
  private readonly fetch: IndexerFetch;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private capsCache: { fetchedAt: number; caps: Promise<IndexerCapabilities> } | undefined;

  constructor(options: TorznabClientOptions) {
    this.name = options.name;
    this.protocol = options.protocol;
    this.apiUrl = apiUrlOf(options.url, options.apiPath ?? DEFAULTS.apiPath, options.name);
    this.apiKey = options.apiKey?.trim() || undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.capsTtlMs = options.capsTtlMs ?? DEFAULTS.capsTtlMs;
    this.retries = options.retries ?? DEFAULTS.retries;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULTS.maxResponseBytes;
    this.maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
  }

  /**
   * The indexer's caps, fetched once per `capsTtlMs`. Concurrent callers share one request, so it
   * is bounded by the timeout alone: one caller giving up must not fail the others.
   */
  capabilities(): Promise<IndexerCapabilities> {
    const now = this.clock.now();
    if (this.capsCache && now - this.capsCache.fetchedAt < this.capsTtlMs) return this.capsCache.caps;

    const caps = this.fetchCapabilities();
    const entry = { fetchedAt: now, caps };
    this.capsCache = entry;
    // A failure is not cached: the next search asks again (the back-off decides when that is).
    caps.catch(() => {
      if (this.capsCache === entry) this.capsCache = undefined;
    });
    return caps;
  }

  async search(query: SearchQuery, signal?: AbortSignal): Promise<IndexerRelease[]> {
    const caps = await this.capabilities();
    signal?.throwIfAborted();
    const document = await this.api(torznabSearchParams(query, caps), signal);
    if (document.kind !== 'feed') {
      throw new IndexerError(this.name, 'answered a search with a caps document instead of an RSS feed', {
        kind: 'invalid_response',
      });
    }
    const feed = mapFeed(document.root, {
      indexer: this.name,
      protocol: this.protocol,
      baseUrl: this.apiUrl.href,
    });
    for (const item of feed.skipped) {
      this.logger?.warn(
        { indexer: this.name, title: item.title, reason: item.reason },
        'indexer item skipped',
      );
    }
    return feed.releases;
  }

  /**
   * What the download client needs for a release: the .torrent or .nzb bytes, or a magnet link
   * (given by the feed, or reached by a redirect from the download link, as Jackett and Prowlarr do
   * for magnet-only trackers). A torrent whose file cannot be fetched falls back to its magnet.
   */
  async fetchRelease(release: IndexerRelease, signal?: AbortSignal): Promise<FetchedRelease> {
    const { downloadUrl, magnetUrl } = release;
    if (downloadUrl !== null && !isMagnet(downloadUrl)) {
      try {
        return await this.download(downloadUrl, signal);
      } catch (error) {
        const recoverable =
          error instanceof IndexerError && error.kind !== 'auth' && error.kind !== 'rate_limited';
        if (release.protocol !== 'torrent' || magnetUrl === null || !recoverable) throw error;
        this.logger?.warn(
          { indexer: this.name, title: release.title, reason: error.message },
          'torrent file unavailable, using the magnet link',
        );
      }
    }
    const magnet = downloadUrl !== null && isMagnet(downloadUrl) ? downloadUrl : magnetUrl;
    if (magnet === null || release.protocol !== 'torrent') {
      throw new IndexerError(this.name, `release "${release.title}" has no download link`, {
        kind: 'invalid_response',
      });
    }
    return { kind: 'magnet', uri: magnet };
  }

  private async fetchCapabilities(): Promise<IndexerCapabilities> {
    try {
      const document = await this.api({ t: 'caps' });
      if (document.kind !== 'caps') {
        throw new IndexerError(this.name, 'answered t=caps with an RSS feed instead of caps', {
          kind: 'invalid_response',
        });
      }
      return mapCapabilities(document.root, this.name);
    } catch (error) {
      // 202/203: the optional caps function is not implemented; plain text search still works.
      if (error instanceof IndexerError && (error.apiCode === 202 || error.apiCode === 203))
        return fallbackCapabilities;
      throw error;
    }
  }

  /** One API call: a feed or caps document, or the indexer's error as an IndexerError. */
  private async api(params: TorznabParams, signal?: AbortSignal) {
    const url = new URL(this.apiUrl);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);

    const reply = await this.request(url, signal);
    if (reply.kind === 'magnet') {
      throw new IndexerError(this.name, 'answered an API call with a magnet link', {
        kind: 'invalid_response',
      });
    }
    const document = readTorznabDocument(reply.body.toString('utf8'), this.name);
    if (document.kind === 'error') throw document.error;
    return document;
  }

  private async download(downloadUrl: string, signal?: AbortSignal): Promise<FetchedRelease> {
    let url: URL;
    try {
      url = new URL(downloadUrl);
    } catch {
      throw new IndexerError(this.name, 'release has an invalid download link', { kind: 'invalid_response' });
    }
    const reply = await this.request(url, signal);
    if (reply.kind === 'magnet') return { kind: 'magnet', uri: reply.uri };

    const { body } = reply;
    if (this.protocol === 'torrent' && isTorrentFile(body)) return { kind: 'torrent', bytes: body };
    if (this.protocol === 'usenet' && isNzbFile(body)) return { kind: 'nzb', bytes: body };

    // Not the file: most often an indexer error (download limit, bad key) or an HTML page.
    const expected = this.protocol === 'torrent' ? 'a .torrent file' : 'an .nzb file';
    const text = body.subarray(0, 64 * 1024).toString('utf8');
    let document;
    try {
      document = readTorznabDocument(text, this.name);
    } catch (error) {
      if (error instanceof IndexerError) {
        throw new IndexerError(this.name, `download link did not return ${expected}: ${error.reason}`, {
          kind: 'invalid_response',
        });
      }
      throw error;
    }
    if (document.kind === 'error') throw document.error;
    throw new IndexerError(this.name, `download link did not return ${expected}`, {
      kind: 'invalid_response',
    });
  }

  /**
   * The one door to the indexer. Adds the API key to URLs on the indexer's own origin, applies the
   * timeout to the whole exchange (headers and body), retries connection failures and 502–504,
   * follows redirects by hand (so a redirect to `magnet:` is caught and a key is never sent to
   * another host) and turns every failure into an IndexerError whose message holds no secret.
   */
  private async request(target: URL, signal?: AbortSignal): Promise<Reply> {
    let url = this.withApiKey(target);
    for (let redirects = 0; ; redirects++) {
      const response = await this.fetchWithRetries(url, signal);
      if (response.kind === 'magnet') return response;
      if (response.kind === 'redirect') {
        if (redirects >= this.maxRedirects) {
          throw new IndexerError(this.name, `too many redirects (more than ${this.maxRedirects})`, {
            kind: 'invalid_response',
          });
        }
        url = this.withApiKey(response.location);
        continue;
      }
      return {
        kind: 'body',
        status: response.status,
        contentType: response.contentType,
        body: response.body,
      };
    }
  }

  private async fetchWithRetries(
    url: URL,
    signal?: AbortSignal,
  ): Promise<Reply | { kind: 'redirect'; location: URL }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.fetchOnce(url, signal);
      } catch (error) {
        const retryable =
          error instanceof IndexerError &&
          (error.kind === 'unreachable' ||
            (error.kind === 'http_error' && [502, 503, 504].includes(error.httpStatus ?? 0)));
        if (!retryable || attempt >= this.retries || signal?.aborted) throw error;
      }
    }
  }

  private async fetchOnce(
    url: URL,
    signal?: AbortSignal,
  ): Promise<Reply | { kind: 'redirect'; location: URL }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await this.fetch(url, {
        redirect: 'manual',
        signal: combined,
        headers: { 'user-agent': USER_AGENT, accept: 'application/rss+xml, application/xml, text/xml, */*' },
      });

      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location) {
          throw new IndexerError(this.name, `HTTP ${response.status} redirect without a location`, {
            kind: 'http_error',
            httpStatus: response.status,
          });
        }
        if (isMagnet(location)) return { kind: 'magnet', uri: location };
        return { kind: 'redirect', location: new URL(location, url) };
      }

      const body = await this.readBody(response);
      if (response.status >= 200 && response.status < 300) {
        return {
          kind: 'body',
          status: response.status,
          contentType: response.headers.get('content-type') ?? '',
          body,
        };
      }
      throw this.httpFailure(response, body);
    } catch (error) {
      if (error instanceof IndexerError) throw error;
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) {
        throw new IndexerError(this.name, `did not answer within ${formatSeconds(this.timeoutMs)}`, {
          kind: 'timeout',
        });
      }
      // The challenge solver failed, or the site still challenged the cleared request. Not retried
      // here: a second solve straight away would fail the same way; the back-off decides when.
      // Redacted, because the solver's message may quote the URL it visited, key included.
      if (error instanceof UpstreamError) {
        throw new IndexerError(
          this.name,
          `is behind a challenge that was not passed: ${this.redact(error.message)}`,
          {
            kind: 'invalid_response',
          },
        );
      }
      throw new IndexerError(
        this.name,
        `could not be reached (${this.redact(describeNetworkError(error))})`,
        {
          kind: 'unreachable',
        },
      );
    }
  }

  private httpFailure(response: Response, body: Buffer): IndexerError {
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
    // Jackett and Prowlarr put a Newznab <error> in 4xx bodies: its description is the useful part.
    let apiError: IndexerError | undefined;
    try {
      const document = readTorznabDocument(body.subarray(0, 64 * 1024).toString('utf8'), this.name);
      if (document.kind === 'error') apiError = document.error;
    } catch {
      apiError = undefined;
    }

    if (status === 429) {
      const detail = apiError ? `: ${apiError.reason}` : '';
      return new IndexerError(this.name, `rate limited (HTTP 429)${detail}`, {
        kind: 'rate_limited',
        httpStatus: status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    if (apiError) {
      return new IndexerError(this.name, apiError.reason, {
        kind: apiError.kind,
        httpStatus: status,
        ...(apiError.apiCode === undefined ? {} : { apiCode: apiError.apiCode }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    const kind = status === 401 || status === 403 ? 'auth' : 'http_error';
    return new IndexerError(
      this.name,
      `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`,
      {
        kind,
        httpStatus: status,
      },
    );
  }

  private async readBody(response: Response): Promise<Buffer> {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.maxResponseBytes) {
      await response.body?.cancel();
      throw this.tooLarge();
    }
    if (!response.body) return Buffer.alloc(0);
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > this.maxResponseBytes) {
        await reader.cancel();
        throw this.tooLarge();
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks, length);
  }

  private tooLarge(): IndexerError {
    return new IndexerError(this.name, `answered with more than ${this.maxResponseBytes} bytes`, {
      kind: 'invalid_response',
    });
  }

  /** Adds `apikey` to URLs on the indexer's origin that lack one; other hosts never see the key. */
  private withApiKey(url: URL): URL {
    if (this.apiKey === undefined || url.origin !== this.apiUrl.origin || url.searchParams.has('apikey'))
      return url;
    const keyed = new URL(url);
    keyed.searchParams.set('apikey', this.apiKey);
    return keyed;
  }

  private redact(text: string): string {
    if (this.apiKey === undefined) return text;
    return text
      .split(this.apiKey)
      .join('[redacted]')
      .split(encodeURIComponent(this.apiKey))
      .join('[redacted]');
  }
}

function apiUrlOf(base: string, apiPath: string, indexer: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new BadRequestError(`indexer ${indexer}: invalid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestError(`indexer ${indexer}: the URL must start with http:// or https://`);
  }
  const path = `${url.pathname.replace(/\/+$/, '')}/${apiPath.replace(/^\/+/, '')}`;
  return new URL(path.replace(/\/+$/, '') || '/', url.origin);
}

function isMagnet(url: string): boolean {
  return /^magnet:\?/i.test(url.trim());
}

/** A bencoded dictionary with an `info` key: the least a .torrent file must be. */
function isTorrentFile(body: Buffer): boolean {
  return body.length > 0 && body[0] === 0x64 && body.includes('4:info');
}

function isNzbFile(body: Buffer): boolean {
  return /<nzb[\s>]/.test(body.subarray(0, 4096).toString('utf8'));
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(date - now, 0);
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code}` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
