import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { run, type CommandGroup } from '../core/define';
import { listPage, pageOptions, type CommandContext, type PageFlags } from '../core/context';
import { UsageError } from '../core/errors';
import { printList, printObject, type Column } from '../output/render';
import { formatDecision, type PlacementDecision } from './placement.commands';

interface ResolveLocation {
  id: string;
  latitude: number;
  longitude: number;
  country: string;
  subdivision?: string;
}

interface Suggestion {
  scope: string;
  current: string;
  suggested: string;
  savedMs: number;
  affected: { backups: number };
  evidence: string;
}

const SUGGESTION_COLUMNS: Column<Suggestion>[] = [
  { header: 'SCOPE', value: (s) => s.scope },
  { header: 'CURRENT', value: (s) => s.current },
  { header: 'SUGGESTED', value: (s) => s.suggested },
  { header: 'SAVED MS', value: (s) => s.savedMs },
  { header: 'BACKUPS', value: (s) => s.affected.backups },
  { header: 'EVIDENCE', value: (s) => s.evidence },
];

/** `--location LAT,LON,CC[,SUBDIVISION]` */
export function parseLocationFlag(value: string): ResolveLocation {
  const [lat, lon, country, subdivision, ...rest] = value.split(',').map((s) => s.trim());
  const latitude = Number(lat);
  const longitude = Number(lon);
  const valid =
    rest.length === 0 &&
    !!lat &&
    !!lon &&
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    /^[A-Z]{2}$/.test(country ?? '');
  if (!valid) throw new UsageError(`--location must be LAT,LON,CC[,SUBDIVISION] (got "${value}")`);
  return { id: value, latitude, longitude, country, ...(subdivision ? { subdivision } : {}) };
}

/** `--batch FILE`: CSV with the header `id,latitude,longitude,country,subdivision`; errors name the line. */
export function parseBatchCsv(csv: string): ResolveLocation[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim().toLowerCase() !== 'id,latitude,longitude,country,subdivision')
    throw new UsageError(
      'batch file line 1: expected the header "id,latitude,longitude,country,subdivision"',
    );
  const out: ResolveLocation[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',').map((c) => c.trim());
    const latitude = Number(cells[1]);
    const longitude = Number(cells[2]);
    const valid =
      cells.length === 5 &&
      !!cells[0] &&
      cells[1] !== '' &&
      cells[2] !== '' &&
      Number.isFinite(latitude) &&
      Number.isFinite(longitude) &&
      /^[A-Z]{2}$/.test(cells[3]);
    if (!valid)
      throw new UsageError(`batch file line ${i + 1}: expected id,latitude,longitude,country,subdivision`);
    out.push({
      id: cells[0],
      latitude,
      longitude,
      country: cells[3],
      ...(cells[4] ? { subdivision: cells[4] } : {}),
    });
  }
  return out;
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function resolveLocations(ctx: CommandContext, locations: ResolveLocation[]): Promise<void> {
  const client = await ctx.client();
  const answer = await client.post<{
    items: Array<{ id: string; region: string; signal: string; candidates: string[] }>;
  }>('/admin/v1/placement:resolve', { locations });
  if (ctx.format !== 'table') return printObject(ctx, answer, []);
  // The what-if answer is CSV by contract (header first), so it can be fed to other tools.
  ctx.io.out('id,region,signal,candidates\n');
  for (const item of answer.items)
    ctx.io.out(`${[item.id, item.region, item.signal, item.candidates.join(' ')].map(csvCell).join(',')}\n`);
}

function registerSuggestions(index: Command, context: Parameters<CommandGroup>[1]): void {
  pageOptions(
    index
      .command('suggestions')
      .description(
        'Index entries whose first choice the measurements say should change, most ms saved first',
      ),
  ).action(
    run<[], PageFlags>(context, async (ctx, flags) => {
      const page = await listPage<Suggestion>(ctx, '/admin/v1/placement/suggestions', flags, {});
      printList(ctx, page, SUGGESTION_COLUMNS, 'No suggestions: measurements agree with the index.');
    }),
  );
}

/** Measured placement: latency import, what-if resolution by place, index suggestions. */
export const registerLatency: CommandGroup = (program, context) => {
  program
    .command('latency')
    .description('Measured latency the hub learns placement from')
    .command('import')
    .description(
      'Import a CSV (latitude,longitude,country,subdivision,region,rtt_ms,samples): all rows or none, bad rows by line',
    )
    .argument('<file>', 'the CSV file')
    .action(
      run<[string], object>(context, async (ctx, file) => {
        const csv = await readFile(file, 'utf8');
        const client = await ctx.client();
        const result = await client.postText<{ batchId: string; rows: number; samples: number }>(
          '/admin/v1/latency-imports',
          'text/csv',
          csv,
        );
        if (ctx.format !== 'table') return printObject(ctx, result, []);
        ctx.io.out(`imported ${result.rows} rows (${result.samples} samples), batch ${result.batchId}\n`);
      }),
    );

  program
    .command('resolve')
    .description(
      'Where the hub would place a caller: from <ip>, or at a place (--location, --batch; CSV out)',
    )
    .argument('[ip]', 'IPv4 or IPv6 address of the caller')
    .option('--location <lat,lon,cc[,sub]>', 'a caller at this place with no existing backup')
    .option('--batch <file>', 'CSV with header id,latitude,longitude,country,subdivision')
    .action(
      run<[string | undefined], { location?: string; batch?: string }>(context, async (ctx, ip, f) => {
        const given = [ip, f.location, f.batch].filter((v) => v !== undefined).length;
        if (given !== 1) throw new UsageError('give exactly one of <ip>, --location or --batch');
        if (f.location !== undefined) return resolveLocations(ctx, [parseLocationFlag(f.location)]);
        if (f.batch !== undefined)
          return resolveLocations(ctx, parseBatchCsv(await readFile(f.batch, 'utf8')));
        if (isIP(ip!.trim()) === 0) throw new UsageError(`"${ip}" is not an IPv4 or IPv6 address`);
        const client = await ctx.client();
        const decision = await client.get<PlacementDecision>('/admin/v1/placement/explain', {
          ip: ip!.trim(),
        });
        if (ctx.format !== 'table') return printObject(ctx, decision, []);
        ctx.io.out(formatDecision(decision, false));
      }),
    );

  const index = program.commands.find((c) => c.name() === 'index');
  if (!index) throw new Error('the index command group must be registered before latency');
  registerSuggestions(index, context);
};
