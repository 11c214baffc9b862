import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Memory of a process started with `--inspect=127.0.0.1:<port>`, read after a full garbage collection: the DevTools
 * protocol's `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`, then VmRSS from /proc. Without the
 * collection, RSS and heap follow whenever V8 last happened to collect, not what the process holds.
 *
 * Node 20 has a WebSocket client only behind `--experimental-websocket` (22 has it by default), so the protocol is
 * spoken by this file run as a short-lived child with that flag when the running Node knows it.
 */
export interface MemoryAfterGc {
  rssMb: number;
  heapUsedMb: number;
}

export async function memoryAfterGc(pid: number, inspectPort: number): Promise<MemoryAfterGc> {
  const flags = process.allowedNodeEnvironmentFlags.has('--experimental-websocket')
    ? ['--no-warnings', '--experimental-websocket']
    : [];
  const child = spawn(
    process.execPath,
    [...flags, path.join(__dirname, 'after-gc.js'), String(inspectPort)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the DevTools client exited with ${code}`);
  const { usedSize } = JSON.parse(out) as { usedSize: number };
  return { rssMb: residentMb(pid), heapUsedMb: usedSize / 1024 / 1024 };
}

export function residentMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? Number.NaN) / 1024;
}

/** The child: collect garbage in the inspected process, print its heap usage as JSON. */
async function collectAndReport(port: number): Promise<void> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event: MessageEvent) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', reject);
  });
  let nextId = 0;
  const call = (method: string) =>
    new Promise<unknown>((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  await call('HeapProfiler.collectGarbage');
  const usage = await call('Runtime.getHeapUsage');
  socket.close();
  process.stdout.write(JSON.stringify(usage));
}

if (require.main === module) {
  collectAndReport(Number(process.argv[2])).catch((error: unknown) => {
    process.stderr.write(`after-gc: ${String(error)}\n`);
    process.exit(1);
  });
}
