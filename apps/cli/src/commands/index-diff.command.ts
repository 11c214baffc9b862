import { diffIndexes, type IndexChange } from '@landfall/placement';
import { booleanFlag } from '../cli/args';
import type { Command } from '../cli/command';
import { loadIndexSource } from './index-sources';
import { formatTable } from './table';

export const indexDiffCommand: Command = {
  path: ['index', 'diff'],
  summary: 'Entries that change from index <a> to index <b>, and why (b’s reason)',
  args: {
    positionals: [
      { name: 'a', description: 'default | live | a TurnKey or JSON index file', required: true },
      { name: 'b', description: 'default | live | a TurnKey or JSON index file', required: true },
    ],
    flags: { json: { type: 'boolean', description: 'Print the changes as JSON' } },
  },
  details: ['Example: landfall index diff default live   (what the database changes in the shipped index)'],
  async run(args, io) {
    const [a, b] = args.positionals;
    const before = await loadIndexSource(a, io);
    const after = await loadIndexSource(b, io);
    const changes = diffIndexes(before, after);
    io.out(booleanFlag(args, 'json') ? `${JSON.stringify(changes, null, 2)}\n` : formatChanges(changes));
  },
};

const KIND_LABEL: Record<IndexChange['kind'], string> = {
  added: 'added',
  removed: 'removed',
  'first-choice': 'first choice',
  order: 'order',
};

export function formatChanges(changes: readonly IndexChange[]): string {
  if (changes.length === 0) return 'No changes.\n';
  const rows = changes.map((c) => {
    switch (c.kind) {
      case 'added':
        return [c.scope, KIND_LABEL[c.kind], `-> ${head(c.after)}`, c.reason];
      case 'removed':
        return [c.scope, KIND_LABEL[c.kind], `${head(c.before)} ->`, ''];
      case 'first-choice':
      case 'order':
        return [c.scope, KIND_LABEL[c.kind], `${head(c.before)} -> ${head(c.after)}`, c.reason];
    }
  });
  const count = (kind: IndexChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const summary =
    `${changes.length} entries change: ${count('added')} added, ${count('removed')} removed, ` +
    `${count('first-choice')} first choice, ${count('order')} order\n`;
  return formatTable(['SCOPE', 'CHANGE', 'REGIONS', 'WHY'], rows).concat(summary);
}

/** The first three regions: enough to see the change without the whole failover list. */
function head(regions: readonly string[]): string {
  return regions.length > 3 ? `${regions.slice(0, 3).join(',')},…` : regions.join(',');
}
