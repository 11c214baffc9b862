import { Option } from 'commander';
import { listPage, pageOptions, type PageFlags } from '../core/context';
import { isoDate, list, run, uuid, type CommandGroup } from '../core/define';
import { printList, printObject, when, type Column } from '../output/render';

interface ApiKey {
  id: string;
  kind: string;
  prefix: string;
  label: string;
  scopes: string[];
  accountId: string | null;
  applianceId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

const COLUMNS: Column<ApiKey>[] = [
  { header: 'ID', value: (k) => k.id },
  { header: 'KIND', value: (k) => k.kind },
  { header: 'PREFIX', value: (k) => k.prefix },
  { header: 'LABEL', value: (k) => k.label },
  { header: 'SCOPES', value: (k) => k.scopes.join(',') },
  { header: 'APPLIANCE', value: (k) => k.applianceId },
  { header: 'LAST USED', value: (k) => when(k.lastUsedAt) },
  { header: 'REVOKED', value: (k) => when(k.revokedAt) },
  { header: 'EXPIRES', value: (k) => when(k.expiresAt) },
];

export const registerKeys: CommandGroup = (program, context) => {
  const group = program.command('keys').description('API keys (admin and appliance)');

  pageOptions(
    group
      .command('list')
      .description('List keys, newest first (never their secrets)')
      .addOption(new Option('--kind <kind>').choices(['admin', 'appliance']))
      .addOption(new Option('--status <status>').choices(['active', 'revoked']))
      .option('--account <id>', 'of this account', uuid)
      .option('--appliance <id>', 'of this appliance', uuid),
  ).action(
    run<[], PageFlags & { kind?: string; status?: string; account?: string; appliance?: string }>(
      context,
      async (ctx, f) => {
        const page = await listPage<ApiKey>(ctx, '/admin/v1/keys', f, {
          kind: f.kind,
          status: f.status,
          accountId: f.account,
          applianceId: f.appliance,
        });
        printList(ctx, page, COLUMNS, 'No keys.');
      },
    ),
  );

  group
    .command('create')
    .description('Mint a key; its secret is printed once (stdout), only its hash is stored')
    .addOption(new Option('--kind <kind>').choices(['admin', 'appliance']).makeOptionMandatory())
    .requiredOption('--label <text>', 'what the key is for')
    .option('--appliance <id>', 'the appliance (appliance keys)', uuid)
    .option('--scopes <a,b>', 'admin scopes (default admin)', list)
    .option('--expires <date>', 'expiry (ISO 8601)', isoDate)
    .action(
      run<[], { kind: string; label: string; appliance?: string; scopes?: string[]; expires?: string }>(
        context,
        async (ctx, f) => {
          const created = await (
            await ctx.client()
          ).post<{ key: ApiKey; plaintext: string }>('/admin/v1/keys', {
            kind: f.kind,
            label: f.label,
            applianceId: f.appliance,
            scopes: f.scopes,
            expiresAt: f.expires,
          });
          if (ctx.format !== 'table') return printObject(ctx, created, []);
          ctx.io.err(`key ${created.key.id} (${created.key.prefix}); the secret is shown once:\n`);
          ctx.io.out(`${created.plaintext}\n`);
        },
      ),
    );

  group
    .command('revoke')
    .description('Revoke a key (takes effect within AUTH_KEY_CACHE_SECONDS on every hub)')
    .argument('<id>', 'key id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        printObject(ctx, await (await ctx.client()).post<ApiKey>(`/admin/v1/keys/${id}/revoke`), COLUMNS);
      }),
    );
};
