import { Prisma } from '@prisma/client';
import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-errors';
import { resolveError } from '../controllers/error-envelope';

const clientVersion = Prisma.prismaVersion.client;

function pgError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
}

function socketError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), {
    code,
    errno: -111,
    syscall: 'connect',
  });
}

function prismaError(code: string, message: string, meta?: Record<string, unknown>) {
  return new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion, meta });
}

describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset connection', socketError('ECONNRESET')],
    [
      'FATAL 57P01 (server restarting)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    [
      '57P02 crash shutdown',
      pgError('57P02', 'terminating connection because of crash of another server process'),
    ],
    ['57P03 starting up', pgError('57P03', 'the database system is starting up')],
    ['08006 connection failure', pgError('08006', 'connection failure')],
    ['53300 too many connections', pgError('53300', 'sorry, too many clients already')],
    ['57014 statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['55P03 lock timeout', pgError('55P03', 'canceling statement due to lock timeout')],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg-pool: pool timeout', new Error('timeout exceeded when trying to connect')],
    ['Prisma P1001', prismaError('P1001', "Can't reach database server at 127.0.0.1:5432")],
    ['Prisma P1017', prismaError('P1017', 'Server has closed the connection.')],
    ['Prisma P2024', prismaError('P2024', 'Timed out fetching a new connection from the connection pool.')],
    [
      'Prisma P2028 (no transaction in time)',
      prismaError('P2028', 'Transaction API error: Unable to start a transaction in the given time.'),
    ],
    [
      'a raw query failing with 57P01 through the pg adapter',
      prismaError('P2010', 'Raw query failed. Code: `57P01`.', {
        driverAdapterError: Object.assign(new Error('postgres'), {
          cause: { kind: 'postgres', originalCode: '57P01', code: '57P01' },
        }),
      }),
    ],
    [
      'an adapter error of kind DatabaseNotReachable',
      Object.assign(new Error('DatabaseNotReachable'), { cause: { kind: 'DatabaseNotReachable' } }),
    ],
    ['a wrapped outage', new Error('could not load', { cause: socketError('ECONNREFUSED') })],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', prismaError('P2002', 'Unique constraint failed on the fields: (`name`)')],
    ['a record not found', prismaError('P2025', 'Record to update not found.')],
    ['a check violation', pgError('23514', 'new row violates check constraint')],
    ['a syntax error', pgError('42601', 'syntax error at or near "SELEC"')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('leaves %s alone', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe('resolveError for a database outage', () => {
  it('answers 503 SERVICE.DATABASE_UNAVAILABLE with Retry-After, and keeps the cause for the log', () => {
    const cause = prismaError(
      'P2028',
      'Transaction API error: Unable to start a transaction in the given time.',
    );
    const sut = resolveError(cause, 'r1');
    expect(sut.status).toBe(503);
    expect(sut.body).toEqual({
      error: { code: 'SERVICE.DATABASE_UNAVAILABLE', message: expect.any(String) },
      requestId: 'r1',
    });
    expect(sut.retryAfterSeconds).toBeGreaterThan(0);
    expect(sut.internal).toBe(cause);
  });

  it('still answers 500 for a bug', () => {
    expect(resolveError(new Error('boom'), 'r2').status).toBe(500);
  });
});
