import { run, type CommandGroup } from '../core/define';
import { lazy } from '../core/lazy';

/** Break-glass: works with the hub down, straight on the database (DATABASE_URL, else the embedded one). */
export const registerDb: CommandGroup = (program, context) => {
  const group = program.command('db').description('Database (direct, no hub needed)');

  group
    .command('migrate')
    .description('Apply the committed database migrations (idempotent; run before starting upgraded hubs)')
    .action(
      run<[], object>(context, async (ctx) => {
        // Loaded here, not at start-up: every other command talks HTTP only.
        const { loadConfig } = lazy.config();
        const { applyMigrations } = lazy.persistence();
        const { connectCliDatabase, redactUrl } = lazy.database();
        const config = loadConfig({ LOG_LEVEL: 'warn', ...ctx.io.env });
        const database = await connectCliDatabase(config, (line) => ctx.io.err(`${line}\n`));
        try {
          await applyMigrations(database.url);
          ctx.io.out(`migrations applied to ${redactUrl(database.url)}\n`);
        } finally {
          await database.stop();
        }
      }),
    );
};
