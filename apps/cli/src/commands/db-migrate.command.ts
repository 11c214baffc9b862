import { applyMigrations } from '@landfall/persistence';
import type { Command } from '../cli/command';
import { cliConfig } from '../context/cli-context';
import { connectCliDatabase, redactUrl } from '../context/cli-database';

export const dbMigrateCommand: Command = {
  path: ['db', 'migrate'],
  summary: 'Apply the committed database migrations (idempotent)',
  args: { positionals: [], flags: {} },
  async run(_args, io) {
    const database = await connectCliDatabase(cliConfig(io), (line) => io.err(`${line}\n`));
    try {
      await applyMigrations(database.url);
      io.out(`migrations applied to ${redactUrl(database.url)}\n`);
    } finally {
      await database.stop();
    }
  },
};
