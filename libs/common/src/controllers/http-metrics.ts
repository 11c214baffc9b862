import type { FastifyInstance } from 'fastify';
import { METRICS } from '../services/metrics';

/** Seconds; from a warm init (a few ms) to a slow admin import or a held-open request. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const observeRequest = METRICS.histogram(
  'landfall_http_request_duration_seconds',
  'HTTP request duration by method, route pattern (not the raw URL: bounded cardinality) and status',
  ['method', 'route', 'status'],
  BUCKETS,
);

/**
 * Times every request from arrival to the last byte written. One onResponse hook: Fastify already measured the
 * time (`reply.elapsedTime`) and knows the route pattern; unmatched URLs share one `route` label so a scanner
 * cannot grow the series without bound.
 */
export function observeHttpRequests(fastify: FastifyInstance): void {
  METRICS.collectProcessMetrics();
  fastify.addHook('onResponse', (request, reply, done) => {
    observeRequest(reply.elapsedTime / 1000, {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: statusLabel(reply.statusCode),
    });
    done();
  });
}

const STATUS_LABELS = new Map<number, string>();

/** The status as a label without a new string per request. */
function statusLabel(status: number): string {
  let label = STATUS_LABELS.get(status);
  if (label === undefined) {
    label = String(status);
    if (status >= 100 && status < 600) STATUS_LABELS.set(status, label);
  }
  return label;
}
