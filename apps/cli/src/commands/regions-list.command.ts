import { RegionsRepository, type Region } from '@landfall/regions';
import { booleanFlag } from '../cli/args';
import type { Command } from '../cli/command';
import { withCliContext } from '../context/cli-context';
import { formatTable } from './table';

export const regionsListCommand: Command = {
  path: ['regions', 'list'],
  summary: 'The storage regions in the database, with status, weight and endpoint',
  args: { positionals: [], flags: { json: { type: 'boolean', description: 'Print the regions as JSON' } } },
  async run(args, io) {
    const regions = await withCliContext(io, { placement: false }, (app) =>
      app.get(RegionsRepository).listAll(),
    );
    if (booleanFlag(args, 'json')) {
      io.out(`${JSON.stringify(regions, null, 2)}\n`);
      return;
    }
    io.out(formatRegions(regions));
  },
};

export function formatRegions(regions: readonly Region[]): string {
  if (regions.length === 0) return 'No regions.\n';
  return formatTable(
    ['CODE', 'NAME', 'STATUS', 'WEIGHT', 'ENDPOINT', 'COORDINATES'],
    regions.map((r) => [
      r.code,
      r.displayName,
      r.status,
      String(r.weight),
      r.endpoint,
      `${r.latitude.toFixed(2)},${r.longitude.toFixed(2)}`,
    ]),
  );
}
