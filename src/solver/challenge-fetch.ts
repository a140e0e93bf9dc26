// Owns passing a challenge for an indexer without the indexer knowing: a fetch() that recognises a
// Cloudflare / DDoS-Guard challenge answer, has the solver pass it once per site, then repeats the
// request directly with the clearance cookies and the very user agent that earned them (clearance is
// bound to both). The clearance is kept per host until it expires, so later calls go straight through.
// No tags to match: any indexer given this fetch uses the solver when, and only when, it must.
import type { Logger } from '../logging/logger.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { UpstreamError } from '../shared/errors.js';
import { detectChallenge, type DetectedChallenge } from './challenge-markers.js';
import type { ChallengeSolver } from './challenge-solver.js';
import type { SolutionCookie } from './flaresolverr-protocol.js';

export interface ChallengeFetchOptions {
  solver: ChallengeSolver;
  /** The underlying fetch (undici's, a test double); global fetch by default. */
  fetch?: typeof fetch;
  /** Budget for one solve. */
  solveTimeoutMs?: number;
  /** Longest a clearance is reused, even when its cookies claim to live longer. */
  clearanceTtlMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface Clearance {
  host: string;
  userAgent: string;
  cookies: SolutionCookie[];
  expiresAt: number;
}

/** Challenge pages are small; reading more of a large error body would only cost memory. */
const SNIFF_BYTES = 64 * 1024;

export class ChallengeAwareFetch {
  private readonly solver: ChallengeSolver;
  private readonly fetchImpl: typeof fetch;
  private readonly solveTimeoutMs: number;
  private readonly clearanceTtlMs: number;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly clearances = new Map<string, Clearance>();
  private readonly solving = new Map<string, Promise<Clearance>>();

  constructor(options: ChallengeFetchOptions) {
    this.solver = options.solver;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.solveTimeoutMs = options.solveTimeoutMs ?? 60_000;
    this.clearanceTtlMs = options.clearanceTtlMs ?? 30 * 60_000;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
  }

  /**
   * fetch(), passing a challenge when one answers. `init.body` must be re-sendable (a string,
   * URLSearchParams or bytes, not a stream) because a challenged request is sent a second time.
   * Throws UpstreamError when the solver fails or the site still challenges the cleared request.
   */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const first = await this.send(target, init);
    const challenge = await challengeIn(first);
    if (!challenge) return first;
    await first.body?.cancel().catch(() => undefined);

    this.forget(target);
    this.logger?.info({ host: target.host, reason: challenge.reason }, 'challenge met, asking the solver');
    await this.clear(target, challenge, init.signal ?? undefined);

    const second = await this.send(target, init);
    const again = await challengeIn(second);
    if (again) {
      await second.body?.cancel().catch(() => undefined);
      this.forget(target);
      throw new UpstreamError(
        this.solver.name,
        `${target.host} still answers with a ${again.vendor} challenge after it was solved (${again.reason})`,
      );
    }
    return second;
  }

  /** The clearance kept for a URL's host, if one is still fresh. */
  clearanceFor(url: string | URL): Clearance | undefined {
    const host = new URL(url).host;
    const clearance = this.clearances.get(host);
    if (clearance && clearance.expiresAt <= this.clock.now()) {
      this.clearances.delete(host);
      return undefined;
    }
    return clearance;
  }

  forget(url: string | URL): void {
    this.clearances.delete(new URL(url).host);
  }

  private send(target: URL, init: RequestInit): Promise<Response> {
    const clearance = this.clearanceFor(target);
    if (!clearance) return this.fetchImpl(target, init);
    const headers = new Headers(init.headers);
    headers.set('user-agent', clearance.userAgent);
    const ours = cookiesFor(target, clearance.cookies);
    if (ours) headers.set('cookie', [headers.get('cookie'), ours].filter(Boolean).join('; '));
    return this.fetchImpl(target, { ...init, headers });
  }

  /** One solve per host at a time: concurrent searches of a challenged site share it. */
  private clear(
    target: URL,
    challenge: DetectedChallenge,
    signal: AbortSignal | undefined,
  ): Promise<Clearance> {
    const pending = this.solving.get(target.host);
    if (pending) return pending;
    const solving = this.solve(target, challenge, signal).finally(() => this.solving.delete(target.host));
    this.solving.set(target.host, solving);
    return solving;
  }

  private async solve(
    target: URL,
    challenge: DetectedChallenge,
    signal: AbortSignal | undefined,
  ): Promise<Clearance> {
    const started = this.clock.now();
    // Always a GET of the same address: clearance is per site, and replaying a POST (a login, a
    // search form) through the browser could act twice.
    const solved = await this.solver.solve(
      { url: target.href, maxTimeoutMs: this.solveTimeoutMs, returnOnlyCookies: true },
      signal,
    );
    const cookies = solved.cookies.filter((cookie) => domainMatches(target.hostname, cookie.domain));
    const now = this.clock.now();
    const cookieExpiries = cookies
      .filter((cookie) => !cookie.session && cookie.expires > 0)
      .map((c) => c.expires * 1000);
    const clearance: Clearance = {
      host: target.host,
      userAgent: solved.userAgent,
      cookies,
      expiresAt: Math.min(now + this.clearanceTtlMs, ...cookieExpiries),
    };
    this.clearances.set(target.host, clearance);
    this.logger?.info(
      { host: target.host, vendor: challenge.vendor, ms: now - started, cookies: cookies.map((c) => c.name) },
      'challenge passed',
    );
    return clearance;
  }
}

async function challengeIn(response: Response): Promise<DetectedChallenge | null> {
  if (response.status !== 403 && response.status !== 429 && response.status !== 503) return null;
  const body = await sniff(response.clone());
  return detectChallenge({ status: response.status, headers: response.headers, body });
}

async function sniff(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the (cloned) stream, so a huge error page is never read whole.
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size >= SNIFF_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** RFC 6265 domain matching: "example.org" and ".example.org" both cover www.example.org. */
export function domainMatches(hostname: string, cookieDomain: string): boolean {
  const domain = cookieDomain.replace(/^\./, '').toLowerCase();
  const host = hostname.toLowerCase();
  return domain === '' || host === domain || host.endsWith(`.${domain}`);
}

function cookiesFor(target: URL, cookies: SolutionCookie[]): string {
  return cookies
    .filter((cookie) => target.pathname.startsWith(cookie.path || '/'))
    .filter((cookie) => !cookie.secure || target.protocol === 'https:')
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join('; ');
}
