// Owns talking to an external FlareSolverr (or another Omniarr's `omniarr solver`) over its HTTP API.
// Every call goes through request(), which owns the endpoint, the timeout (the solve's own budget
// plus a margin, since FlareSolverr answers a timeout itself), and reading the answer with zod.
import { z } from 'zod';
import { UpstreamError } from '../shared/errors.js';
import type { SolutionCookie } from './flaresolverr-protocol.js';
import {
  DEFAULT_SOLVE_TIMEOUT_MS,
  type ChallengeSolver,
  type SolveRequest,
  type SolvedPage,
} from './challenge-solver.js';

export interface FlareSolverrClientOptions {
  /** `http://flaresolverr:8191`, `http://flaresolverr:8191/v1` or `http://omniarr:7777/flaresolverr/v1`. */
  url: string;
  /** Added to each solve's own budget before we stop waiting for FlareSolverr's answer. */
  marginMs?: number;
  /** Sent as X-Api-Key, for an Omniarr at /flaresolverr/v1 (FlareSolverr itself has no auth). */
  apiKey?: string;
  fetch?: typeof fetch;
}

// FlareSolverr has answered cookies in the Chrome DevTools shape (Node versions) and in Selenium's
// (Python versions: `expiry`, no `size`/`session`), so both are read.
const cookieSchema = z.object({
  name: z.string(),
  value: z.string(),
  domain: z.string().optional().default(''),
  path: z.string().optional().default('/'),
  expires: z.number().optional(),
  expiry: z.number().optional(),
  httpOnly: z.boolean().optional().default(false),
  secure: z.boolean().optional().default(false),
  sameSite: z.string().optional(),
});

const responseSchema = z.object({
  status: z.string(),
  message: z.string().optional().default(''),
  session: z.string().optional(),
  sessions: z.array(z.string()).optional(),
  solution: z
    .object({
      url: z.string(),
      status: z.coerce.number().optional().default(200),
      headers: z.record(z.string(), z.unknown()).optional(),
      response: z.string().nullish(),
      cookies: z.array(cookieSchema).optional().default([]),
      userAgent: z.string(),
    })
    .optional(),
});

type RawResponse = z.infer<typeof responseSchema>;
type RawCookie = z.infer<typeof cookieSchema>;

const SESSION_CALL_TIMEOUT_MS = 30_000;

export class FlareSolverrClient implements ChallengeSolver {
  readonly name: string;
  private readonly endpoint: URL;
  private readonly marginMs: number;
  private readonly apiKey: string | undefined;
  private readonly fetch: typeof fetch;

  constructor(options: FlareSolverrClientOptions) {
    this.endpoint = endpointOf(options.url);
    this.name = `FlareSolverr at ${this.endpoint.origin}`;
    this.marginMs = options.marginMs ?? 10_000;
    this.apiKey = options.apiKey?.trim() || undefined;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async solve(request: SolveRequest, signal?: AbortSignal): Promise<SolvedPage> {
    const maxTimeout = request.maxTimeoutMs ?? DEFAULT_SOLVE_TIMEOUT_MS;
    const method = request.method ?? 'GET';
    const answer = await this.request(
      {
        cmd: method === 'GET' ? 'request.get' : 'request.post',
        url: request.url,
        maxTimeout,
        ...(method === 'POST' ? { postData: request.postData ?? '' } : {}),
        ...(request.cookies?.length ? { cookies: request.cookies } : {}),
        ...(request.returnOnlyCookies ? { returnOnlyCookies: true } : {}),
        ...(request.session ? { session: request.session } : {}),
      },
      maxTimeout + this.marginMs,
      signal,
    );
    if (!answer.solution) throw new UpstreamError(this.name, 'answered without a solution');
    const { solution } = answer;
    return {
      message: answer.message,
      url: solution.url,
      status: solution.status,
      ...(solution.headers ? { headers: stringHeaders(solution.headers) } : {}),
      ...(typeof solution.response === 'string' ? { response: solution.response } : {}),
      cookies: solution.cookies.map(toSolutionCookie),
      userAgent: solution.userAgent,
    };
  }

  async createSession(id?: string): Promise<string> {
    const answer = await this.request(
      { cmd: 'sessions.create', ...(id ? { session: id } : {}) },
      SESSION_CALL_TIMEOUT_MS,
    );
    if (!answer.session) throw new UpstreamError(this.name, 'created a session without naming it');
    return answer.session;
  }

  async listSessions(): Promise<string[]> {
    return (await this.request({ cmd: 'sessions.list' }, SESSION_CALL_TIMEOUT_MS)).sessions ?? [];
  }

  async destroySession(id: string): Promise<boolean> {
    try {
      await this.request({ cmd: 'sessions.destroy', session: id }, SESSION_CALL_TIMEOUT_MS);
      return true;
    } catch (error) {
      if (error instanceof UpstreamError && error.message.includes("session doesn't exist")) return false;
      throw error;
    }
  }

  private async request(
    body: Record<string, unknown>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<RawResponse> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.apiKey ? { 'x-api-key': this.apiKey } : {}) },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
    } catch (error) {
      if (timeout.aborted)
        throw new UpstreamError(this.name, `no answer within ${timeoutMs} ms`, { cause: error });
      if (signal?.aborted) throw error;
      const reason =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new UpstreamError(this.name, `unreachable: ${reason}`, { cause: error });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpstreamError(this.name, `answered HTTP ${response.status} with a body that is not JSON`);
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      throw new UpstreamError(
        this.name,
        `answered HTTP ${response.status} in an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    if (parsed.data.status !== 'ok') {
      // FlareSolverr prefixes its errors with "Error: "; ours are already attributed to the service.
      throw new UpstreamError(
        this.name,
        parsed.data.message.replace(/^Error: /, '') || `HTTP ${response.status}`,
      );
    }
    return parsed.data;
  }
}

function endpointOf(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UpstreamError('FlareSolverr', `"${url}" is not a URL`);
  }
  if (!/\/v1\/?$/.test(parsed.pathname)) parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/v1`;
  return parsed;
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

function toSolutionCookie(cookie: RawCookie): SolutionCookie {
  const expires = cookie.expires ?? cookie.expiry ?? -1;
  const sameSite = cookie.sameSite?.toLowerCase();
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    path: cookie.path,
    expires,
    size: cookie.name.length + cookie.value.length,
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    session: expires === -1,
    sameSite: sameSite === 'strict' ? 'Strict' : sameSite === 'none' ? 'None' : 'Lax',
  };
}
