import { describe, expect, it } from 'vitest';
import { loadConfig } from '@landfall/config';
import { clientConfigOf, DEFAULT_SESSION_TIMEOUTS } from './database-pool';

describe(clientConfigOf.name, () => {
  it('puts the session limits and the application name on every connection', () => {
    const sut = clientConfigOf({
      url: 'postgresql://u:p%40ss@db.example:6543/landfall',
      timeouts: { statementMs: 15_000, lockMs: 5_000, idleInTransactionMs: 30_000, connectMs: 4_000 },
      applicationName: 'landfall-hub',
    });
    expect(sut).toMatchObject({
      host: 'db.example',
      port: 6543,
      user: 'u',
      password: 'p@ss',
      database: 'landfall',
      application_name: 'landfall-hub',
      statement_timeout: 15_000,
      lock_timeout: 5_000,
      idle_in_transaction_session_timeout: 30_000,
      connectionTimeoutMillis: 4_000,
    });
  });

  it('defaults to what the configuration defaults to', () => {
    expect(DEFAULT_SESSION_TIMEOUTS).toEqual(loadConfig({}).database.timeouts);
  });
});
