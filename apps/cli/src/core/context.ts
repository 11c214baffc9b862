import { InvalidArgumentError, Option, type Command } from 'commander';
import { AdminClient } from '../client/admin-client';
import { resolveTarget, type GlobalOptions } from '../client/target';
import type { Printer } from '../output/render';
import type { CliIo } from './io';

/** What every command action gets: where to write, how to format, and the hub client (resolved lazily). */
export interface CommandContext extends Printer {
  options: GlobalOptions;
  client(): Promise<AdminClient>;
}

export type ContextFactory = (command: Command) => CommandContext;

export function contextFactory(io: CliIo, fetchImpl?: typeof fetch): ContextFactory {
  return (command) => {
    const options = command.optsWithGlobals<GlobalOptions>();
    let client: AdminClient | undefined;
    return {
      io,
      options,
      format: options.output,
      client: async () => (client ??= new AdminClient(await resolveTarget(options, io.env), fetchImpl)),
    };
  };
}

/** `--limit`, `--cursor`, `--all`, `--sort`, `--search` for a cursor-paged list. */
export function pageOptions(command: Command): Command {
  return command
    .addOption(new Option('--limit <n>', 'items per page (1-200)').argParser(positiveInt))
    .option('--cursor <cursor>', 'the page after this one (printed as "more: --cursor …")')
    .option('--all', 'follow every page')
    .option('--sort <key>', 'order, e.g. name or -createdAt (the hub lists the keys it accepts)')
    .option('--search <text>', 'case-insensitive part of a name');
}

export interface PageFlags {
  limit?: number;
  cursor?: string;
  all?: boolean;
  sort?: string;
  search?: string;
}

/** One page, or every page with --all. */
export async function listPage<T>(
  ctx: CommandContext,
  path: string,
  flags: PageFlags,
  query: Record<string, string | number | boolean | undefined>,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const client = await ctx.client();
  const asked = { ...query, sort: flags.sort, q: flags.search };
  if (flags.all) return client.getAll<T>(path, asked);
  return client.get(path, { ...asked, limit: flags.limit, cursor: flags.cursor });
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) {
    throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  }
  return n;
}
