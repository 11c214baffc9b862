import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestGateway } from '../../setup/test-gateway';

const run = promisify(execFile);

/** Stops region A's radosgw (the process only: cluster and data stay). */
export async function stopRegionA(gateway: TestGateway): Promise<void> {
  const pid = Number((await readFile(path.join(gateway.dir, 'run', 'client.rgw.a.pid'), 'utf8')).trim());
  process.kill(pid, 'SIGTERM');
  const port = portOf(gateway.regions[0].endpoint);
  for (let i = 0; i < 100 && (await isListening(port)); i += 1) await sleep(100);
  if (await isListening(port)) throw new Error('radosgw a did not stop');
}

export async function startRegionA(gateway: TestGateway): Promise<void> {
  const port = portOf(gateway.regions[0].endpoint);
  if (await isListening(port)) return;
  await run('radosgw', ['-n', 'client.rgw.a'], {
    env: { ...process.env, CEPH_CONF: path.join(gateway.dir, 'ceph.conf') },
    timeout: 60_000,
  });
  for (let i = 0; i < 300 && !(await isListening(port)); i += 1) await sleep(100);
  if (!(await isListening(port))) throw new Error('radosgw a did not come back');
  // Listening precedes serving by a moment: wait for an HTTP answer.
  for (let i = 0; i < 100; i += 1) {
    const ok = await fetch(gateway.regions[0].endpoint).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
}

/** Changes a radosgw setting at runtime through its admin socket. */
export async function setGatewayOption(gateway: TestGateway, name: string, value: string): Promise<void> {
  for (const daemon of ['client.rgw.a', 'client.rgw.b']) {
    await run(
      'ceph',
      ['daemon', path.join(gateway.dir, 'run', `${daemon}.asok`), 'config', 'set', name, value],
      {
        env: { ...process.env, CEPH_CONF: path.join(gateway.dir, 'ceph.conf') },
        timeout: 20_000,
      },
    );
  }
}

function portOf(endpoint: string): number {
  return Number(new URL(endpoint).port);
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
