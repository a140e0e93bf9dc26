// Owns every HTTP exchange between one Cardigann indexer and its site. One door, request(): the base
// URL, the indexer's cookie jar, the timeout (headers and body), redirects followed by hand (cookies
// are kept at every hop, a redirect to `magnet:` is caught, and `followredirect: false` is honoured),
// the definition's `requestDelay` between calls, its page encoding, and a size cap. Failures become
// IndexerErrors whose message never carries a URL (sites put passkeys in them).
import { systemClock, sleep, type Clock } from '../../shared/clock.js';
import { IndexerError } from '../indexer-error.js';
import { detectChallenge } from '../../solver/challenge-markers.js';
import type { IndexerFetch } from '../torznab/torznab.client.js';
import type { CookieJar } from './cookie-jar.js';
import { encodeForm } from './form-encoding.js';

export interface SiteRequest {
  url: URL;
  method?: 'GET' | 'POST';
  /** Sent form-encoded as the body of a POST. */
  form?: URLSearchParams;
  headers?: Record<string, string>;
  /** Follow redirects (default true); false returns the 3xx response itself. */
  followRedirects?: boolean;
  signal?: AbortSignal;
}

export type SiteResponse =
  | {
      kind: 'page';
      /** Where the content came from, after redirects. */
      url: URL;
      status: number;
      contentType: string;
      body: Buffer;
      /** The body decoded with the page's charset, or the definition's encoding. */
      text: string;
      /** Set on a 3xx answer when redirects were not followed. */
      location: URL | null;
    }
  | { kind: 'magnet'; uri: string };

/**
 * The site answered with a browser challenge: no challenge-aware fetch was given, or it could not
 * pass it.
 */
export class ChallengeError extends IndexerError {
  constructor(indexer: string, detail: string) {
    super(indexer, `the site answered with a browser challenge (${detail})`, { kind: 'invalid_response' });
  }
}

export interface SiteClientOptions {
  indexer: string;
  cookies: CookieJar;
  /** The definition's `encoding`, used when the response does not name a charset. */
  encoding: string;
  timeoutMs: number;
  /** The definition's `requestDelay`, in ms: the least time between two requests to the site. */
  requestDelayMs: number;
  userAgent: string;
  /**
   * The fetch to use; the app passes the solver's challenge-aware fetch, which passes Cloudflare /
   * DDoS-Guard challenges and retries with the clearance. Global fetch by default.
   */
  fetch?: IndexerFetch;
  maxRedirects?: number;
  maxResponseBytes?: number;
  clock?: Clock;
}

export class SiteClient {
  private readonly clock: Clock;
  private readonly maxRedirects: number;
  private readonly maxResponseBytes: number;
  private lastRequestAt: number | undefined;
  private readonly fetch: IndexerFetch;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SiteClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  }

  /** The cookie jar's header for `url`; the caller never touches cookies directly. */
  cookieHeaderFor(url: URL): string | undefined {
    return this.options.cookies.headerFor(url);
  }

  async request(request: SiteRequest): Promise<SiteResponse> {
    let url = request.url;
    let method = request.method ?? 'GET';
    let form = request.form;
    for (let redirects = 0; ; redirects++) {
      const response = await this.exchange(url, method, form, request.headers, request.signal);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (/^magnet:/i.test(location)) return { kind: 'magnet', uri: location };
        const next = new URL(location, url);
        if (request.followRedirects === false) {
          return {
            kind: 'page',
            url,
            status: response.status,
            contentType: '',
            body: Buffer.alloc(0),
            text: '',
            location: next,
          };
        }
        if (redirects >= this.maxRedirects) {
          throw new IndexerError(
            this.options.indexer,
            `too many redirects (more than ${this.maxRedirects})`,
            {
              kind: 'invalid_response',
            },
          );
        }
        // 303, and 301/302 after a POST, turn into a GET as browsers do.
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          method = 'GET';
          form = undefined;
        }
        url = next;
        continue;
      }
      const body = await this.readBody(response);
      const challenge = detectChallenge({
        status: response.status,
        headers: response.headers,
        body: body.subarray(0, 64 * 1024).toString('utf8'),
      });
      if (challenge)
        throw new ChallengeError(this.options.indexer, `${challenge.vendor}: ${challenge.reason}`);
      if (response.status === 429) {
        throw new IndexerError(this.options.indexer, 'rate limited (HTTP 429)', {
          kind: 'rate_limited',
          httpStatus: 429,
          ...retryAfter(response.headers.get('retry-after'), this.clock.now()),
        });
      }
      if (response.status >= 400 && !(response.status === 401 || response.status === 403)) {
        throw new IndexerError(this.options.indexer, `HTTP ${response.status}`, {
          kind: 'http_error',
          httpStatus: response.status,
        });
      }
      const contentType = response.headers.get('content-type') ?? '';
      return {
        kind: 'page',
        url,
        status: response.status,
        contentType,
        body,
        text: this.decode(body, contentType),
        location: null,
      };
    }
  }

  /** One HTTP exchange, after waiting out `requestDelay`; stores the cookies it sets. */
  private async exchange(
    url: URL,
    method: 'GET' | 'POST',
    form: URLSearchParams | undefined,
    extraHeaders: Record<string, string> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    await this.waitTurn(signal);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      accept: 'text/html,application/xhtml+xml,application/json,application/xml;q=0.9,*/*;q=0.8',
      ...extraHeaders,
    };
    const cookie = this.options.cookies.headerFor(url);
    if (cookie) headers.cookie = cookie;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    try {
      const response = await this.fetch(url, {
        method,
        headers,
        body: form ? encodeForm(form, this.options.encoding) : undefined,
        redirect: 'manual',
        signal: combined,
      });
      this.options.cookies.storeFromResponse(url, response.headers.getSetCookie());
      return response;
    } catch (error) {
      throw this.networkFailure(error, signal, timeout);
    }
  }

  /** Serialises requests so `requestDelay` holds even when searches run concurrently. */
  private async waitTurn(signal: AbortSignal | undefined): Promise<void> {
    const turn = this.queue.then(async () => {
      if (this.lastRequestAt !== undefined && this.options.requestDelayMs > 0) {
        const wait = this.lastRequestAt + this.options.requestDelayMs - this.clock.now();
        if (wait > 0) await sleep(wait, signal);
      }
      this.lastRequestAt = this.clock.now();
    });
    this.queue = turn.catch(() => undefined);
    await turn;
    signal?.throwIfAborted();
  }

  private async readBody(response: Response): Promise<Buffer> {
    if (!response.body) return Buffer.alloc(0);
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        length += value.byteLength;
        if (length > this.maxResponseBytes) {
          await reader.cancel();
          throw new IndexerError(
            this.options.indexer,
            `answered with more than ${this.maxResponseBytes} bytes`,
            {
              kind: 'invalid_response',
            },
          );
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof IndexerError) throw error;
      throw new IndexerError(this.options.indexer, 'the answer was cut off or took too long', {
        kind: 'timeout',
      });
    }
    return Buffer.concat(chunks, length);
  }

  private decode(body: Buffer, contentType: string): string {
    const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? this.options.encoding;
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      return new TextDecoder(this.options.encoding).decode(body);
    }
  }

  private networkFailure(error: unknown, signal: AbortSignal | undefined, timeout: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason;
    if (timeout.aborted) {
      return new IndexerError(
        this.options.indexer,
        `did not answer within ${Math.round(this.options.timeoutMs / 100) / 10} s`,
        { kind: 'timeout' },
      );
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = (cause as { code?: unknown } | null)?.code;
    return new IndexerError(
      this.options.indexer,
      `could not be reached (${typeof code === 'string' ? code : 'network error'})`,
      { kind: 'unreachable' },
    );
  }
}

function retryAfter(header: string | null, now: number): { retryAfterMs?: number } {
  if (!header) return {};
  if (/^\d+$/.test(header.trim())) return { retryAfterMs: Number(header.trim()) * 1000 };
  const at = Date.parse(header);
  return Number.isNaN(at) ? {} : { retryAfterMs: Math.max(0, at - now) };
}
