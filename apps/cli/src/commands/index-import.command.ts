import type { INestApplicationContext } from '@nestjs/common';
import { DomainError } from '@landfall/common';
import { OverridesService, PlacementStateService } from '@landfall/placement';
import { booleanFlag, stringFlag, UsageError } from '../cli/args';
import type { CliIo, Command } from '../cli/command';
import { cliActor, withCliContext } from '../context/cli-context';
import { planImport, type PlannedOverride } from './import-plan';
import { loadIndexFile } from './index-sources';

export const indexImportCommand: Command = {
  path: ['index', 'import'],
  summary: 'Bring a TurnKey index over as database overrides (audited, applied by every hub replica)',
  args: {
    positionals: [
      { name: 'file', description: 'TurnKey index file (CODE;name;region;r1,r2,…)', required: true },
    ],
    flags: {
      'dry-run': { type: 'boolean', description: 'Print what would change, change nothing' },
      reason: {
        type: 'string',
        valueName: 'text',
        description: 'Reason recorded on each override (default "imported from <file>")',
      },
    },
  },
  details: [
    'One override per entry whose first region differs from the live index; an existing override for the',
    'scope is updated. Entries naming unknown or disabled regions are skipped with a warning.',
  ],
  async run(args, io) {
    const file = args.positionals[0];
    const reason = stringFlag(args, 'reason') ?? `imported from ${file}`;
    if (reason.trim().length < 3) throw new UsageError('--reason needs at least 3 characters');
    const entries = await loadIndexFile(file);
    await withCliContext(io, { placement: true }, (app) =>
      importEntries(app, io, entries, { reason, dryRun: booleanFlag(args, 'dry-run') }),
    );
  },
};

async function importEntries(
  app: INestApplicationContext,
  io: CliIo,
  entries: Awaited<ReturnType<typeof loadIndexFile>>,
  options: { reason: string; dryRun: boolean },
): Promise<void> {
  const overrides = app.get(OverridesService);
  const current = app.get(PlacementStateService).current();
  const plan = planImport(entries, current.index, current.regions);
  for (const { scope, why } of plan.skipped) io.err(`warning: ${scope}: ${why}; skipped\n`);
  const existing = new Map((await overrides.list({})).map((o) => [o.scope, o]));
  const actor = cliActor();
  let applied = 0;
  let rejected = 0;
  for (const change of plan.overrides) {
    const input = { scope: change.scope, region: change.to, reason: options.reason };
    const previous = existing.get(change.scope);
    const verb = previous ? 'update' : 'create';
    try {
      if (options.dryRun) {
        const preview = await overrides.preview(input);
        const stay =
          preview.affected.backups > 0
            ? ` (${preview.affected.backups} live backups stay where they are)`
            : '';
        io.out(`would ${verb} override ${describe(change)}${stay}\n`);
      } else {
        const saved = previous
          ? await overrides.update(previous.id, { region: change.to, reason: options.reason }, actor)
          : await overrides.create(input, actor);
        io.out(`${verb}d override ${describe(change)} [${saved.id}]\n`);
      }
      applied++;
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      io.err(`warning: ${change.scope}: ${error.code}: ${error.message}; skipped\n`);
      rejected++;
    }
  }
  const done = options.dryRun ? 'would be applied' : 'applied';
  io.out(
    `${applied} overrides ${done}, ${plan.skipped.length + rejected} skipped, ${plan.unchanged} entries already match\n`,
  );
}

function describe(change: PlannedOverride): string {
  return `${change.scope}: ${change.from ?? '(no entry)'} -> ${change.to}`;
}
