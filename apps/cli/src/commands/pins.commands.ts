import { listPage, pageOptions, type PageFlags } from '../core/context';
import { UsageError } from '../core/errors';
import { isoDate, run, uuid, type CommandGroup } from '../core/define';
import { printList, printObject, when, type Column } from '../output/render';

interface Pin {
  id: string;
  target: 'appliance' | 'account';
  targetId: string;
  region: string;
  reason: string;
  author: string;
  createdAt: string;
  expiresAt: string | null;
}

const COLUMNS: Column<Pin>[] = [
  { header: 'ID', value: (p) => p.id },
  { header: 'TARGET', value: (p) => `${p.target} ${p.targetId}` },
  { header: 'REGION', value: (p) => p.region },
  { header: 'REASON', value: (p) => p.reason },
  { header: 'AUTHOR', value: (p) => p.author },
  { header: 'EXPIRES', value: (p) => when(p.expiresAt) },
];

export const registerPins: CommandGroup = (program, context) => {
  const group = program
    .command('pins')
    .description('Placement pins: an appliance or account always goes to a region');

  pageOptions(
    group
      .command('list')
      .description('Pins, newest first')
      .option('--account <id>', 'of this account', uuid)
      .option('--appliance <id>', 'of this appliance', uuid),
  ).action(
    run<[], PageFlags & { account?: string; appliance?: string }>(context, async (ctx, f) => {
      const page = await listPage<Pin>(ctx, '/admin/v1/placement-pins', f, {
        accountId: f.account,
        applianceId: f.appliance,
      });
      printList(ctx, page, COLUMNS, 'No pins.');
    }),
  );

  group
    .command('create')
    .description('Pin an appliance or an account to a region (new backups only: placement stays sticky)')
    .argument('<region>', 'region code')
    .option('--appliance <id>', 'pin this appliance', uuid)
    .option('--account <id>', 'pin every appliance of this account', uuid)
    .requiredOption('--reason <text>', 'why')
    .option('--expires <date>', 'expiry (ISO 8601)', isoDate)
    .action(
      run<[string], { appliance?: string; account?: string; reason: string; expires?: string }>(
        context,
        async (ctx, region, f) => {
          if (Boolean(f.appliance) === Boolean(f.account)) {
            throw new UsageError('give exactly one of --appliance or --account');
          }
          const body = {
            target: f.appliance ? 'appliance' : 'account',
            targetId: f.appliance ?? f.account,
            region,
            reason: f.reason,
            expiresAt: f.expires,
          };
          printObject(ctx, await (await ctx.client()).post<Pin>('/admin/v1/placement-pins', body), COLUMNS);
        },
      ),
    );

  group
    .command('delete')
    .description('Remove a pin')
    .argument('<id>', 'pin id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        await (await ctx.client()).delete<unknown>(`/admin/v1/placement-pins/${id}`);
        if (ctx.format !== 'table') return printObject(ctx, { id, deleted: true }, []);
        ctx.io.out(`deleted pin ${id}\n`);
      }),
    );
};
