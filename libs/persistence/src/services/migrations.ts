import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '@landfall/common';

const run = promisify(execFile);

/** Applies the committed migrations with `prisma migrate deploy` (idempotent: applied ones are skipped). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const root = projectRoot();
  const prismaCli = require.resolve('prisma/build/index.js', { paths: [root] });
  const unrefTimers = path.join(root, 'scripts', 'prisma-unref-timers.cjs');
  try {
    await run(process.execPath, ['-r', unrefTimers, prismaCli, 'migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      timeout: 180_000,
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed: ${failure.stderr || failure.stdout || failure.message}`, {
      cause: error,
    });
  }
}
