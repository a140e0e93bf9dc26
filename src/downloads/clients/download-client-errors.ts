// Owns turning whatever a download-client call threw (fetch errors, ofetch's FetchError, a library's
// plain Error) into one DownloadClientError whose message tells the user what to fix.
import { DownloadClientError, type DownloadClientFailure } from './download-client.js';

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
};

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return chain;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function bodyText(data: unknown): string {
  const text =
    typeof data === 'string' ? data : data === undefined || data === null ? '' : JSON.stringify(data);
  return text.trim().replace(/\s+/g, ' ').slice(0, 200);
}

/** Maps an HTTP status and body that a client answered with. */
export function httpFailure(
  product: string,
  url: string,
  action: string,
  status: number,
  body: string,
  options?: ErrorOptions,
): DownloadClientError {
  const detail = body ? `: ${body}` : '';
  let reason: DownloadClientFailure = 'rejected';
  let message = `${action} failed with HTTP ${status}${detail}`;
  if (status === 401 || status === 403) {
    reason = 'unauthorized';
    message = `${product} at ${url} refused our credentials (HTTP ${status}${detail}): check the username and password`;
  } else if (status === 404) {
    message = `no ${product} API at ${url} (HTTP 404): check the URL and any reverse-proxy path`;
  }
  return new DownloadClientError(product, reason, message, options);
}

export function toDownloadClientError(
  product: string,
  url: string,
  action: string,
  timeoutMs: number,
  error: unknown,
): DownloadClientError {
  if (error instanceof DownloadClientError) return error;
  const chain = causes(error);
  for (const item of chain) {
    const name = field(item, 'name');
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new DownloadClientError(
        product,
        'timeout',
        `no answer from ${url} within ${timeoutMs} ms (${action})`,
        {
          cause: error,
        },
      );
    }
    const code = field(item, 'code');
    if (typeof code === 'string' && code in NETWORK_CODES) {
      return new DownloadClientError(
        product,
        'unreachable',
        `cannot reach ${url}: ${NETWORK_CODES[code]} (${code})`,
        {
          cause: error,
        },
      );
    }
  }
  const status = field(error, 'statusCode') ?? field(error, 'status');
  if (typeof status === 'number' && status >= 400) {
    return httpFailure(product, url, action, status, bodyText(field(error, 'data')), { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/auth failed|invalid cookie/i.test(message)) {
    return new DownloadClientError(
      product,
      'unauthorized',
      `${product} at ${url} refused the login: check the username and password`,
      { cause: error },
    );
  }
  if (/failed to add torrent/i.test(message)) {
    return new DownloadClientError(product, 'rejected', `${product} refused the torrent (${action})`, {
      cause: error,
    });
  }
  if (chain.some((item) => item instanceof TypeError && /fetch failed/.test(item.message))) {
    return new DownloadClientError(product, 'unreachable', `cannot reach ${url}: ${message}`, {
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new DownloadClientError(product, 'invalid_response', `${action}: answer is not valid JSON`, {
      cause: error,
    });
  }
  return new DownloadClientError(product, 'rejected', `${action} failed: ${message}`, { cause: error });
}
