import type { Logger as Pino } from 'pino';
import { isDatabaseUnavailable } from '../domain/database-errors';
import { METRICS } from './metrics';

const countRejection = METRICS.counter(
  'landfall_unhandled_rejections_total',
  'Promise rejections nobody handled, by kind (database: survived; other: the process exits)',
  ['kind'],
);

/**
 * What a process does with a rejection nobody handled. One a library left behind during a database outage (pg-boss
 * 10 does not await its job completion) is counted, logged at error and survived: the database comes back and the
 * work is retried. Anything else is a bug in an unknown state: log it and exit, as Node would.
 */
export function handleUnhandledRejection(reason: unknown, logger: Pino, exit: (code: number) => void): void {
  if (isDatabaseUnavailable(reason)) {
    countRejection({ kind: 'database' });
    logger.error({ err: reason }, 'unhandled rejection from a database outage; continuing');
    return;
  }
  countRejection({ kind: 'other' });
  logger.fatal({ err: reason }, 'unhandled rejection; exiting');
  exit(1);
}

export function installUnhandledRejectionHandler(logger: Pino): void {
  process.on('unhandledRejection', (reason) =>
    handleUnhandledRejection(reason, logger, (code) => process.exit(code)),
  );
}
