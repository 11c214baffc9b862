import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadJob, LoadResult } from './load-worker';

export interface LoadSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  firstError?: string;
}

/** Runs one load job in a worker thread and summarises it. */
export function runLoad(job: LoadJob): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'load-worker.js'), { workerData: job });
    worker.once('message', (message: { result?: LoadResult; error?: string }) => {
      void worker.terminate();
      if (!message.result) {
        reject(new Error(message.error ?? 'load worker failed'));
        return;
      }
      resolve(summarise(message.result));
    });
    worker.once('error', reject);
  });
}

function summarise(result: LoadResult): LoadSummary {
  const sorted = Float64Array.from(result.latencies).sort();
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
  return {
    requestsPerSecond: (result.requests / result.elapsedMs) * 1000,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    requests: result.requests,
    errors: result.errors,
    firstError: result.firstError,
  };
}
