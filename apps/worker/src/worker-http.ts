import Fastify, { type FastifyInstance } from 'fastify';
import { METRICS } from '@landfall/common';

/**
 * The worker's own small HTTP server: `/healthz` (the process is up) and `/metrics` (process metrics and the
 * migration families: objects and bytes copied, failures, S3 calls). No admin API and no authentication, like
 * the hub's `/metrics`: bind it where only the scraper reaches it (`HOST`, `WORKER_METRICS_PORT`).
 */
export async function startWorkerHttp(host: string, port: number): Promise<FastifyInstance> {
  METRICS.collectProcessMetrics();
  const server = Fastify({ logger: false });
  server.get('/healthz', async () => ({ status: 'ok' }));
  server.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', METRICS.contentType);
    return METRICS.render();
  });
  await server.listen({ host, port });
  return server;
}
