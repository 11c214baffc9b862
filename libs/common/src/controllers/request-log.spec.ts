import { Writable } from 'node:stream';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { installRequestLog } from './request-log';

async function serve(level: string, enabled: boolean) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let n = 0;
  const app = Fastify({
    loggerInstance: pino({ level }, stream),
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    genReqId: () => `req-${(n += 1)}`,
  });
  installRequestLog(app as unknown as FastifyInstance, { enabled });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/things/:id', async () => ({ ok: true }));
  app.get('/broken', async (_request, reply) =>
    reply.status(503).send({ error: { code: 'SERVICE.DATABASE_UNAVAILABLE', message: 'down' } }),
  );
  await app.ready();
  return { app, lines };
}

describe('installRequestLog', () => {
  it('writes exactly one line per request: method, route pattern, status, duration, request id', async () => {
    const { app, lines } = await serve('info', true);
    const res = await app.inject({ method: 'GET', url: '/things/42?apikey=SECRET' });
    expect(res.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request',
      method: 'GET',
      route: '/things/:id',
      status: 200,
    });
    expect(typeof lines[0].ms).toBe('number');
    expect(lines[0].requestId).toBe('req-1');
    expect(JSON.stringify(lines)).not.toContain('SECRET');
    expect(lines[0]).not.toHaveProperty('url');
  });

  it("carries the envelope's error code, and a 5xx line is a warning", async () => {
    const { app, lines } = await serve('info', true);
    await app.inject({ method: 'GET', url: '/broken' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        route: '/broken',
        status: 503,
        code: 'SERVICE.DATABASE_UNAVAILABLE',
      }),
    ]);
  });

  it('writes health probes at debug only', async () => {
    const quiet = await serve('info', true);
    await quiet.app.inject({ method: 'GET', url: '/healthz' });
    expect(quiet.lines).toEqual([]);
    const verbose = await serve('debug', true);
    await verbose.app.inject({ method: 'GET', url: '/healthz' });
    expect(verbose.lines).toEqual([expect.objectContaining({ level: 20, route: '/healthz', status: 200 })]);
  });

  it('at debug, adds the URL through the redaction function; an unmatched route is null', async () => {
    const { app, lines } = await serve('debug', true);
    await app.inject({ method: 'GET', url: '/nowhere?apikey=SECRET&region=x' });
    expect(lines).toEqual([
      expect.objectContaining({ route: null, status: 404, url: '/nowhere?apikey=[redacted]&region=x' }),
    ]);
  });

  it('writes no per-request line when switched off', async () => {
    const { app, lines } = await serve('trace', false);
    await app.inject({ method: 'GET', url: '/things/1' });
    await app.inject({ method: 'GET', url: '/broken' });
    expect(lines).toEqual([]);
  });
});
