import { Logger } from '@nestjs/common';
import pg from 'pg';
import { METRICS } from '@landfall/common';
import { connectionFieldsOf } from '../domain/database-url';

/** Per-connection session limits (milliseconds). */
export interface SessionTimeouts {
  /** `statement_timeout`: no statement runs longer. */
  statementMs: number;
  /** `lock_timeout`: no statement waits longer for a row or table lock. */
  lockMs: number;
  /** `idle_in_transaction_session_timeout`: a transaction left open by a stalled process is ended by the server. */
  idleInTransactionMs: number;
  /** Opening a connection. (Waiting for a free pooled one is bounded by `statementMs`: a burst queues, a hang ends.) */
  connectMs: number;
}

export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = {
  statementMs: 15_000,
  lockMs: 5_000,
  idleInTransactionMs: 30_000,
  connectMs: 15_000,
};

export interface ConnectionOptions {
  url: string;
  timeouts: SessionTimeouts;
  /** Shows in `pg_stat_activity.application_name`: which process and which kind of connection. */
  applicationName: string;
}

const countConnectionError = METRICS.counter(
  'landfall_database_connection_errors_total',
  'Errors on database connections (server restart, network) by where they arrived',
  ['where'],
);

const countQuery = METRICS.counter(
  'landfall_database_queries_total',
  'Statements this process sent to PostgreSQL (each one a round trip), BEGIN and COMMIT included',
);

/** Settings of one connection: the session limits travel in the startup packet, so they cost no round trip. */
export function clientConfigOf(options: ConnectionOptions): pg.ClientConfig {
  return {
    ...connectionFieldsOf(options.url),
    application_name: options.applicationName,
    statement_timeout: options.timeouts.statementMs,
    lock_timeout: options.timeouts.lockMs,
    idle_in_transaction_session_timeout: options.timeouts.idleInTransactionMs,
    connectionTimeoutMillis: options.timeouts.connectMs,
    // A peer that vanished without a FIN (network partition) is noticed in tens of seconds, not hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * The pool Prisma's adapter runs on. pg emits `'error'` on a client whose connection dies (FATAL 57P01 when
 * PostgreSQL restarts); an `'error'` nobody listens to kills the process. The pool listens only while a client is
 * idle and the adapter only once it has begun a transaction, so a client dying in between crashed the hub. Here
 * every client has a listener from its first moment to its last; the query that was using it fails and is
 * answered as an outage (503), and the pool replaces the connection.
 */
export function createDatabasePool(options: ConnectionOptions & { poolSize: number }): pg.Pool {
  const logger = new Logger('DatabasePool');
  const config = clientConfigOf(options);
  // pg-pool gives its own connectionTimeoutMillis to every client it opens; keep the two bounds apart.
  class BoundedClient extends pg.Client {
    constructor(settings: pg.ClientConfig) {
      // pg-pool keeps `password` non-enumerable (so it is not logged): a spread would drop it.
      super({
        ...settings,
        password: settings.password,
        connectionTimeoutMillis: config.connectionTimeoutMillis,
      });
    }
  }
  const pool = new pg.Pool({
    ...config,
    max: options.poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.timeouts.statementMs,
    Client: BoundedClient as unknown as new () => pg.ClientBase,
  });
  pool.on('error', (error) => {
    countConnectionError({ where: 'idle' });
    logger.warn({ err: error }, 'an idle database connection was lost; the pool replaces it');
  });
  pool.on('connect', (client) => {
    countQueriesOf(client);
    client.on('error', (error) => {
      countConnectionError({ where: 'client' });
      logger.warn({ err: error }, 'a database connection was lost');
    });
  });
  return pool;
}

/** Counts every statement a pooled client sends (`landfall_database_queries_total`): round trips per request. */
function countQueriesOf(client: pg.PoolClient): void {
  const send = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    countQuery();
    return send(...args);
  };
}
