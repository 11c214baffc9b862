import { METRICS } from '@landfall/common';

/** `landfall_<service>_requests_total` and `landfall_<service>_errors_total`, by region and operation. */
function callCounters(service: 's3' | 'sts', name: string) {
  return {
    count: METRICS.counter(`landfall_${service}_requests_total`, `${name} calls by region and operation`, [
      'region',
      'operation',
    ]),
    countError: METRICS.counter(
      `landfall_${service}_errors_total`,
      `${name} calls that failed (after the SDK retries), by region, operation and error name`,
      ['region', 'operation', 'error'],
    ),
  };
}

const COUNTERS = { s3: callCounters('s3', 'S3'), sts: callCounters('sts', 'STS') };

type Handler = (args: unknown) => Promise<unknown>;

/** The part of an AWS SDK v3 client this needs (S3Client and STSClient both have it). */
interface InitializeStep {
  middlewareStack: {
    add(
      middleware: (next: Handler, context: { commandName?: string }) => Handler,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Counts every call a client makes, and every failure, by region and command: one middleware at the SDK's first
 * step, so each call counts once however often the SDK retried it underneath.
 */
export function countSdkCalls(
  client: { middlewareStack: object },
  service: 's3' | 'sts',
  region: string,
): void {
  const { count, countError } = COUNTERS[service];
  // The SDK's stack is generic over each client's input and output types; this middleware reads neither.
  (client as InitializeStep).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      count({ region, operation });
      try {
        return await next(args);
      } catch (error) {
        countError({ region, operation, error: error instanceof Error ? error.name : 'unknown' });
        throw error;
      }
    },
    { step: 'initialize', name: 'landfallCallMetrics' },
  );
}
