import { Option } from 'commander';
import { listPage, pageOptions, type PageFlags } from '../core/context';
import { run, uuid, type CommandGroup } from '../core/define';
import { printList, printObject, when, type Column } from '../output/render';

export interface Account {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS: Column<Account>[] = [
  { header: 'ID', value: (a) => a.id },
  { header: 'NAME', value: (a) => a.name },
  { header: 'STATUS', value: (a) => a.status },
  { header: 'CREATED', value: (a) => when(a.createdAt) },
];

export const registerAccounts: CommandGroup = (program, context) => {
  const group = program.command('accounts').description('Customer accounts');

  pageOptions(
    group
      .command('list')
      .description('List accounts, newest first')
      .addOption(new Option('--status <status>').choices(['active', 'disabled'])),
  ).action(
    run<[], PageFlags & { status?: string }>(context, async (ctx, flags) => {
      const page = await listPage<Account>(ctx, '/admin/v1/accounts', flags, { status: flags.status });
      printList(ctx, page, COLUMNS, 'No accounts.');
    }),
  );

  group
    .command('get')
    .description('One account')
    .argument('<id>', 'account id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        printObject(ctx, await (await ctx.client()).get<Account>(`/admin/v1/accounts/${id}`), COLUMNS);
      }),
    );

  group
    .command('create')
    .description('Create an account')
    .argument('<name>', 'unique name')
    .action(
      run<[string], object>(context, async (ctx, name) => {
        printObject(ctx, await (await ctx.client()).post<Account>('/admin/v1/accounts', { name }), COLUMNS);
      }),
    );

  for (const [verb, what] of [
    ['disable', "Disable an account: its appliances' keys are refused"],
    ['enable', 'Enable a disabled account'],
  ] as const) {
    group
      .command(verb)
      .description(what)
      .argument('<id>', 'account id', uuid)
      .action(
        run<[string], object>(context, async (ctx, id) => {
          const client = await ctx.client();
          printObject(ctx, await client.post<Account>(`/admin/v1/accounts/${id}/${verb}`), COLUMNS);
        }),
      );
  }
};
