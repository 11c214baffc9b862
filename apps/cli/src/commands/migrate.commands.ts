import { runMigrateCommand } from '@landfall/migrations';
import { booleanFlag, stringFlag, UsageError, type FlagSpec, type ParsedArgs } from '../cli/args';
import type { CliIo, Command } from '../cli/command';

/**
 * `landfall migrate …` drives the hub's migration API (/admin/v1/migrations), so it works from any machine that
 * reaches the hub: LANDFALL_URL (default http://127.0.0.1:8080) and LANDFALL_ADMIN_KEY.
 */
const SELECTION: Record<string, FlagSpec> = {
  to: { type: 'string', valueName: 'region', description: 'Target region (required)' },
  backups: { type: 'string', valueName: 'id,id,…', description: 'These backups' },
  from: { type: 'string', valueName: 'region', description: 'Every live backup in this region' },
  account: { type: 'string', valueName: 'uuid', description: 'Every live backup of this account' },
  'index-prefers': {
    type: 'boolean',
    description: 'Every backup whose index entry now puts the target region first',
  },
};
const DETAILS = ['Needs LANDFALL_ADMIN_KEY (an admin key) and LANDFALL_URL (default http://127.0.0.1:8080).'];

function selectionArgv(args: ParsedArgs): string[] {
  const argv: string[] = [];
  const to = stringFlag(args, 'to');
  if (!to) throw new UsageError('--to <region> is required');
  argv.push('--to', to);
  for (const id of (stringFlag(args, 'backups') ?? '').split(',').filter(Boolean)) argv.push('--backup', id);
  const from = stringFlag(args, 'from');
  if (from) argv.push('--from', from);
  const account = stringFlag(args, 'account');
  if (account) argv.push('--account', account);
  if (booleanFlag(args, 'index-prefers')) argv.push('--index-prefers');
  return argv;
}

async function run(argv: string[], io: CliIo): Promise<void> {
  const adminKey = io.env.LANDFALL_ADMIN_KEY;
  if (!adminKey) throw new UsageError('set LANDFALL_ADMIN_KEY to an admin key');
  const code = await runMigrateCommand(argv, {
    baseUrl: io.env.LANDFALL_URL ?? 'http://127.0.0.1:8080',
    adminKey,
    out: (text) => io.out(text),
    tty: process.stdout.isTTY,
  });
  if (code === 2) throw new UsageError('see the usage above');
  if (code !== 0) throw new Error(`landfall migrate ${argv[0]} failed`);
}

export const migratePlanCommand: Command = {
  path: ['migrate', 'plan'],
  summary: 'Dry run: which backups would move, objects, bytes and estimated time',
  args: { positionals: [], flags: SELECTION },
  details: DETAILS,
  run: (args, io) => run(['plan', ...selectionArgv(args)], io),
};

export const migrateStartCommand: Command = {
  path: ['migrate', 'start'],
  summary: 'Start moving backups to a region, and show a live progress bar',
  args: {
    positionals: [],
    flags: {
      ...SELECTION,
      'no-watch': { type: 'boolean', description: 'Return at once, without the progress bar' },
    },
  },
  details: DETAILS,
  run: (args, io) =>
    run(['start', ...selectionArgv(args), ...(booleanFlag(args, 'no-watch') ? ['--no-watch'] : [])], io),
};

const idArgs = {
  positionals: [{ name: 'migration-id', description: 'The migration', required: true }],
  flags: { watch: { type: 'boolean', description: 'Follow progress until it ends' } } as Record<
    string,
    FlagSpec
  >,
};

export const migrateStatusCommand: Command = {
  path: ['migrate', 'status'],
  summary: 'Progress of a migration: state, objects and bytes, rate, ETA, errors',
  args: idArgs,
  details: DETAILS,
  run: (args, io) =>
    run(['status', args.positionals[0], ...(booleanFlag(args, 'watch') ? ['--watch'] : [])], io),
};

export const migrateCancelCommand: Command = {
  path: ['migrate', 'cancel'],
  summary: 'Cancel before cut-over: the source stays untouched and the backups writable again',
  args: { positionals: idArgs.positionals, flags: {} },
  details: DETAILS,
  run: (args, io) => run(['cancel', args.positionals[0]], io),
};
