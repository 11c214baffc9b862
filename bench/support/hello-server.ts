import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

/** The ceiling: a bare Fastify answering a small JSON body, no logging, on loopback. */
export async function startHelloWorld(): Promise<{ origin: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => app.close() };
}
