import { Option } from 'commander';
import { listPage, pageOptions, type PageFlags } from '../core/context';
import { run, uuid, type CommandGroup } from '../core/define';
import { printList, printObject, when, type Column } from '../output/render';

interface Appliance {
  id: string;
  accountId: string;
  name: string;
  serverId: string | null;
  status: string;
  createdAt: string;
}

const COLUMNS: Column<Appliance>[] = [
  { header: 'ID', value: (a) => a.id },
  { header: 'ACCOUNT', value: (a) => a.accountId },
  { header: 'NAME', value: (a) => a.name },
  { header: 'SERVER', value: (a) => a.serverId },
  { header: 'STATUS', value: (a) => a.status },
  { header: 'CREATED', value: (a) => when(a.createdAt) },
];

export const registerAppliances: CommandGroup = (program, context) => {
  const group = program.command('appliances').description('Appliances (the machines agents run on)');

  pageOptions(
    group
      .command('list')
      .description('List appliances, newest first')
      .option('--account <id>', 'of this account', uuid)
      .addOption(new Option('--status <status>').choices(['active', 'disabled']))
      .option('--region <code>', 'whose live backup is in this region'),
  ).action(
    run<[], PageFlags & { account?: string; status?: string; region?: string }>(context, async (ctx, f) => {
      const page = await listPage<Appliance>(ctx, '/admin/v1/appliances', f, {
        accountId: f.account,
        status: f.status,
        region: f.region,
      });
      printList(ctx, page, COLUMNS, 'No appliances.');
    }),
  );

  group
    .command('get')
    .description('One appliance')
    .argument('<id>', 'appliance id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        printObject(ctx, await (await ctx.client()).get<Appliance>(`/admin/v1/appliances/${id}`), COLUMNS);
      }),
    );

  group
    .command('create')
    .description('Register an appliance in an account')
    .argument('<name>', 'name, unique in the account')
    .requiredOption('--account <id>', 'the account', uuid)
    .option('--server-id <id>', 'the server id the agent reports')
    .action(
      run<[string], { account: string; serverId?: string }>(context, async (ctx, name, f) => {
        const client = await ctx.client();
        const body = { accountId: f.account, name, serverId: f.serverId };
        printObject(ctx, await client.post<Appliance>('/admin/v1/appliances', body), COLUMNS);
      }),
    );

  for (const [verb, what] of [
    ['disable', 'Disable an appliance: its keys are refused'],
    ['enable', 'Enable a disabled appliance'],
  ] as const) {
    group
      .command(verb)
      .description(what)
      .argument('<id>', 'appliance id', uuid)
      .action(
        run<[string], object>(context, async (ctx, id) => {
          const client = await ctx.client();
          printObject(ctx, await client.post<Appliance>(`/admin/v1/appliances/${id}/${verb}`), COLUMNS);
        }),
      );
  }
};
