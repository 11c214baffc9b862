import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Where `npm run build` put the console (apps/console → dist/console): beside the compiled hub when it runs from
 * dist/, under dist/ when the sources run (tests). Null when it was not built.
 */
export function consoleDirectory(): string | null {
  const root = path.resolve(__dirname, '..', '..', '..');
  const candidates = [path.join(root, 'console'), path.join(root, 'dist', 'console')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the admin console's static files at /console/ (no server of its own, nothing from a CDN). The files
 * hold no secret: the console asks for an admin key and calls the admin API with it like any other client.
 */
export async function serveConsole(
  app: NestFastifyApplication,
  directory = consoleDirectory(),
): Promise<void> {
  if (!directory) return;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: directory,
    prefix: '/console/',
    decorateReply: false,
    index: ['index.html'],
    redirect: true,
    cacheControl: true,
    maxAge: 0,
  });
}
