/**
 * Tells "the database cannot serve us right now" (down, restarting, out of connections, too slow to hand out a
 * connection or start a transaction) from every other error, so callers get `503` + `Retry-After` for an outage
 * and `500` only for a bug. Reads error shapes only (pg, Prisma and its pg adapter), so it needs neither.
 */
export const DATABASE_UNAVAILABLE_CODE = 'SERVICE.DATABASE_UNAVAILABLE';
/** A restart of PostgreSQL takes a few seconds; agents retry after this. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Node socket errors on the way to the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** SQLSTATEs of an unavailable or overloaded server (class 08 is matched by prefix). */
const SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is restarting or a connection was terminated
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
  '57014', // query_canceled: our statement_timeout (an overloaded server)
  '55P03', // lock_not_available: our lock_timeout (the row is held; retry)
  '25P03', // idle_in_transaction_session_timeout ended our own transaction
]);

/** Prisma's codes for the same situations (with the pg adapter they come with or without the SQLSTATE). */
const PRISMA_CODES = new Set([
  'P1001', // can't reach database server
  'P1002', // database server reached but timed out
  'P1008', // operations timed out (socket timeout)
  'P1017', // server has closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2028', // transaction API error: "Unable to start a transaction in the given time", expired transaction
  'P2037', // too many database connections opened
]);

/** Error kinds of Prisma's driver adapters. */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/** Plain `Error`s pg raises without a code. */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /sorry, too many clients already/i,
  /Unable to start a transaction in the given time/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
  /Timed out fetching a new connection from the connection pool/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as Record<string, unknown>;
    for (const key of ['code', 'originalCode', 'errorCode']) {
      const code = e[key];
      if (typeof code === 'string' && isUnavailableCode(code)) return true;
    }
    if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
    if (e.kind === 'postgres' && typeof e.code === 'string' && isUnavailableCode(e.code)) return true;
    for (const key of ['message', 'originalMessage']) {
      const message = e[key];
      if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
    }
    queue.push(e.cause);
    const meta = e.meta as Record<string, unknown> | undefined;
    if (meta && typeof meta === 'object') queue.push(meta.driverAdapterError, meta.cause);
    if (Array.isArray(e.errors)) queue.push(...(e.errors as unknown[]));
  }
  return false;
}

function isUnavailableCode(code: string): boolean {
  return (
    SOCKET_CODES.has(code) ||
    SQLSTATES.has(code) ||
    PRISMA_CODES.has(code) ||
    (code.length === 5 && code.startsWith('08'))
  );
}
