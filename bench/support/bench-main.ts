import { Client } from 'pg';
import { withDatabase } from '@landfall/persistence';

/** One statement on the server's maintenance database (CREATE/DROP DATABASE of a bench's own database). */
export async function onServer(server: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(server, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs a bench's main: exit 0 when it resolves, else the stack on stderr and exit 1. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
