import type { IndexEntry } from '@landfall/placement';
import type { CommandContext } from '../core/context';
import { CliError } from '../core/errors';
import { planImport, type PlannedOverride } from '../core/import-plan';
import { lazy } from '../core/lazy';
import { formatData } from '../output/render';
import type { OverridePreview } from './overrides.commands';
import type { Region } from './regions.commands';

/** `landfall index import`: the entries that differ from the live index become overrides (or would, with --dry-run). */
interface Override {
  id: string;
  scope: string;
}

export async function importIndex(
  ctx: CommandContext,
  entries: IndexEntry[],
  options: { reason: string; dryRun: boolean },
): Promise<void> {
  const client = await ctx.client();
  // Every override, not only the first page: one missed would be created again and refused as a duplicate.
  const [live, { items: regions }, { items: overrides }] = await Promise.all([
    client.get<IndexEntry[]>('/admin/v1/index'),
    client.getAll<Region>('/admin/v1/regions'),
    client.getAll<Override>('/admin/v1/overrides'),
  ]);
  const { buildEffectiveIndex } = lazy.placement();
  const plan = planImport(entries, buildEffectiveIndex(live), regions);
  for (const { scope, why } of plan.skipped) ctx.io.err(`warning: ${scope}: ${why}; skipped\n`);
  const existing = new Map(overrides.map((o) => [o.scope, o]));
  const results: { scope: string; from: string | null; to: string; action: string; id?: string }[] = [];
  let rejected = 0;
  for (const change of plan.overrides) {
    const previous = existing.get(change.scope);
    const verb = previous ? 'update' : 'create';
    try {
      if (options.dryRun) {
        const preview = await client.post<OverridePreview>('/admin/v1/overrides:preview', {
          scope: change.scope,
          region: change.to,
          reason: options.reason,
        });
        const stay =
          preview.affected.backups > 0
            ? ` (${preview.affected.backups} live backups stay where they are)`
            : '';
        results.push({ ...change, action: `would ${verb}` });
        if (ctx.format === 'table') ctx.io.out(`would ${verb} override ${describe(change)}${stay}\n`);
      } else {
        const saved = previous
          ? await client.patch<Override>(`/admin/v1/overrides/${previous.id}`, {
              region: change.to,
              reason: options.reason,
            })
          : await client.post<Override>('/admin/v1/overrides', {
              scope: change.scope,
              region: change.to,
              reason: options.reason,
            });
        results.push({ ...change, action: `${verb}d`, id: saved.id });
        if (ctx.format === 'table') ctx.io.out(`${verb}d override ${describe(change)} [${saved.id}]\n`);
      }
    } catch (error) {
      // A refused entry (e.g. a scope the hub does not know) is skipped; anything else stops the import.
      if (!(error instanceof CliError) || !/^(OVERRIDE|PLACEMENT)\./.test(error.code)) throw error;
      ctx.io.err(`warning: ${change.scope}: ${error.code}: ${error.message}; skipped\n`);
      rejected++;
    }
  }
  const summary = {
    applied: results.length,
    skipped: plan.skipped.length + rejected,
    unchanged: plan.unchanged,
    dryRun: options.dryRun,
  };
  if (ctx.format !== 'table') {
    ctx.io.out(formatData(ctx.format, { ...summary, changes: results, skippedEntries: plan.skipped }));
    return;
  }
  ctx.io.out(
    `${summary.applied} overrides ${options.dryRun ? 'would be applied' : 'applied'}, ${summary.skipped} skipped, ` +
      `${summary.unchanged} entries already match\n`,
  );
}

function describe(change: PlannedOverride): string {
  return `${change.scope}: ${change.from ?? '(no entry)'} -> ${change.to}`;
}
