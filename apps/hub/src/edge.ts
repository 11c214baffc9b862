import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  assertStorableInput,
  describeClientError,
  edgeEnvelope,
  inputErrors,
  jsonNestsDeeperThan,
  MAX_JSON_DEPTH,
  rawHttpResponse,
  requestPathOf,
  resolveError,
  type ErrorEnvelope,
} from '@landfall/common';
import { isTklbamPath, wireErrorText } from '@landfall/tklbam';

/**
 * The hub's edge: what every request passes before guards, pipes and class-transformer, and the answers the HTTP
 * layer gives by itself. Every one of them is the error envelope with a stable code (or, under /api/backup/, the
 * TKLBAM `Name:Description` text the agent parses).
 */

/** JSON bodies are parsed by Fastify's own parser (prototype poisoning refused) once their depth is checked. */
export function useDepthLimitedJsonParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    const text = body.toString('utf8');
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(inputErrors.tooDeep(), undefined);
      return;
    }
    void parse(request as FastifyRequest, text, done);
  });
}

/** NUL characters and unpaired surrogates are refused in the path parameters, the query and the body. */
export function refuseUnstorableText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      assertStorableInput({ path: request.params, query: request.query, body: request.body });
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
}

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a malformed percent-encoding, an over-long path
 * parameter), answered before any hook runs.
 */
export function answerFrameworkError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const resolved = resolveError(error, String(request.id));
  void reply.code(resolved.status).header('x-request-id', request.id);
  sendEnvelope(reply, request.raw.url ?? '/', resolved.body);
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser rejects (header/URI size, bad chunked framing, garbage
 * request lines) never becomes a request, so the envelope is written to the socket here.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // Node puts the bytes it had buffered on the error; Fastify's type describes it as a JSON-ified Buffer.
  const rawPacket = (error as { rawPacket?: unknown }).rawPacket;
  const packet = Buffer.isBuffer(rawPacket) ? rawPacket : undefined;
  const described = describeClientError({ code: error.code, rawPacket: packet });
  if (described === null || socket.destroyed) return;
  if (socket.writable) {
    const body = edgeEnvelope(described);
    const path = requestPathOf(packet);
    const tklbam = path !== null && isTklbamPath(path);
    socket.write(
      rawHttpResponse(
        described.status,
        STATUS_CODES[described.status] ?? 'Error',
        tklbam ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        tklbam ? wireErrorText(JSON.stringify(body)) : JSON.stringify(body),
        body.requestId,
      ),
    );
  }
  socket.destroy(error);
}

function sendEnvelope(reply: FastifyReply, url: string, body: ErrorEnvelope): void {
  if (isTklbamPath(url)) {
    void reply.type('text/plain; charset=utf-8').send(wireErrorText(JSON.stringify(body)));
  } else {
    void reply.type('application/json; charset=utf-8').send(body);
  }
}
