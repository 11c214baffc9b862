import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@landfall/config';
import { buildOpenApiDocument } from './bootstrap';
import { HubModule } from './hub.module';

/**
 * The hub's OpenAPI document without a database or S3: Nest's preview mode wires the modules but instantiates no
 * provider, so nothing connects; Swagger reads the controllers' metadata only. `npm run build` writes it to
 * dist/openapi.json, and the console's client types are generated from that file (apps/console).
 */
export async function renderOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/openapi',
    STORAGE_MODE: 'remote',
    S3_ACCESS_KEY_ID: 'openapi',
    S3_SECRET_ACCESS_KEY: 'openapi',
    STS_ROLE_ARN: 'arn:aws:iam:::role/openapi',
    STS_ACCESS_KEY_ID: 'openapi-broker',
    STS_SECRET_ACCESS_KEY: 'openapi',
    BUCKET_OWNER_ARN: 'arn:aws:iam:::user/openapi',
    WORKER_IN_PROCESS: 'false',
  });
  const runtime = {
    databaseUrl: 'postgresql://openapi@127.0.0.1:1/openapi',
    storage: {
      accessKeyId: 'openapi',
      secretAccessKey: 'openapi',
      forcePathStyle: true,
      requestTimeoutMs: 1000,
    },
    embedded: { postgres: false, s3: false },
    stop: async () => undefined,
  };
  const app = await NestFactory.create<NestFastifyApplication>(
    HubModule.register(config, runtime),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  app.enableVersioning({ type: VersioningType.URI });
  const document = buildOpenApiDocument(app);
  await app.close();
  return document;
}

if (require.main === module) {
  const target = process.argv[2];
  void renderOpenApiDocument().then((document) => {
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (target) writeFileSync(target, text);
    else process.stdout.write(text);
  });
}
