import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { isDatabaseUnavailable } from '@landfall/common';
import { loadConfig } from '@landfall/config';
import { createDatabasePool, PrismaService } from '@landfall/persistence';
import type pg from 'pg';
import { uniqueSuffix } from '../support/test-hub';

/**
 * The session limits every pooled connection carries: with the defaults a connection says so itself, and a
 * stalled process's open transaction (a worker SIGSTOPped mid-`UPDATE`) no longer blocks the next lease holder
 * forever: its lock wait ends in `lock_timeout` (answered as 503), and the server ends the idle transaction.
 */
describe('database session limits', () => {
  const table = `session_probe_${uniqueSuffix()}`;
  const url = inject('databaseUrl');
  const pools: pg.Pool[] = [];
  let prisma: PrismaService;

  beforeAll(async () => {
    prisma = new PrismaService({ url, poolSize: 2, timeouts: loadConfig({}).database.timeouts });
    await prisma.$executeRawUnsafe(`CREATE TABLE ${table} (id int PRIMARY KEY, v int NOT NULL)`);
    await prisma.$executeRawUnsafe(`INSERT INTO ${table} VALUES (1, 0)`);
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS ${table}`);
    await prisma.onModuleDestroy();
  });

  it('every connection carries the configured statement, lock and idle-in-transaction limits', async () => {
    const [row] = await prisma.$queryRaw<Record<string, string>[]>`
      SELECT current_setting('statement_timeout') AS statement,
             current_setting('lock_timeout') AS lock,
             current_setting('idle_in_transaction_session_timeout') AS idle,
             current_setting('application_name') AS name`;
    expect(row).toEqual({ statement: '15s', lock: '5s', idle: '30s', name: 'landfall' });
  });

  it('a stalled open transaction: the next writer gets lock_timeout (an outage, 503), then the server frees the row', async () => {
    const timeouts = { statementMs: 10_000, lockMs: 500, idleInTransactionMs: 2_000, connectMs: 5_000 };
    const stalledPool = createDatabasePool({
      url,
      poolSize: 1,
      timeouts,
      applicationName: 'landfall-stalled',
    });
    const nextPool = createDatabasePool({ url, poolSize: 1, timeouts, applicationName: 'landfall-next' });
    pools.push(stalledPool, nextPool);

    // The stalled worker: takes the row lock inside a transaction, then does nothing more (as if SIGSTOPped).
    const stalled = await stalledPool.connect();
    await stalled.query('BEGIN');
    await stalled.query(`UPDATE ${table} SET v = v + 1 WHERE id = 1`);

    const blocked = await nextPool
      .query(`UPDATE ${table} SET v = v + 10 WHERE id = 1`)
      .catch((e: unknown) => e);
    expect(blocked).toMatchObject({ code: '55P03' });
    expect(isDatabaseUnavailable(blocked)).toBe(true);

    // The server ends the stalled transaction (its locks go with it); the next writer gets through.
    const deadline = Date.now() + 60_000;
    let done = false;
    while (!done) {
      done = await nextPool
        .query(`UPDATE ${table} SET v = v + 10 WHERE id = 1`)
        .then(() => true)
        .catch(() => false);
      if (!done && Date.now() > deadline) throw new Error('the stalled transaction was never ended');
    }
    const after = await stalled.query('SELECT 1').catch((e: unknown) => e);
    expect(after).toBeInstanceOf(Error);
    stalled.release(after as Error);
    // The stalled increment was rolled back; only the next writer's landed.
    const rows = await nextPool.query<{ v: number }>(`SELECT v FROM ${table} WHERE id = 1`);
    expect(rows.rows[0].v).toBe(10);
  });
});
