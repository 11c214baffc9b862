import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import type {
  DefaultIndexFile,
  IndexChange,
  IndexEntry,
  LatencySample,
  RegionSite,
} from '@landfall/placement';
import type { CommandContext } from '../core/context';
import { positiveInt } from '../core/context';
import { run, type CommandGroup } from '../core/define';
import { CliError, EXIT_FAILURE, ExitWith, UsageError } from '../core/errors';
import { formatData, formatTable } from '../output/render';
import { lazy } from '../core/lazy';
import { projectRoot } from '../core/project-root';
import { importIndex } from './index-import';
import type { Region } from './regions.commands';

/** Loaded when a command needs it: the placement library takes seconds to load on a busy machine. */
const placement = async () => lazy.placement();

/** The shipped index (data/placement/default-index.json): every AWS region, curated overrides, no latency. */
export function loadDefaultIndex(): IndexEntry[] {
  const file = path.join(projectRoot(), 'data', 'placement', 'default-index.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as DefaultIndexFile).entries;
}

/** What the hub serves now (generated for its regions, with its overrides on top). */
async function loadLiveIndex(ctx: CommandContext): Promise<IndexEntry[]> {
  const entries = await (await ctx.client()).get<IndexEntry[]>('/admin/v1/index');
  const { compareCodes } = await placement();
  return [...entries].sort((a, b) => compareCodes(a.scope, b.scope));
}

/** An index file: TurnKey lines, or JSON shaped like default-index.json (or a bare array of its entries). */
export async function loadIndexFile(file: string): Promise<IndexEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('CLI.FILE_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`);
  }
  if (!/^\s*[[{]/.test(text)) {
    const { parseTurnkeyIndex } = await placement();
    try {
      return parseTurnkeyIndex(text);
    } catch (error) {
      throw new CliError(
        (error as { code?: string }).code ?? 'PLACEMENT.INVALID_TURNKEY_INDEX',
        (error as Error).message,
      );
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      'PLACEMENT.INVALID_TURNKEY_INDEX',
      `${file}: not valid JSON (${(error as Error).message})`,
    );
  }
  const entries = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown }).entries;
  if (!Array.isArray(entries) || !entries.every(isIndexEntry)) {
    throw new CliError(
      'PLACEMENT.INVALID_TURNKEY_INDEX',
      `${file}: expected {"entries": [{scope, name, regions, source, reason}, …]} like default-index.json`,
    );
  }
  return entries;
}

function isIndexEntry(value: unknown): value is IndexEntry {
  const e = value as Partial<IndexEntry> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.scope === 'string' &&
    typeof e.name === 'string' &&
    Array.isArray(e.regions) &&
    e.regions.every((r) => typeof r === 'string') &&
    typeof e.reason === 'string'
  );
}

async function loadIndexSource(ctx: CommandContext, source: string): Promise<IndexEntry[]> {
  if (source === 'default') return loadDefaultIndex();
  if (source === 'live') return loadLiveIndex(ctx);
  return loadIndexFile(source);
}

/** Writes to --out (and says so on stderr) or to stdout. */
async function emit(ctx: CommandContext, text: string, out: string | undefined, what: string): Promise<void> {
  if (out === undefined) return ctx.io.out(text);
  await writeFile(out, text);
  ctx.io.err(`wrote ${what} to ${out}\n`);
}

const KIND_LABEL: Record<IndexChange['kind'], string> = {
  added: 'added',
  removed: 'removed',
  'first-choice': 'first choice',
  order: 'order',
};

/** The first three regions: enough to see the change without the whole failover list. */
function head(regions: readonly string[]): string {
  return regions.length > 3 ? `${regions.slice(0, 3).join(',')},…` : regions.join(',');
}

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
  return formatTable(['SCOPE', 'CHANGE', 'REGIONS', 'WHY'], rows).concat(
    `${changes.length} entries change: ${count('added')} added, ${count('removed')} removed, ` +
      `${count('first-choice')} first choice, ${count('order')} order\n`,
  );
}

export const registerIndex: CommandGroup = (program, context) => {
  const group = program
    .command('index')
    .description('The region index (TurnKey CODE;name;region;r1,r2,… format)');

  group
    .command('export')
    .description('Write an index: TurnKey lines (table output) or its entries (-o json|yaml)')
    .addOption(
      new Option('--source <source>', 'default = the shipped index; live = what the hub serves')
        .choices(['default', 'live'])
        .default('default'),
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      run<[], { source: string; out?: string }>(context, async (ctx, f) => {
        const entries = await loadIndexSource(ctx, f.source);
        const { formatTurnkeyIndex } = await placement();
        const text = ctx.format === 'table' ? formatTurnkeyIndex(entries) : formatData(ctx.format, entries);
        await emit(ctx, text, f.out, `${entries.length} ${f.source} entries`);
      }),
    );

  group
    .command('diff')
    .description('Entries that change from index <a> to index <b>, and why; exits 1 when they differ')
    .argument('<a>', 'default | live | a TurnKey or JSON index file')
    .argument('<b>', 'default | live | a TurnKey or JSON index file')
    .action(
      run<[string, string], object>(context, async (ctx, a, b) => {
        const { diffIndexes } = await placement();
        const changes = diffIndexes(await loadIndexSource(ctx, a), await loadIndexSource(ctx, b));
        ctx.io.out(ctx.format === 'table' ? formatChanges(changes) : formatData(ctx.format, changes));
        if (changes.length > 0) throw new ExitWith(EXIT_FAILURE);
      }),
    );

  group
    .command('import')
    .description('Bring a TurnKey index over as overrides on the hub (audited, applied by every replica)')
    .argument('<file>', 'TurnKey index file (CODE;name;region;r1,r2,…) or JSON entries')
    .option('--dry-run', 'print what would change, change nothing')
    .option('--reason <text>', 'reason recorded on each override (default "imported from <file>")')
    .action(
      run<[string], { dryRun?: boolean; reason?: string }>(context, async (ctx, file, f) => {
        const reason = f.reason ?? `imported from ${file}`;
        if (reason.trim().length < 3) throw new UsageError('--reason needs at least 3 characters');
        await importIndex(ctx, await loadIndexFile(file), { reason, dryRun: Boolean(f.dryRun) });
      }),
    );

  group
    .command('generate')
    .description(
      'Generate the region index locally (population-weighted geography, curated overrides, latency)',
    )
    .addOption(
      new Option('--regions <set>', 'aws = the AWS catalogue; hub = the hub’s active regions')
        .choices(['aws', 'hub'])
        .default('aws'),
    )
    .option('--latency <csv>', 'measured latency: location,region,median_rtt_ms,sample_count')
    .option('--min-samples <n>', 'ignore latency rows with fewer samples', positiveInt, 30)
    .addOption(
      new Option('--method <method>', 'weighted (default) or the classic centroid index, for comparison')
        .choices(['weighted', 'centroid'])
        .default('weighted'),
    )
    .addOption(new Option('--format <format>', 'file format').choices(['json', 'turnkey']).default('json'))
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      run<
        [],
        {
          regions: string;
          latency?: string;
          minSamples: number;
          method: string;
          format: string;
          out?: string;
        }
      >(context, async (ctx, f) => {
        const p = await placement();
        const latency = f.latency ? p.parseLatencyCsv(await readFile(f.latency, 'utf8')) : undefined;
        const sites =
          f.regions === 'hub'
            ? p.activeRegionSites((await (await ctx.client()).getAll<Region>('/admin/v1/regions')).items)
            : p.awsRegionSites();
        const index =
          f.method === 'centroid'
            ? centroidFor(p, sites)
            : f.regions === 'aws' && !latency
              ? p.generateDefaultIndex()
              : generateFor(p, sites, latency, f.minSamples);
        const text =
          f.format === 'turnkey'
            ? p.formatTurnkeyIndex(index.entries)
            : `${JSON.stringify(index, null, 2)}\n`;
        await emit(ctx, text, f.out, `${index.entries.length} entries for ${index.regions.length} regions`);
      }),
    );
};

type Placement = Awaited<ReturnType<typeof placement>>;

function generateFor(
  p: Placement,
  sites: RegionSite[],
  latency: LatencySample[] | undefined,
  minSamples: number,
): DefaultIndexFile {
  const known = new Set(sites.map((s) => s.code));
  return {
    description: `Generated by landfall index generate for ${sites.length} regions, with the curated overrides${
      latency ? ' and a latency table' : ''
    }.`,
    regions: sites.map((s) => s.code).sort(),
    entries: p.generateIndex({
      locations: p.buildLocations(),
      regions: sites,
      overrides: p.CURATED_OVERRIDES.filter((o) => known.has(o.region)),
      latency: latency?.filter((sample) => known.has(sample.region)),
      minSamples,
    }),
  };
}

function centroidFor(p: Placement, sites: RegionSite[]): DefaultIndexFile {
  return {
    description: `Plain centroid-haversine index for ${sites.length} regions (the classic method; comparison only).`,
    regions: sites.map((s) => s.code).sort(),
    entries: p.generateCentroidBaseline(p.buildLocations(), sites),
  };
}
