import { listPage, pageOptions, type PageFlags } from '../core/context';
import { Option } from 'commander';
import { finiteNumber, run, wholeNumber, type CommandGroup } from '../core/define';
import { printList, printObject, type Column } from '../output/render';

export interface Region {
  code: string;
  displayName: string;
  city: string | null;
  countryCode: string | null;
  latitude: number;
  longitude: number;
  endpoint: string;
  status: 'active' | 'draining' | 'disabled';
  weight: number;
}

const COLUMNS: Column<Region>[] = [
  { header: 'CODE', value: (r) => r.code },
  { header: 'NAME', value: (r) => r.displayName },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'WEIGHT', value: (r) => r.weight },
  { header: 'ENDPOINT', value: (r) => r.endpoint },
  { header: 'COORDINATES', value: (r) => `${r.latitude.toFixed(2)},${r.longitude.toFixed(2)}` },
];

interface RegionFlags {
  name?: string;
  city?: string;
  country?: string;
  lat?: number;
  lon?: number;
  endpoint?: string;
  status?: string;
  weight?: number;
}

function regionBody(f: RegionFlags) {
  return {
    displayName: f.name,
    city: f.city,
    countryCode: f.country,
    latitude: f.lat,
    longitude: f.lon,
    endpoint: f.endpoint,
    status: f.status,
    weight: f.weight,
  };
}

const status = () => new Option('--status <status>').choices(['active', 'draining', 'disabled']);

export const registerRegions: CommandGroup = (program, context) => {
  const group = program.command('regions').description('Storage regions');

  pageOptions(group.command('list').description('Regions with status, weight and endpoint, by code')).action(
    run<[], PageFlags>(context, async (ctx, flags) => {
      printList(ctx, await listPage<Region>(ctx, '/admin/v1/regions', flags, {}), COLUMNS, 'No regions.');
    }),
  );

  group
    .command('get')
    .description('One region')
    .argument('<code>', 'region code')
    .action(
      run<[string], object>(context, async (ctx, code) => {
        const region = await (
          await ctx.client()
        ).get<Region>(`/admin/v1/regions/${encodeURIComponent(code)}`);
        printObject(ctx, region, COLUMNS);
      }),
    );

  group
    .command('create')
    .description('Add a region')
    .argument('<code>', 'region code, e.g. eu-central-1')
    .requiredOption('--name <text>', 'display name')
    .requiredOption('--lat <deg>', 'latitude', finiteNumber)
    .requiredOption('--lon <deg>', 'longitude', finiteNumber)
    .requiredOption('--endpoint <url>', 'S3 endpoint')
    .option('--city <name>')
    .option('--country <CC>', 'ISO 3166-1 alpha-2')
    .addOption(status())
    .option('--weight <n>', 'share of traffic (default 100)', wholeNumber)
    .action(
      run<[string], RegionFlags>(context, async (ctx, code, f) => {
        const region = await (
          await ctx.client()
        ).post<Region>('/admin/v1/regions', { code, ...regionBody(f) });
        printObject(ctx, region, COLUMNS);
      }),
    );

  group
    .command('update')
    .description('Change a region (status active|draining|disabled, weight, endpoint, …)')
    .argument('<code>', 'region code')
    .option('--name <text>', 'display name')
    .option('--lat <deg>', 'latitude', finiteNumber)
    .option('--lon <deg>', 'longitude', finiteNumber)
    .option('--endpoint <url>', 'S3 endpoint')
    .option('--city <name>')
    .option('--country <CC>', 'ISO 3166-1 alpha-2')
    .addOption(status())
    .option('--weight <n>', 'share of traffic', wholeNumber)
    .action(
      run<[string], RegionFlags>(context, async (ctx, code, f) => {
        const client = await ctx.client();
        const region = await client.patch<Region>(
          `/admin/v1/regions/${encodeURIComponent(code)}`,
          regionBody(f),
        );
        printObject(ctx, region, COLUMNS);
      }),
    );
};
