import { readFile } from 'node:fs/promises';
import { listPage, pageOptions, type PageFlags } from '../core/context';
import { run, uuid, type CommandGroup } from '../core/define';
import { printList, printObject, when, type Column } from '../output/render';

interface TklbamKey {
  id: string;
  accountId: string;
  uid: number;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

interface TklbamProfile {
  turnkeyVersion: string;
  sha256: string;
  sizeBytes: number;
  timestamp: number;
  uploadedAt: string;
  uploadedBy: string;
}

const KEY_COLUMNS: Column<TklbamKey>[] = [
  { header: 'ID', value: (k) => k.id },
  { header: 'ACCOUNT', value: (k) => k.accountId },
  { header: 'UID', value: (k) => k.uid },
  { header: 'LABEL', value: (k) => k.label },
  { header: 'CREATED', value: (k) => when(k.createdAt) },
  { header: 'REVOKED', value: (k) => when(k.revokedAt) },
];

const PROFILE_COLUMNS: Column<TklbamProfile>[] = [
  { header: 'TURNKEY VERSION', value: (p) => p.turnkeyVersion },
  { header: 'SIZE', value: (p) => p.sizeBytes },
  { header: 'SHA256', value: (p) => p.sha256 },
  { header: 'UPLOADED', value: (p) => when(p.uploadedAt) },
  { header: 'BY', value: (p) => p.uploadedBy },
];

export const registerTklbam: CommandGroup = (program, context) => {
  const group = program.command('tklbam').description('TurnKey TKLBAM compatibility: API keys and profiles');
  const keys = group.command('keys').description('TKLBAM-format API keys (for tklbam-init)');

  keys
    .command('issue')
    .description('Issue a key for an account; the API-KEY is printed once (stdout) and never stored')
    .argument('<account>', 'account id', uuid)
    .option('--label <text>', 'what the key is for', 'tklbam')
    .action(
      run<[string], { label: string }>(context, async (ctx, account, f) => {
        const issued = await (
          await ctx.client()
        ).post<TklbamKey & { apiKey: string }>(`/admin/v1/accounts/${account}/tklbam-keys`, {
          label: f.label,
        });
        if (ctx.format !== 'table') return printObject(ctx, issued, []);
        ctx.io.err(`TKLBAM key ${issued.id} (uid ${issued.uid}) for account ${account}; shown once:\n`);
        ctx.io.out(`${issued.apiKey}\n`);
      }),
    );

  pageOptions(
    keys
      .command('list')
      .description('The TKLBAM keys of an account, newest first')
      .argument('<account>', 'account id', uuid),
  ).action(
    run<[string], PageFlags>(context, async (ctx, account, flags) => {
      const path = `/admin/v1/accounts/${account}/tklbam-keys`;
      printList(ctx, await listPage<TklbamKey>(ctx, path, flags, {}), KEY_COLUMNS, 'No TKLBAM keys.');
    }),
  );

  keys
    .command('revoke')
    .description('Revoke a TKLBAM key: agents linked with it are refused')
    .argument('<id>', 'TKLBAM key id', uuid)
    .action(
      run<[string], object>(context, async (ctx, id) => {
        printObject(
          ctx,
          await (await ctx.client()).post<TklbamKey>(`/admin/v1/tklbam-keys/${id}/revoke`),
          KEY_COLUMNS,
        );
      }),
    );

  const profiles = group.command('profiles').description('Profiles (tar.gz) served to tklbam-init');

  pageOptions(profiles.command('list').description('Uploaded profiles, by TurnKey version')).action(
    run<[], PageFlags>(context, async (ctx, flags) => {
      const page = await listPage<TklbamProfile>(ctx, '/admin/v1/profiles', flags, {});
      printList(ctx, page, PROFILE_COLUMNS, 'No profiles.');
    }),
  );

  profiles
    .command('upload')
    .description('Upload (or replace) the profile of a TurnKey version')
    .argument('<turnkey-version>', 'e.g. turnkey-core-18.0-bookworm-amd64')
    .argument('<file>', 'the profile tar.gz')
    .action(
      run<[string, string], object>(context, async (ctx, turnkeyVersion, file) => {
        const archive = (await readFile(file)).toString('base64');
        const profile = await (
          await ctx.client()
        ).put<TklbamProfile>('/admin/v1/profiles', { turnkeyVersion, archive });
        printObject(ctx, profile, PROFILE_COLUMNS);
      }),
    );

  profiles
    .command('delete')
    .description('Remove a profile')
    .argument('<turnkey-version>')
    .action(
      run<[string], object>(context, async (ctx, turnkeyVersion) => {
        await (
          await ctx.client()
        ).delete<unknown>(`/admin/v1/profiles/${encodeURIComponent(turnkeyVersion)}`);
        if (ctx.format !== 'table') return printObject(ctx, { turnkeyVersion, deleted: true }, []);
        ctx.io.out(`deleted profile ${turnkeyVersion}\n`);
      }),
    );
};
