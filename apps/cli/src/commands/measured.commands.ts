import { readFile } from 'node:fs/promises';
import { UsageError } from '../cli/args';
import type { Command } from '../cli/command';
import { adminRequest, csvCell } from './admin-http';

export const latencyImportCommand: Command = {
  path: ['latency', 'import'],
  summary:
    'Import measured latency (CSV latitude,longitude,country,subdivision,region,rtt_ms,samples) into a running hub',
  args: { positionals: [{ name: 'file', description: 'The CSV file', required: true }], flags: {} },
  details: [
    'All rows or none; bad rows are listed by line number. When it returns, every replica places with the data.',
    'Talks to the hub at LANDFALL_ADDR with the admin key in LANDFALL_TOKEN.',
  ],
  async run(args, io) {
    const csv = await readFile(args.positionals[0], 'utf8');
    const result = await adminRequest<{ batchId: string; rows: number; samples: number }>(
      io,
      'POST',
      '/admin/v1/latency-imports',
      { csv },
    );
    io.out(`imported ${result.rows} rows (${result.samples} samples), batch ${result.batchId}\n`);
  },
};

export const indexSuggestionsCommand: Command = {
  path: ['index', 'suggestions'],
  summary: 'Index entries the measurements say should change (from a running hub)',
  args: { positionals: [], flags: {} },
  details: ['Talks to the hub at LANDFALL_ADDR with the admin key in LANDFALL_TOKEN.'],
  async run(_args, io) {
    const list = await adminRequest<
      Array<{
        scope: string;
        current: string;
        suggested: string;
        savedMs: number;
        affected: { backups: number };
        evidence: string;
      }>
    >(io, 'GET', '/admin/v1/placement/suggestions');
    io.out('scope,current,suggested,saved_ms,affected_backups,evidence\n');
    for (const s of list)
      io.out(
        `${[s.scope, s.current, s.suggested, String(s.savedMs), String(s.affected.backups), s.evidence].map(csvCell).join(',')}\n`,
      );
  },
};

interface ResolveLocation {
  id: string;
  latitude: number;
  longitude: number;
  country: string;
  subdivision?: string;
}

/** `--location LAT,LON,CC[,SUB]` */
export function parseLocationFlag(value: string): ResolveLocation {
  const [lat, lon, country, subdivision, ...rest] = value.split(',').map((s) => s.trim());
  const latitude = Number(lat);
  const longitude = Number(lon);
  if (
    rest.length > 0 ||
    !lat ||
    !lon ||
    !Number.isFinite(latitude) ||
    !Number.isFinite(longitude) ||
    !/^[A-Z]{2}$/.test(country ?? '')
  )
    throw new UsageError(`--location must be LAT,LON,CC[,SUBDIVISION] (got "${value}")`);
  return { id: value, latitude, longitude, country, ...(subdivision ? { subdivision } : {}) };
}

/** `--batch FILE`: CSV with header id,latitude,longitude,country,subdivision. */
export function parseBatchCsv(csv: string): ResolveLocation[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim().toLowerCase() !== 'id,latitude,longitude,country,subdivision')
    throw new UsageError('batch file line 1: expected header "id,latitude,longitude,country,subdivision"');
  const out: ResolveLocation[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',').map((c) => c.trim());
    const latitude = Number(cells[1]);
    const longitude = Number(cells[2]);
    if (
      cells.length !== 5 ||
      !cells[0] ||
      !Number.isFinite(latitude) ||
      !Number.isFinite(longitude) ||
      !/^[A-Z]{2}$/.test(cells[3])
    )
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

/** The what-if part of `landfall resolve`: the hub's live decision for callers at places, as CSV. */
export async function resolveLocations(
  io: Parameters<Command['run']>[1],
  locations: ResolveLocation[],
): Promise<void> {
  const { items } = await adminRequest<{
    items: Array<{ id: string; region: string; signal: string; candidates: string[] }>;
  }>(io, 'POST', '/admin/v1/placement:resolve', { json: { locations } });
  io.out('id,region,signal,candidates\n');
  for (const item of items)
    io.out(`${[item.id, item.region, item.signal, item.candidates.join(' ')].map(csvCell).join(',')}\n`);
}
