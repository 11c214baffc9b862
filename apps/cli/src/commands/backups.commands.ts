import { Option } from 'commander';
import { listPage, pageOptions, type PageFlags } from '../core/context';
import { run, uuid, type CommandGroup } from '../core/define';
import { printList, printObject, when, type Column } from '../output/render';

interface Backup {
  id: string;
  applianceId: string;
  accountId: string;
  region: string;
  address: string;
  status: string;
  sizeBytes: number;
  inProgress: boolean;
  lastBackupAt: string | null;
}

const COLUMNS: Column<Backup>[] = [
  { header: 'ID', value: (b) => b.id },
  { header: 'APPLIANCE', value: (b) => b.applianceId },
  { header: 'REGION', value: (b) => b.region },
  { header: 'STATUS', value: (b) => b.status },
  { header: 'SIZE', value: (b) => b.sizeBytes },
  { header: 'LAST BACKUP', value: (b) => when(b.lastBackupAt) },
  { header: 'ADDRESS', value: (b) => b.address },
];

export const registerBackups: CommandGroup = (program, context) => {
  const group = program.command('backups').description('Backups (one per appliance and region)');

  pageOptions(
    group
      .command('list')
      .description('List backups, newest first')
      .option('--account <id>', 'of this account', uuid)
      .option('--appliance <id>', 'of this appliance', uuid)
      .option('--region <code>', 'stored in this region')
      .addOption(new Option('--status <status>').choices(['active', 'migrating', 'retired'])),
  ).action(
    run<[], PageFlags & { account?: string; appliance?: string; region?: string; status?: string }>(
      context,
      async (ctx, f) => {
        const page = await listPage<Backup>(ctx, '/admin/v1/backups', f, {
          accountId: f.account,
          applianceId: f.appliance,
          region: f.region,
          status: f.status,
        });
        printList(ctx, page, COLUMNS, 'No backups.');
      },
    ),
  );

  group
    .command('get')
    .description('One backup')
    .argument('<id>', 'backup id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        printObject(ctx, await (await ctx.client()).get<Backup>(`/admin/v1/backups/${id}`), COLUMNS);
      }),
    );

  group
    .command('retire')
    .description('Retire a backup: the appliance gets a new one on its next init')
    .argument('<id>', 'backup id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        printObject(ctx, await (await ctx.client()).post<Backup>(`/admin/v1/backups/${id}/retire`), COLUMNS);
      }),
    );
};
