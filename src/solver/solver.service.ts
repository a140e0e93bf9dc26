// Owns solving: opening a page in a fresh browser context (or a session's context), waiting until a
// Cloudflare / DDoS-Guard challenge has cleared itself, and answering with the page, its cookies and
// the user agent that earned them; plus FlareSolverr's sessions. Every request runs under its own
// deadline (`maxTimeout`, counted from arrival, so time spent queued counts) and under a
// concurrency limit, because each open page costs a renderer process.
import { randomUUID } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import type { BrowserContext, Cookie, Page, Response } from 'playwright-core';
import type { Logger } from '../logging/logger.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { BrowserLease, ChromiumHost } from './chromium-host.js';
import {
  ACCESS_DENIED_MESSAGE,
  ACCESS_DENIED_SELECTORS,
  CHALLENGE_SELECTORS,
  isAccessDeniedTitle,
  isChallengeTitle,
} from './challenge-markers.js';
import {
  formatSeconds,
  parseSolverCommand,
  SolverRequestError,
  type InputCookie,
  type PageRequest,
  type Solution,
  type SolutionCookie,
  type SolverCommand,
  type V1Response,
} from './flaresolverr-protocol.js';

export interface SolverServiceOptions {
  host: ChromiumHost;
  /** Pages open at once; further requests wait (their deadline keeps running). */
  maxConcurrency?: number;
  /** A session nobody has used for this long is destroyed, so a forgotten one cannot pin Chromium. */
  sessionIdleMs?: number;
  /** Reported as `version` in every answer. */
  version: string;
  clock?: Clock;
  logger?: Logger;
}

export interface CommandResult {
  message: string;
  solution?: Solution;
  session?: string;
  sessions?: string[];
}

/** Solving failed (timeout, blocked, browser error); the message is FlareSolverr's wording. */
export class ChallengeError extends Error {
  override readonly name = 'ChallengeError';
}

interface Session {
  id: string;
  context: BrowserContext;
  lease: BrowserLease;
  createdAt: number;
  expiry: NodeJS.Timeout | undefined;
}

const CHALLENGE_STATUSES = new Set([403, 429, 503]);

/** How often the page is looked at while a challenge runs, besides on every navigation. */
const CHALLENGE_POLL_MS = 250;

export class SolverService {
  private readonly host: ChromiumHost;
  private readonly limit: LimitFunction;
  private readonly sessionIdleMs: number;
  private readonly version: string;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly sessions = new Map<string, Promise<Session>>();

  constructor(options: SolverServiceOptions) {
    this.host = options.host;
    this.limit = pLimit(Math.max(1, options.maxConcurrency ?? 2));
    this.sessionIdleMs = options.sessionIdleMs ?? 15 * 60_000;
    this.version = options.version;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
  }

  /**
   * Answers one FlareSolverr POST /v1 body. Never throws: every failure becomes FlareSolverr's error
   * shape with HTTP 500, as FlareSolverr itself answers.
   */
  async respond(body: unknown, signal?: AbortSignal): Promise<{ statusCode: number; body: V1Response }> {
    const startTimestamp = this.clock.now();
    let result: CommandResult;
    try {
      result = await this.run(parseSolverCommand(body), signal);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof SolverRequestError || error instanceof ChallengeError)) {
        this.logger?.error({ err: error }, 'challenge solver failed');
      }
      return {
        statusCode: 500,
        body: {
          status: 'error',
          message: `Error: ${message}`,
          startTimestamp,
          endTimestamp: this.clock.now(),
          version: this.version,
        },
      };
    }
    return {
      statusCode: 200,
      body: {
        status: 'ok',
        ...result,
        startTimestamp,
        endTimestamp: this.clock.now(),
        version: this.version,
      },
    };
  }

  /** Runs a parsed command. Throws SolverRequestError (bad request) or ChallengeError (solving failed). */
  async run(command: SolverCommand, signal?: AbortSignal): Promise<CommandResult> {
    switch (command.cmd) {
      case 'request.get':
      case 'request.post':
        return this.request(command.request, signal);
      case 'sessions.create': {
        const id = command.session ?? randomUUID();
        const existed = this.sessions.has(id);
        await this.session(id, undefined);
        return {
          message: existed ? 'Session already exists.' : 'Session created successfully.',
          session: id,
        };
      }
      case 'sessions.list':
        return { message: '', sessions: [...this.sessions.keys()] };
      case 'sessions.destroy':
        if (!(await this.destroySession(command.session)))
          throw new SolverRequestError("The session doesn't exist.");
        return { message: 'The session has been removed.' };
    }
  }

  sessionIds(): string[] {
    return [...this.sessions.keys()];
  }

  /** Closes every session and the browser. */
  async close(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.destroySession(id)));
    await this.host.close();
  }

  async destroySession(id: string): Promise<boolean> {
    const pending = this.sessions.get(id);
    if (!pending) return false;
    this.sessions.delete(id);
    try {
      const session = await pending;
      clearTimeout(session.expiry);
      await session.context.close().catch(() => undefined);
      session.lease.release();
    } catch {
      // A session whose creation failed holds nothing.
    }
    return true;
  }

  private async request(request: PageRequest, outer?: AbortSignal): Promise<CommandResult> {
    const deadline = AbortSignal.timeout(request.maxTimeoutMs);
    const signal = outer ? AbortSignal.any([deadline, outer]) : deadline;
    const timeoutMessage = `Error solving the challenge. Timeout after ${formatSeconds(request.maxTimeoutMs)} seconds.`;
    const work = this.limit(async () => {
      signal.throwIfAborted();
      return request.session ? this.inSession(request, signal) : this.inFreshContext(request, signal);
    });
    // The deadline also covers the wait in the queue: a request nobody started in time fails on time.
    const aborted = new Promise<never>((_, reject) => {
      const fail = () =>
        reject(
          new ChallengeError(
            deadline.aborted ? timeoutMessage : 'Error solving the challenge. The request was cancelled.',
          ),
        );
      if (signal.aborted) fail();
      else signal.addEventListener('abort', fail, { once: true });
    });
    try {
      return await Promise.race([work, aborted]);
    } catch (error) {
      if (error instanceof ChallengeError || error instanceof SolverRequestError) throw error;
      if (signal.aborted) throw new ChallengeError(timeoutMessage);
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new ChallengeError(`Error solving the challenge. ${reason}`, { cause: error });
    } finally {
      // Whichever side lost the race must not surface as an unhandled rejection.
      work.catch(() => undefined);
      aborted.catch(() => undefined);
    }
  }

  private async inFreshContext(request: PageRequest, signal: AbortSignal): Promise<CommandResult> {
    const lease = await this.host.acquire();
    try {
      const context = await lease.browser.newContext({ userAgent: lease.userAgent });
      try {
        return await this.visit(context, lease.userAgent, request, signal);
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      lease.release();
    }
  }

  private async inSession(request: PageRequest, signal: AbortSignal): Promise<CommandResult> {
    const id = request.session!;
    const session = await this.session(id, request.sessionTtlMs);
    this.touch(session);
    try {
      return await this.visit(session.context, session.lease.userAgent, request, signal);
    } finally {
      this.touch(session);
    }
  }

  /** The session named `id`, created if missing, replaced if older than `ttlMs` or its browser died. */
  private async session(id: string, ttlMs: number | undefined): Promise<Session> {
    const pending = this.sessions.get(id);
    if (pending) {
      const existing = await pending.catch(() => undefined);
      const stale =
        !existing ||
        !existing.lease.browser.isConnected() ||
        (ttlMs !== undefined && this.clock.now() - existing.createdAt > ttlMs);
      if (!stale) return existing;
      await this.destroySession(id);
    }
    const created = this.createSession(id);
    this.sessions.set(id, created);
    created.catch(() => {
      if (this.sessions.get(id) === created) this.sessions.delete(id);
    });
    return created;
  }

  private async createSession(id: string): Promise<Session> {
    const lease = await this.host.acquire();
    try {
      const context = await lease.browser.newContext({ userAgent: lease.userAgent });
      const session: Session = { id, context, lease, createdAt: this.clock.now(), expiry: undefined };
      this.touch(session);
      return session;
    } catch (error) {
      lease.release();
      throw error;
    }
  }

  private touch(session: Session): void {
    clearTimeout(session.expiry);
    session.expiry = setTimeout(() => {
      this.logger?.info({ session: session.id }, 'challenge solver session expired');
      void this.destroySession(session.id);
    }, this.sessionIdleMs);
    session.expiry.unref();
  }

  private async visit(
    context: BrowserContext,
    userAgent: string,
    request: PageRequest,
    signal: AbortSignal,
  ): Promise<CommandResult> {
    const page = await context.newPage();
    // Closing the page is what interrupts a navigation or a wait in flight when the deadline passes.
    const closePage = () => void page.close().catch(() => undefined);
    signal.addEventListener('abort', closePage, { once: true });
    try {
      if (request.cookies.length > 0)
        await context.addCookies(request.cookies.map((c) => toBrowserCookie(c, request.url)));
      let document: Response | null = null;
      const documentStatuses: number[] = [];
      page.on('response', (response) => {
        if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
          document = response;
          documentStatuses.push(response.status());
        }
      });
      if (request.method === 'POST') await postOnce(page, request);
      await page.goto(request.url, { waitUntil: 'domcontentloaded', timeout: 0 });
      const seen = await this.waitForChallenge(page, signal);
      signal.throwIfAborted();
      const final = document as Response | null;
      // On a busy machine a quick challenge can clear before we first look at it; the page that
      // answered 403/503 and then navigated away on its own was one all the same.
      const detected =
        seen || (documentStatuses.length > 1 && CHALLENGE_STATUSES.has(documentStatuses[0] ?? 200));
      // Logged once it is known, so a challenge that cleared before the first look is logged too.
      if (detected) this.logger?.info({ url: request.url, watched: seen }, 'challenge detected');
      const solution: Solution = {
        url: page.url(),
        status: final?.status() ?? 200,
        cookies: (await context.cookies()).map(toSolutionCookie),
        userAgent,
      };
      if (!request.returnOnlyCookies) {
        solution.headers = final?.headers() ?? {};
        solution.response = await page.content();
      }
      return { message: detected ? 'Challenge solved!' : 'Challenge not detected!', solution };
    } finally {
      signal.removeEventListener('abort', closePage);
      closePage();
    }
  }

  /** Waits until the page shows neither a challenge title nor a challenge element. */
  private async waitForChallenge(page: Page, signal: AbortSignal): Promise<boolean> {
    let detected = false;
    for (;;) {
      signal.throwIfAborted();
      const state = await inspect(page);
      if (state === 'navigating') {
        // The challenge script replaced the document; look again once the next one has loaded.
        await page.waitForLoadState('domcontentloaded', { timeout: 0 });
        await page.waitForTimeout(20);
        continue;
      }
      if (state.denied) throw new ChallengeError(`Error solving the challenge. ${ACCESS_DENIED_MESSAGE}`);
      if (!state.challenge) return detected;
      detected = true;
      // Cloudflare clears by navigating (or by rewriting the page in place, hence the poll).
      await page.waitForEvent('framenavigated', { timeout: CHALLENGE_POLL_MS }).catch(() => undefined);
    }
  }
}

interface PageDocument {
  title: string;
  querySelector(selector: string): unknown;
}

type PageState = { challenge: boolean; denied: boolean; marker: string | null } | 'navigating';

async function inspect(page: Page): Promise<PageState> {
  try {
    const seen = await page.evaluate(
      ({ challengeSelectors, deniedSelectors }) => {
        // Runs in the page; the project compiles without the DOM library, hence the narrow type.
        const doc = (globalThis as unknown as { document: PageDocument }).document;
        return {
          title: doc.title,
          challengeSelector:
            challengeSelectors.find((selector) => doc.querySelector(selector) !== null) ?? null,
          denied: deniedSelectors.some((selector) => doc.querySelector(selector) !== null),
        };
      },
      { challengeSelectors: [...CHALLENGE_SELECTORS], deniedSelectors: [...ACCESS_DENIED_SELECTORS] },
    );
    const titled = isChallengeTitle(seen.title);
    return {
      challenge: titled || seen.challengeSelector !== null,
      denied: seen.denied || isAccessDeniedTitle(seen.title),
      marker: titled ? `title "${seen.title}"` : seen.challengeSelector,
    };
  } catch (error) {
    if (page.isClosed()) throw error;
    return 'navigating';
  }
}

/** Sends the first navigation to the URL as a form POST; the challenge's own reloads stay as they are. */
async function postOnce(page: Page, request: PageRequest): Promise<void> {
  let sent = false;
  await page.route(
    (url) => !sent && url.href === request.url,
    async (route) => {
      if (sent || !route.request().isNavigationRequest()) return route.fallback();
      sent = true;
      await route.continue({
        method: 'POST',
        postData: request.postData?.replace(/^\?/, '') ?? '',
        headers: { ...route.request().headers(), 'content-type': 'application/x-www-form-urlencoded' },
      });
    },
  );
}

type BrowserCookie = Parameters<BrowserContext['addCookies']>[0][number];

function toBrowserCookie(cookie: InputCookie, url: string): BrowserCookie {
  const sameSite = normaliseSameSite(cookie.sameSite);
  const expires = cookie.expires ?? cookie.expiry;
  const common = {
    name: cookie.name,
    value: cookie.value,
    ...(expires !== undefined && expires > 0 ? { expires } : {}),
    ...(cookie.httpOnly !== undefined ? { httpOnly: cookie.httpOnly } : {}),
    ...(cookie.secure !== undefined ? { secure: cookie.secure } : {}),
    ...(sameSite ? { sameSite } : {}),
  };
  // Without a domain a cookie belongs to the requested site, as FlareSolverr's clients expect.
  return cookie.domain ? { ...common, domain: cookie.domain, path: cookie.path ?? '/' } : { ...common, url };
}

function normaliseSameSite(value: string | undefined): 'Strict' | 'Lax' | 'None' | undefined {
  const lower = value?.toLowerCase();
  if (lower === 'strict') return 'Strict';
  if (lower === 'lax') return 'Lax';
  if (lower === 'none') return 'None';
  return undefined;
}

function toSolutionCookie(cookie: Cookie): SolutionCookie {
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    path: cookie.path,
    expires: cookie.expires,
    size: cookie.name.length + cookie.value.length,
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    session: cookie.expires === -1,
    sameSite: cookie.sameSite,
  };
}
