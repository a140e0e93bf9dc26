// What every metadata client does the same way: check a configured base URL, send a call with
// retries and rate-limit pauses, and turn a JSON answer into a validated payload with an error that
// names the service, the path and where the shape broke.
import type { z } from 'zod';
import type { Logger } from '../logging/logger.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, UpstreamError } from '../shared/errors.js';
import type { RequestLimiter } from './request-limiter.js';

/** An http(s) base URL without query string or credentials, trailing slashes removed. */
export function parseApiBaseUrl(service: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadRequestError(`${service} base URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestError(`${service} base URL must be http(s): ${value}`);
  }
  if (url.search || url.username || url.password) {
    throw new BadRequestError(`${service} base URL must not carry a query string or credentials`);
  }
  return url.toString().replace(/\/+$/, '');
}

export function parseJsonPayload<T>(service: string, path: string, schema: z.ZodType<T>, body: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new UpstreamError(service, `${path} answered with something that is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new UpstreamError(service, `${path} answered an unexpected shape at ${where}: ${issue?.message}`);
  }
  return parsed.data;
}

/** An HTTP answer, read whole, with the headers a client may act on. */
export interface ApiReply {
  status: number;
  retryAfter: string | null;
  location: string | null;
  body: string;
}

export interface RetryPolicy {
  service: string;
  timeoutMs: number;
  /** Extra attempts after a dropped connection or a 5xx (never after a timeout). */
  retries: number;
  /** First back-off; doubles each retry. */
  retryDelayMs: number;
  /** How many 429 answers to wait out before giving up. */
  rateLimitRetries: number;
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterMs: number;
  /** The wait after a 429 that says nothing. */
  rateLimitPauseMs: number;
  limiter: RequestLimiter;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  logger?: Pick<Logger, 'debug' | 'warn'> | undefined;
}

/**
 * Sends one API call through the service's limiter: a dropped connection or a 5xx is tried again with
 * back-off, a 429 pauses every queued call until Retry-After, a hang fails at the timeout. Any other
 * answer (and the last 5xx) comes back for the caller to read. Errors never carry the URL.
 */
export async function sendWithRetries(
  policy: RetryPolicy,
  path: string,
  send: (signal: AbortSignal) => Promise<Response>,
): Promise<ApiReply> {
  const { service, logger } = policy;
  let failures = 0;
  let rateLimited = 0;
  for (;;) {
    const started = policy.clock.now();
    let reply: ApiReply;
    try {
      reply = await policy.limiter.run(async () => {
        const response = await send(AbortSignal.timeout(policy.timeoutMs));
        return {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          location: response.headers.get('location'),
          body: await response.text(),
        };
      });
    } catch (error) {
      const reason = describeFetchFailure(service, error, policy.timeoutMs);
      // A hang is not retried: the next attempt would most likely hang just as long.
      if (reason.retryable && failures < policy.retries) {
        failures += 1;
        logger?.warn({ path, attempt: failures }, `${service} request failed (${reason.message}); retrying`);
        await policy.sleep(policy.retryDelayMs * 2 ** (failures - 1));
        continue;
      }
      throw new UpstreamError(service, `${path}: ${reason.message}`);
    }
    logger?.debug({ path, status: reply.status, ms: policy.clock.now() - started }, `${service} request`);

    if (reply.status === 429) {
      const waitMs = retryAfterMs(reply.retryAfter, policy.clock.now()) ?? policy.rateLimitPauseMs;
      if (rateLimited >= policy.rateLimitRetries || waitMs > policy.maxRetryAfterMs) {
        throw new UpstreamError(
          service,
          `rate limit exceeded on ${path}; gave up after ${rateLimited} ${rateLimited === 1 ? 'retry' : 'retries'} (Retry-After ${Math.ceil(waitMs / 1000)}s)`,
        );
      }
      rateLimited += 1;
      logger?.warn({ path, waitMs }, `${service} rate limit hit; pausing requests`);
      policy.limiter.pauseUntil(policy.clock.now() + waitMs);
      continue;
    }
    if (reply.status >= 500 && failures < policy.retries) {
      failures += 1;
      logger?.warn({ path, attempt: failures }, `${service} answered HTTP ${reply.status}; retrying`);
      await policy.sleep(policy.retryDelayMs * 2 ** (failures - 1));
      continue;
    }
    return reply;
  }
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function describeFetchFailure(
  service: string,
  error: unknown,
  timeoutMs: number,
): { message: string; retryable: boolean } {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { message: `no answer within ${Math.round(timeoutMs / 100) / 10}s`, retryable: false };
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return { message: code ? `cannot reach ${service} (${code})` : `cannot reach ${service}`, retryable: true };
}
