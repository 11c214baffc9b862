import { Option } from 'commander';
import { isoDate, run, uuid, type CommandGroup } from '../core/define';
import { listPage, pageOptions, type CommandContext, type PageFlags } from '../core/context';
import { printMigration, printPlan, type MigrationPlan } from './migrations.commands';
import type { MigrationView } from './migration-progress';
import { formatTable, printList, printObject, when, type Column } from '../output/render';

interface Override {
  id: string;
  scope: string;
  scopeKind: string;
  region: string;
  reason: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
}

export interface OverridePreview {
  scope: string;
  scopeKind: string;
  changedEntries: { scope: string; before: string[]; after: string[] }[];
  subdivisions: { covered: string[]; notCovered: { scope: string; region: string }[] };
  affected: {
    backups: number;
    appliances: number;
    byRegion: { region: string; backups: number; appliances: number }[];
  };
}

const COLUMNS: Column<Override>[] = [
  { header: 'ID', value: (o) => o.id },
  { header: 'SCOPE', value: (o) => o.scope },
  { header: 'REGION', value: (o) => o.region },
  { header: 'REASON', value: (o) => o.reason },
  { header: 'AUTHOR', value: (o) => o.author },
  { header: 'EXPIRES', value: (o) => when(o.expiresAt) },
];

export function printPreview(ctx: CommandContext, preview: OverridePreview): void {
  if (ctx.format !== 'table') return printObject(ctx, preview, []);
  const rows = preview.changedEntries.map((e) => [e.scope, e.before.join(','), e.after.join(',')]);
  ctx.io.out(
    (rows.length ? formatTable(['SCOPE', 'BEFORE', 'AFTER'], rows) : 'No index entry changes.\n') +
      (preview.subdivisions.covered.length
        ? `Also applies to its subdivision entries: ${preview.subdivisions.covered.join(' ')}\n`
        : '') +
      (preview.subdivisions.notCovered.length
        ? `Not to these, which have an override of their own: ${preview.subdivisions.notCovered
            .map((o) => `${o.scope} -> ${o.region}`)
            .join(', ')}\n`
        : '') +
      `${preview.affected.backups} live backups (${preview.affected.appliances} appliances) placed in ` +
      `${preview.scope} are stored elsewhere and stay where they are (placement is sticky).\n`,
  );
}

/** Plans (dry run) or starts the migration of the backups an override would have placed differently. */
async function migrateFor(ctx: CommandContext, id: string, start: boolean): Promise<void> {
  const client = await ctx.client();
  const answer = await client.post<MigrationPlan | MigrationView>(`/admin/v1/overrides/${id}/migration`, {
    dryRun: !start,
  });
  if ('dryRun' in answer) return printPlan(ctx, answer);
  ctx.io.err(`migration ${answer.id} started: landfall migrations status ${answer.id} --watch\n`);
  printMigration(ctx, answer);
}

export const registerOverrides: CommandGroup = (program, context) => {
  const group = program
    .command('overrides')
    .description('Index overrides: send a country or subdivision elsewhere');

  pageOptions(
    group
      .command('list')
      .description('Overrides, by scope')
      .option('--region <code>', 'pointing at this region')
      .option('--scope <scope>', 'for this scope'),
  ).action(
    run<[], PageFlags & { region?: string; scope?: string }>(context, async (ctx, f) => {
      const page = await listPage<Override>(ctx, '/admin/v1/overrides', f, {
        region: f.region,
        scope: f.scope,
      });
      printList(ctx, page, COLUMNS, 'No overrides.');
    }),
  );

  group
    .command('get')
    .description('One override')
    .argument('<id>', 'override id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        printObject(ctx, await (await ctx.client()).get<Override>(`/admin/v1/overrides/${id}`), COLUMNS);
      }),
    );

  group
    .command('create')
    .description('Send a scope to a region (with --preview: show what would change, change nothing)')
    .argument('<scope>', 'ISO 3166-1 country (DE) or 3166-2 subdivision (US-CA)')
    .argument('<region>', 'region code')
    .requiredOption('--reason <text>', 'why (recorded and shown in explain)')
    .option('--expires <date>', 'expiry (ISO 8601)', isoDate)
    .option('--preview', 'only show what would change')
    .addOption(
      new Option(
        '--migrate <mode>',
        'then plan (dry run) or start the migration of the live backups it would have placed differently',
      ).choices(['plan', 'start']),
    )
    .action(
      run<
        [string, string],
        { reason: string; expires?: string; preview?: boolean; migrate?: 'plan' | 'start' }
      >(context, async (ctx, scope, region, f) => {
        const client = await ctx.client();
        const body = { scope, region, reason: f.reason, expiresAt: f.expires };
        if (f.preview) {
          return printPreview(ctx, await client.post<OverridePreview>('/admin/v1/overrides:preview', body));
        }
        const created = await client.post<Override>('/admin/v1/overrides', body);
        if (!f.migrate) return printObject(ctx, created, COLUMNS);
        ctx.io.err(`override ${created.id} created\n`);
        await migrateFor(ctx, created.id, f.migrate === 'start');
      }),
    );

  group
    .command('migrate')
    .description(
      'Plan (default, a dry run: which backups, from -> to) or --start the migration of the live backups an override would have placed differently',
    )
    .argument('<id>', 'override id', uuid)
    .option('--start', 'start it through the migration machinery (follow with landfall migrations status)')
    .action(
      run<[string], { start?: boolean }>(context, async (ctx, id, f) =>
        migrateFor(ctx, id, f.start === true),
      ),
    );

  group
    .command('update')
    .description('Change an override’s region, reason or expiry')
    .argument('<id>', 'override id', uuid)
    .option('--region <code>')
    .option('--reason <text>')
    .option('--expires <date>', 'expiry (ISO 8601)', isoDate)
    .option('--no-expires', 'remove the expiry')
    .action(
      run<[string], { region?: string; reason?: string; expires?: string | false }>(
        context,
        async (ctx, id, f) => {
          const body = {
            region: f.region,
            reason: f.reason,
            expiresAt: f.expires === false ? null : f.expires,
          };
          printObject(
            ctx,
            await (await ctx.client()).patch<Override>(`/admin/v1/overrides/${id}`, body),
            COLUMNS,
          );
        },
      ),
    );

  group
    .command('delete')
    .description('Remove an override (the generated entry applies again)')
    .argument('<id>', 'override id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        await (await ctx.client()).delete<unknown>(`/admin/v1/overrides/${id}`);
        if (ctx.format !== 'table') return printObject(ctx, { id, deleted: true }, []);
        ctx.io.out(`deleted override ${id}\n`);
      }),
    );
};
