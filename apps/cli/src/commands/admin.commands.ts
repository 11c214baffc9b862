import { userInfo } from 'node:os';
import { run, type CommandGroup } from '../core/define';
import { lazy } from '../core/lazy';
import { CliError } from '../core/errors';
import { printObject } from '../output/render';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/**
 * Break-glass: mints an admin key straight in the database when no usable one exists (all lost, revoked or
 * expired), audited as the OS user. With a usable admin key left it refuses unless --force.
 */
export const registerAdmin: CommandGroup = (program, context) => {
  const group = program.command('admin').description('Break-glass administration (direct on the database)');

  group
    .command('bootstrap')
    .description('Mint an admin key when none is usable (database-direct, audited); the key is printed once')
    .option('--label <text>', 'what the key is for', 'break-glass admin key')
    .option('--force', 'mint one even though a usable admin key exists')
    .action(
      run<[], { label: string; force?: boolean }>(context, async (ctx, f) => {
        // Loaded here, not at start-up: every other command talks HTTP only.
        const { loadConfig } = lazy.config();
        const { mintApiKey, FirstRunRepository } = lazy.identity();
        const { applyMigrations, PrismaService } = lazy.persistence();
        const { connectCliDatabase } = lazy.database();
        const config = loadConfig({ LOG_LEVEL: 'warn', ...ctx.io.env });
        const database = await connectCliDatabase(config, (line) => ctx.io.err(`${line}\n`));
        try {
          await applyMigrations(database.url);
          const prisma = new PrismaService({ url: database.url, poolSize: 1 });
          try {
            const minted = mintApiKey('admin');
            const actor = osUser();
            const outcome = await new FirstRunRepository(prisma).mintBreakGlassAdminKey(minted, {
              label: f.label,
              osUser: actor,
              force: Boolean(f.force),
            });
            if ('usableKeys' in outcome) {
              throw new CliError(
                'CLI.ADMIN_KEY_EXISTS',
                `${outcome.usableKeys} usable admin key(s) exist; mint more with \`landfall keys create\`, or pass --force`,
              );
            }
            const key = outcome.created;
            if (ctx.format !== 'table') {
              return printObject(
                ctx,
                { id: key.id, prefix: key.prefix, label: key.label, plaintext: minted.plaintext },
                [],
              );
            }
            ctx.io.err(
              `admin key ${key.id} (${key.prefix}) minted and audited as cli:${actor}; shown once:\n`,
            );
            ctx.io.out(`${minted.plaintext}\n`);
          } finally {
            await prisma.$disconnect();
          }
        } finally {
          await database.stop();
        }
      }),
    );
};
