import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveError } from './error-envelope';
import { METRICS } from '../services/metrics';

const countRefusal = METRICS.counter(
  'landfall_rate_limit_refusals_total',
  'Requests refused with 429 by a limiter, by error code (AUTH.RATE_LIMITED: failed authentications; LATENCY.…)',
  ['code'],
);

/** The global filter: every error leaves as the stable envelope; 5xx are logged with an error id. */
@Catch()
export class EnvelopeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const resolved = resolveError(exception, String(request.id));
    if (resolved.internal !== undefined) {
      this.logger.error(
        { errorId: resolved.body.error.errorId, requestId: request.id, err: resolved.internal },
        'unhandled error',
      );
    }
    if (resolved.status === 429) countRefusal({ code: resolved.body.error.code });
    if (resolved.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(Math.max(1, Math.ceil(resolved.retryAfterSeconds))));
    }
    this.adapterHost.httpAdapter.reply(reply, resolved.body, resolved.status);
  }
}
