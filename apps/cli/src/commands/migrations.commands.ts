import { Option, type Command } from 'commander';
import type { AdminClient } from '../client/admin-client';
import { listPage, pageOptions, positiveInt, type CommandContext, type PageFlags } from '../core/context';
import { list, run, uuid, type CommandGroup } from '../core/define';
import { EXIT_FAILURE, ExitWith, UsageError } from '../core/errors';
import { formatTable, printList, printObject, when, type Column } from '../output/render';
import { describeState, FINAL_STATES, MigrationProgress, type MigrationView } from './migration-progress';

export interface MigrationPlan {
  dryRun: true;
  targetRegion: string;
  backups: { backupId: string; sourceRegion: string; objects: number; bytes: number }[];
  objects: number;
  bytes: number;
  estimatedSeconds: number;
}

interface SelectionFlags {
  to: string;
  backups?: string[];
  from?: string;
  account?: string;
  indexPrefers?: boolean;
}

interface WatchFlags {
  interval: number;
  stuckAfter: number;
}

const COLUMNS: Column<MigrationView>[] = [
  { header: 'ID', value: (m) => m.id },
  { header: 'STATE', value: (m) => describeState(m, 0, Infinity) },
  { header: 'TARGET', value: (m) => m.targetRegion },
  { header: 'BACKUPS', value: (m) => m.backups.length },
  { header: 'OBJECTS', value: (m) => `${m.objects.done}/${m.objects.total}` },
  { header: 'BYTES', value: (m) => `${m.bytes.done}/${m.bytes.total}` },
  { header: 'BY', value: (m) => m.requestedBy },
  { header: 'CREATED', value: (m) => when(m.createdAt) },
];

function selection(command: Command): Command {
  return command
    .requiredOption('--to <region>', 'target region')
    .option('--backups <id,id,…>', 'these backups', (value) => list(value).map(uuid))
    .option('--from <region>', 'every live backup in this region')
    .option('--account <id>', 'every live backup of this account', uuid)
    .option('--index-prefers', 'every backup whose index entry now puts the target region first');
}

function watchOptions(command: Command): Command {
  return command
    .addOption(new Option('--interval <seconds>', 'poll interval').argParser(positiveInt).default(1))
    .addOption(
      new Option('--stuck-after <seconds>', 'say "stuck?" after this long without progress')
        .argParser(positiveInt)
        .default(60),
    );
}

function body(f: SelectionFlags, dryRun: boolean) {
  if (!f.backups && !f.from && !f.account && !f.indexPrefers) {
    throw new UsageError('select backups: --backups, --from, --account and/or --index-prefers');
  }
  return {
    targetRegion: f.to,
    backupIds: f.backups,
    sourceRegion: f.from,
    accountId: f.account,
    indexPrefersTarget: f.indexPrefers || undefined,
    dryRun: dryRun || undefined,
  };
}

export function printMigration(ctx: CommandContext, view: MigrationView): void {
  if (ctx.format !== 'table') return printObject(ctx, view, []);
  const summary = formatTable(
    ['FIELD', 'VALUE'],
    [
      ['id', view.id],
      ['state', describeState(view, 0, Infinity)],
      ['target', view.targetRegion],
      ['objects', `${view.objects.done}/${view.objects.total} copied, ${view.objects.verified} verified`],
      ['bytes', `${view.bytes.done}/${view.bytes.total}`],
      ['eta', view.etaSeconds === null || FINAL_STATES.has(view.state) ? '-' : `${view.etaSeconds}s`],
    ],
  );
  const items = formatTable(
    ['BACKUP', 'STATE', 'SOURCE', 'TARGET', 'LAST ERROR'],
    view.backups.map((b) => [b.backupId, b.state, b.source, b.target, b.lastError]),
  );
  ctx.io.out(`${summary}\n${items}`);
}

export function printPlan(ctx: CommandContext, plan: MigrationPlan): void {
  if (ctx.format !== 'table') return printObject(ctx, plan, []);
  ctx.io.out(
    formatTable(
      ['BACKUP', 'FROM', 'TO', 'OBJECTS', 'BYTES'],
      plan.backups.map((b) => [b.backupId, b.sourceRegion, plan.targetRegion, b.objects, b.bytes]),
    ) +
      `${plan.backups.length} backups to ${plan.targetRegion}: ${plan.objects} objects, ${plan.bytes} bytes, ` +
      `about ${plan.estimatedSeconds}s\n`,
  );
}

/** Polls until the migration reaches a final state, with a live bar on stderr; then prints it on stdout. */
async function watch(
  ctx: CommandContext,
  client: AdminClient,
  first: MigrationView,
  f: WatchFlags,
): Promise<void> {
  const progress = new MigrationProgress(ctx.io, f.stuckAfter);
  let view = first;
  const interrupted = () => {
    progress.stop();
    ctx.io.err(`stopped watching; the migration goes on: landfall migrations status ${view.id}\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    progress.update(view);
    while (!FINAL_STATES.has(view.state)) {
      await new Promise((resolve) => setTimeout(resolve, f.interval * 1000));
      view = await client.get<MigrationView>(`/admin/v1/migrations/${view.id}`);
      progress.update(view);
    }
  } finally {
    process.off('SIGINT', interrupted);
    progress.stop();
  }
  printMigration(ctx, view);
  if (view.state === 'failed' || view.state === 'needs_attention' || view.state === 'cancelled') {
    throw new ExitWith(EXIT_FAILURE);
  }
}

export const registerMigrations: CommandGroup = (program, context) => {
  const group = program
    .command('migrations')
    .alias('migrate')
    .description('Move backups between regions (copy, verify, cut over, clean up)');

  selection(
    group.command('plan').description('Dry run: which backups would move, objects, bytes, estimated time'),
  ).action(
    run<[], SelectionFlags>(context, async (ctx, f) => {
      printPlan(ctx, await (await ctx.client()).post<MigrationPlan>('/admin/v1/migrations', body(f, true)));
    }),
  );

  watchOptions(
    selection(
      group.command('start').description('Start moving backups, and follow progress with a live bar'),
    ),
  )
    .option('--no-watch', 'return at once with the new migration')
    .action(
      run<[], SelectionFlags & WatchFlags & { watch: boolean }>(context, async (ctx, f) => {
        const client = await ctx.client();
        const started = await client.post<MigrationView>('/admin/v1/migrations', body(f, false));
        ctx.io.err(`migration ${started.id} started\n`);
        if (!f.watch) return printMigration(ctx, started);
        await watch(ctx, client, started, f);
      }),
    );

  watchOptions(
    group
      .command('status')
      .description('Progress: state, objects and bytes, rate, ETA, errors, per backup')
      .argument('<id>', 'migration id', uuid)
      .option('--watch', 'follow progress until it ends'),
  ).action(
    run<[string], WatchFlags & { watch?: boolean }>(context, async (ctx, id, f) => {
      const client = await ctx.client();
      const view = await client.get<MigrationView>(`/admin/v1/migrations/${id}`);
      if (f.watch) return watch(ctx, client, view, f);
      printMigration(ctx, view);
    }),
  );

  pageOptions(
    group
      .command('list')
      .description('Migrations, newest first')
      .addOption(
        new Option('--state <state>').choices([
          'running',
          'cleanup_pending',
          'completed',
          'needs_attention',
          'failed',
          'cancelled',
        ]),
      )
      .option('--region <code>', 'moving to or from this region'),
  ).action(
    run<[], PageFlags & { state?: string; region?: string }>(context, async (ctx, f) => {
      const page = await listPage<MigrationView>(ctx, '/admin/v1/migrations', f, {
        state: f.state,
        region: f.region,
      });
      printList(ctx, page, COLUMNS, 'No migrations.');
    }),
  );

  group
    .command('cancel')
    .description('Cancel before cut-over: the source stays untouched and the backups writable again')
    .argument('<id>', 'migration id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        printMigration(
          ctx,
          await (await ctx.client()).post<MigrationView>(`/admin/v1/migrations/${id}/cancel`),
        );
      }),
    );
};
