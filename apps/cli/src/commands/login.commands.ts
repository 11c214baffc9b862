import { AdminClient } from '../client/admin-client';
import { profilePath, readProfiles, writeProfiles } from '../client/profiles';
import { DEFAULT_ADDR } from '../client/target';
import { run, type CommandGroup } from '../core/define';
import { CliError, UsageError } from '../core/errors';
import { printList, printObject } from '../output/render';

async function readStdinToken(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('give --token, or pipe the admin key on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const token = Buffer.concat(chunks).toString('utf8').trim();
  if (!token) throw new UsageError('no admin key on stdin');
  return token;
}

export const registerLogin: CommandGroup = (program, context) => {
  program
    .command('login')
    .description('Check an admin key against a hub and save both as a context (profile file, mode 0600)')
    .option('--name <context>', 'context name', 'default')
    .option('--token-stdin', 'read the admin key from stdin (keeps it out of shell history)')
    .action(
      run<[], { name: string; tokenStdin?: boolean }>(context, async (ctx, f) => {
        const addr = (ctx.options.addr ?? ctx.io.env.LANDFALL_ADDR ?? DEFAULT_ADDR).replace(/\/+$/, '');
        const token = f.tokenStdin
          ? await readStdinToken()
          : (ctx.options.token ?? ctx.io.env.LANDFALL_TOKEN);
        if (!token) throw new UsageError('give --token, --token-stdin or LANDFALL_TOKEN');
        // 401 means a wrong key; 403 means a valid key without accounts:read, which is still a login.
        const client = new AdminClient({ addr, token, source: '--addr' });
        await client.get('/admin/v1/accounts', { limit: 1 }).catch((error: unknown) => {
          if (error instanceof CliError && error.code === 'AUTH.MISSING_PERMISSION') return;
          throw error;
        });
        const file = profilePath(ctx.io.env);
        const profiles = await readProfiles(file);
        profiles.hubs[f.name] = { addr, token };
        profiles.current = f.name;
        await writeProfiles(file, profiles);
        if (ctx.format !== 'table') return printObject(ctx, { context: f.name, addr, file }, []);
        ctx.io.out(`logged in to ${addr} as context "${f.name}" (${file})\n`);
      }),
    );

  const contexts = program.command('contexts').description('Hubs saved by `landfall login`');

  contexts
    .command('list')
    .description('Every saved hub; * marks the current one')
    .action(
      run<[], object>(context, async (ctx) => {
        const profiles = await readProfiles(profilePath(ctx.io.env));
        const rows = Object.entries(profiles.hubs).map(([name, hub]) => ({
          name,
          addr: hub.addr,
          current: name === profiles.current,
        }));
        printList(
          ctx,
          rows,
          [
            { header: 'CURRENT', value: (r) => (r.current ? '*' : '') },
            { header: 'NAME', value: (r) => r.name },
            { header: 'ADDR', value: (r) => r.addr },
          ],
          'No contexts (landfall login).',
        );
      }),
    );

  contexts
    .command('use')
    .description('Make a saved hub the current one')
    .argument('<name>')
    .action(
      run<[string], object>(context, async (ctx, name) => {
        const file = profilePath(ctx.io.env);
        const profiles = await readProfiles(file);
        if (!profiles.hubs[name])
          throw new UsageError(`no context "${name}" in ${file}`, 'CLI.UNKNOWN_CONTEXT');
        profiles.current = name;
        await writeProfiles(file, profiles);
        ctx.io.out(`current context: ${name}\n`);
      }),
    );

  contexts
    .command('remove')
    .description('Forget a saved hub')
    .argument('<name>')
    .action(
      run<[string], object>(context, async (ctx, name) => {
        const file = profilePath(ctx.io.env);
        const profiles = await readProfiles(file);
        if (!profiles.hubs[name])
          throw new UsageError(`no context "${name}" in ${file}`, 'CLI.UNKNOWN_CONTEXT');
        delete profiles.hubs[name];
        if (profiles.current === name) profiles.current = null;
        await writeProfiles(file, profiles);
        ctx.io.out(`removed context ${name}\n`);
      }),
    );
};
