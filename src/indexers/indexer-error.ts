// Owns the one error type every indexer throws. Its `kind` tells the caller what to do about it
// (ask the user for a new API key, wait for the rate limit, back off, …); its message is safe to show
// and log: indexers put API keys and passkeys in URLs, so messages never carry a raw URL or key.
import { UpstreamError } from '../shared/errors.js';

export type IndexerFailureKind =
  /** Wrong or missing API key, suspended account, not allowed (Newznab 100–102, HTTP 401/403). */
  | 'auth'
  /** Request or download limit reached (Newznab 500/501, HTTP 429). */
  | 'rate_limited'
  /** The indexer answered with any other Newznab error code. */
  | 'api_error'
  /** A non-2xx HTTP status without a Newznab error in the body. */
  | 'http_error'
  /** Not the XML we asked for: HTML (login page, Cloudflare), garbage, truncated, wrong document. */
  | 'invalid_response'
  /** No complete answer within the indexer's timeout. */
  | 'timeout'
  /** Connection refused, DNS failure, reset: the indexer could not be reached. */
  | 'unreachable';

export interface IndexerErrorDetails {
  kind: IndexerFailureKind;
  /** Newznab error code, when the indexer sent one. */
  apiCode?: number;
  httpStatus?: number;
  /** From a Retry-After header (or an indexer's own hint), in milliseconds. */
  retryAfterMs?: number;
}

export class IndexerError extends UpstreamError {
  /** The message without the indexer's name in front. */
  readonly reason: string;
  readonly kind: IndexerFailureKind;
  readonly apiCode: number | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(indexer: string, message: string, details: IndexerErrorDetails, options?: ErrorOptions) {
    super(indexer, message, options);
    this.reason = message;
    this.kind = details.kind;
    this.apiCode = details.apiCode;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Newznab error codes grouped by what they mean for us (see the Newznab API's error table). */
export function kindOfNewznabCode(code: number): IndexerFailureKind {
  if (code >= 100 && code <= 102) return 'auth';
  // 429 is not a Newznab code, but some indexers put the HTTP status in the error element.
  if (code === 500 || code === 501 || code === 429) return 'rate_limited';
  return 'api_error';
}
