// Owns the typed domain errors that services throw. The HTTP layer maps them to status codes in one
// place (src/http/error-handler.ts); nothing else needs to know about HTTP.

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'upstream_error'
  | 'unavailable'
  | 'internal';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra, safe-to-show detail (e.g. which fields failed validation). */
  readonly details: unknown;

  constructor(message: string, details?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

export class BadRequestError extends DomainError {
  readonly code = 'bad_request';
}

export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
}

/** A third-party service (indexer, download client, TMDB, …) failed or answered nonsense. */
export class UpstreamError extends DomainError {
  readonly code = 'upstream_error';

  constructor(
    readonly service: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${service}: ${message}`, undefined, options);
  }
}

/** Our own dependency (the database) is unreachable; the request may succeed later. */
export class UnavailableError extends DomainError {
  readonly code = 'unavailable';
}
