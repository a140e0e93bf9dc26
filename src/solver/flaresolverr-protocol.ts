// Owns FlareSolverr's wire format (POST /v1): reading a request body into one of our commands, with
// FlareSolverr's own error wording so Prowlarr, Jackett and scripts written against FlareSolverr
// see the answers they expect, and the response shapes we send back.
import { z } from 'zod';

/** FlareSolverr's default when `maxTimeout` is absent or below 1 ms. */
export const DEFAULT_MAX_TIMEOUT_MS = 60_000;

const inputCookieSchema = z.object({
  name: z.string().min(1),
  value: z.string(),
  domain: z.string().optional(),
  path: z.string().optional(),
  expires: z.number().optional(),
  expiry: z.number().optional(),
  httpOnly: z.boolean().optional(),
  secure: z.boolean().optional(),
  sameSite: z.string().optional(),
});

/** A cookie the caller hands in (`cookies`), as FlareSolverr clients send it. */
export type InputCookie = z.infer<typeof inputCookieSchema>;

// Loose on purpose: FlareSolverr ignores fields it does not know (proxy, headers, userAgent, …), and
// clients written for older versions still send them.
const rawRequestSchema = z.object({
  cmd: z.string().optional(),
  url: z.string().optional(),
  maxTimeout: z.union([z.number(), z.string()]).optional(),
  cookies: z.array(inputCookieSchema).optional(),
  returnOnlyCookies: z.boolean().optional(),
  session: z.string().optional(),
  session_ttl_minutes: z.number().positive().optional(),
  postData: z.string().optional(),
});

export interface PageRequest {
  method: 'GET' | 'POST';
  url: string;
  /** `application/x-www-form-urlencoded` body; only for POST. */
  postData: string | undefined;
  maxTimeoutMs: number;
  cookies: InputCookie[];
  returnOnlyCookies: boolean;
  session: string | undefined;
  sessionTtlMs: number | undefined;
}

export type SolverCommand =
  | { cmd: 'request.get' | 'request.post'; request: PageRequest }
  | { cmd: 'sessions.create'; session: string | undefined }
  | { cmd: 'sessions.list' }
  | { cmd: 'sessions.destroy'; session: string };

/** A cookie as FlareSolverr returns it (the Chrome DevTools shape). */
export interface SolutionCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Seconds since the epoch; -1 for a session cookie. */
  expires: number;
  size: number;
  httpOnly: boolean;
  secure: boolean;
  session: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
}

export interface Solution {
  url: string;
  status: number;
  /** Absent when `returnOnlyCookies` was asked for. */
  headers?: Record<string, string>;
  /** The page's HTML; absent when `returnOnlyCookies` was asked for. */
  response?: string;
  cookies: SolutionCookie[];
  userAgent: string;
}

export interface V1Response {
  status: 'ok' | 'error';
  message: string;
  startTimestamp: number;
  endTimestamp: number;
  version: string;
  solution?: Solution;
  session?: string;
  sessions?: string[];
}

/** A request FlareSolverr would refuse; its message is FlareSolverr's wording. */
export class SolverRequestError extends Error {
  override readonly name = 'SolverRequestError';
}

function maxTimeoutOf(value: number | string | undefined): number {
  const parsed = typeof value === 'string' ? Number.parseInt(value, 10) : value;
  return parsed === undefined || !Number.isFinite(parsed) || parsed < 1 ? DEFAULT_MAX_TIMEOUT_MS : parsed;
}

function checkUrl(url: string | undefined, cmd: string): string {
  if (url === undefined || url === '') {
    throw new SolverRequestError(`Request parameter 'url' is mandatory in '${cmd}' command.`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SolverRequestError(`Request parameter 'url' = '${url}' is not a valid URL.`);
  }
  // The browser must only ever be pointed at web pages, never at file:// or chrome:// internals.
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SolverRequestError(
      `Request parameter 'url' must be an http or https URL, not '${parsed.protocol}'.`,
    );
  }
  return parsed.href;
}

/** Reads a POST /v1 body. Throws SolverRequestError with FlareSolverr's message when it is not valid. */
export function parseSolverCommand(body: unknown): SolverCommand {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SolverRequestError('Request body must be a JSON object.');
  }
  const parsed = rawRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'body';
    throw new SolverRequestError(`Request parameter '${field}' is invalid: ${issue?.message ?? 'invalid'}.`);
  }
  const raw = parsed.data;
  if (raw.cmd === undefined) throw new SolverRequestError("Request parameter 'cmd' is mandatory.");
  switch (raw.cmd) {
    case 'request.get':
    case 'request.post': {
      const url = checkUrl(raw.url, raw.cmd);
      if (raw.cmd === 'request.get' && raw.postData !== undefined) {
        throw new SolverRequestError("Cannot use 'postBody' when sending a GET request.");
      }
      if (raw.cmd === 'request.post' && raw.postData === undefined) {
        throw new SolverRequestError("Request parameter 'postData' is mandatory in 'request.post' command.");
      }
      return {
        cmd: raw.cmd,
        request: {
          method: raw.cmd === 'request.get' ? 'GET' : 'POST',
          url,
          postData: raw.postData,
          maxTimeoutMs: maxTimeoutOf(raw.maxTimeout),
          cookies: raw.cookies ?? [],
          returnOnlyCookies: raw.returnOnlyCookies ?? false,
          session: raw.session || undefined,
          sessionTtlMs: raw.session_ttl_minutes === undefined ? undefined : raw.session_ttl_minutes * 60_000,
        },
      };
    }
    case 'sessions.create':
      return { cmd: 'sessions.create', session: raw.session || undefined };
    case 'sessions.list':
      return { cmd: 'sessions.list' };
    case 'sessions.destroy':
      if (!raw.session)
        throw new SolverRequestError(
          "Request parameter 'session' is mandatory in 'sessions.destroy' command.",
        );
      return { cmd: 'sessions.destroy', session: raw.session };
    default:
      throw new SolverRequestError(`Request parameter 'cmd' = '${raw.cmd}' is invalid.`);
  }
}

/** FlareSolverr prints seconds the way Python prints a float: 60.0, 1.5, 0.25. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? seconds.toFixed(1) : String(seconds);
}
