import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/**
 * The load generator, run as its own process (never inside the process under test): reads one job from the JSON
 * file named by argv[2], drives it with autocannon and prints one JSON summary line on stdout.
 */
export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  /** Seconds to run; ignored when `amount` is set. */
  seconds: number;
  /** Exactly this many requests (e.g. one per new appliance for cold inits). */
  amount?: number;
  headers?: Record<string, string>;
  body?: string;
  /** One `authorization: Bearer …` per request, cycled. */
  bearerKeys?: string[];
}

export interface LoadSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadJob;
  const keys = job.bearerKeys ?? [];
  let next = 0;
  const result = await autocannon({
    url: job.url,
    method: job.method,
    connections: job.connections,
    ...(job.amount ? { amount: job.amount } : { duration: job.seconds }),
    headers: { ...(job.body ? { 'content-type': 'application/json' } : {}), ...job.headers },
    body: job.body,
    timeout: 30,
    requests:
      keys.length > 0
        ? [
            {
              setupRequest: (request) => {
                const key = keys[next++ % keys.length];
                return { ...request, headers: { ...request.headers, authorization: `Bearer ${key}` } };
              },
            },
          ]
        : undefined,
  });
  const summary: LoadSummary = {
    requestsPerSecond: result.requests.total / (result.duration || 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
