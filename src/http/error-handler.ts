// The one place where errors become HTTP responses: typed domain errors map to status codes, every
// body has the shape { error: { code, message, details?, requestId } }, and internals stay hidden.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/database.js';
import { DomainError, type ErrorCode } from '../shared/errors.js';

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  upstream_error: 502,
  unavailable: 503,
  internal: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId: string };
}

interface Mapped {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

function mapError(error: unknown): Mapped {
  if (error instanceof DomainError) {
    return {
      status: statusByCode[error.code],
      code: error.code,
      message: error.message,
      details: error.details,
    };
  }
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation as ReadonlyArray<{ instancePath: string; message?: string }>;
    const details = issues.map((issue) => ({
      field: `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`,
      message: issue.message ?? 'invalid',
    }));
    const summary = details.map((detail) => `${detail.field}: ${detail.message}`).join('; ');
    return { status: 400, code: 'bad_request', message: `invalid request: ${summary}`, details };
  }
  if (isResponseSerializationError(error)) {
    return { status: 500, code: 'internal', message: 'internal error' };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: 'unavailable', message: 'the database is unavailable; try again shortly' };
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, code: 'payload_too_large', message: 'request body is too large' };
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      code: 'unsupported_media_type',
      message: fastifyError.message ?? 'unsupported media type',
    };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'bad_request';
    return { status, code, message: fastifyError.message ?? 'bad request' };
  }
  return { status: 500, code: 'internal', message: 'internal error' };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = mapError(error);
  if (mapped.status >= 500) {
    request.log.error({ err: error, reqId: request.id }, 'request failed');
  } else {
    request.log.debug({ err: error, reqId: request.id }, 'request rejected');
  }
  const body: ErrorBody = {
    error: {
      code: mapped.code,
      message: mapped.message,
      ...(mapped.details === undefined ? {} : { details: mapped.details }),
      requestId: request.id,
    },
  };
  if (mapped.status === 401) void reply.header('www-authenticate', 'X-Api-Key');
  return reply.status(mapped.status).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body: ErrorBody = {
    error: {
      code: 'not_found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      requestId: request.id,
    },
  };
  return reply.status(404).send(body);
}
