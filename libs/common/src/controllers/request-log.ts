import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';
import { redactUrl } from '../domain/redact';

/** Probes a load balancer or Prometheus calls every few seconds: their line is written at debug. */
const PROBE_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);
/** The stable code of an error envelope (`{ "error": { "code": … } }`), read from the serialised answer. */
const ENVELOPE_CODE = /"code"\s*:\s*"([A-Za-z0-9_.:-]{1,80})"/;

const errorCodes = new WeakMap<FastifyRequest, string>();

export interface RequestLogOptions {
  /** False: no per-request line at all (LOG_REQUESTS=false); errors are still logged where they happen. */
  enabled: boolean;
}

/** The level of one request's line: probes at debug, server errors at warn, everything else at info. */
export function requestLogLevel(route: string | undefined, status: number): Level {
  if (route !== undefined && PROBE_ROUTES.has(route)) return 'debug';
  return status >= 500 ? 'warn' : 'info';
}

/** The error code of an envelope answer, or undefined (success, or a body that is not an envelope). */
export function envelopeCodeOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined;
  return ENVELOPE_CODE.exec(payload.slice(0, 512))?.[1];
}

/**
 * Exactly one log line per request, written when the answer has been sent: method, route pattern (never the raw
 * URL, whose query may carry credentials), status, duration in ms, the envelope's error code and the request id
 * (bound by Fastify's request logger). At debug and below the line also carries the URL through the one
 * redaction function. Replaces Fastify's two lines per request (`disableRequestLogging`).
 */
export function installRequestLog(fastify: FastifyInstance, options: RequestLogOptions): void {
  if (!options.enabled) return;
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400) {
      const code = envelopeCodeOf(payload);
      if (code !== undefined) errorCodes.set(request, code);
    }
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const status = reply.statusCode;
    const level = requestLogLevel(route, status);
    // The hub's Fastify logs through pino (createRootLogger), so its request logger is a pino child.
    const log = request.log as unknown as Logger;
    if (log.isLevelEnabled(level)) {
      const line: Record<string, unknown> = {
        method: request.method,
        route: route ?? null,
        status,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      };
      const code = errorCodes.get(request);
      if (code !== undefined) line.code = code;
      if (log.isLevelEnabled('debug')) line.url = redactUrl(request.url);
      log[level](line, 'request');
    }
    done();
  });
}
