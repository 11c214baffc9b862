import { TklbamKeysService } from '@landfall/tklbam';
import { booleanFlag, stringFlag, UsageError } from '../cli/args';
import type { Command } from '../cli/command';
import { cliActor, withCliContext } from '../context/cli-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const tklbamKeyIssueCommand: Command = {
  path: ['tklbam', 'key', 'issue'],
  summary: 'Issue a TKLBAM-format API key for an account (for tklbam-init on existing TurnKey appliances)',
  args: {
    positionals: [{ name: 'accountId', description: 'The account the key belongs to', required: true }],
    flags: {
      label: { type: 'string', valueName: 'text', description: 'What the key is for (default "tklbam")' },
      json: { type: 'boolean', description: 'Print the key and its metadata as JSON' },
    },
  },
  details: [
    'The API-KEY is printed once and never stored; agents then run: TKLBAM_APIURL=<hub>/api/backup/ tklbam-init <API-KEY>',
    'See docs/tklbam.md.',
  ],
  async run(args, io) {
    const accountId = args.positionals[0];
    if (!UUID.test(accountId)) throw new UsageError(`not an account id: ${accountId}`);
    const label = stringFlag(args, 'label') ?? 'tklbam';
    const issued = await withCliContext(io, { placement: false }, (app) =>
      app.get(TklbamKeysService).issue(accountId, label, cliActor()),
    );
    if (booleanFlag(args, 'json')) {
      const { id, uid, createdAt } = issued.key;
      io.out(`${JSON.stringify({ id, accountId, uid, label, createdAt, apiKey: issued.apiKey }, null, 2)}\n`);
      return;
    }
    io.err(`TKLBAM key ${issued.key.id} (uid ${issued.key.uid}) for account ${accountId}; shown once:\n`);
    io.out(`${issued.apiKey}\n`);
  },
};
