import { randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_CODE,
  isDatabaseUnavailable,
} from '../domain/database-errors';
import { DomainError, httpStatusOf } from '../domain/domain-error';

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown; errorId?: string };
  requestId: string;
}

export interface ResolvedError {
  status: number;
  body: ErrorEnvelope;
  retryAfterSeconds?: number;
  /** Set for 5xx: what to log (the envelope hides it from the caller). */
  internal?: unknown;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'REQUEST.BODY_TOO_LARGE',
    message: 'Request body exceeds 1 MiB',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'REQUEST.MALFORMED_JSON', message: 'Empty JSON body' },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
    message: 'Malformed JSON body',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'REQUEST.INVALID_CONTENT_LENGTH',
    message: 'Content-Length does not match the body',
  },
  FST_ERR_BAD_URL: { status: 400, code: 'REQUEST.BAD_URL', message: 'Malformed URL (bad percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'REQUEST.URI_TOO_LONG',
    message: 'A path segment is longer than 100 characters',
  },
};

const HTTP_CODES: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  405: 'ROUTE.METHOD_NOT_ALLOWED',
  408: 'REQUEST.TIMEOUT',
  411: 'REQUEST.LENGTH_REQUIRED',
  413: 'REQUEST.BODY_TOO_LARGE',
  414: 'REQUEST.URI_TOO_LONG',
  431: 'REQUEST.HEADERS_TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

/** One place that turns anything thrown into the `{ error: { code, message }, requestId }` envelope. */
export function resolveError(exception: unknown, requestId: string): ResolvedError {
  if (exception instanceof DomainError) {
    return {
      status: httpStatusOf(exception.kind),
      body: envelope(exception.code, exception.message, requestId, exception.details),
      retryAfterSeconds: exception.retryAfterSeconds,
    };
  }
  // Nest wraps errors Fastify raises while reading the request (parsing, size); the cause says which.
  const cause = (exception as { cause?: FastifyLikeError } | null)?.cause;
  const wrapped = cause?.code ? FASTIFY_CODES[cause.code] : undefined;
  if (wrapped) return { status: wrapped.status, body: envelope(wrapped.code, wrapped.message, requestId) };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status < 500) {
      const { message, details } = describeHttpException(exception);
      return { status, body: envelope(HTTP_CODES[status] ?? `HTTP.${status}`, message, requestId, details) };
    }
  }
  const fastify = exception as FastifyLikeError | null;
  const known = fastify?.code ? FASTIFY_CODES[fastify.code] : undefined;
  if (known) return { status: known.status, body: envelope(known.code, known.message, requestId) };
  if (fastify?.statusCode && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const status = fastify.statusCode;
    return { status, body: envelope(HTTP_CODES[status] ?? `HTTP.${status}`, 'Bad request', requestId) };
  }
  if (isDatabaseUnavailable(exception)) return databaseUnavailable(exception, requestId);
  const errorId = randomUUID();
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Internal error', errorId }, requestId },
    internal: exception,
  };
}

/** An outage or overload of the database: the caller should retry, and can tell it from a bug. */
function databaseUnavailable(exception: unknown, requestId: string): ResolvedError {
  const message = 'The database is unavailable; retry after the time in Retry-After';
  return {
    status: 503,
    body: envelope(DATABASE_UNAVAILABLE_CODE, message, requestId),
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    internal: exception,
  };
}

function envelope(code: string, message: string, requestId: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details }, requestId };
}

function describeHttpException(exception: HttpException): { message: string; details?: unknown } {
  const response = exception.getResponse();
  if (typeof response === 'string') return { message: response };
  const body = response as { message?: unknown; details?: unknown };
  if (Array.isArray(body.details) && typeof body.message === 'string') {
    return { message: body.message, details: body.details };
  }
  if (Array.isArray(body.message)) return { message: 'Request validation failed', details: body.message };
  return { message: typeof body.message === 'string' ? body.message : exception.message };
}
