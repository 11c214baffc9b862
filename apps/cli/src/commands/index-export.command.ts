import { formatTurnkeyIndex } from '@landfall/placement';
import { stringFlag } from '../cli/args';
import type { Command } from '../cli/command';
import { loadDefaultIndex, loadLiveIndex } from './index-sources';
import { emit } from './output';

export const indexExportCommand: Command = {
  path: ['index', 'export'],
  summary: 'Write an index in TurnKey format (CODE;name;region;r1,r2,…)',
  args: {
    positionals: [],
    flags: {
      source: {
        type: 'string',
        valueName: 'source',
        choices: ['default', 'live'],
        description: 'default = the shipped default-index.json; live = what the hub serves from the database',
      },
      out: { type: 'string', valueName: 'file', description: 'Write to a file instead of stdout' },
    },
  },
  async run(args, io) {
    const source = stringFlag(args, 'source') ?? 'default';
    const entries = source === 'live' ? await loadLiveIndex(io) : loadDefaultIndex();
    await emit(
      io,
      formatTurnkeyIndex(entries),
      stringFlag(args, 'out'),
      `${entries.length} ${source} entries`,
    );
  },
};
