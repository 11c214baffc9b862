import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  /** http://127.0.0.1:port; loopback only. */
  origin: string;
  paths: string[];
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  elapsedMs: number;
  /** Latency of every completed request, in milliseconds. */
  latencies: Float64Array;
  firstError?: string;
}

/**
 * A closed-loop load generator: `connections` keep-alive connections, each sending its next request as soon
 * as the previous one completes, until the duration is over. Runs in a worker thread so it never competes
 * with the server for the main event loop.
 */
async function run(job: LoadJob): Promise<LoadResult> {
  const origin = new URL(job.origin);
  if (origin.hostname !== '127.0.0.1' && origin.hostname !== 'localhost') throw new Error('loopback only');
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + job.durationMs;

  const once = (path: string) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const request = http.get(
        { host: origin.hostname, port: origin.port, path, headers: job.headers, agent },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => {
            if (response.statusCode !== 200 && body.length < 300) body += chunk.toString();
          });
          response.on('end', () => {
            if (response.statusCode === 200) latencies.push(performance.now() - t0);
            else {
              errors++;
              firstError ??= `HTTP ${response.statusCode} for ${path}: ${body}`;
            }
            resolve();
          });
        },
      );
      request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
      request.on('error', (error) => {
        errors++;
        firstError ??= error.message;
        resolve();
      });
    });

  const loop = async () => {
    while (performance.now() < deadline) await once(job.paths[next++ % job.paths.length]);
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    elapsedMs,
    latencies: Float64Array.from(latencies),
    firstError,
  };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadJob).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}
