import type { FastifyInstance } from 'fastify';
import type { PathItemObject } from '@nestjs/swagger';

export const LIVENESS_PATH = '/healthz';

const BODY = JSON.stringify({ status: 'ok' });

/**
 * `GET /healthz` as a plain Fastify route: a load balancer asks it every few seconds, and it has nothing for Nest's
 * guard, pipes or interceptors to do (public, no input, no database). The hub's Fastify hooks still run for it
 * (request id, metrics, request log at debug, edge checks of the query), so it answers like every other route.
 */
export function serveLiveness(fastify: FastifyInstance): void {
  fastify.get(LIVENESS_PATH, (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(BODY);
  });
}

/** Its OpenAPI entry, as Swagger wrote it when the route was a Nest handler (the document reads the same). */
export const LIVENESS_OPENAPI: PathItemObject = {
  get: {
    operationId: 'getLiveness',
    parameters: [],
    responses: { '200': { description: 'Always `{ "status": "ok" }` while the process runs' } },
    summary: 'Liveness: the process is up and serving',
    tags: ['health'],
  },
};
